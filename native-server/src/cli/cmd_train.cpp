// earshot train: trains a text classifier from labeled CSV or NDJSON, optionally cross-validating it.

#include "command.hpp"
#include "labeled_input.hpp"

#include "earshot/classifier.hpp"
#include "earshot/metrics.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

namespace earshot::cli {
void print_report_text(const EvalReport& r, std::size_t max_confusions); // cmd_eval.cpp

namespace {

struct TrainArgs {
    std::string file;
    std::string output;
    std::string text_field = "text";
    std::string label_field = "label";
    std::string format;
    int cv = 0;
    bool quiet = false;
    TrainOptions opt;
    std::string word_ngrams;
    std::string char_ngrams;
    int hash_bits = 0;
    bool no_idf = false, no_stem = false, no_special = false, no_sublinear = false;
};

void print_cv(const CrossValidationResult& r, int k, double secs) {
    const auto& p = r.pooled;
    std::printf("%d-fold cross-validation on %zu examples, %zu labels (%.1f s)\n", k, p.total, p.labels.size(), secs);
    std::printf("accuracy  %s\nmacro-F1  %s\n", fixed(p.accuracy).c_str(), fixed(p.macro_f1).c_str());
    std::printf("per fold  ");
    for (std::size_t i = 0; i < r.fold_accuracy.size(); ++i) std::printf("%s%s", i ? " " : "", fixed(r.fold_accuracy[i]).c_str());
    std::printf("\n");
    const auto top = p.top_confusions(10);
    if (!top.empty()) {
        std::printf("top confusions (true -> predicted: count)\n");
        for (const auto& c : top)
            std::printf("  %s -> %s: %u\n", p.labels[c.truth].c_str(), p.labels[c.predicted].c_str(), c.count);
    }
}

const CommandRegistrar reg{20, [](CLI::App& app) {
    auto a = std::make_shared<TrainArgs>();
    auto* cmd = app.add_subcommand("train", "Train a text classifier from labeled examples (CSV or NDJSON)");
    cmd->add_option("file", a->file, "Labeled examples: .csv with a header row, or .ndjson/.jsonl ('-' = stdin)")->required();
    cmd->add_option("-o,--output", a->output, "Where to write the model (binary .escl file)");
    cmd->add_option("--text-field", a->text_field, "Column/field holding the text")->capture_default_str();
    cmd->add_option("--label-field", a->label_field, "Column/field holding the label")->capture_default_str();
    cmd->add_option("--format", a->format, "csv or ndjson (default: from the file name)");
    cmd->add_option("--cv", a->cv, "Also run K-fold stratified cross-validation and print accuracy and macro-F1")->check(CLI::Range(2, 100));
    cmd->add_option("--epochs", a->opt.epochs, "Training passes over the data")->capture_default_str()->check(CLI::Range(1, 10000));
    cmd->add_option("--seed", a->opt.seed, "Random seed (same seed + data + options = identical model)")->capture_default_str();
    cmd->add_option("--lr", a->opt.learning_rate, "Initial SGD learning rate")->capture_default_str();
    cmd->add_option("--l2", a->opt.l2, "L2 regularisation")->capture_default_str();
    cmd->add_option("--min-df", a->opt.min_df, "Ignore features seen in fewer texts")->capture_default_str();
    cmd->add_option("--word-ngrams", a->word_ngrams, "Word n-gram range MIN-MAX, 0 to disable (default 1-2)");
    cmd->add_option("--char-ngrams", a->char_ngrams, "Character n-gram range MIN-MAX, 0 to disable (default 2-5)");
    cmd->add_option("--skip-window", a->opt.features.skip_window, "Also pair words up to N positions apart (0 = off)")->capture_default_str()->check(CLI::Range(0, 8));
    cmd->add_option("--char-weight", a->opt.features.char_weight, "Weight of character n-grams against words")->capture_default_str();
    cmd->add_option("--hash-bits", a->hash_bits, "Feature hash space 2^N (12..30, default 22)")->check(CLI::Range(12, 30));
    cmd->add_flag("--no-idf", a->no_idf, "Do not weight features by inverse document frequency");
    cmd->add_flag("--no-stem", a->no_stem, "Do not add suffix-stripped word stems");
    cmd->add_flag("--no-special", a->no_special, "Keep handles/URLs/numbers verbatim; no <caps>/<emoji> features");
    cmd->add_flag("--no-sublinear-tf", a->no_sublinear, "Raw term counts instead of 1+log(tf)");
    cmd->add_flag("--average", a->opt.average, "Averaged SGD (needs --l2 0)");
    cmd->add_flag("-q,--quiet", a->quiet, "No progress output");
    cmd->footer("Example: earshot train --text-field text --label-field category banking77.csv -o bank.escl --cv 5");
    return [a]() -> int {
        if (a->output.empty() && a->cv == 0) throw CliError("nothing to do: give -o MODEL and/or --cv K");
        TrainOptions opt = a->opt;
        if (!a->word_ngrams.empty()) parse_range(a->word_ngrams, "--word-ngrams", opt.features.word_ngram_min, opt.features.word_ngram_max);
        if (!a->char_ngrams.empty()) parse_range(a->char_ngrams, "--char-ngrams", opt.features.char_ngram_min, opt.features.char_ngram_max);
        if (a->hash_bits) opt.features.hash_bits = static_cast<std::uint8_t>(a->hash_bits);
        if (a->no_idf) opt.features.idf = false;
        if (a->no_stem) opt.features.stem = false;
        if (a->no_special) opt.features.special_tokens = false;
        if (a->no_sublinear) opt.features.sublinear_tf = false;

        const auto data = load_labeled(a->file, a->format, a->text_field, a->label_field);
        Progress progress(a->quiet);
        std::string phase = "training";
        opt.progress = [&](int epoch, int total, double loss) {
            progress.update(phase, epoch, total, "loss " + fixed(loss));
        };

        if (a->cv > 0) {
            if (static_cast<std::size_t>(a->cv) > data.texts.size())
                throw CliError("--cv " + std::to_string(a->cv) + " needs at least that many examples (have " +
                               std::to_string(data.texts.size()) + ")");
            const auto t0 = std::chrono::steady_clock::now();
            int current = 1;
            phase = "fold 1/" + std::to_string(a->cv);
            auto result = cross_validate(data.texts, data.labels, opt, a->cv, [&](int fold, int k, double acc) {
                progress.line("fold " + std::to_string(fold) + "/" + std::to_string(k) + ": accuracy " + fixed(acc));
                current = fold + 1;
                phase = "fold " + std::to_string(current) + "/" + std::to_string(k);
            });
            print_cv(result, a->cv, seconds_since(t0));
        }
        if (a->output.empty()) return 0;

        phase = "training";
        const auto t0 = std::chrono::steady_clock::now();
        const TextClassifier model = TextClassifier::train(data.texts, data.labels, opt);
        const double secs = seconds_since(t0);
        const std::string bytes = model.serialize();
        const std::string tmp = a->output + ".tmp";
        {
            std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
            if (!out) throw CliError("cannot write " + a->output);
            out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
            out.close();
            if (!out) {
                std::remove(tmp.c_str());
                throw CliError("cannot write " + a->output);
            }
        }
        std::error_code ec;
        std::filesystem::rename(tmp, a->output, ec);
        if (ec) {
            std::remove(tmp.c_str());
            throw CliError("cannot write " + a->output + ": " + ec.message());
        }
        progress.line("trained on " + std::to_string(data.texts.size()) + " examples, " +
                      std::to_string(model.labels().size()) + " labels, " + std::to_string(model.num_features()) +
                      " features in " + fixed(secs, 2) + " s; wrote " + a->output + " (" +
                      std::to_string(bytes.size()) + " bytes)");
        return 0;
    };
}};

} // namespace
} // namespace earshot::cli
