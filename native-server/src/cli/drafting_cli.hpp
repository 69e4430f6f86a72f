#pragma once
// Helpers shared by the drafting-area subcommands (draft, lint, commitments, redact): the shared file and playbook
// loaders, with bad input reported as exit status 2 (status 1 means "the reply scored under --min-score").

#include "command.hpp"

#include "../common/files.hpp"

#include <stdexcept>
#include <string>

namespace earshot::cli::drafting {

inline Playbook load_playbook(const std::string& spec) {
    try {
        return io::load_playbook(spec);
    } catch (const std::runtime_error& e) {
        throw CliError(e.what(), 2);
    }
}

inline std::string read_all(std::istream& in) { return io::read_all(in); }

inline std::string read_file(const std::string& path) {
    try {
        return io::read_file(path);
    } catch (const std::runtime_error& e) {
        throw CliError(e.what(), 2);
    }
}

} // namespace earshot::cli::drafting
