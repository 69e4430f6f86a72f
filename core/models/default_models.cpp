#include "earshot/default_models.hpp"

#include "earshot/vader.hpp"

#if __has_include("earshot/classifier.hpp")
#include "earshot/classifier.hpp"
#define EARSHOT_HAVE_CLASSIFIER 1
#endif

namespace earshot {

TriageModels default_triage_models() { return {}; }

std::shared_ptr<const TextClassifier> load_model(std::string_view bytes, std::string& error) {
#ifdef EARSHOT_HAVE_CLASSIFIER
    auto m = TextClassifier::deserialize(bytes, &error);
    if (!m) return nullptr;
    return std::make_shared<const TextClassifier>(std::move(*m));
#else
    (void)bytes;
    error = "this build has no text classifier";
    return nullptr;
#endif
}

std::size_t default_models_memory_bytes() { return vader_lexicon_memory_bytes(); }

} // namespace earshot
