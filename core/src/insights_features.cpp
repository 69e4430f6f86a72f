// Grouping features of one mention: content-word stems (stop words dropped, light suffix stripping, a few concepts
// that paraphrases share) and cause entities, plus a SimHash over them.
//
// extract_features is the plain reference; FeatureExtractor gives the same features from a memo of every word it has
// analysed (each word of a text is scanned and hashed once, then looked up), which is what a busy stream uses.

#include "earshot/insights.hpp"
#include "insights_detail.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string>

namespace earshot::insights {

namespace {

constexpr std::string_view kStopWords[] = {
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "aren't",
    "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can",
    "can't", "cannot", "could", "couldn't", "did", "didn't", "do", "does", "doesn't", "doing", "don't", "down",
    "during", "each", "even", "ever", "every", "few", "for", "from", "further", "get", "got", "gonna", "had",
    "hadn't", "has", "hasn't", "have", "haven't", "having", "he", "her", "here", "hers", "herself", "him",
    "himself", "his", "how", "i", "i'd", "i'll", "i'm", "i've", "if", "in", "into", "is", "isn't", "it", "it's",
    "its", "itself", "just", "let", "like", "me", "more", "most", "much", "my", "myself", "no", "nor", "not",
    "now", "of", "off", "on", "once", "one", "only", "or", "other", "our", "ours", "out", "over", "own", "please",
    "pls", "really", "same", "she", "should", "so", "some", "still", "such", "than", "thank", "thanks", "that",
    "that's", "the", "their", "them", "then", "there", "these", "they", "this", "those", "through", "to", "too",
    "under", "until", "up", "us", "very", "was", "wasn't", "we", "we're", "were", "weren't", "what", "when",
    "where", "which", "while", "who", "whom", "why", "will", "with", "won't", "would", "wouldn't", "yet", "you",
    "you're", "your", "yours", "already", "anyone", "anything", "guys", "hey", "hi", "hello", "lol",
    "omg", "wtf", "today", "yesterday", "im", "ive", "dont", "cant", "wont", "u", "ur", "via", "amp",
    "since", "ago", "yes", "ok", "okay", "going", "want", "need", "make", "made", "say", "said", "know", "see",
    "way", "time", "day", "days", "hours", "hour", "week", "minutes"};

/// Paraphrases of the same complaint meet on one concept ("double charged" / "charged twice", "lost" / "missing").
constexpr std::pair<std::string_view, std::string_view> kConcepts[] = {
    {"twic", "twice"},      {"doubl", "twice"},     {"two", "twice"},       {"duplicat", "twice"},
    {"lat", "delay"},       {"delay", "delay"},     {"crash", "crash"},     {"freez", "crash"},
    {"brok", "broken"},     {"broken", "broken"},   {"faulty", "broken"},   {"defectiv", "broken"},
    {"damag", "broken"},    {"cancell", "cancel"},  {"cancellation", "cancel"}, {"lost", "missing"},
    {"miss", "missing"},    {"missing", "missing"}, {"bill", "charg"},      {"packag", "parcel"},
    {"baggag", "bag"},      {"luggag", "bag"},      {"suitcas", "bag"},     {"log", "login"},
    {"signin", "login"},    {"website", "site"},    {"refund", "refund"},   {"wait", "wait"}};

/// Word lists as flat hash maps of their FNV-1a hashes (built once).
struct Lexicon {
    detail::FlatMap<std::uint8_t> stops;
    detail::FlatMap<std::string_view> concepts;
    Lexicon() {
        for (auto w : kStopWords) stops[detail::fnv1a(w)] = 1;
        for (const auto& [from, to] : kConcepts) concepts[detail::fnv1a(from)] = to;
    }
};

const Lexicon& lexicon() {
    static const Lexicon lex;
    return lex;
}

/// Light suffix stripping so "delayed", "delays" and "delay" (and "charges", "charged") meet. In place on w[0..n).
std::size_t stem(char* w, std::size_t n) {
    auto ends = [&](std::string_view s) {
        return n > s.size() + 2 && std::string_view(w + n - s.size(), s.size()) == s;
    };
    if (ends("ies")) {
        n -= 3;
        w[n++] = 'y';
    } else if (ends("ing")) {
        n -= 3;
    } else if (ends("ed")) {
        n -= 2;
    } else if (ends("s") && !ends("ss") && !ends("us")) {
        n -= 1;
    }
    if (n > 3 && w[n - 1] == 'e') --n;
    // doubled final consonant after stripping ("stopped" -> "stopp" -> "stop")
    if (n > 3 && w[n - 1] == w[n - 2] && w[n - 1] != 'l' && w[n - 1] != 's' &&
        std::string_view("aeiou").find(w[n - 1]) == std::string_view::npos)
        --n;
    return n;
}


/// Byte classes for scan_words: chunk separators, and the bytes without which a chunk cannot be a URL, an e-mail
/// address or a handle (so most chunks skip those checks).
constexpr std::uint8_t kSpace = 1, kMarker = 2, kAlnum = 4;
constexpr std::array<std::uint8_t, 256> kByteClass = [] {
    std::array<std::uint8_t, 256> t{};
    t[' '] = t['\n'] = t['\t'] = t['\r'] = kSpace;
    t['@'] = t[':'] = t['/'] = kMarker;
    for (int c = '0'; c <= '9'; ++c) t[static_cast<std::size_t>(c)] = kAlnum;
    for (int c = 'a'; c <= 'z'; ++c) t[static_cast<std::size_t>(c)] = t[static_cast<std::size_t>(c - 'a' + 'A')] = kAlnum;
    return t;
}();

inline bool ascii_alnum(unsigned char c) { return kByteClass[c] == kAlnum; }

/// Length of the UTF-8 sequence starting at s[i] that counts as part of a word (letters of other scripts), or 0 when
/// it is a separator (general punctuation, symbols, emoji, invalid bytes).
inline std::size_t utf8_word_len(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    if (len == 0 || i + len > s.size()) return 0;
    for (std::size_t k = 1; k < len; ++k)
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
    if (len == 4) return 0;                          // emoji and other astral symbols
    if (c == 0xE2 || c == 0xE3 || c == 0xEF) return 0; // punctuation, symbols, CJK punctuation, variation selectors
    if (c == 0xC2) return 0;                         // Latin-1 punctuation (nbsp, inverted marks, ...)
    return len;
}

inline bool is_curly_apostrophe(std::string_view s, std::size_t i) {
    return i + 2 < s.size() + 0 && static_cast<unsigned char>(s[i]) == 0xE2 && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
           (static_cast<unsigned char>(s[i + 2]) == 0x99 || static_cast<unsigned char>(s[i + 2]) == 0x98);
}

/// Calls f(word_begin, word_end, hashtag) for each content word candidate of text: letters/digits (and letters of
/// other scripts) with inner apostrophes or hyphens; @handles, URLs and e-mail addresses are skipped.
template <class F>
void scan_words(std::string_view s, F&& f) {
    const std::size_t n = s.size();
    std::size_t i = 0;
    while (i < n) {
        // one whitespace-separated chunk [i, e)
        while (i < n && kByteClass[static_cast<unsigned char>(s[i])] == kSpace) ++i;
        std::size_t e = i;
        std::uint8_t marks = 0;
        for (; e < n; ++e) {
            const auto c = kByteClass[static_cast<unsigned char>(s[e])];
            if (c == kSpace) break;
            marks |= c & kMarker;
        }
        if (i == e) break;
        const std::string_view chunk = s.substr(i, e - i);
        // without '@', ':' or '/' a chunk is none of those (unless it starts with www.)
        const bool plain = marks == 0 && !(chunk.size() >= 4 && (chunk[0] == 'w' || chunk[0] == 'W') &&
                                            (chunk.rfind("www.", 0) == 0 || chunk.rfind("WWW.", 0) == 0));
        const bool url = !plain && (chunk.find("://") != std::string_view::npos || chunk.rfind("www.", 0) == 0 ||
                                    chunk.rfind("WWW.", 0) == 0);
        const auto at = plain ? std::string_view::npos : chunk.find('@');
        const bool email_or_handle = at != std::string_view::npos && (at == 0 || ascii_alnum(static_cast<unsigned char>(chunk[at - 1])));
        bool short_url = false;
        if (!plain && !url && !email_or_handle) {
            // "bit.ly/abc", "example.com/x": a dot between letters before a slash
            const auto slash = chunk.find('/');
            if (slash != std::string_view::npos) {
                const auto dot = chunk.find('.');
                short_url = dot != std::string_view::npos && dot < slash && dot + 1 < chunk.size() &&
                            ascii_alnum(static_cast<unsigned char>(chunk[dot + 1])) && dot > 0 &&
                            ascii_alnum(static_cast<unsigned char>(chunk[dot - 1]));
            }
        }
        if (url || short_url || (email_or_handle && at != 0)) {
            i = e;
            continue;
        }
        std::size_t j = i;
        if (email_or_handle) { // "@handle" (maybe followed by punctuation and more words: skip the handle only)
            ++j;
            while (j < e && (ascii_alnum(static_cast<unsigned char>(s[j])) || s[j] == '_')) ++j;
        }
        while (j < e) {
            const auto c = static_cast<unsigned char>(s[j]);
            bool hashtag = false;
            std::size_t b = j;
            if (c == '#' && j + 1 < e && (ascii_alnum(static_cast<unsigned char>(s[j + 1])) || s[j + 1] == '_')) {
                hashtag = true;
                b = ++j;
            } else if (!(ascii_alnum(c) || utf8_word_len(s, j) > 0)) {
                ++j;
                continue;
            }
            std::size_t w = b;
            while (w < e) {
                const auto d = static_cast<unsigned char>(s[w]);
                if (ascii_alnum(d) || (hashtag && d == '_')) {
                    ++w;
                } else if (const auto ul = d >= 0x80 ? utf8_word_len(s, w) : 0; ul > 0) {
                    w += ul;
                } else if ((d == '\'' || d == '-') && w + 1 < e && w > b && ascii_alnum(static_cast<unsigned char>(s[w + 1]))) {
                    w += 1;
                } else if (is_curly_apostrophe(s, w) && w + 3 < e && w > b && ascii_alnum(static_cast<unsigned char>(s[w + 3]))) {
                    w += 3;
                } else {
                    break;
                }
            }
            if (w > b) f(b, w, hashtag);
            j = w > b ? w : b + 1;
        }
        i = e;
    }
}

/// What one scanned word contributes: its stem (after stop words, length rules, suffix stripping and concepts) in
/// `out`, or false when it is not a content word. `word` is the word as written (any case), `hashtag` when it
/// followed a '#'.
bool analyse_word(std::string_view word, bool hashtag, std::string& out) {
    // normalise: ASCII lowercase, curly apostrophe -> ', runs of 3+ equal letters -> 2
    char buf[64];
    std::size_t n = 0;
    bool digit = hashtag, alpha = false;
    for (std::size_t i = 0; i < word.size() && n < sizeof buf; ++i) {
        char c = word[i];
        if (is_curly_apostrophe(word, i)) {
            c = '\'';
            i += 2;
        }
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c >= '0' && c <= '9') digit = true;
        else if (c != '\'' && c != '-') alpha = true;
        if (n >= 2 && buf[n - 1] == c && buf[n - 2] == c && ((c >= 'a' && c <= 'z'))) continue;
        buf[n++] = c;
    }
    if (word.size() > sizeof buf) return false; // not a word
    if (!alpha && !hashtag) return false;       // numbers ("45", "2.99") are not content words
    const auto& lex = lexicon();
    std::string_view w(buf, n);
    if (lex.stops.contains(detail::fnv1a(w))) return false;
    if (n < 3 && !digit) return false;
    std::string_view s = w;
    if (!digit) {
        s = std::string_view(buf, stem(buf, n));
        if (const auto* c = lex.concepts.find(detail::fnv1a(s))) s = *c;
    }
    if (s.size() < 2) return false;
    out.assign(s);
    return true;
}

std::uint64_t stem_feature_id(std::string_view stem) { return detail::fnv1a(stem, detail::fnv1a("w:")); }

/// Collects distinct feature ids and their SimHash votes. Bit-sliced: lane j of byte k counts bit 8k + j, eight
/// counters per 64-bit word, flushed into `ones` before a byte could overflow.
struct IdSet {
    std::vector<std::uint64_t>& ids;
    std::array<std::uint64_t, 8> lanes{};
    std::array<int, 64> ones{};
    int in_lanes = 0;
    explicit IdSet(std::vector<std::uint64_t>& out) : ids(out) { ids.clear(); }
    void flush() {
        for (std::size_t j = 0; j < 8; ++j) {
            for (std::size_t k = 0; k < 8; ++k) ones[8 * k + j] += static_cast<int>((lanes[j] >> (8 * k)) & 0xff);
            lanes[j] = 0;
        }
        in_lanes = 0;
    }
    /// False when id was already there.
    bool add(std::uint64_t id) {
        for (auto x : ids)
            if (x == id) return false;
        ids.push_back(id);
        const std::uint64_t h = detail::mix64(id);
        for (std::size_t j = 0; j < 8; ++j) lanes[j] += (h >> j) & 0x0101010101010101ULL;
        if (++in_lanes == 255) flush();
        return true;
    }
    /// SimHash (a bit is set when more features have it than not); sorts the ids.
    std::uint64_t finish() {
        flush();
        std::uint64_t sh = 0;
        const int n = static_cast<int>(ids.size());
        for (int b = 0; b < 64; ++b) sh |= static_cast<std::uint64_t>(2 * ones[static_cast<std::size_t>(b)] > n) << b;
        std::sort(ids.begin(), ids.end());
        return sh;
    }
};

/// The cause entities of a mention into f (ids added to `set`).
void add_entities(Features& f, IdSet& set, const std::vector<EntityRef>& entities) {
    std::size_t n = 0;
    for (const auto& e : entities) {
        if (!is_cause_entity(e.type) || e.value.empty()) continue;
        const auto id = detail::entity_feature_id(e.type, e.value);
        if (!set.add(id)) continue;
        if (n == f.cause_entities.size()) f.cause_entities.emplace_back();
        std::string& key = f.cause_entities[n++];
        key.assign(e.type);
        key += ':';
        key += e.value;
        f.entity_ids.push_back(id);
    }
    f.cause_entities.resize(n);
}

} // namespace

