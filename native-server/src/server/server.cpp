#include "server.hpp"

#include "app.hpp"
#include "http_session.hpp"
#include "records.hpp"

#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

namespace earshot::server {

// api.cpp
void ingest_mentions(App& app, std::vector<Mention> mentions,
                     std::function<void(std::vector<std::string>, std::vector<std::string>, std::int64_t)> done,
                     std::function<void(std::exception_ptr)> done_err);

namespace {

/// Replays an NDJSON feed at `rate` mentions per second through the normal ingest path (fresh ids, created_at =
/// now), looping when asked.
class Replayer : public std::enable_shared_from_this<Replayer> {
public:
    Replayer(net::io_context& ioc, App& app, std::vector<json> items, double rate, bool loop)
        : timer_(net::make_strand(ioc)), app_(app), items_(std::move(items)), rate_(rate), loop_(loop) {}
    void start() {
        started_ = std::chrono::steady_clock::now();
        tick();
    }
    void stop() {
        net::post(timer_.get_executor(), [self = shared_from_this()] {
            self->stopped_ = true;
            self->timer_.cancel();
        });
    }

private:
    void tick() {
        if (stopped_ || app_.shutting_down) return;
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
        const auto due = static_cast<std::size_t>(elapsed * rate_) + 1;
        std::vector<Mention> batch;
        while (sent_ < due && (loop_ || pos_ < items_.size())) {
            if (pos_ >= items_.size()) pos_ = 0;
            Mention m;
            std::string err;
            json j = items_[pos_++];
            j.erase("id");
            j["created_at"] = iso_ms(now_ms());
            if (app_.analyzer.parse_mention(j, m, err)) batch.push_back(std::move(m));
            ++sent_;
        }
        if (!batch.empty())
            ingest_mentions(app_, std::move(batch), [](auto, auto, auto) {},
                            [](std::exception_ptr) {});
        if (!loop_ && pos_ >= items_.size()) return;
        timer_.expires_after(std::chrono::milliseconds(rate_ >= 50 ? 20 : 100));
        timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
            if (!ec) self->tick();
        });
    }
    net::steady_timer timer_;
    App& app_;
    std::vector<json> items_;
    double rate_;
    bool loop_;
    bool stopped_ = false;
    std::size_t pos_ = 0, sent_ = 0;
    std::chrono::steady_clock::time_point started_;
};

std::vector<json> read_ndjson(const Analyzer& analyzer, const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read replay file " + path);
    std::vector<json> out;
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
        ++n;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        json j = json::parse(line, nullptr, false);
        Mention m;
        std::string err;
        if (j.is_discarded()) throw std::runtime_error(path + ":" + std::to_string(n) + ": not valid JSON");
        if (!analyzer.parse_mention(j, m, err)) throw std::runtime_error(path + ":" + std::to_string(n) + ": " + err);
        out.push_back(std::move(j));
    }
    if (out.empty()) throw std::runtime_error("replay file " + path + " holds no mention");
    return out;
}

/// Configures tokens. Returns a note for the operator (where the generated token file is), never the token.
std::string setup_auth(const Config& config, Auth& auth, std::string& demo_token) {
    if (const char* env = std::getenv("EARSHOT_AGENT_TOKEN"); env && *env) auth.add_from_env(env);
    if (!config.token_file.empty()) auth.add_from_file(config.token_file);
    if (!auth.empty()) return "";
    namespace fs = std::filesystem;
    const fs::path file = fs::path(config.data_dir) / "agent-token";
    std::error_code ec;
    fs::create_directories(config.data_dir, ec);
    std::string token;
    if (fs::exists(file)) {
        std::ifstream in(file);
        std::getline(in, token);
        auto sp = token.find(' ');
        if (sp != std::string::npos) token = token.substr(sp + 1);
    }
    if (token.size() < 16) {
        token = random_token();
        const mode_t old = ::umask(077);
        {
            std::ofstream out(file, std::ios::trunc);
            out << "agent " << token << "\n";
        }
        ::umask(old);
        ::chmod(file.c_str(), 0600);
    }
    auth.add("agent", token);
    if (config.demo) demo_token = token;
    return "no agent token configured: generated one in " + fs::absolute(file).string() +
           " (mode 0600; set EARSHOT_AGENT_TOKEN or --token-file to use your own)";
}

} // namespace

