#include "http_session.hpp"

#include "websocket_session.hpp"

#include <iostream>

namespace earshot::server {

HttpSession::HttpSession(tcp::socket&& socket, App& app) : stream_(std::move(socket)), app_(app) {
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    remote_ = ec ? "unknown" : ep.address().to_string();
}

void HttpSession::run() {
    net::dispatch(stream_.get_executor(), beast::bind_front_handler(&HttpSession::do_read, shared_from_this()));
}

void HttpSession::do_read() {
    parser_.emplace();
    parser_->body_limit(app_.config.max_body);
    parser_->header_limit(16 * 1024);
    stream_.expires_after(std::chrono::seconds(app_.config.http_timeout_s));
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
}

void HttpSession::on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == net::error::operation_aborted ||
        ec == net::error::connection_reset || ec == net::error::eof)
        return do_close();
    if (ec == http::error::body_limit) {
        return send(error_response(http::status::payload_too_large, "payload_too_large",
                                   "The request body is larger than the limit of " +
                                       std::to_string(app_.config.max_body) + " bytes.",
                                   11, false));
    }
    if (ec == http::error::header_limit) {
        return send(error_response(http::status::request_header_fields_too_large, "invalid_request",
                                   "The request headers are too large.", 11, false));
    }
    if (ec) {
        if (ec == http::error::partial_message) return do_close();
        return send(error_response(http::status::bad_request, "invalid_request",
                                   "The request is not valid HTTP/1.1: " + ec.message() + ".", 11, false));
    }

    const auto& req = parser_->get();
    if (websocket::is_upgrade(req)) {
        const std::string target(req.target());
        const std::string path = target.substr(0, target.find('?'));
        if (path != "/live" && path != "/live/public")
            return send(error_response(http::status::not_found, "not_found",
                                       "WebSocket endpoints are /live (agents) and /live/public.", req.version(),
                                       false));
        if (app_.shutting_down)
            return send(error_response(http::status::service_unavailable, "unavailable",
                                       "The server is shutting down; reconnect shortly.", req.version(), false));
        const std::string origin(req[http::field::origin]);
        if (!origin.empty() && !origin_allowed(app_, origin, std::string(req[http::field::host])))
            return send(error_response(http::status::forbidden, "forbidden",
                                       "WebSocket connections from origin " + origin + " are not allowed.",
                                       req.version(), false));
        stream_.expires_never();
        std::make_shared<WebsocketSession>(stream_.release_socket(), app_, path == "/live/public")
            ->run(parser_->release());
        return;
    }

    started_ns_ = mono_ns();
    app_.requests_in_flight.fetch_add(1);
    auto self = shared_from_this();
    auto responded = std::make_shared<std::atomic<bool>>(false);
    Responder respond = [self, responded](Response res) {
        if (responded->exchange(true)) return;
        net::post(self->stream_.get_executor(), [self, r = std::move(res)]() mutable { self->send(std::move(r)); });
    };
    try {
        handle_request(app_, parser_->release(), remote_, respond);
    } catch (const std::exception& e) {
        std::cerr << "earshot serve: request failed: " << e.what() << "\n";
        respond(error_response(http::status::internal_server_error, "internal",
                               "The server failed to handle this request; it has been logged.", 11, false));
    }
}

void HttpSession::send(Response res) {
    if (started_ns_) {
        app_.metrics.http_seconds.observe(static_cast<double>(mono_ns() - started_ns_) / 1e9);
        started_ns_ = 0;
        app_.requests_in_flight.fetch_sub(1);
    }
    const unsigned cls = res.result_int() / 100;
    if (cls < app_.metrics.http_by_class.size()) app_.metrics.http_by_class[cls].fetch_add(1);
    if (app_.shutting_down) res.keep_alive(false);
    res_ = std::make_shared<Response>(std::move(res));
    const bool keep_alive = res_->keep_alive();
    stream_.expires_after(std::chrono::seconds(app_.config.http_timeout_s));
    http::async_write(stream_, *res_,
                      beast::bind_front_handler(&HttpSession::on_write, shared_from_this(), keep_alive));
}

void HttpSession::on_write(bool keep_alive, beast::error_code ec, std::size_t) {
    res_.reset();
    if (ec) return do_close();
    if (!keep_alive) return do_close();
    do_read();
}

void HttpSession::do_close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
}

// ---------------------------------------------------------------------------------------------------------------

Listener::Listener(net::io_context& ioc, tcp::endpoint endpoint, App& app)
    : ioc_(ioc), acceptor_(net::make_strand(ioc)), app_(app) {
    beast::error_code ec;
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec)
        throw std::runtime_error("cannot listen on " + endpoint.address().to_string() + ":" +
                                 std::to_string(endpoint.port()) + ": " + ec.message());
    port_ = acceptor_.local_endpoint().port();
}

void Listener::run() { do_accept(); }

void Listener::stop() {
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
        beast::error_code ec;
        self->acceptor_.close(ec);
    });
}

void Listener::do_accept() {
    acceptor_.async_accept(net::make_strand(ioc_),
                           beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
}

void Listener::on_accept(beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
    if (!ec) {
        socket.set_option(tcp::no_delay(true), ec);
        std::make_shared<HttpSession>(std::move(socket), app_)->run();
    }
    do_accept();
}

} // namespace earshot::server