bool is_cause_entity(std::string_view type) noexcept {
    return type == "flight_number" || type == "product" || type == "place" || type == "amount" || type == "fee" ||
           type == "location" || type == "store";
}

std::uint64_t detail::entity_feature_id(std::string_view type, std::string_view value) {
    std::uint64_t h = detail::fnv1a(type, detail::fnv1a("e:"));
    h = detail::fnv1a(":", h);
    for (char c : value) {
        const char l = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
        h ^= static_cast<unsigned char>(l);
        h *= detail::kFnvPrime;
    }
    return h;
}

Features extract_features(std::string_view text, const std::vector<EntityRef>& entities) {
    Features f;
    detail::extract_features_into(f, text, entities);
    return f;
}

void detail::extract_features_into(Features& f, std::string_view text, const std::vector<EntityRef>& entities) {
    IdSet set(f.ids);
    f.stem_ids.clear();
    f.entity_ids.clear();
    f.words.clear();
    std::size_t n_stems = 0;
    std::string s;
    scan_words(text, [&](std::size_t b, std::size_t e, bool hashtag) {
        if (!analyse_word(text.substr(b, e - b), hashtag, s)) return;
        const auto id = stem_feature_id(s);
        if (!set.add(id)) return;
        if (n_stems == f.stems.size()) {
            f.stems.emplace_back();
            f.surface.emplace_back();
        }
        f.stems[n_stems].assign(s);
        std::string& surf = f.surface[n_stems];
        surf.assign(text.substr(b, e - b));
        for (auto& c : surf)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        f.stem_ids.push_back(id);
        ++n_stems;
    });
    f.stems.resize(n_stems);
    f.surface.resize(n_stems);
    add_entities(f, set, entities);
    f.simhash = set.finish();
}

