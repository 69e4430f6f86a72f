#pragma once
// Wire layer of the trainable classifier: reading labeled examples from CSV or NDJSON, and the JSON forms of
// training options, predictions, explanations and evaluation reports (shared by the CLI and the wasm bindings).

#include "earshot/classifier.hpp"
#include "earshot/metrics.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace earshot::wire {

enum class DataFormat { Csv, Ndjson };

struct LabeledData {
    std::vector<std::string> texts;
    std::vector<std::string> labels;  ///< empty when no label field was asked for
    std::vector<std::size_t> lines;   ///< 1-based line of each example in the input
};

/// Reads examples from CSV (with a header row) or NDJSON (one JSON object per line; fields may be dotted paths
/// like "triage.category.id"). label_field may be empty to read texts only. Labels may be strings, numbers or
/// booleans (converted to text). Errors name the line and field: `line 7: field "category" is missing`.
std::optional<LabeledData> read_labeled(std::string_view data, DataFormat format, const std::string& text_field,
                                        const std::string& label_field, std::string* error);

/// Looks up a field by name, or by dotted path when no field has the literal name; nullptr when absent.
const nlohmann::json* find_field(const nlohmann::json& object, const std::string& path);

/// {"epochs","learning_rate","l2","seed","min_df","features":{...}}
nlohmann::json train_options_to_json(const TrainOptions& options);
/// Reads the fields that are present (others keep their value in *options); false + message for wrong types or
/// out-of-range values. Unknown keys are rejected so a typo is not silently ignored.
bool train_options_from_json(const nlohmann::json& j, TrainOptions& options, std::string* error);

/// {"label","confidence","probabilities":{label: p}} with scores rounded to 4 decimals.
nlohmann::json prediction_to_json(const TextClassifier& model, const Prediction& p);
/// [{"feature","value","weight","contribution"}] rounded to 4 decimals.
nlohmann::json contributions_to_json(const std::vector<Contribution>& c);
/// {"examples","correct","accuracy","macro_f1","per_class":[...],"top_confusions":[...],"labels":[...],
///  "confusion":[[...]]} (the full matrix only when full_matrix).
nlohmann::json report_to_json(const EvalReport& r, bool full_matrix = true);

/// Standard base64 (RFC 4648, with padding), for carrying binary models in JSON.
std::string base64_encode(std::string_view bytes);
/// Decodes base64 (whitespace ignored); nullopt on any other invalid character or bad length.
std::optional<std::string> base64_decode(std::string_view text);

} // namespace earshot::wire
