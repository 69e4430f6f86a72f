// earshot classify: triage NDJSON mentions (stdin or files) and print each with a "triage" object added.

#include "command.hpp"
#include "line_input.hpp"

#include "../common/files.hpp"

#include "earshot/default_models.hpp"
#include "earshot/triage.hpp"
#include "earshot/wire/mention_json.hpp"
#include "earshot/wire/playbook_json.hpp"
#include "earshot/wire/tokens_json.hpp"
#include "earshot/wire/triage_json.hpp"

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace earshot::cli {
namespace {


const CommandRegistrar reg{20, [](CLI::App& app) {
    auto* cmd = app.add_subcommand("classify", "Triage NDJSON mentions: sentiment, complaint, category, urgency, tier, team, deadline");
    auto files = std::make_shared<std::vector<std::string>>();
    auto playbook = std::make_shared<std::string>();
    auto model = std::make_shared<std::string>();
    auto pretty = std::make_shared<bool>(false);
    cmd->add_option("files", *files, "NDJSON files of mentions (default: stdin)")->check(CLI::ExistingFile);
    cmd->add_option("-p,--playbook", *playbook, "Playbook JSON file, or a built-in name (default, airline)");
    cmd->add_option("-m,--model", *model, "Category model (from 'earshot train') to use instead of the built-in one");
    cmd->footer("Input: one mention per line, e.g. {\"id\":\"1\",\"author\":{\"handle\":\"@jo\",\"followers\":120},\"text\":\"my bag is lost\"}\n"
                "Output: the same object with a \"triage\" object added. A bad line is reported on stderr (naming the line)\n"
                "and skipped; the exit status is 1 if any line failed.");
    (void)pretty;
    return [files, playbook, model]() -> int {
        Playbook pb = io::load_playbook(*playbook);
        TriageModels models = default_triage_models();
        if (!model->empty()) {
            std::ifstream in(*model, std::ios::binary);
            if (!in) throw CliError("cannot open model " + *model);
            std::stringstream ss;
            ss << in.rdbuf();
            std::string error;
            auto m = load_model(ss.str(), error);
            if (!m) throw CliError("invalid model " + *model + ": " + error);
            models.category = std::move(m);
        }
        const Triager triager(std::move(pb), std::move(models));
        Triage t; // reused for every line
        return filter_mentions("classify", *files, [&](nlohmann::json& j, const Mention& m, std::string&) {
            triager.triage_into(m, {}, t);
            j["triage"] = wire::triage_to_json(t);
            return true;
        });
    };
}};

} // namespace
} // namespace earshot::cli
