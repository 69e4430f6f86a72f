#pragma once
// Internal to the drafting area: word splitting and phrase matching shared by PII detection, the linter,
// commitments and drafting. Offsets are UTF-8 byte offsets into the text that was split.

#include "earshot/lint.hpp"
#include "earshot/pii.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fnv1a.hpp"

namespace earshot::detail {

struct Word {
    std::uint32_t begin = 0; ///< byte offset
    std::uint32_t end = 0;
    bool punct = false;      ///< a single punctuation/symbol character
    bool ascii = true;       ///< every byte of text[begin, end) is ASCII
    std::uint16_t digits = 0;  ///< ASCII digits in text[begin, end) (saturates at 0xFFFF)
    std::string norm;        ///< lowercase (ASCII), curly apostrophes made straight
    std::uint64_t hash = 0;  ///< fnv1a(norm), for phrase lookups
    std::uint16_t letters = 0; ///< ASCII letters in text[begin, end) (saturates at 0xFFFF)
    std::uint16_t upper = 0;   ///< ASCII capitals in text[begin, end) (saturates at 0xFFFF)
};

/// Splits text into words (letters/digits/non-ASCII with inner ' and -) and single punctuation characters.
/// Whitespace separates and is dropped. Curly quotes U+2018/U+2019 inside a word count as an apostrophe; dashes
/// U+2013/U+2014, curly double quotes and the ellipsis are punctuation.
std::vector<Word> split_words(std::string_view text);

struct Phrase {
    std::vector<std::string> words; ///< "apologi*" prefix, "*" any word
    std::vector<std::uint64_t> hashes; ///< fnv1a of each exact word (0 for "*" and prefix words)
    std::string text;               ///< the phrase as written (without the replacement)
    std::string replacement;        ///< after "=>", may be empty
};

struct PhraseMatch {
    int phrase = -1;
    std::uint32_t first = 0; ///< index of the first word
    std::uint32_t last = 0;  ///< one past the last word
    std::uint32_t begin = 0; ///< byte span
    std::uint32_t end = 0;
};

/// A compiled phrase list. Finds leftmost-longest, non-overlapping matches.
class PhraseSet {
public:
    PhraseSet() = default;
    explicit PhraseSet(const std::vector<std::string>& entries);

    /// Appends every match within words[from, to) to out. With mask (from PhraseIndex::masks over the same words),
    /// words whose mask lacks bit are skipped without a lookup (no phrase of this set can start there).
    void find(const std::vector<Word>& words, std::vector<PhraseMatch>& out, std::size_t from = 0,
              std::size_t to = static_cast<std::size_t>(-1), const std::uint32_t* mask = nullptr,
              std::uint32_t bit = 0) const;
    std::vector<PhraseMatch> find_all(const std::vector<Word>& words, const std::uint32_t* mask = nullptr,
                                      std::uint32_t bit = 0) const;
    /// True when some phrase matches within words[from, to).
    bool any(const std::vector<Word>& words, std::size_t from = 0, std::size_t to = static_cast<std::size_t>(-1),
             const std::uint32_t* mask = nullptr, std::uint32_t bit = 0) const;
    /// Length in words of the longest phrase starting at word i (0: none); sets phrase index.
    std::size_t match_at(const std::vector<Word>& words, std::size_t i, std::size_t to, int& phrase) const;

    const Phrase& phrase(int i) const { return phrases_[static_cast<std::size_t>(i)]; }
    /// The bit this set has in a PhraseIndex (PhraseIndex::add sets it; 0xFFFFFFFF: not indexed, never skip).
    std::uint32_t index_bit() const noexcept { return index_bit_; }
    bool empty() const noexcept { return phrases_.empty(); }
    int size() const noexcept { return static_cast<int>(phrases_.size()); }

private:
    friend class PhraseIndex;
    std::uint32_t index_bit_ = 0xFFFFFFFFu;
    std::vector<Phrase> phrases_;
    std::vector<std::pair<std::uint64_t, std::vector<int>>> by_first_; ///< sorted by the first word's hash
    std::vector<std::int32_t> first_slots_; ///< open addressing: first word's hash -> its first by_first_ index (-1)
    std::vector<std::vector<std::uint64_t>> second_; ///< per by_first_ bucket: each phrase's second-word hash (0: any)
    std::uint64_t bloom_[4] = {0, 0, 0, 0};      ///< first-word hashes seen (256-bit filter)
    std::vector<int> wild_any_;                  ///< phrases starting with a lone "*"
    std::vector<std::vector<int>> wild_by_char_; ///< prefix-first phrases by the prefix's first byte (256 buckets)
};

/// Several phrase sets indexed together by their first words: one lookup per word gives a bitmask of the sets
/// that may have a phrase starting there (a superset: a set whose bit is clear certainly has none).
class PhraseIndex {
public:
    /// Indexes set under bit (1u << n, n < 32). Call before masks().
    void add(PhraseSet& set, std::uint32_t bit);
    /// One mask per word.
    void masks(const std::vector<Word>& words, std::vector<std::uint32_t>& out) const;

private:
    void insert(std::uint64_t hash, std::uint32_t bit);
    std::vector<std::pair<std::uint64_t, std::uint32_t>> table_; ///< open addressing on the first word's hash
    std::size_t used_ = 0;
    std::vector<std::pair<std::string, std::uint32_t>> prefixes_[256]; ///< "apologi*" by first byte
    std::uint32_t any_ = 0;                                           ///< sets with a phrase starting with "*"
};

/// PiiDetector::detect(text) for text already split into words (words must be split_words(text)).
struct PiiAccess {
    static std::vector<PiiSpan> detect(const PiiDetector& d, std::string_view text, const std::vector<Word>& words);
};

/// ReplyLinter::lint_all(replies, ctx, mention_pii) with the mention's words already split
/// (mention_words must be split_words(ctx.mention_text)).
struct LintAccess {
    static std::vector<LintReport> lint_all(const ReplyLinter& linter, const std::vector<std::string_view>& replies,
                                            const ReplyContext& ctx, std::vector<PiiSpan> mention_pii,
                                            const std::vector<Word>& mention_words);
};

/// Sentence boundaries over words: returns [first, last) word index ranges, split after '.', '!', '?', ';'
/// (not inside numbers), and at newlines in the text.
std::vector<std::pair<std::size_t, std::size_t>> sentences(std::string_view text, const std::vector<Word>& words);

/// The first concrete time expression within words[from, to) resolved against sent_ms (local offset in minutes):
/// sets due_ms and the word range [first, last). Defined in commitments.cpp.
bool find_due(const std::vector<Word>& words, std::size_t from, std::size_t to, std::int64_t sent_ms,
              int offset_minutes, std::int64_t& due_ms, std::size_t& first, std::size_t& last);

/// ASCII lowercase.
std::string lower_ascii(std::string_view s);

/// Crude English stem for overlap checks: lowercase, strips 's, -ing, -ed, -es, -s.
std::string stem(std::string_view word);

/// True for common English function words ("the", "my", "is", ...).
bool is_stopword(std::string_view lower_word);

/// Capitalises the first ASCII letter of s.
std::string capitalize(std::string s);

} // namespace earshot::detail
