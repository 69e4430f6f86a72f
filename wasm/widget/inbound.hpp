#pragma once
// Everything that arrives from outside the frame loop (JS calls, WebSocket callbacks, dropped files, fetch results)
// is queued here and applied at the start of the next frame, within a time budget (Tracy's RunQueue idea).

#include <deque>
#include <string>

namespace earshot::widget {

struct Inbound {
    enum class Kind { Json, File, SocketOpen, SocketMessage, SocketClosed, SocketError, Fetch };
    Kind kind;
    std::string name;    ///< file name, fetch tag, close reason
    std::string payload; ///< JSON text, file contents, message
    int code = 0;
};

class InboundQueue {
public:
    void push(Inbound m) { q_.push_back(std::move(m)); }
    bool empty() const { return q_.empty(); }
    std::size_t size() const { return q_.size(); }
    Inbound pop() {
        Inbound m = std::move(q_.front());
        q_.pop_front();
        return m;
    }

private:
    std::deque<Inbound> q_;
};

} // namespace earshot::widget
