// earshot redact: find personal data (cards, e-mails, phones, account/order numbers, addresses) in each input line.

#include "drafting_cli.hpp"
#include "line_input.hpp"

#include "earshot/pii.hpp"
#include "earshot/wire/drafting_json.hpp"
#include "earshot/wire/tokens_json.hpp"

#include <iostream>
#include <memory>

namespace earshot::cli {
namespace {

const CommandRegistrar reg{33, [](CLI::App& app) {
    auto* cmd = app.add_subcommand("redact", "Find and redact personal data (one JSON line per input line)");
    auto text = std::make_shared<std::string>();
    auto playbook = std::make_shared<std::string>();
    auto plain = std::make_shared<bool>(false);
    cmd->add_option("text", *text, "Text to check; without it, every line of stdin is checked");
    cmd->add_option("-p,--playbook", *playbook, "Playbook whose reply.pii patterns to use (file or built-in name)");
    cmd->add_flag("--text-only", *plain, "Print only the redacted text");
    cmd->footer("Output: {\"redacted\",\"spans\":[{\"kind\",\"begin\",\"end\",\"text\",\"label\"}]} per line; begin/end are\n"
                "UTF-8 byte offsets. Kinds: card, email, phone, account, order, booking, iban, national_id, address, id_number.");
    return [=]() -> int {
        const Playbook pb = drafting::load_playbook(*playbook);
        auto emit = [&](const std::string& line) {
            auto spans = detect_pii(line, pb.reply.pii);
            if (*plain) std::cout << redact(line, spans) << '\n';
            else std::cout << wire::dump(wire::pii_to_json(line, spans)) << '\n';
        };
        if (cmd->count("text")) {
            emit(*text);
            return 0;
        }
        for_each_line(std::cin, [&](const std::string& line, std::size_t) { emit(line); });
        return 0;
    };
}};

} // namespace
} // namespace earshot::cli
