// earshot: the command-line entry point. Subcommands register themselves (see command.hpp).

#include "command.hpp"

#include "earshot/version.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <utility>
#include <vector>

namespace earshot::cli {
namespace {
std::vector<std::pair<int, CommandSetup>>& registry() {
    static std::vector<std::pair<int, CommandSetup>> commands;
    return commands;
}
} // namespace

CommandRegistrar::CommandRegistrar(int order, CommandSetup setup) { registry().emplace_back(order, std::move(setup)); }

} // namespace earshot::cli

int main(int argc, char** argv) {
    using namespace earshot::cli;
    CLI::App app{"earshot: hear, understand and answer public customer complaints"};
    app.name("earshot");
    app.set_version_flag("-V,--version", std::string("earshot ") + earshot::kVersion);
    app.require_subcommand(0, 1);
    app.footer("Run 'earshot <command> --help' for the options of a command.");

    auto& commands = registry();
    std::stable_sort(commands.begin(), commands.end(), [](auto& a, auto& b) { return a.first < b.first; });
    std::vector<std::pair<CLI::App*, std::function<int()>>> runners;
    for (auto& [order, setup] : commands) {
        const auto before = app.get_subcommands({}).size();
        auto run = setup(app);
        const auto subs = app.get_subcommands({});
        if (subs.size() > before) runners.emplace_back(subs.back(), std::move(run));
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e); // --help/--version to stdout with 0; usage errors to stderr with non-zero
    }

    for (auto& [sub, run] : runners) {
        if (!sub->parsed()) continue;
        try {
            return run();
        } catch (const CliError& e) {
            std::cerr << "earshot " << sub->get_name() << ": error: " << e.what() << "\n";
            return e.status();
        } catch (const std::exception& e) {
            std::cerr << "earshot " << sub->get_name() << ": error: " << e.what() << "\n";
            return 1;
        }
    }
    std::cout << app.help();
    return 0;
}
