#include "earshot/metrics.hpp"

#include <algorithm>
#include <stdexcept>

namespace earshot {

std::vector<Confusion> EvalReport::top_confusions(std::size_t k) const {
    std::vector<Confusion> cells;
    const std::size_t n = labels.size();
    for (std::size_t t = 0; t < n; ++t)
        for (std::size_t p = 0; p < n; ++p)
            if (t != p && confusion[t * n + p] > 0)
                cells.push_back({static_cast<std::uint32_t>(t), static_cast<std::uint32_t>(p), confusion[t * n + p]});
    std::sort(cells.begin(), cells.end(), [](const Confusion& a, const Confusion& b) {
        if (a.count != b.count) return a.count > b.count;
        if (a.truth != b.truth) return a.truth < b.truth;
        return a.predicted < b.predicted;
    });
    if (cells.size() > k) cells.resize(k);
    return cells;
}

EvalReport evaluate(const std::vector<std::string>& labels, const std::vector<std::uint32_t>& truth,
                    const std::vector<std::uint32_t>& predicted) {
    if (truth.size() != predicted.size()) throw std::invalid_argument("truth and predictions differ in size");
    EvalReport r;
    r.labels = labels;
    const std::size_t n = labels.size();
    r.confusion.assign(n * n, 0);
    for (std::size_t i = 0; i < truth.size(); ++i) {
        if (truth[i] >= n || predicted[i] >= n) throw std::invalid_argument("label index out of range");
        ++r.confusion[truth[i] * n + predicted[i]];
        if (truth[i] == predicted[i]) ++r.correct;
    }
    r.total = truth.size();
    r.accuracy = r.total ? static_cast<double>(r.correct) / static_cast<double>(r.total) : 0.0;
    double f1_sum = 0;
    std::size_t f1_count = 0;
    for (std::size_t c = 0; c < n; ++c) {
        ClassMetrics m;
        m.label = labels[c];
        for (std::size_t j = 0; j < n; ++j) {
            m.support += r.confusion[c * n + j];
            m.predicted += r.confusion[j * n + c];
        }
        const double tp = r.confusion[c * n + c];
        m.precision = m.predicted ? tp / m.predicted : 0.0;
        m.recall = m.support ? tp / m.support : 0.0;
        m.f1 = (m.precision + m.recall) > 0 ? 2 * m.precision * m.recall / (m.precision + m.recall) : 0.0;
        if (m.support > 0 || m.predicted > 0) {
            f1_sum += m.f1;
            ++f1_count;
        }
        r.per_class.push_back(std::move(m));
    }
    r.macro_f1 = f1_count ? f1_sum / static_cast<double>(f1_count) : 0.0;
    return r;
}

CrossValidationResult cross_validate(const std::vector<std::string>& texts, const std::vector<std::string>& labels,
                                     const TrainOptions& options, int k,
                                     const std::function<void(int, int, double)>& fold_done) {
    if (texts.size() != labels.size()) throw std::invalid_argument("texts and labels differ in size");
    if (k < 2) throw std::invalid_argument("cross-validation needs at least 2 folds");
    if (static_cast<std::size_t>(k) > texts.size())
        throw std::invalid_argument("more folds (" + std::to_string(k) + ") than examples (" +
                                    std::to_string(texts.size()) + ")");
    std::vector<std::string> names = labels;
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    const std::size_t n = texts.size();
    std::vector<std::uint32_t> truth(n);
    for (std::size_t i = 0; i < n; ++i)
        truth[i] = static_cast<std::uint32_t>(std::lower_bound(names.begin(), names.end(), labels[i]) - names.begin());

    // Stratified assignment: each label's examples shuffled, then dealt round-robin (continuing across labels).
    std::vector<std::vector<std::uint32_t>> by_label(names.size());
    for (std::size_t i = 0; i < n; ++i) by_label[truth[i]].push_back(static_cast<std::uint32_t>(i));
    std::uint64_t state = options.seed ^ 0x5eed5eed5eedULL;
    auto next = [&state]() {
        state += 0x9e3779b97f4a7c15ULL;
        std::uint64_t z = state;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    };
    std::vector<int> fold(n);
    std::size_t deal = 0;
    for (auto& idx : by_label) {
        for (std::size_t i = idx.size(); i > 1; --i) std::swap(idx[i - 1], idx[next() % i]);
        for (std::uint32_t e : idx) fold[e] = static_cast<int>(deal++ % static_cast<std::size_t>(k));
    }

    CrossValidationResult result;
    std::vector<std::uint32_t> predicted(n, 0);
    for (int f = 0; f < k; ++f) {
        std::vector<std::string> tr_text, tr_label;
        std::vector<std::uint32_t> test;
        for (std::size_t i = 0; i < n; ++i) {
            if (fold[i] == f) {
                test.push_back(static_cast<std::uint32_t>(i));
            } else {
                tr_text.push_back(texts[i]);
                tr_label.push_back(labels[i]);
            }
        }
        const TextClassifier model = TextClassifier::train(tr_text, tr_label, options);
        std::vector<std::uint32_t> ft, fp;
        for (std::uint32_t i : test) {
            const Prediction p = model.predict(texts[i]);
            predicted[i] = static_cast<std::uint32_t>(
                std::lower_bound(names.begin(), names.end(), p.name) - names.begin());
            ft.push_back(truth[i]);
            fp.push_back(predicted[i]);
        }
        const EvalReport fr = evaluate(names, ft, fp);
        result.fold_accuracy.push_back(fr.accuracy);
        result.fold_macro_f1.push_back(fr.macro_f1);
        if (fold_done) fold_done(f + 1, k, fr.accuracy);
    }
    result.pooled = evaluate(names, truth, predicted);
    return result;
}

} // namespace earshot
