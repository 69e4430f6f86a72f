#pragma once
// File and playbook loading shared by the CLI subcommands and the server (the core itself never does I/O).

#include "earshot/playbook.hpp"

#include <istream>
#include <string>

namespace earshot::io {

/// The whole stream as a string.
std::string read_all(std::istream& in);

/// The whole file as a string; throws std::runtime_error("cannot open PATH") when it cannot be read.
std::string read_file(const std::string& path);

/// A playbook from a JSON file or a built-in name ("default", "airline"); the default playbook when spec is empty.
/// Throws std::runtime_error with every validation error listed, one per line, when the playbook is invalid.
Playbook load_playbook(const std::string& spec);

} // namespace earshot::io
