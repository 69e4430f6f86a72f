#include "websocket_session.hpp"

#include "earshot/version.hpp"

#include <iostream>

namespace earshot::server {
namespace {
const std::string kOpen = "[";
const std::string kComma = ",";
const std::string kClose = "]";
/// Incidents sent in a snapshot: all the open and acknowledged ones there usually are, then recently fixed ones.
constexpr std::size_t kSnapshotIncidents = 50;

std::string error_message(const std::string& code, const std::string& message) {
    return dump(json{{"type", "error"}, {"error", {{"code", code}, {"message", message}}}});
}
} // namespace

WebsocketSession::WebsocketSession(tcp::socket&& socket, App& app, bool is_public)
    : ws_(std::move(socket)), app_(app), public_(is_public), hello_timer_(ws_.get_executor()),
      tokens_(app.config.ws_rate_limit), last_refill_(std::chrono::steady_clock::now()) {
    (public_ ? app_.metrics.ws_public_clients : app_.metrics.ws_clients).fetch_add(1);
}

WebsocketSession::~WebsocketSession() {
    (public_ ? app_.metrics.ws_public_clients : app_.metrics.ws_clients).fetch_sub(1);
}

void WebsocketSession::run(Request req) {
    beast::get_lowest_layer(ws_).expires_never();
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(http::field::server, "earshot"); }));
    ws_.read_message_max(app_.config.max_ws_message);
    ws_.auto_fragment(false);
    ws_.async_accept(req, beast::bind_front_handler(&WebsocketSession::on_accept, shared_from_this()));
}

void WebsocketSession::on_accept(beast::error_code ec) {
    if (ec) return;
    if (public_) {
        joined_ = true;
        app_.state.join_public(shared_from_this());
        if (auto m = app_.state.public_message()) enqueue({m});
    } else {
        hello_timer_.expires_after(std::chrono::seconds(app_.config.hello_timeout_s));
        hello_timer_.async_wait([self = shared_from_this()](beast::error_code e) {
            if (e || self->joined_ || self->closing_) return;
            self->send_now(error_message("unauthorized", "No hello message arrived within the time limit; send "
                                                         "{\"type\":\"hello\",\"token\":...} first."));
            self->close_with(websocket::close_code::policy_error, "hello timeout");
        });
    }
    do_read();
}

void WebsocketSession::do_read() {
    ws_.async_read(buffer_, beast::bind_front_handler(&WebsocketSession::on_read, shared_from_this()));
}

void WebsocketSession::on_read(beast::error_code ec, std::size_t) {
    if (ec) {
        // closed, timed out, or message too big (Beast answers 1009 itself)
        hello_timer_.cancel();
        if (joined_) {
            if (public_) {
                app_.state.leave_public(this);
            } else {
                app_.state.leave(this);
                if (auto m = app_.state.set_presence(this, agent_, "", "idle")) app_.state.publish_ephemeral(m);
            }
        }
        closing_ = true;
        return;
    }
    std::string text = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    if (public_) {
        do_read(); // read-only feed: client messages are ignored
        return;
    }
    // Per-connection message rate limit.
    const auto now = std::chrono::steady_clock::now();
    tokens_ = std::min(app_.config.ws_rate_limit * 2,
                       tokens_ + std::chrono::duration<double>(now - last_refill_).count() * app_.config.ws_rate_limit);
    last_refill_ = now;
    if (app_.config.ws_rate_limit > 0 && tokens_ < 1.0) {
        send_now(error_message("rate_limited", "Too many messages on this connection; slow down."));
        do_read();
        return;
    }
    tokens_ -= 1.0;

    json msg = json::parse(text, nullptr, false);
    if (msg.is_discarded() || !msg.is_object()) {
        send_now(error_message("invalid_json", "Each message must be one JSON object."));
    } else if (!joined_) {
        on_hello(msg);
    } else {
        on_client_message(msg);
    }
    if (!closing_) do_read();
}

