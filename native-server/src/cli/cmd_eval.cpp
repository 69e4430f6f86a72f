// earshot eval: scores a trained classifier on labeled examples (accuracy, macro-F1, per-class precision/recall,
// confusions); --json prints the full report including the confusion matrix.

#include "command.hpp"
#include "labeled_input.hpp"

#include "earshot/classifier.hpp"
#include "earshot/metrics.hpp"
#include "earshot/wire/classifier_json.hpp"
#include "earshot/wire/tokens_json.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>

namespace earshot::cli {

TextClassifier load_model(const std::string& path) {
    const std::string bytes = read_file_or_stdin(path);
    std::string err;
    auto m = TextClassifier::deserialize(bytes, &err);
    if (!m) throw CliError("cannot load model " + path + ": " + err);
    return std::move(*m);
}

void print_report_text(const EvalReport& r, std::size_t max_confusions) {
    std::printf("examples  %zu\naccuracy  %s\nmacro-F1  %s\n", r.total, fixed(r.accuracy).c_str(), fixed(r.macro_f1).c_str());
    std::size_t width = 5;
    for (const auto& m : r.per_class) width = std::max(width, m.label.size());
    width = std::min<std::size_t>(width, 40);
    std::printf("\n%-*s  precision  recall      f1  support\n", static_cast<int>(width), "label");
    for (const auto& m : r.per_class) {
        if (m.support == 0 && m.predicted == 0) continue;
        std::printf("%-*s  %9s  %6s  %6s  %7u\n", static_cast<int>(width), m.label.substr(0, 40).c_str(),
                    fixed(m.precision).c_str(), fixed(m.recall).c_str(), fixed(m.f1).c_str(), m.support);
    }
    const std::size_t n = r.labels.size();
    if (n <= 8) {
        std::printf("\nconfusion matrix (rows: true label, columns: predicted)\n%-*s", static_cast<int>(width), "");
        for (std::size_t p = 0; p < n; ++p) std::printf(" %7s", r.labels[p].substr(0, 7).c_str());
        std::printf("\n");
        for (std::size_t t = 0; t < n; ++t) {
            std::printf("%-*s", static_cast<int>(width), r.labels[t].substr(0, 40).c_str());
            for (std::size_t p = 0; p < n; ++p) std::printf(" %7u", r.at(t, p));
            std::printf("\n");
        }
    } else {
        const auto top = r.top_confusions(max_confusions);
        if (!top.empty()) {
            std::printf("\ntop confusions (true -> predicted: count; full matrix with --json)\n");
            for (const auto& c : top)
                std::printf("  %s -> %s: %u\n", r.labels[c.truth].c_str(), r.labels[c.predicted].c_str(), c.count);
        }
    }
}

namespace {

struct EvalArgs {
    std::string model;
    std::string file;
    std::string text_field = "text";
    std::string label_field = "label";
    std::string format;
    bool json = false;
    std::size_t top = 15;
};

const CommandRegistrar reg{21, [](CLI::App& app) {
    auto a = std::make_shared<EvalArgs>();
    auto* cmd = app.add_subcommand("eval", "Evaluate a trained classifier on labeled examples");
    cmd->add_option("-m,--model", a->model, "Model file written by 'earshot train'")->required();
    cmd->add_option("file", a->file, "Labeled examples: .csv with a header row, or .ndjson/.jsonl ('-' = stdin)")->required();
    cmd->add_option("--text-field", a->text_field, "Column/field holding the text")->capture_default_str();
    cmd->add_option("--label-field", a->label_field, "Column/field holding the true label")->capture_default_str();
    cmd->add_option("--format", a->format, "csv or ndjson (default: from the file name)");
    cmd->add_option("--top", a->top, "How many confusions to list")->capture_default_str();
    cmd->add_flag("--json", a->json, "Print the full report as JSON (per-class metrics and the confusion matrix)");
    return [a]() -> int {
        if (a->model == "-" && a->file == "-") throw CliError("the model and the data cannot both come from stdin");
        const TextClassifier model = load_model(a->model);
        const auto data = load_labeled(a->file, a->format, a->text_field, a->label_field);
        // Labels unknown to the model still count (always wrong); they are listed after the model's labels.
        std::vector<std::string> names = model.labels();
        std::vector<std::string> unknown;
        for (const auto& l : data.labels)
            if (model.label_index(l) < 0 && std::find(unknown.begin(), unknown.end(), l) == unknown.end())
                unknown.push_back(l);
        std::sort(unknown.begin(), unknown.end());
        if (!unknown.empty()) {
            std::string list;
            for (std::size_t i = 0; i < unknown.size() && i < 5; ++i) list += (i ? ", " : "") + unknown[i];
            if (unknown.size() > 5) list += ", ...";
            std::fprintf(stderr, "earshot eval: warning: %zu label(s) in %s are unknown to the model and always count as errors: %s\n",
                         unknown.size(), a->file.c_str(), list.c_str());
            names.insert(names.end(), unknown.begin(), unknown.end());
        }
        std::vector<std::uint32_t> truth, predicted;
        for (std::size_t i = 0; i < data.texts.size(); ++i) {
            const auto idx = std::find(names.begin(), names.end(), data.labels[i]) - names.begin();
            truth.push_back(static_cast<std::uint32_t>(idx));
            predicted.push_back(model.predict(data.texts[i]).label);
        }
        const EvalReport r = evaluate(names, truth, predicted);
        if (a->json) {
            std::cout << wire::dump(wire::report_to_json(r, true)) << "\n";
        } else {
            print_report_text(r, a->top);
        }
        return 0;
    };
}};

} // namespace
} // namespace earshot::cli
