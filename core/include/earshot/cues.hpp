#pragma once
// Customer-service cues: what VADER misses in mentions to companies. Complaints with no negative word ("my bag has
// been missing for 3 days", "second time my order is late", "still waiting", "been on hold 2 hours"), sarcasm
// ("great, another delay", "thanks for nothing"), emoji, ALL CAPS, and the phrases behind the triage signals
// (repeat contact, churn and legal threats, safety, time pressure, questions, spam, profanity).

#include "earshot/tokenizer.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace earshot {

struct CueAnalysis {
    double vader = 0;  ///< plain VADER compound (the npm package's number)
    double score = 0;  ///< calibrated rule sentiment in [-1, 1]
    std::vector<std::string> sentiment_because; ///< words and rules behind score
    bool complaint_cue = false;     ///< a phrase that signals a service failure
    std::string complaint_cue_text; ///< the first such phrase, as matched
    bool repeat = false, churn = false, legal = false, safety = false, time_sensitive = false, question = false,
         sarcasm = false, profanity = false, negative_emoji = false, positive_emoji = false, spam = false,
         thanks = false;
    int negative_cues = 0; ///< count of complaint phrases
    int positive_cues = 0; ///< count of praise phrases
};

/// Shouting: TextStats::shouting(), or most of at least three words written in capitals ("WHERE IS MY ORDER").
bool is_shouting(const Tokenized& tk) noexcept;

/// Analyses a text (tk must be tokenize(text)). Deterministic; never throws except std::bad_alloc.
CueAnalysis analyze_cues(std::string_view text, const Tokenized& tk);
/// out = analyze_cues(text, tk), reusing out's strings; without explain, sentiment_because and complaint_cue_text
/// stay empty (every other field is the same).
void analyze_cues_into(std::string_view text, const Tokenized& tk, CueAnalysis& out, bool explain);

} // namespace earshot