void WebsocketSession::on_hello(const json& msg) {
    if (msg.value("type", "") != "hello" || !msg.contains("token") || !msg["token"].is_string()) {
        send_now(error_message("unauthorized", "The first message must be {\"type\":\"hello\",\"token\":\"...\"}."));
        close_with(websocket::close_code::policy_error, "hello required");
        return;
    }
    auto agent = app_.auth.verify(msg["token"].get<std::string>());
    if (!agent) {
        send_now(error_message("forbidden", "This agent token is not known to the server."));
        close_with(websocket::close_code::policy_error, "unknown token");
        return;
    }
    std::optional<std::int64_t> since;
    if (msg.contains("since") && !msg["since"].is_null()) {
        if (!msg["since"].is_number_integer()) {
            send_now(error_message("invalid_request", "since must be an integer sequence number."));
            close_with(websocket::close_code::policy_error, "bad since");
            return;
        }
        since = msg["since"].get<std::int64_t>();
    }
    // The epoch the client's `since` comes from: events of an earlier run above what survived into the runs after
    // it were lost (power loss before their fsync) and their seqs reused, so such a `since` gets a resync snapshot.
    bool rolled_back = false;
    if (msg.contains("epoch") && !msg["epoch"].is_null()) {
        if (!msg["epoch"].is_string()) {
            send_now(error_message("invalid_request", "epoch must be the string the server sent in its welcome."));
            close_with(websocket::close_code::policy_error, "bad epoch");
            return;
        }
        if (since) {
            const auto upto = intact_upto(app_.epochs, msg["epoch"].get<std::string>());
            rolled_back = !upto || *since > *upto;
        }
    }
    agent_ = *agent;
    if (msg.contains("agent") && msg["agent"].is_string() && !msg["agent"].get<std::string>().empty())
        agent_ = msg["agent"].get<std::string>().substr(0, 64);
    hello_timer_.cancel();
    joined_ = true;

    // Joining and computing the backlog happen atomically in shared_state; live events delivered after that are
    // posted to this strand and so are queued after what we queue here.
    JoinResult jr = app_.state.join(shared_from_this(), rolled_back ? std::nullopt : since);
    json welcome = {{"type", "welcome"},
                    {"seq", jr.head},
                    {"epoch", app_.epochs.empty() ? std::string() : app_.epochs.back().id},
                    {"agent", agent_},
                    {"server", std::string("earshot ") + kVersion},
                    {"resumed", jr.resumed},
                    {"presence", app_.state.presence_list()}};
    std::vector<Message> first;
    first.push_back(std::make_shared<const std::string>(dump(welcome)));
    if (jr.resumed) {
        for (auto& m : jr.backlog) allowance_ += m->size();
        first.insert(first.end(), jr.backlog.begin(), jr.backlog.end());
    } else {
        // Snapshot of the open queue (bounded), read after joining: it may already contain mentions whose events
        // follow; clients apply events as upserts.
        std::string snap = "{\"type\":\"snapshot\",\"seq\":" + std::to_string(jr.head) +
                           ",\"resync\":" + (since ? "true" : "false") + ",\"mentions\":[";
        std::int64_t total_open = 0;
        bool first_rec = true;
        for (const char* status : {"open", "pending"}) {
            ListQuery q;
            q.status = status;
            q.limit = static_cast<int>(app_.config.snapshot_limit);
            try {
                ListResult r = app_.store.list(q);
                total_open += r.total;
                for (auto& rec : r.records) {
                    if (!first_rec) snap += ",";
                    snap += rec;
                    first_rec = false;
                }
            } catch (const std::exception& e) {
                std::cerr << "earshot serve: snapshot failed: " << e.what() << "\n";
            }
        }
        snap += "],\"total_open\":" + std::to_string(total_open);
        // Incidents too (read after joining like the records, so an incident.* event may repeat what is here: upsert
        // by id), or a dashboard opened after an incident began would not show it until it next changes.
        try {
            snap += ",\"incidents\":" + dump(app_.incidents.snapshot(kSnapshotIncidents));
        } catch (const std::exception& e) {
            std::cerr << "earshot serve: snapshot of incidents failed: " << e.what() << "\n";
        }
        snap += "}";
        allowance_ += snap.size();
        first.push_back(std::make_shared<const std::string>(std::move(snap)));
    }
    enqueue(std::move(first));
}

void WebsocketSession::on_client_message(const json& msg) {
    const std::string type = msg.value("type", "");
    if (type == "ping") {
        send_now(R"({"type":"pong"})");
    } else if (type == "presence") {
        std::string state = msg.contains("state") && msg["state"].is_string() ? msg["state"].get<std::string>() : "";
        std::string mention =
            msg.contains("mention_id") && msg["mention_id"].is_string() ? msg["mention_id"].get<std::string>() : "";
        if (state != "viewing" && state != "drafting" && state != "idle") {
            send_now(error_message("invalid_request", "presence state must be viewing, drafting or idle."));
            return;
        }
        if (state != "idle" && mention.empty()) {
            send_now(error_message("invalid_request", "presence needs a mention_id."));
            return;
        }
        if (mention.size() > 200) mention.resize(200);
        if (auto m = app_.state.set_presence(this, agent_, mention, state)) app_.state.publish_ephemeral(m);
    } else if (type == "hello") {
        send_now(error_message("invalid_request", "Already said hello on this connection."));
    } else {
        send_now(error_message("invalid_request", "Unknown message type '" + type.substr(0, 40) +
                                                      "'; expected presence or ping."));
    }
}

