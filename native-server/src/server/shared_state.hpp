#pragma once
// Fan-out of events to live clients (Beast chat-multi shape): a mutex, the set of sessions as weak pointers, and
// a ring of recent durable events for resume. Each broadcast is serialised once (shared_ptr<const std::string>);
// weak pointers are copied under the lock and messages are handed to sessions outside it. Sessions queue them on
// their own strand (websocket_session.hpp).
//
// The commit pipeline talks to this through EventSink, so a later issue can put a distributed bus behind it.

#include "common.hpp"

#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

namespace earshot::server {

using Message = std::shared_ptr<const std::string>;

/// What a session queues: one message, or several joined into one JSON array text `[m1,m2,...]` (built once per
/// commit and shared by every client), which a session sends as one frame or splices into a larger array frame.
struct Outgoing {
    Message text;
    bool array = false;
};

/// Frame limits: an array frame holds at most this many queued entries and stops growing past this many bytes.
constexpr std::size_t kMaxFrameEntries = 512;
constexpr std::size_t kMaxFrameBytes = 1 << 20;

struct Event {
    std::int64_t seq = 0;
    Message message; ///< {"type":"event","seq":...}
};

/// Receives durable events after they are committed, in seq order, from one thread.
class EventSink {
public:
    virtual ~EventSink() = default;
    virtual void publish(std::vector<Event> events) = 0;
};

/// What shared_state needs from a connected client.
class LiveClient {
public:
    virtual ~LiveClient() = default;
    /// Thread-safe: queues the messages (in order) for sending on the client's strand.
    virtual void deliver(std::vector<Outgoing> messages) = 0;
    /// Thread-safe: closes with 1001 "going away" (server shutdown).
    virtual void shutdown() = 0;
};

struct JoinResult {
    std::int64_t head = 0;
    bool resumed = false;          ///< true: backlog holds every event after `since`
    std::vector<Message> backlog;  ///< events with seq > since (when resumed)
};

class SharedState final : public EventSink {
public:
    explicit SharedState(std::size_t ring_capacity) : capacity_(ring_capacity) {}

    /// Loads recent events (ascending seq) and the head at startup.
    void preload(std::vector<Event> recent, std::int64_t head);

    /// Adds an agent client. With `since`, tries to resume from the ring (atomically with joining, so that no
    /// event falls between the backlog and live delivery).
    JoinResult join(const std::shared_ptr<LiveClient>& client, std::optional<std::int64_t> since);
    void leave(const LiveClient* client);

    void join_public(const std::shared_ptr<LiveClient>& client);
    void leave_public(const LiveClient* client);
    /// Sets the current public aggregate message and sends it to public clients when it changed.
    void publish_public(Message message);
    Message public_message() const;

    void publish(std::vector<Event> events) override;
    /// Ephemeral messages (presence) to agent clients; not stored, not replayed.
    void publish_ephemeral(Message message);

    /// Presence of one connection (key = client pointer). Returns the presence event to broadcast, or null when
    /// nothing changed.
    Message set_presence(const LiveClient* client, const std::string& agent, const std::string& mention_id,
                         const std::string& state);
    json presence_list() const;

    std::int64_t head() const;
    std::size_t client_count() const;
    /// Closes every client with "going away".
    void shutdown_all();

private:
    std::vector<std::shared_ptr<LiveClient>> lock_all(bool agents, bool publics);
    Message presence_message(const std::string& agent, const std::string& mention_id, const std::string& state,
                             std::int64_t head) const;

    mutable std::mutex mu_;
    std::size_t capacity_;
    std::deque<Event> ring_;
    std::int64_t head_ = 0;
    std::unordered_map<const LiveClient*, std::weak_ptr<LiveClient>> agents_, publics_;
    struct Presence {
        std::string agent, mention_id, state;
    };
    std::unordered_map<const LiveClient*, Presence> presence_;
    Message public_message_;
};

} // namespace earshot::server
