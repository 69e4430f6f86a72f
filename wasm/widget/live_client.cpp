#include "live_client.hpp"

#include <emscripten/websocket.h>

#include <algorithm>

namespace earshot::widget {

namespace {

EM_BOOL ws_open(int, const EmscriptenWebSocketOpenEvent*, void* user) {
    static_cast<InboundQueue*>(user)->push({Inbound::Kind::SocketOpen, {}, {}, 0});
    return EM_TRUE;
}

EM_BOOL ws_message(int, const EmscriptenWebSocketMessageEvent* e, void* user) {
    std::string text;
    if (e->isText && e->numBytes > 0) text.assign(reinterpret_cast<const char*>(e->data), e->numBytes - 1); // NUL-terminated
    else text.assign(reinterpret_cast<const char*>(e->data), e->numBytes);
    static_cast<InboundQueue*>(user)->push({Inbound::Kind::SocketMessage, {}, std::move(text), 0});
    return EM_TRUE;
}

EM_BOOL ws_error(int, const EmscriptenWebSocketErrorEvent*, void* user) {
    static_cast<InboundQueue*>(user)->push({Inbound::Kind::SocketError, {}, {}, 0});
    return EM_TRUE;
}

EM_BOOL ws_close(int, const EmscriptenWebSocketCloseEvent* e, void* user) {
    static_cast<InboundQueue*>(user)->push({Inbound::Kind::SocketClosed, e->reason, {}, static_cast<int>(e->code)});
    return EM_TRUE;
}

} // namespace

LiveClient::~LiveClient() { stop(); }

void LiveClient::start(const std::string& url) {
    stop();
    url_ = url;
    wanted_ = true;
    attempts_ = 0;
    next_attempt_ms_ = 0;
}

void LiveClient::stop() {
    wanted_ = false;
    if (socket_ > 0) {
        emscripten_websocket_close(socket_, 1000, "bye");
        emscripten_websocket_delete(socket_);
    }
    socket_ = 0;
    open_ = false;
}

void LiveClient::tick(std::int64_t now_ms) {
    if (!wanted_ || socket_ > 0 || next_attempt_ms_ < 0 || now_ms < next_attempt_ms_) return;
    connect();
}

void LiveClient::connect() {
    if (!emscripten_websocket_is_supported()) return;
    EmscriptenWebSocketCreateAttributes attrs;
    emscripten_websocket_init_create_attributes(&attrs);
    attrs.url = url_.c_str();
    attrs.protocols = nullptr;
    const int s = emscripten_websocket_new(&attrs);
    if (s <= 0) {
        queue_.push({Inbound::Kind::SocketClosed, "could not create a WebSocket for " + url_, {}, 0});
        next_attempt_ms_ = -1; // bad URL: do not spin
        return;
    }
    socket_ = s;
    ++attempts_;
    emscripten_websocket_set_onopen_callback(s, &queue_, ws_open);
    emscripten_websocket_set_onmessage_callback(s, &queue_, ws_message);
    emscripten_websocket_set_onerror_callback(s, &queue_, ws_error);
    emscripten_websocket_set_onclose_callback(s, &queue_, ws_close);
}

void LiveClient::schedule_reconnect(std::int64_t now_ms) {
    if (socket_ > 0) emscripten_websocket_delete(socket_);
    socket_ = 0;
    open_ = false;
    if (!wanted_) return;
    jitter_ = jitter_ * 1664525u + 1013904223u;
    const int exp = std::min(attempts_, 6);
    const std::int64_t base = std::min<std::int64_t>(500LL << exp, 10'000); // 0.5 s doubling to 10 s
    next_attempt_ms_ = now_ms + base + static_cast<std::int64_t>(jitter_ % 250);
}

bool LiveClient::send(const std::string& text) {
    if (!open_ || socket_ <= 0) return false;
    return emscripten_websocket_send_utf8_text(socket_, text.c_str()) == EMSCRIPTEN_RESULT_SUCCESS;
}

} // namespace earshot::widget