void WebsocketSession::send_now(std::string text) { enqueue({std::make_shared<const std::string>(std::move(text))}); }

void WebsocketSession::deliver(std::vector<Outgoing> messages) {
    net::post(ws_.get_executor(), [self = shared_from_this(), m = std::move(messages)]() mutable {
        self->enqueue(std::move(m));
    });
}

void WebsocketSession::shutdown() {
    net::post(ws_.get_executor(), [self = shared_from_this()] {
        self->close_with(websocket::close_code::going_away, "server shutting down");
    });
}

void WebsocketSession::enqueue(std::vector<Message> messages) {
    std::vector<Outgoing> out;
    out.reserve(messages.size());
    for (auto& m : messages) out.push_back({std::move(m), false});
    enqueue(std::move(out));
}

void WebsocketSession::enqueue(std::vector<Outgoing> messages) {
    if (closing_ || close_pending_) return;
    // A client is too slow when what it still had queued before this delivery is over the cap (plus any resume
    // backlog): one large commit batch arriving at once never drops a client that keeps up.
    if (queued_bytes_ > app_.config.max_client_queue + allowance_) {
        drop("send queue full");
        return;
    }
    for (auto& m : messages) {
        queued_bytes_ += m.text->size();
        queue_.push_back(std::move(m));
    }
    auto prev = app_.metrics.ws_queue_max_bytes.load(std::memory_order_relaxed);
    if (static_cast<std::int64_t>(queued_bytes_) > prev)
        app_.metrics.ws_queue_max_bytes.store(static_cast<std::int64_t>(queued_bytes_), std::memory_order_relaxed);
    if (!writing_) do_write();
}

void WebsocketSession::do_write() {
    if (queue_.empty() || closing_) return;
    writing_ = true;
    write_buffers_.clear();
    if (queue_.size() == 1) {
        // one message, or one commit's events already joined into an array (shared with every client)
        in_flight_ = 1;
        write_buffers_.push_back(net::buffer(*queue_.front().text));
    } else {
        // several queued: one array frame; joined arrays are spliced in without their brackets
        std::size_t bytes = 0;
        in_flight_ = 0;
        write_buffers_.push_back(net::buffer(kOpen));
        while (in_flight_ < queue_.size() && in_flight_ < kMaxFrameEntries && bytes < kMaxFrameBytes) {
            if (in_flight_ > 0) write_buffers_.push_back(net::buffer(kComma));
            const Outgoing& o = queue_[in_flight_];
            if (o.array)
                write_buffers_.push_back(net::buffer(o.text->data() + 1, o.text->size() - 2));
            else
                write_buffers_.push_back(net::buffer(*o.text));
            bytes += o.text->size();
            ++in_flight_;
        }
        write_buffers_.push_back(net::buffer(kClose));
    }
    ws_.text(true);
    ws_.async_write(write_buffers_, beast::bind_front_handler(&WebsocketSession::on_write, shared_from_this()));
}

void WebsocketSession::on_write(beast::error_code ec, std::size_t) {
    writing_ = false;
    if (ec) {
        closing_ = true;
        queue_.clear();
        queued_bytes_ = 0;
        return;
    }
    app_.metrics.ws_messages_sent.fetch_add(1, std::memory_order_relaxed);
    for (std::size_t i = 0; i < in_flight_ && !queue_.empty(); ++i) {
        const std::size_t n = queue_.front().text->size();
        queued_bytes_ -= n;
        allowance_ = allowance_ > n ? allowance_ - n : 0;
        queue_.pop_front();
    }
    in_flight_ = 0;
    if (!queue_.empty())
        do_write();
    else if (close_pending_ && !closing_)
        start_close();
}

void WebsocketSession::drop(const char* why) {
    app_.metrics.ws_dropped_slow.fetch_add(1);
    if (!app_.config.quiet) std::cerr << "earshot serve: disconnecting a client (" << why << ")\n";
    closing_ = true;
    queue_.clear();
    queued_bytes_ = 0;
    // The client is not reading, so a close frame would not get through: close the TCP connection.
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().shutdown(tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(ws_).close();
}

void WebsocketSession::close_with(websocket::close_code code, const std::string& reason) {
    if (closing_ || close_pending_) return;
    hello_timer_.cancel();
    close_pending_ = true;
    close_code_ = code;
    close_reason_ = reason;
    // Queued messages (e.g. an error message) go out first; on_write closes when the queue is empty.
    if (!writing_ && queue_.empty()) start_close();
}

void WebsocketSession::start_close() {
    closing_ = true;
    ws_.async_close(websocket::close_reason(close_code_, close_reason_),
                    [self = shared_from_this()](beast::error_code) {});
}

} // namespace earshot::server
