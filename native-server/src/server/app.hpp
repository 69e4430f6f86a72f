#pragma once
// Everything a session or handler needs, owned by the Server (server.hpp) and shared by reference.

#include "analyzer.hpp"
#include "auth.hpp"
#include "config.hpp"
#include "incidents.hpp"
#include "metrics.hpp"
#include "pipeline.hpp"
#include "rate_limiter.hpp"
#include "shared_state.hpp"
#include "store.hpp"

#include <atomic>
#include <functional>

namespace earshot::server {

struct App {
    const Config& config;
    Store& store;
    SharedState& state;
    Pipeline& pipeline;
    const Auth& auth;
    Metrics& metrics;
    const Analyzer& analyzer;
    RateLimiter& http_limiter;
    IncidentBook& incidents;
    std::string demo_token; ///< only set with --demo (served to loopback clients at /api/demo/token)
    std::atomic<bool> shutting_down{false};
    std::atomic<int> requests_in_flight{0};
    /// Analysis pool (triage + drafting of ingested batches, split across its threads); null = analyse inline.
    net::thread_pool* workers = nullptr;
    std::size_t worker_count = 0;
    /// Runs of the server over this store, the current one last (store.hpp, Store::start_epoch); set at startup.
    std::vector<Epoch> epochs;
};

/// Answers one HTTP request. `respond` may be called later from another thread (exactly once).
using Responder = std::function<void(Response)>;
void handle_request(App& app, Request&& req, const std::string& remote, const Responder& respond);

/// The public aggregate {"type":"known_issues","issues":[...]}: category counts of open complaints (k >= 3), never
/// customer text, handles or ids.
Message known_issues_message(App& app);

/// Is this Origin allowed to open a WebSocket? (No Origin header = not a browser = allowed.)
bool origin_allowed(const App& app, const std::string& origin, const std::string& host);

} // namespace earshot::server
