#pragma once
// Line-oriented input shared by the filter subcommands (classify, draft, predict, redact).
#include "command.hpp"

#include "earshot/mention.hpp"
#include "earshot/wire/tokens_json.hpp"
#include "earshot/wire/mention_json.hpp"

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace earshot::cli {

/// Calls fn(line, lineno) for every line of in, with a trailing '\r' (CRLF files) removed.
template <class Fn>
void for_each_line(std::istream& in, Fn&& fn) {
    std::string line;
    std::size_t lineno = 0;
    while (std::getline(in, line)) {
        ++lineno;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        fn(line, lineno);
    }
}

/// An NDJSON mention filter over `files` (stdin when empty). Every non-blank line is parsed as a mention and handed
/// to fn(json&, const Mention&, std::string& error) -> bool, which adds its fields to the JSON object; the object is
/// then printed on stdout. A line that is not a valid mention, or for which fn returns false with `error` set, is
/// reported on stderr as "earshot CMD: FILE:LINE: error" and skipped. Returns the exit status: 1 when any line
/// failed, else 0. A file that cannot be opened is a CliError (exit status 2).
template <class Fn>
int filter_mentions(std::string_view cmd, const std::vector<std::string>& files, Fn&& fn) {
    int failed = 0;
    auto run = [&](std::istream& in, const std::string& name) {
        for_each_line(in, [&](const std::string& line, std::size_t lineno) {
            if (line.find_first_not_of(" \t") == std::string::npos) return;
            auto j = nlohmann::json::parse(line, nullptr, false);
            std::string error;
            Mention m;
            if (j.is_discarded()) error = "not valid JSON";
            else if (wire::mention_from_json(j, m, error) && !fn(j, m, error) && error.empty()) error = "failed";
            if (!error.empty()) {
                std::cerr << "earshot " << cmd << ": " << name << ":" << lineno << ": " << error << "\n";
                ++failed;
                return;
            }
            std::cout << wire::dump(j) << '\n';
        });
    };
    if (files.empty()) {
        run(std::cin, "<stdin>");
    } else {
        for (const auto& f : files) {
            std::ifstream in(f, std::ios::binary);
            if (!in) throw CliError("cannot open " + f, 2);
            run(in, f);
        }
    }
    std::cout.flush();
    return failed ? 1 : 0;
}

} // namespace earshot::cli
