// earshot serve: the Boost.Beast server (HTTP/1.1 + WebSocket on one port, SQLite store, live push).
// Protocol and configuration: docs/protocol.md.

#include "command.hpp"

#include "../server/config.hpp"
#include "../server/server.hpp"

#include <cstdlib>
#include <iostream>
#include <sstream>

namespace earshot::cli {
namespace {

std::vector<std::string> split_list(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, ',')) {
        auto b = item.find_first_not_of(' ');
        auto e = item.find_last_not_of(' ');
        if (b != std::string::npos) out.push_back(item.substr(b, e - b + 1));
    }
    return out;
}

const CommandRegistrar reg{10, [](CLI::App& app) {
    auto* cmd = app.add_subcommand("serve", "Run the server: REST ingest, SQLite store, live WebSocket push, widget pages");
    auto cfg = std::make_shared<server::Config>();
    auto origins = std::make_shared<std::string>();
    cmd->add_option("--port", cfg->port, "TCP port (0 = any free port; the chosen one is printed)")
        ->envname("EARSHOT_PORT")->capture_default_str();
    cmd->add_option("--bind", cfg->bind, "Address to listen on")->envname("EARSHOT_BIND")->capture_default_str();
    cmd->add_option("--data-dir", cfg->data_dir, "Directory for the database and the generated token")
        ->envname("EARSHOT_STORE_DIR")->capture_default_str();
    cmd->add_option("--threads", cfg->threads, "io threads (0 = number of cores, at least 2)")->envname("EARSHOT_THREADS");
    cmd->add_option("--token-file", cfg->token_file,
                    "Agent tokens, one per line: 'token', 'name token' or 'name sha256:<hex>' (tokens also come from "
                    "EARSHOT_AGENT_TOKEN; never pass a token on the command line)")
        ->envname("EARSHOT_TOKEN_FILE");
    cmd->add_option("--allowed-origins", *origins,
                    "Comma-separated Origins allowed to open WebSockets (default: own origin and localhost)")
        ->envname("EARSHOT_ALLOWED_ORIGINS");
    cmd->add_option("--playbook", cfg->playbook, "Playbook: a built-in name (default, airline) or a JSON file")
        ->envname("EARSHOT_PLAYBOOK")->capture_default_str();
    cmd->add_option("--web-root", cfg->web_root, "Pages served at /")->envname("EARSHOT_WEB_ROOT")->capture_default_str();
    cmd->add_option("--widget-dir", cfg->widget_dir, "Built widget served at /web/")
        ->envname("EARSHOT_WIDGET_DIR")->capture_default_str();
    cmd->add_option("--max-body", cfg->max_body, "Largest request body in bytes (413 above)")
        ->envname("EARSHOT_MAX_BODY")->capture_default_str();
    cmd->add_option("--max-batch", cfg->max_batch, "Most mentions in one POST (413 above)")
        ->envname("EARSHOT_MAX_BATCH")->capture_default_str();
    cmd->add_option("--rate-limit", cfg->rate_limit, "API requests per second per client, burst 2x (0 = off)")
        ->envname("EARSHOT_RATE_LIMIT")->capture_default_str();
    cmd->add_option("--max-client-queue", cfg->max_client_queue,
                    "Bytes a WebSocket client may have pending before it is disconnected")
        ->envname("EARSHOT_MAX_CLIENT_QUEUE")->capture_default_str();
    cmd->add_option("--replay", cfg->replay_file, "Replay an NDJSON feed of mentions")
        ->envname("EARSHOT_REPLAY")->check(CLI::ExistingFile);
    cmd->add_option("--rate", cfg->replay_rate, "Replay rate in mentions per second")
        ->envname("EARSHOT_REPLAY_RATE")->capture_default_str();
    cmd->add_flag("--loop", cfg->replay_loop, "Start the replay again when the feed ends");
    cmd->add_flag("--demo", cfg->demo, "Demo mode: the demo page may fetch the agent token from loopback")
        ->envname("EARSHOT_DEMO");
    cmd->add_flag("--quiet", cfg->quiet, "Log less");
    cmd->add_flag("--push-after-fsync", cfg->push_after_fsync,
                  "Push live events only after the commit is fsynced (default: once it is committed and written, "
                  "while the fsync runs; the 202 always waits for the fsync)")
        ->envname("EARSHOT_PUSH_AFTER_FSYNC");
    cmd->footer("Protocol, endpoints and every setting: docs/protocol.md. SIGTERM/SIGINT shut down gracefully (exit 0).");
    return [cfg, origins]() -> int {
        if (!origins->empty()) cfg->allowed_origins = split_list(*origins);
        if (cfg->replay_rate <= 0) throw CliError("--rate must be positive");
        try {
            return server::run_server(*cfg, [&](unsigned short port, const std::string& note) {
                if (!note.empty()) std::cerr << "earshot serve: " << note << "\n";
                std::cout << "earshot serve: listening on http://" << (cfg->bind == "0.0.0.0" ? "127.0.0.1" : cfg->bind)
                          << ":" << port << "/ (data in " << cfg->data_dir << ")" << std::endl;
            });
        } catch (const std::exception& e) {
            throw CliError(e.what());
        }
    };
}};

} // namespace
} // namespace earshot::cli
