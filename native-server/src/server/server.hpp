#pragma once
// `earshot serve`: wires the store, commit pipeline, shared state, listener and io threads together, runs until
// SIGINT/SIGTERM, then shuts down gracefully (stop accepting, drain requests, flush the pipeline, close the store).

#include "config.hpp"

#include <functional>
#include <string>

namespace earshot::server {

/// Runs the server until a signal arrives. `on_ready(port)` is called once it listens. Returns the exit status.
int run_server(const Config& config, const std::function<void(unsigned short port, const std::string& token_note)>& on_ready);

} // namespace earshot::server
