#pragma once
// Live mode: a WebSocket (<emscripten/websocket.h>) to `earshot serve`'s /live endpoint. Authenticates with the
// token in its hello, resumes from the last sequence number it applied, and reconnects with exponential backoff.
// Callbacks only enqueue; the app applies messages on the frame loop.

#include "inbound.hpp"

#include <cstdint>
#include <string>

namespace earshot::widget {

class LiveClient {
public:
    explicit LiveClient(InboundQueue& queue) : queue_(queue) {}
    ~LiveClient();
    /// Starts connecting to url (ws:// or wss://). Safe to call again with another url.
    void start(const std::string& url);
    void stop();
    /// Call once per frame: opens the socket when a reconnect is due.
    void tick(std::int64_t now_ms);
    bool send(const std::string& text);
    bool open() const { return open_; }
    /// The socket closed or failed: schedule the next attempt (backoff 0.5 s doubling to 10 s, with jitter).
    void schedule_reconnect(std::int64_t now_ms);
    /// A hello was acknowledged: reset the backoff.
    void connected() { attempts_ = 0; }
    void on_open() { open_ = true; }
    std::int64_t next_attempt_ms() const { return next_attempt_ms_; }
    int attempts() const { return attempts_; }
    const std::string& url() const { return url_; }

private:
    void connect();
    InboundQueue& queue_;
    std::string url_;
    int socket_ = 0;
    bool open_ = false;
    bool wanted_ = false;
    int attempts_ = 0;
    std::int64_t next_attempt_ms_ = 0;
    std::uint32_t jitter_ = 0x9e3779b9u;
};

} // namespace earshot::widget
