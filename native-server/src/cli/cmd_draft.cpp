// earshot draft: triage NDJSON mentions and draft ranked replies for each.

#include "drafting_cli.hpp"
#include "line_input.hpp"

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
        return filter_mentions("draft", *files, [&](nlohmann::json& j, const Mention& m, std::string& error) {
            Triage t;
            if (auto it = j.find("triage"); it != j.end() && !it->is_null()) {
                if (!wire::triage_from_json(*it, t, error)) {
                    error = "triage: " + error;
                    return false;
                }
            } else {
                t = triager.triage(m);
                j["triage"] = wire::triage_to_json(t);
            }
            j["drafts"] = wire::drafts_to_json(drafter.draft(m, t, pb));
            return true;
        });
    };
}};

} // namespace
} // namespace earshot::cli
