// earshot draft: triage NDJSON mentions and draft ranked replies for each.

#include "drafting_cli.hpp"

#include "earshot/default_models.hpp"
#include "earshot/draft.hpp"
#include "earshot/triage.hpp"
#include "earshot/wire/drafting_json.hpp"
#include "earshot/wire/mention_json.hpp"
#include "earshot/wire/tokens_json.hpp"
#include "earshot/wire/triage_json.hpp"

#include <iostream>
#include <memory>

namespace earshot::cli {
namespace {

const CommandRegistrar reg{30, [](CLI::App& app) {
    auto* cmd = app.add_subcommand("draft", "Draft up to three ranked replies (public + private follow-up) for NDJSON mentions");
    auto files = std::make_shared<std::vector<std::string>>();
    auto playbook = std::make_shared<std::string>();
    cmd->add_option("files", *files, "NDJSON files of mentions (default: stdin)")->check(CLI::ExistingFile);
    cmd->add_option("-p,--playbook", *playbook, "Playbook JSON file, or a built-in name (default, airline)");
    cmd->footer(
        "Input: one mention per line, e.g. {\"id\":\"1\",\"platform\":\"x\",\"author\":{\"handle\":\"@jo\",\"name\":\"Jo Lee\"},\n"
        "       \"text\":\"charged twice for my order!\"}. A line that already has a \"triage\" object is drafted from it.\n"
        "Output: the same object with \"triage\" and \"drafts\":[{\"rank\",\"kind\",\"public\",\"private\",\"channel\",\n"
        "        \"lint_score\",\"length\",\"limit\",\"findings\"}] added (no drafts for spam). A bad line is reported on\n"
        "        stderr (naming the line) and skipped; the exit status is 1 if any line failed.");
    return [files, playbook]() -> int {
        Playbook pb = drafting::load_playbook(*playbook);
        const Drafter drafter(pb.reply);
        const Triager triager(pb, default_triage_models());
        int failed = 0;
        auto run = [&](std::istream& in, const std::string& name) {
            std::string line;
            std::size_t lineno = 0;
            while (std::getline(in, line)) {
                ++lineno;
                if (!line.empty() && line.back() == '\r') line.pop_back();
                if (line.find_first_not_of(" \t") == std::string::npos) continue;
                auto j = nlohmann::json::parse(line, nullptr, false);
                std::string error;
                Mention m;
                Triage t;
                if (j.is_discarded()) error = "not valid JSON";
                else if (wire::mention_from_json(j, m, error)) {
                    if (auto it = j.find("triage"); it != j.end() && !it->is_null()) {
                        if (!wire::triage_from_json(*it, t, error)) error = "triage: " + error;
                    } else {
                        t = triager.triage(m);
                        j["triage"] = wire::triage_to_json(t);
                    }
                }
                if (!error.empty()) {
                    std::cerr << "earshot draft: " << name << ":" << lineno << ": " << error << "\n";
                    ++failed;
                    continue;
                }
                j["drafts"] = wire::drafts_to_json(drafter.draft(m, t, pb));
                std::cout << wire::dump(j) << '\n';
            }
        };
        if (files->empty()) {
            run(std::cin, "<stdin>");
        } else {
            for (const auto& f : *files) {
                std::ifstream in(f, std::ios::binary);
                if (!in) throw CliError("cannot open " + f, 2);
                run(in, f);
            }
        }
        std::cout.flush();
        return failed ? 1 : 0;
    };
}};

} // namespace
} // namespace earshot::cli