int run_server(const Config& config, const std::function<void(unsigned short, const std::string&)>& on_ready) {
    auto analyzer = make_core_analyzer(config.playbook);
    Auth auth;
    std::string demo_token;
    const std::string token_note = setup_auth(config, auth, demo_token);
    if (config.demo && demo_token.empty()) {
        // --demo with a configured token: the demo page still needs one to connect.
        if (const char* env = std::getenv("EARSHOT_AGENT_TOKEN"); env && *env && std::string(env).find(',') == std::string::npos &&
                                                                  std::string(env).find(':') == std::string::npos)
            demo_token = env;
    }
    std::vector<json> replay_items;
    if (!config.replay_file.empty()) replay_items = read_ndjson(*analyzer, config.replay_file);

    auto store = open_sqlite_store(config.data_dir);
    Metrics metrics;
    SharedState state(config.ring_capacity);
    {
        const std::int64_t head = store->head_seq();
        std::vector<Event> recent;
        for (auto& e : store->events_after(head > static_cast<std::int64_t>(config.ring_capacity)
                                               ? head - static_cast<std::int64_t>(config.ring_capacity)
                                               : 0,
                                           config.ring_capacity))
            recent.push_back({e.seq, std::make_shared<const std::string>(std::move(e.message))});
        state.preload(std::move(recent), head);
    }
    // Incidents are rebuilt from the stored mentions and agents' actions (incidents.hpp) before anything is served.
    IncidentBook incidents;
    incidents.rebuild(*store);
    // A new run: clients that resume with the epoch of an earlier run are checked against it (docs/protocol.md).
    std::vector<Epoch> epochs = store->start_epoch(random_token().substr(0, 16));
    Pipeline pipeline(*store, state, metrics, !config.push_after_fsync);
    RateLimiter limiter(config.rate_limit, config.rate_limit * 2);
    App app{config, *store, state, pipeline, auth, metrics, *analyzer, limiter, incidents, demo_token};
    app.epochs = std::move(epochs);

    const unsigned threads = config.threads ? config.threads : std::max(2u, std::thread::hardware_concurrency());
    net::io_context ioc(static_cast<int>(threads));
    // Ingest analysis runs here, not on the io threads: a batch is split across these threads, then committed.
    const unsigned analysis_threads = std::max(1u, std::thread::hardware_concurrency());
    net::thread_pool workers(analysis_threads);
    app.workers = &workers;
    app.worker_count = analysis_threads;
    auto listener = std::make_shared<Listener>(ioc, tcp::endpoint{net::ip::make_address(config.bind), config.port}, app);
    listener->run();

    // Public aggregate, refreshed every 2 s (sent only when it changed).
    net::steady_timer public_timer(net::make_strand(ioc));
    std::function<void()> refresh_public = [&] {
        try {
            state.publish_public(known_issues_message(app));
        } catch (const std::exception& e) {
            std::cerr << "earshot serve: known issues: " << e.what() << "\n";
        }
        public_timer.expires_after(std::chrono::seconds(2));
        public_timer.async_wait([&](beast::error_code ec) {
            if (!ec && !app.shutting_down) refresh_public();
        });
    };
    net::post(public_timer.get_executor(), refresh_public);

    // Incident changes held back by the per-incident rate limit (incidents.hpp) go out once their interval passed.
    net::steady_timer incident_timer(net::make_strand(ioc));
    std::atomic<bool> flush_queued{false};
    std::function<void()> flush_incidents = [&] {
        if (app.incidents.has_pending_updates() && !flush_queued.exchange(true)) {
            auto touched = std::make_shared<bool>(false);
            pipeline.submit([&app, touched](WriteTxn& txn) { app.incidents.flush_updates(txn, mono_ms(), *touched); },
                            [&app, &flush_queued, touched](std::exception_ptr err) {
                                if (err && *touched) app.incidents.rebuild(app.store);
                                flush_queued = false;
                            });
        }
        incident_timer.expires_after(std::chrono::milliseconds(kIncidentUpdateIntervalMs / 4));
        incident_timer.async_wait([&](beast::error_code ec) {
            if (!ec && !app.shutting_down) flush_incidents();
        });
    };
    net::post(incident_timer.get_executor(), flush_incidents);

    std::shared_ptr<Replayer> replayer;
    if (!replay_items.empty()) {
        replayer = std::make_shared<Replayer>(ioc, app, std::move(replay_items), config.replay_rate, config.replay_loop);
        replayer->start();
    }

    net::signal_set signals(ioc, SIGINT, SIGTERM);
    net::steady_timer drain_timer(ioc);
    auto drain_started = std::chrono::steady_clock::now();
    std::function<void()> drain_wait = [&] {
        const bool timed_out = std::chrono::steady_clock::now() - drain_started > std::chrono::seconds(10);
        const bool clients_gone = metrics.ws_clients.load() + metrics.ws_public_clients.load() == 0 ||
                                  std::chrono::steady_clock::now() - drain_started > std::chrono::seconds(2);
        if ((app.requests_in_flight.load() == 0 && clients_gone) || timed_out) {
            ioc.stop();
            return;
        }
        drain_timer.expires_after(std::chrono::milliseconds(20));
        drain_timer.async_wait([&](beast::error_code) { drain_wait(); });
    };
    signals.async_wait([&](beast::error_code ec, int sig) {
        if (ec) return;
        if (!config.quiet)
            std::cerr << "earshot serve: " << (sig == SIGTERM ? "SIGTERM" : "SIGINT")
                      << ": stopping (no new connections; finishing requests in flight)\n";
        app.shutting_down = true;
        listener->stop();
        if (replayer) replayer->stop();
        public_timer.cancel();
        incident_timer.cancel();
        state.shutdown_all();
        drain_started = std::chrono::steady_clock::now();
        drain_wait();
    });

    on_ready(listener->port(), token_note);

    std::vector<std::thread> pool;
    for (unsigned i = 1; i < threads; ++i) pool.emplace_back([&ioc] { ioc.run(); });
    ioc.run();
    for (auto& t : pool) t.join();
    workers.join(); // batches being analysed still reach the pipeline
    pipeline.stop(); // finishes queued writes (their responses can no longer be sent, but the data is stored)
    if (!config.quiet) std::cerr << "earshot serve: stopped cleanly at seq " << pipeline.head() << "\n";
    return 0;
}

} // namespace earshot::server
