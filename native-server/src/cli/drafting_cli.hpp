#pragma once
// Helpers shared by the drafting-area subcommands (draft, lint, commitments).

#include "command.hpp"

#include "earshot/playbook.hpp"
#include "earshot/wire/playbook_json.hpp"

#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

namespace earshot::cli::drafting {

/// A playbook from a file or a built-in name ("default", "airline"); the default playbook when spec is empty.
inline Playbook load_playbook(const std::string& spec) {
    if (spec.empty()) return wire::builtin_playbook("default");
    if (!builtin_playbook_json(spec).empty()) return wire::builtin_playbook(spec);
    std::ifstream in(spec, std::ios::binary);
    if (!in) throw CliError("cannot open playbook " + spec + " (built-in playbooks: default, airline)", 2);
    std::stringstream ss;
    ss << in.rdbuf();
    Playbook pb;
    std::vector<std::string> errors;
    if (!wire::playbook_from_text(ss.str(), pb, errors)) {
        std::string msg = "invalid playbook " + spec + ":";
        for (const auto& e : errors) msg += "\n  " + e;
        throw CliError(msg, 2);
    }
    return pb;
}

inline std::string read_all(std::istream& in) {
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw CliError("cannot open " + path, 2);
    return read_all(in);
}

} // namespace earshot::cli::drafting
