// earshot_modelgen: trains the default triage models at build time (deterministic) and writes them as model files.
//   earshot_modelgen --devset build/<preset>/devset/train.ndjson [--goemotions FILE --goemotions-max N] --out DIR
// Writes DIR/sentiment.bin (negative/neutral/positive), DIR/complaint.bin (complaint/other) and DIR/category.bin
// (default playbook category ids + "other"). A native host tool; the web build embeds the same files.

#include "earshot/classifier.hpp"
#include "earshot/triage_features.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace {

struct Data {
    std::vector<std::string> texts, sentiment, complaint, category;
};

bool read_devset(const std::string& file, Data& d) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return false;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        const auto j = nlohmann::json::parse(line);
        d.texts.push_back(j.at("text").get<std::string>());
        d.sentiment.push_back(j.at("sentiment").get<std::string>());
        d.complaint.push_back(j.at("complaint").get<bool>() ? "complaint" : "other");
        d.category.push_back(j.at("category").get<std::string>());
    }
    return true;
}

void write(const std::string& path, const std::string& bytes) {
    std::ofstream out(path + ".tmp", std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out || std::rename((path + ".tmp").c_str(), path.c_str()) != 0) throw std::runtime_error("cannot write " + path);
}

} // namespace

int main(int argc, char** argv) {
    std::string devset, goemotions, out;
    std::size_t goemotions_max = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--devset") devset = argv[i + 1];
        else if (a == "--goemotions") goemotions = argv[i + 1];
        else if (a == "--goemotions-max") goemotions_max = std::stoul(argv[i + 1]);
        else if (a == "--out") out = argv[i + 1];
        else {
            std::cerr << "earshot_modelgen: unknown option " << a << "\n";
            return 2;
        }
    }
    if (devset.empty() || out.empty()) {
        std::cerr << "usage: earshot_modelgen --devset TRAIN.ndjson [--goemotions TSV --goemotions-max N] --out DIR\n";
        return 2;
    }
    const auto t0 = std::chrono::steady_clock::now();
    Data d;
    if (!read_devset(devset, d)) {
        std::cerr << "earshot_modelgen: cannot read " << devset << "\n";
        return 1;
    }
    const std::size_t dev_n = d.texts.size();
    std::vector<std::string> sent_texts = d.texts, sent_labels = d.sentiment;
    if (!goemotions.empty() && goemotions_max > 0) {
        std::ifstream in(goemotions, std::ios::binary);
        std::string line;
        std::getline(in, line); // header
        std::size_t added = 0, seen = 0;
        while (added < goemotions_max && std::getline(in, line)) {
            const auto t1 = line.find('\t');
            const auto t2 = line.find('\t', t1 + 1);
            if (t1 == std::string::npos || t2 == std::string::npos) continue;
            if (++seen % 3 != 0) continue; // every third row: a spread-out, deterministic sample
            sent_texts.push_back(line.substr(0, t1));
            sent_labels.push_back(line.substr(t1 + 1, t2 - t1 - 1));
            ++added;
        }
    }
    const earshot::TrainOptions opt = earshot::triage_train_options();
    auto sentiment = earshot::TextClassifier::train(earshot::with_cue_features(sent_texts), sent_labels, opt);
    auto complaint = earshot::TextClassifier::train(earshot::with_cue_features(d.texts), d.complaint, opt);
    earshot::TrainOptions cat_opt = opt; // topics: character n-grams make typos and word forms meet
    cat_opt.features.char_ngram_min = 3;
    cat_opt.features.char_ngram_max = 5;
    cat_opt.features.char_weight = 0.5f;
    auto category = earshot::TextClassifier::train(d.texts, d.category, cat_opt);
    write(out + "/sentiment.bin", sentiment.serialize());
    write(out + "/complaint.bin", complaint.serialize());
    write(out + "/category.bin", category.serialize());
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("earshot_modelgen: %zu devset + %zu other sentiment texts -> 3 models in %.1f s (%zu/%zu/%zu features)\n",
                dev_n, sent_texts.size() - dev_n, secs, sentiment.num_features(), complaint.num_features(),
                category.num_features());
    return 0;
}
