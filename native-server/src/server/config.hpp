#pragma once
// Settings of `earshot serve` (flags and EARSHOT_* environment variables; see docs/protocol.md).

#include <cstdint>
#include <string>
#include <vector>

namespace earshot::server {

struct Config {
    std::string bind = "127.0.0.1";
    unsigned short port = 8080;
    std::string data_dir = "earshot-data";
    unsigned threads = 0; ///< 0 = number of cores (at least 2)
    std::string token_file;
    std::string playbook = "default"; ///< built-in playbook name or a playbook JSON file
    std::string web_root = "web-demo";
    std::string widget_dir = "build/web";
    std::vector<std::string> allowed_origins; ///< exact origins; empty = own origin + http://localhost:* / 127.0.0.1:*
    std::size_t max_body = 1 << 20;
    std::size_t max_batch = 5000;
    std::size_t max_ws_message = 64 << 10;
    std::size_t max_client_queue = 4 << 20;
    double rate_limit = 200; ///< requests/s per client, burst 2x; 0 = off
    double ws_rate_limit = 50;
    std::size_t ring_capacity = 50000; ///< events kept in memory for resume
    std::size_t snapshot_limit = 500;
    int http_timeout_s = 30;
    int hello_timeout_s = 10;
    std::string replay_file;
    double replay_rate = 5;
    bool replay_loop = false;
    bool demo = false;
    bool quiet = false;
    bool push_after_fsync = false; ///< push live events only after the fsync (default: while it runs; 202 waits)
};

} // namespace earshot::server
