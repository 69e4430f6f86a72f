// earshot lint: check a reply against the rules of good complaint handling and the playbook's reply rules.

#include "drafting_cli.hpp"

#include "earshot/default_models.hpp"
#include "earshot/lint.hpp"
#include "earshot/triage.hpp"
#include "earshot/utf8.hpp"
#include "earshot/wire/drafting_json.hpp"
#include "earshot/wire/mention_json.hpp"
#include "earshot/wire/tokens_json.hpp"
#include "earshot/wire/triage_json.hpp"

#include <iostream>
#include <memory>

namespace earshot::cli {
namespace {

// Display columns of text[from, to): one per code point.
std::size_t columns(std::string_view text, std::size_t from, std::size_t to) {
    std::size_t n = 0;
    for (std::size_t i = from; i < to;) {
        i += utf8::decode(text, i).len;
        ++n;
    }
    return n;
}

// The reply's line holding the span, with the span underlined by '^' (a single '^' marks where something is missing).
void underline(std::ostream& out, std::string_view reply, std::uint32_t begin, std::uint32_t end) {
    std::size_t ls = reply.rfind('\n', begin == 0 ? 0 : begin - 1);
    ls = (ls == std::string_view::npos || begin == 0) ? 0 : ls + 1;
    if (begin > 0 && reply[begin - 1] == '\n') ls = begin;
    std::size_t le = reply.find('\n', begin);
    if (le == std::string_view::npos) le = reply.size();
    std::string_view line = reply.substr(ls, le - ls);
    out << "    " << utf8::sanitize(line) << "\n";
    std::size_t pad = columns(reply, ls, begin);
    std::size_t width = end > begin ? columns(reply, begin, std::min<std::size_t>(end, le)) : 1;
    out << "    " << std::string(pad, ' ') << std::string(std::max<std::size_t>(width, 1), '^') << "\n";
}

const CommandRegistrar reg{31, [](CLI::App& app) {
    auto* cmd = app.add_subcommand("lint", "Check a reply: 0-100 score and findings (rule, span, why, fix)");
    auto reply_arg = std::make_shared<std::string>();
    auto mention_file = std::make_shared<std::string>();
    auto playbook = std::make_shared<std::string>();
    auto platform = std::make_shared<std::string>();
    auto json_out = std::make_shared<bool>(false);
    auto min_score = std::make_shared<int>(-1);
    cmd->add_option("reply", *reply_arg, "The reply text (default: read from stdin)");
    cmd->add_option("-m,--mention", *mention_file,
                    "JSON file of the mention being answered (with an optional \"triage\" object; triaged otherwise)")
        ->check(CLI::ExistingFile);
    cmd->add_option("-p,--playbook", *playbook, "Playbook JSON file, or a built-in name (default, airline)");
    cmd->add_option("--platform", *platform, "Platform the reply goes to (default: the mention's, else x)");
    cmd->add_flag("--json", *json_out, "Print JSON: {\"score\",\"passed\",\"length\",\"limit\",\"findings\":[...]}");
    cmd->add_option("--min-score", *min_score, "Exit with status 1 when the score is below N")->check(CLI::Range(0, 100));
    cmd->footer("Spans (begin/end) are UTF-8 byte offsets into the reply. Exit status: 0 ok, 1 score below --min-score,\n"
                "2 bad input (unreadable mention or playbook).");
    return [=]() -> int {
        std::string reply = cmd->count("reply") ? *reply_arg : drafting::read_all(std::cin);
        if (!cmd->count("reply")) {
            while (!reply.empty() && (reply.back() == '\n' || reply.back() == '\r')) reply.pop_back();
        }
        Playbook pb = drafting::load_playbook(*playbook);
        ReplyContext ctx;
        if (!mention_file->empty()) {
            auto j = nlohmann::json::parse(drafting::read_file(*mention_file), nullptr, false);
            if (j.is_discarded()) throw CliError(*mention_file + ": not valid JSON", 2);
            Mention m;
            std::string error;
            if (!wire::mention_from_json(j, m, error)) throw CliError(*mention_file + ": " + error, 2);
            Triage t;
            if (auto it = j.find("triage"); it != j.end() && !it->is_null()) {
                if (!wire::triage_from_json(*it, t, error)) throw CliError(*mention_file + ": triage: " + error, 2);
            } else {
                t = Triager(pb, default_triage_models()).triage(m);
            }
            ctx = make_reply_context(m, t, pb);
        }
        if (!platform->empty()) ctx.platform = *platform;
        const LintReport r = ReplyLinter(pb.reply).lint(reply, ctx);
        if (*json_out) {
            std::cout << wire::dump(wire::lint_report_to_json(r)) << '\n';
        } else {
            std::cout << "score " << r.score << "/100, " << r.findings.size()
                      << (r.findings.size() == 1 ? " finding" : " findings") << ", " << r.length << "/" << r.limit
                      << " characters on " << ctx.platform << "\n";
            for (const auto& f : r.findings) {
                std::cout << "\n  " << f.rule;
                if (f.begin == f.end) std::cout << " (missing)";
                else std::cout << " \"" << utf8::sanitize(f.text) << "\" [" << f.begin << "," << f.end << ")";
                std::cout << "\n";
                underline(std::cout, reply, f.begin, f.end);
                std::cout << "    why: " << f.why << "\n    fix: " << f.fix << "\n";
                if (f.has_replacement)
                    std::cout << "    " << (f.begin == f.end ? "insert" : "replace with") << ": \""
                              << utf8::sanitize(f.replacement) << "\"\n";
            }
        }
        std::cout.flush();
        return (*min_score >= 0 && r.score < *min_score) ? 1 : 0;
    };
}};

} // namespace
} // namespace earshot::cli