// --- the memoising extractor -------------------------------------------------------------------------------------

struct FeatureExtractor::Impl {
    struct Word {
        std::string surface; ///< lowercase as written (the memo key, with the hashtag flag)
        std::string stem;    ///< empty: not a content word
        std::uint64_t id = 0; ///< stem feature id (0: not a content word)
        bool hashtag = false;
    };
    std::vector<Word> words;
    detail::FlatMap<std::uint32_t> by_key; ///< hash(lowercase word, hashtag) (re-mixed on a collision) -> index
    Features out;
    std::string scratch;
    char lower[64];

    std::uint32_t lookup(std::string_view text, std::size_t b, std::size_t e, bool hashtag) {
        // lowercase copy and hash in one pass (words longer than 64 bytes are never content words)
        const std::size_t n = e - b;
        std::uint64_t h = hashtag ? 0x84222325cbf29ce4ULL : detail::kFnvBasis;
        for (std::size_t i = 0; i < n; ++i) {
            char c = text[b + i];
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
            lower[i] = c;
            h ^= static_cast<unsigned char>(c);
            h *= detail::kFnvPrime;
        }
        const std::string_view key(lower, n);
        for (;;) {
            bool fresh = false;
            auto& idx = by_key.get(h, &fresh);
            if (fresh) {
                idx = static_cast<std::uint32_t>(words.size());
                Word& w = words.emplace_back();
                w.surface.assign(key);
                w.hashtag = hashtag;
                if (analyse_word(key, hashtag, scratch)) {
                    w.stem = scratch;
                    w.id = stem_feature_id(scratch);
                }
                return idx;
            }
            const Word& w = words[idx];
            if (w.hashtag == hashtag && w.surface == key) return idx;
            h = detail::mix64(h + 0x9e3779b97f4a7c15ULL); // another word with the same hash: probe on
        }
    }
};

