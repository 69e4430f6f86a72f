// Text classifier: training time, model size and prediction throughput on Banking77 (10,003 texts, 77 labels)
// from $EARSHOT_DATA_DIR, or on a synthetic set when the data is absent. Prints numbers; not a test.
// Peers in the same run: the tokenizer alone (the floor under any prediction) and prediction from a
// pre-tokenised text (what triage does when several models share one tokenisation).
#include "earshot/classifier.hpp"
#include "earshot/tokenizer.hpp"
#include "earshot/wire/classifier_json.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {
double since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
} // namespace

int main(int argc, char** argv) {
    std::string dir = argc > 1 ? argv[1] : (std::getenv("EARSHOT_DATA_DIR") ? std::getenv("EARSHOT_DATA_DIR") : "");
    std::vector<std::string> texts, labels;
    std::string source = "synthetic";
    if (!dir.empty()) {
        std::ifstream in(dir + "/banking77/train.csv", std::ios::binary);
        if (in) {
            const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            std::string err;
            auto d = earshot::wire::read_labeled(data, earshot::wire::DataFormat::Csv, "text", "category", &err);
            if (!d) {
                std::fprintf(stderr, "banking77: %s\n", err.c_str());
                return 1;
            }
            texts = std::move(d->texts);
            labels = std::move(d->labels);
            source = "banking77";
        }
    }
    if (texts.empty()) {
        const char* words[] = {"card", "refund", "late", "parcel", "charged", "twice", "app", "login", "broken", "fee",
                               "transfer", "pending", "declined", "thanks", "great", "waiting", "missing", "account"};
        std::uint64_t s = 42;
        for (int i = 0; i < 10000; ++i) {
            std::string t;
            const int label = i % 20;
            for (int w = 0; w < 10; ++w) {
                s = s * 6364136223846793005ULL + 1442695040888963407ULL;
                t += words[(s >> 33) % 18 + (w == 0 ? 0 : 0)];
                t += ' ';
            }
            t += "topic" + std::to_string(label);
            texts.push_back(t);
            labels.push_back("L" + std::to_string(label));
        }
    }

    earshot::TrainOptions opt; // defaults, as `earshot train` uses them
    auto t0 = std::chrono::steady_clock::now();
    const std::clock_t c0 = std::clock();
    const auto model = earshot::TextClassifier::train(texts, labels, opt);
    const double train_s = since(t0);
    const double train_cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    const std::string bytes = model.serialize();
    std::printf("classifier (%s): %zu texts, %zu labels, %d epochs: trained in %.2f s wall, %.2f s CPU (1 core)\n",
                source.c_str(), texts.size(), model.labels().size(), opt.epochs, train_s, train_cpu);
    std::printf("  model: %zu features, %.2f MB on disk, %.2f MB in memory\n", model.num_features(),
                bytes.size() / 1e6, model.memory_bytes() / 1e6);
    t0 = std::chrono::steady_clock::now();
    auto back = earshot::TextClassifier::deserialize(bytes);
    std::printf("  load: %.1f ms\n", since(t0) * 1e3);

    const std::size_t n = 200000;
    std::size_t sink = 0;
    t0 = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < n; ++i) sink += earshot::tokenize(texts[i % texts.size()]).tokens.size();
    const double tok_s = since(t0);
    std::vector<earshot::Tokenized> pre;
    pre.reserve(texts.size());
    for (const auto& t : texts) pre.push_back(earshot::tokenize(t));
    t0 = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < n; ++i) sink += back->predict(pre[i % pre.size()], texts[i % texts.size()]).label;
    const double pre_s = since(t0);
    t0 = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < n; ++i) sink += back->predict(texts[i % texts.size()]).label;
    const double pred_s = since(t0);
    std::size_t correct = 0;
    for (std::size_t i = 0; i < texts.size(); ++i) correct += back->predict(texts[i]).name == labels[i];
    std::printf("  tokenize only:            %9.0f texts/s (peer: the floor under prediction)\n", n / tok_s);
    std::printf("  predict (pre-tokenised):  %9.0f texts/s\n", n / pre_s);
    std::printf("  predict (text):           %9.0f texts/s = %.2fx the tokenizer's time\n", n / pred_s, pred_s / tok_s);
    std::printf("  training-set accuracy %.4f (generalisation: scripts/eval-banking77.sh)\n",
                static_cast<double>(correct) / texts.size());
    return sink == 42 ? 1 : 0;
}
