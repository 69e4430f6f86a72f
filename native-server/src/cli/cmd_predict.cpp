// earshot predict: runs a trained classifier on texts (arguments or stdin lines), one JSON line per text.

#include "command.hpp"
#include "line_input.hpp"
#include "labeled_input.hpp"

#include "earshot/classifier.hpp"
#include "earshot/wire/classifier_json.hpp"
#include "earshot/wire/tokens_json.hpp"

#include <iostream>
#include <memory>

namespace earshot::cli {
TextClassifier load_model(const std::string& path); // cmd_eval.cpp

namespace {

const CommandRegistrar reg{22, [](CLI::App& app) {
    auto model_path = std::make_shared<std::string>();
    auto texts = std::make_shared<std::vector<std::string>>();
    auto explain = std::make_shared<std::size_t>(0);
    auto* cmd = app.add_subcommand("predict", "Label texts with a trained classifier (one JSON line per text)");
    cmd->add_option("-m,--model", *model_path, "Model file written by 'earshot train'")->required();
    cmd->add_option("text", *texts, "Texts to label; without any, every line of stdin is labeled");
    cmd->add_option("--explain", *explain, "Also list the K features that most supported the predicted label");
    cmd->footer("Output: {\"text\",\"label\",\"confidence\",\"probabilities\":{label:p}[,\"explanation\":[...]]}");
    return [model_path, texts, explain]() -> int {
        if (*model_path == "-" && texts->empty()) throw CliError("the model and the texts cannot both come from stdin");
        const TextClassifier model = load_model(*model_path);
        auto emit = [&](const std::string& text) {
            const Prediction p = model.predict(text);
            nlohmann::json j = {{"text", text}};
            j.update(wire::prediction_to_json(model, p));
            if (*explain > 0) j["explanation"] = wire::contributions_to_json(model.explain(text, p.label, *explain));
            std::cout << wire::dump(j) << '\n';
        };
        if (!texts->empty()) {
            for (const auto& t : *texts) emit(t);
            return 0;
        }
        for_each_line(std::cin, [&](const std::string& line, std::size_t) { emit(line); });
        return 0;
    };
}};

} // namespace
} // namespace earshot::cli