FeatureExtractor::FeatureExtractor() : impl_(std::make_unique<Impl>()) {}
FeatureExtractor::~FeatureExtractor() = default;
FeatureExtractor::FeatureExtractor(FeatureExtractor&&) noexcept = default;
FeatureExtractor& FeatureExtractor::operator=(FeatureExtractor&&) noexcept = default;

std::string_view FeatureExtractor::stem(std::uint32_t word) const { return impl_->words.at(word).stem; }
std::string_view FeatureExtractor::surface(std::uint32_t word) const { return impl_->words.at(word).surface; }
std::size_t FeatureExtractor::word_count() const noexcept { return impl_->words.size(); }

const Features& FeatureExtractor::extract(std::string_view text, const std::vector<EntityRef>& entities) {
    auto& d = *impl_;
    Features& f = d.out;
    IdSet set(f.ids);
    f.stem_ids.clear();
    f.entity_ids.clear();
    f.words.clear();
    f.stems.clear();
    f.surface.clear();
    scan_words(text, [&](std::size_t b, std::size_t e, bool hashtag) {
        if (e - b > sizeof d.lower) return; // not a word
        const auto wi = d.lookup(text, b, e, hashtag);
        const auto id = d.words[wi].id;
        if (id == 0 || !set.add(id)) return;
        f.stem_ids.push_back(id);
        f.words.push_back(wi);
    });
    add_entities(f, set, entities);
    f.simhash = set.finish();
    return f;
}

} // namespace earshot::insights
