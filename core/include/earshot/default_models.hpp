#pragma once
// The shipped default models (sentiment, complaint, category), trained at build time by earshot_modelgen from the
// development set and embedded into the `earshot_models` library (link earshot::models to use them).

#include "earshot/triage.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace earshot {

/// The built-in models; any of them is null when the build had none (then triage uses rules only).
TriageModels default_triage_models();

/// Parses a model file (TextClassifier::serialize format); null with a message in error when invalid.
std::shared_ptr<const TextClassifier> load_model(std::string_view bytes, std::string& error);

/// Heap bytes of the default models plus the VADER lexicon (for the memory report).
std::size_t default_models_memory_bytes();

} // namespace earshot
