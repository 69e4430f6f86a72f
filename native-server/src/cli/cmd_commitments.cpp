// earshot commitments: the promises a sent reply makes, with due times from the sent time.

#include "drafting_cli.hpp"

#include "earshot/commitments.hpp"
#include "earshot/mention.hpp"
#include "earshot/wire/drafting_json.hpp"
#include "earshot/wire/tokens_json.hpp"

#include <iostream>
#include <memory>

namespace earshot::cli {
namespace {

const CommandRegistrar reg{32, [](CLI::App& app) {
    auto* cmd = app.add_subcommand("commitments", "List the promises in a sent reply, with due times");
    auto reply_arg = std::make_shared<std::string>();
    auto sent_at = std::make_shared<std::string>();
    auto offset = std::make_shared<int>(0);
    cmd->add_option("reply", *reply_arg, "The sent reply (default: read from stdin)");
    cmd->add_option("-s,--sent-at", *sent_at, "When the reply was sent, ISO 8601 (e.g. 2026-11-24T18:40:00Z)")->required();
    cmd->add_option("--utc-offset", *offset, "Sender's local offset from UTC in minutes (for 'by Friday', '5pm')")
        ->check(CLI::Range(-14 * 60, 14 * 60));
    cmd->footer("Output: JSON [{\"text\",\"begin\",\"end\",\"kind\",\"who\",\"due_at\",\"due_at_ms\",\"due_text\"}];\n"
                "due_at is null for a promise without a time.");
    return [=]() -> int {
        std::int64_t ms = 0;
        if (!parse_iso8601(*sent_at, ms)) throw CliError("--sent-at: not an ISO 8601 time: " + *sent_at, 2);
        std::string reply = cmd->count("reply") ? *reply_arg : drafting::read_all(std::cin);
        CommitmentOptions opt;
        opt.utc_offset_minutes = *offset;
        std::cout << wire::dump(wire::commitments_to_json(extract_commitments(reply, ms, opt))) << '\n';
        return 0;
    };
}};

} // namespace
} // namespace earshot::cli
