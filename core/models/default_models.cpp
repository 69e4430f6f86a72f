#include "earshot/default_models.hpp"

#include "earshot/classifier.hpp"
#include "earshot/vader.hpp"

#include <stdexcept>

namespace earshot::data {
std::string_view model_sentiment_bin() noexcept; // trained at build time by earshot_modelgen
std::string_view model_complaint_bin() noexcept;
std::string_view model_category_bin() noexcept;
} // namespace earshot::data

namespace earshot {

std::shared_ptr<const TextClassifier> load_model(std::string_view bytes, std::string& error) {
    auto m = TextClassifier::deserialize(bytes, &error);
    if (!m) return nullptr;
    return std::make_shared<const TextClassifier>(std::move(*m));
}

TriageModels default_triage_models() {
    static const TriageModels models = [] {
        TriageModels m;
        std::string error;
        m.sentiment = load_model(data::model_sentiment_bin(), error);
        m.complaint = load_model(data::model_complaint_bin(), error);
        m.category = load_model(data::model_category_bin(), error);
        if (!m.sentiment || !m.complaint || !m.category)
            throw std::logic_error("earshot: embedded default model is invalid: " + error);
        return m;
    }();
    return models;
}

std::size_t default_models_memory_bytes() {
    const TriageModels m = default_triage_models();
    return vader_lexicon_memory_bytes() + m.sentiment->memory_bytes() + m.complaint->memory_bytes() +
           m.category->memory_bytes();
}

} // namespace earshot
