#pragma once
// What the default triage models see: the mention text plus marker words for the customer-service cues
// ("xxcue2 xxsarcasm xxvneg3 ..."), so a linear model learns how much to trust each rule. Shared by the model
// generator (training) and the Triager (prediction) so both build exactly the same input.

#include "earshot/classifier.hpp"
#include "earshot/cues.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace earshot {

/// Feature and training settings of the shipped models (word 1-2-grams, stems, specials; fast to apply).
TrainOptions triage_train_options();

/// Marker words for a cue analysis ("xxvneg2 xxrneg3 xxcue1 xxrepeat").
std::string cue_markers(const CueAnalysis& cues, bool shouting);
/// out = cue_markers(cues, shouting), reusing out's storage.
void cue_markers_into(const CueAnalysis& cues, bool shouting, std::string& out);

/// text + ' ' + cue_markers(analyze_cues(text)).
std::string with_cue_features(std::string_view text);
std::vector<std::string> with_cue_features(const std::vector<std::string>& texts);

} // namespace earshot
