#pragma once
// Subcommand registry for the `earshot` command-line program.
//
// Each subcommand lives in its own cmd_<name>.cpp and registers itself with a static CommandRegistrar, so adding
// a subcommand never touches main.cpp. A subcommand reports failure by throwing CliError (message to stderr,
// non-zero exit status) or returns its exit status from its run function.

#include <CLI/CLI.hpp>

#include <functional>
#include <stdexcept>
#include <string>

namespace earshot::cli {

/// A user-facing failure: printed as "earshot <cmd>: error: <message>" with the given exit status.
class CliError : public std::runtime_error {
public:
    explicit CliError(const std::string& message, int status = 1) : std::runtime_error(message), status_(status) {}
    int status() const noexcept { return status_; }

private:
    int status_;
};

/// Setup adds a subcommand to the app and returns a function run when that subcommand was chosen.
using CommandSetup = std::function<std::function<int()>(CLI::App& app)>;

struct CommandRegistrar {
    CommandRegistrar(int order, CommandSetup setup);
};

} // namespace earshot::cli
