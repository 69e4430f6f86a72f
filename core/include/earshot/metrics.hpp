#pragma once
// Evaluation of a classifier: accuracy, macro-F1, per-class precision/recall/F1, confusion matrix, and stratified
// K-fold cross-validation of TextClassifier. Pure and deterministic.

#include "earshot/classifier.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace earshot {

struct ClassMetrics {
    std::string label;
    std::uint32_t support = 0;   ///< true examples of this label
    std::uint32_t predicted = 0; ///< examples predicted as this label
    double precision = 0;
    double recall = 0;
    double f1 = 0;
};

struct Confusion {
    std::uint32_t truth = 0;     ///< label index
    std::uint32_t predicted = 0; ///< label index
    std::uint32_t count = 0;
};

struct EvalReport {
    std::vector<std::string> labels;
    std::vector<std::uint32_t> confusion; ///< labels.size()^2, row = true label, column = predicted label
    std::size_t total = 0;
    std::size_t correct = 0;
    double accuracy = 0;
    double macro_f1 = 0;                  ///< mean F1 over labels that occur as truth or prediction
    std::vector<ClassMetrics> per_class;  ///< in labels order

    std::uint32_t at(std::size_t truth, std::size_t predicted) const { return confusion[truth * labels.size() + predicted]; }
    /// The k largest off-diagonal cells, largest first (ties: by truth, then predicted index).
    std::vector<Confusion> top_confusions(std::size_t k) const;
};

/// Builds a report from label indices (each < labels.size()).
EvalReport evaluate(const std::vector<std::string>& labels, const std::vector<std::uint32_t>& truth,
                    const std::vector<std::uint32_t>& predicted);

struct CrossValidationResult {
    EvalReport pooled;                  ///< every example predicted by the model that did not see it
    std::vector<double> fold_accuracy;  ///< per fold
    std::vector<double> fold_macro_f1;
};

/// Stratified K-fold cross-validation (folds drawn with options.seed). fold_done(fold 1..k, k, accuracy) is
/// called after each fold; options.progress still reports epochs inside each fold. Throws std::invalid_argument
/// for k < 2, k > number of examples, or bad training input.
CrossValidationResult cross_validate(const std::vector<std::string>& texts, const std::vector<std::string>& labels,
                                     const TrainOptions& options, int k,
                                     const std::function<void(int fold, int k, double accuracy)>& fold_done = {});

} // namespace earshot
