#pragma once
// One WebSocket connection (/live for agents, /live/public for the help-page widget). Its send queue is touched
// only on its strand and is bounded: a client whose queue exceeds --max-client-queue is disconnected (it
// reconnects with `since` and resumes without loss); it never holds back other clients. When a client falls
// behind, queued messages are coalesced into one frame holding a JSON array.

#include "app.hpp"
#include "common.hpp"

#include <deque>
#include <memory>

namespace earshot::server {

class WebsocketSession final : public LiveClient, public std::enable_shared_from_this<WebsocketSession> {
public:
    WebsocketSession(tcp::socket&& socket, App& app, bool is_public);
    ~WebsocketSession() override;

    /// Accepts the upgrade request.
    void run(Request req);

    void deliver(std::vector<Outgoing> messages) override;
    void shutdown() override;

private:
    void on_accept(beast::error_code ec);
    void do_read();
    void on_read(beast::error_code ec, std::size_t bytes);
    void on_hello(const json& msg);
    void on_client_message(const json& msg);
    void send_now(std::string text);
    void enqueue(std::vector<Message> messages);
    void enqueue(std::vector<Outgoing> messages);
    void do_write();
    void on_write(beast::error_code ec, std::size_t bytes);
    void drop(const char* why);
    void close_with(websocket::close_code code, const std::string& reason);
    void start_close();

    websocket::stream<beast::tcp_stream> ws_;
    App& app_;
    const bool public_;
    beast::flat_buffer buffer_;
    net::steady_timer hello_timer_;
    bool joined_ = false;
    bool closing_ = false;
    bool writing_ = false;
    bool close_pending_ = false;
    websocket::close_code close_code_ = websocket::close_code::normal;
    std::string close_reason_;
    std::string agent_;
    std::deque<Outgoing> queue_;
    std::size_t queued_bytes_ = 0;
    std::size_t allowance_ = 0; ///< backlog bytes allowed on top of the cap (drains as the backlog is sent)
    std::size_t in_flight_ = 0; ///< messages in the current write
    std::vector<net::const_buffer> write_buffers_;
    // per-connection message rate limit
    double tokens_ = 0;
    std::chrono::steady_clock::time_point last_refill_;
};

} // namespace earshot::server
