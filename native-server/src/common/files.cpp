#include "files.hpp"

#include "earshot/wire/playbook_json.hpp"

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <vector>

namespace earshot::io {

std::string read_all(std::istream& in) {
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::string data = read_all(in);
    if (in.bad()) throw std::runtime_error("cannot read " + path);
    return data;
}

Playbook load_playbook(const std::string& spec) {
    if (spec.empty()) return wire::builtin_playbook("default");
    if (!builtin_playbook_json(spec).empty()) return wire::builtin_playbook(spec);
    std::ifstream in(spec, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open playbook " + spec + " (built-in playbooks: default, airline)");
    Playbook pb;
    std::vector<std::string> errors;
    if (!wire::playbook_from_text(read_all(in), pb, errors)) {
        std::string msg = "invalid playbook " + spec + ":";
        for (const auto& e : errors) msg += "\n  " + e;
        throw std::runtime_error(msg);
    }
    return pb;
}

} // namespace earshot::io
