#pragma once
// VADER (Hutto & Gilbert 2014) as a faithful C++ port of the npm package `vader-sentiment` 1.1.3: same lexicon
// (turned into core data at build time, never committed), same tokenisation quirks, negation, boosters and dampeners,
// ALL-CAPS emphasis, "but", "least", idioms and !/? emphasis. vader_polarity(text).compound matches the package's
// polarity_scores(text).compound (tests/js/vader_port.test.mjs checks thousands of texts).
//
// Deterministic: only + - * / and sqrt decide a score, so native and WebAssembly agree bit for bit.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace earshot {

struct VaderScores {
    double neg = 0, neu = 0, pos = 0; ///< proportions (rounded to 3 decimals, like the package)
    double compound = 0;              ///< normalised sum in [-1, 1] (rounded to 4 decimals, like the package)
};

/// One word that carried valence, for explanations.
struct VaderWord {
    std::string_view word; ///< as it appears in the text (a view into the analysed text)
    double valence = 0;    ///< after boosters, negation, caps and "but"
};

/// Scores text. When words is given, it receives every word with a non-zero valence (views into text).
VaderScores vader_polarity(std::string_view text, std::vector<VaderWord>* words = nullptr);

/// VADER with a customer-service calibration of the lexicon: request words VADER rates positive ("please",
/// "help", "support") count as neutral, and service-failure words it lacks ("late", "stranded", "overcharged",
/// "still", "again") carry negative valence. Same rules otherwise.
VaderScores vader_polarity_cs(std::string_view text, std::vector<VaderWord>* words = nullptr);

/// Both of the above from one split of the text (the words are looked up in both lexicons once):
/// plain = vader_polarity(text), cs = vader_polarity_cs(text, cs_words).
void vader_polarity_both(std::string_view text, VaderScores& plain, VaderScores& cs,
                         std::vector<VaderWord>* cs_words = nullptr);

/// Valence of a lowercase lexicon entry, or 0 with found=false.
double vader_lexicon_valence(std::string_view lower_token, bool* found = nullptr) noexcept;

/// Number of lexicon entries and approximate heap bytes the loaded lexicon uses.
std::size_t vader_lexicon_size() noexcept;
std::size_t vader_lexicon_memory_bytes() noexcept;

} // namespace earshot
