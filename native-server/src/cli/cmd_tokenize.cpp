// earshot tokenize: shows how the core tokenizer sees a text (one JSON line per input line).

#include "command.hpp"

#include "earshot/tokenizer.hpp"
#include "earshot/wire/tokens_json.hpp"

#include <fstream>
#include <iostream>
#include <string>

namespace earshot::cli {
namespace {

const CommandRegistrar reg{90, [](CLI::App& app) {
    auto* cmd = app.add_subcommand("tokenize", "Tokenise text the way the classifier sees it (debugging aid)");
    auto text = std::make_shared<std::string>();
    auto file = std::make_shared<std::string>();
    cmd->add_option("text", *text, "Text to tokenise; without it, every line of stdin (or --file) is tokenised");
    cmd->add_option("-f,--file", *file, "Read lines from this file instead of stdin")->check(CLI::ExistingFile);
    cmd->footer("Output: one JSON object per input line: {\"tokens\":[{kind,text,norm,begin,end,flags}],\"stats\":{...}}");
    return [text, file, cmd]() -> int {
        auto emit = [](const std::string& line) {
            std::cout << wire::dump(wire::tokenized_to_json(line, tokenize(line))) << '\n';
        };
        if (cmd->count("text")) {
            emit(*text);
            return 0;
        }
        std::ifstream in;
        std::istream* src = &std::cin;
        if (!file->empty()) {
            in.open(*file, std::ios::binary);
            if (!in) throw CliError("cannot open " + *file);
            src = &in;
        }
        std::string line;
        while (std::getline(*src, line)) emit(line);
        return 0;
    };
}};

} // namespace
} // namespace earshot::cli
