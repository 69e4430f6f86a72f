#pragma once
// One HTTP/1.1 connection: reads a request (body limit, read timeout), answers it (possibly later, after a group
// commit), keeps the connection alive, and hands the socket to a WebsocketSession on an upgrade to /live or
// /live/public.

#include "app.hpp"
#include "common.hpp"

#include <memory>
#include <optional>

namespace earshot::server {

class HttpSession final : public std::enable_shared_from_this<HttpSession> {
public:
    HttpSession(tcp::socket&& socket, App& app);
    void run();

private:
    void do_read();
    void on_read(beast::error_code ec, std::size_t bytes);
    void send(Response res);
    void on_write(bool keep_alive, beast::error_code ec, std::size_t bytes);
    void do_close();

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    App& app_;
    std::string remote_;
    std::optional<http::request_parser<http::string_body>> parser_;
    std::shared_ptr<Response> res_;
    std::int64_t started_ns_ = 0;
};

/// Accepts connections, each onto its own strand.
class Listener final : public std::enable_shared_from_this<Listener> {
public:
    Listener(net::io_context& ioc, tcp::endpoint endpoint, App& app);
    void run();
    void stop();
    unsigned short port() const { return port_; }

private:
    void do_accept();
    void on_accept(beast::error_code ec, tcp::socket socket);

    net::io_context& ioc_;
    tcp::acceptor acceptor_;
    App& app_;
    unsigned short port_ = 0;
};

} // namespace earshot::server
