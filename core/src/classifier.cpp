#include "earshot/classifier.hpp"

#include "earshot/detmath.hpp"
#include "earshot/utf8.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <unordered_map>

// Determinism notes (native vs wasm must agree bit for bit):
//  - hashes are 64-bit FNV-1a + a fixed finaliser over bytes, never std::hash or size_t;
//  - every sort has a total order; no unordered containers decide anything;
//  - exp/log come from detmath; sqrt is correctly rounded by IEEE 754 on both targets;
//  - floating-point sums run in a fixed order (no parallelism, no -ffast-math).

namespace earshot {

double round4(double x) noexcept {
    if (!(x == x) || x > 1e12 || x < -1e12) return x;
    const double scaled = x * 10000.0;
    const double r = scaled < 0 ? -static_cast<double>(static_cast<std::int64_t>(-scaled + 0.5))
                                : static_cast<double>(static_cast<std::int64_t>(scaled + 0.5));
    return r / 10000.0;
}

namespace {

/// std::bit_cast is missing from Emscripten 3.1.6's libc++.
template <class To, class From>
To bit_cast(const From& from) noexcept {
    static_assert(sizeof(To) == sizeof(From));
    To to;
    std::memcpy(&to, &from, sizeof(To));
    return to;
}


// ---------------------------------------------------------------------------------------------------------------
// Hashing and PRNG

constexpr std::uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
constexpr std::uint64_t kFnvPrime = 0x100000001b3ULL;

constexpr std::uint64_t fnv_bytes(std::uint64_t h, std::string_view s) noexcept {
    for (unsigned char c : s) {
        h ^= c;
        h *= kFnvPrime;
    }
    return h;
}

constexpr std::uint64_t mix64(std::uint64_t z) noexcept {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/// Feature kinds: part of each hash so a word and a character n-gram with the same bytes land apart.
enum Kind : std::uint8_t { kWordGram = 1, kCharGram = 2, kSpecial = 3, kStem = 4, kSkipGram = 5 };

constexpr std::uint64_t kind_seed(Kind k, unsigned n) noexcept { return mix64(kFnvOffset ^ (std::uint64_t(k) << 8 | n)); }

struct SplitMix64 {
    std::uint64_t state;
    std::uint64_t next() noexcept {
        state += 0x9e3779b97f4a7c15ULL;
        return mix64(state);
    }
    /// Uniform in [0, n) (n > 0); the tiny modulo bias is irrelevant for shuffling.
    std::uint64_t below(std::uint64_t n) noexcept { return next() % n; }
};

// ---------------------------------------------------------------------------------------------------------------
// Feature extraction

struct RawFeature {
    std::uint32_t bucket;
    float weight; ///< kind weight (char_weight for character n-grams, else 1)
    friend bool operator<(const RawFeature& a, const RawFeature& b) noexcept {
        return a.bucket != b.bucket ? a.bucket < b.bucket : a.weight < b.weight;
    }
};

/// For explanations: one occurrence of a feature and the readable name it is credited to (character n-grams and
/// stems are credited to their word).
struct NamedFeature {
    std::uint32_t bucket;
    std::string name;
};

/// A feature after merging duplicates: bucket, term frequency and kind weight.
struct TermFeature {
    std::uint32_t bucket;
    std::uint32_t tf;
    float weight;
};

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

/// A light English suffix stripper ("waiting" -> "wait", "charges" -> "charg", "refunded" -> "refund").
std::string_view light_stem(std::string_view w) {
    static constexpr std::string_view kSuffixes[] = {"ations", "ation", "ments", "ment", "ings", "ing", "ies",
                                                     "ied",    "ers",   "ed",    "es",   "er",   "ly",  "s"};
    for (std::string_view suf : kSuffixes) {
        if (w.size() >= suf.size() + 3 && ends_with(w, suf)) {
            if (suf == "s" && (ends_with(w, "ss") || ends_with(w, "us") || ends_with(w, "is"))) return w;
            return w.substr(0, w.size() - suf.size());
        }
    }
    return w;
}


/// word -> [begin, end) range of cached features: open addressing over a key arena (no allocation per lookup).
class CharCache {
public:
    static constexpr std::size_t kMaxEntries = 1u << 14;
    std::size_t size() const noexcept { return count_; }
    void clear() {
        if (count_ == 0) return;
        std::fill(slots_.begin(), slots_.end(), Slot{});
        keys_.clear();
        count_ = 0;
    }
    const std::pair<std::uint32_t, std::uint32_t>* find(std::string_view key, std::uint64_t h) const noexcept {
        if (slots_.empty()) return nullptr;
        for (std::size_t i = h & kMask;; i = (i + 1) & kMask) {
            const Slot& s = slots_[i];
            if (s.len == kEmpty) return nullptr;
            if (s.hash == h && s.len == key.size() && std::memcmp(keys_.data() + s.off, key.data(), key.size()) == 0)
                return &s.range;
        }
    }
    /// Requires size() < kMaxEntries and key not present.
    void insert(std::string_view key, std::uint64_t h, std::pair<std::uint32_t, std::uint32_t> range) {
        if (slots_.empty()) slots_.assign(kMask + 1, Slot{});
        std::size_t i = h & kMask;
        while (slots_[i].len != kEmpty) i = (i + 1) & kMask;
        slots_[i] = {h, static_cast<std::uint32_t>(keys_.size()), static_cast<std::uint32_t>(key.size()), range};
        keys_.append(key.data(), key.size());
        ++count_;
    }

private:
    static constexpr std::size_t kMask = 2 * kMaxEntries - 1;
    static constexpr std::uint32_t kEmpty = 0xFFFFFFFFu;
    struct Slot {
        std::uint64_t hash = 0;
        std::uint32_t off = 0, len = kEmpty;
        std::pair<std::uint32_t, std::uint32_t> range{0, 0};
    };
    std::vector<Slot> slots_;
    std::string keys_;
    std::size_t count_ = 0;
};

constexpr std::uint64_t kHashBos = fnv_bytes(kFnvOffset, "<s>");
constexpr std::uint64_t kHashEos = fnv_bytes(kFnvOffset, "</s>");

/// Reusable buffers of the feature extractor (one per thread on the predict path: no allocation per text).
struct ExtractBuffers {
    std::vector<std::string_view> units;
    std::vector<std::uint64_t> unit_hash;
    std::vector<std::uint32_t> cps;
    std::string padded;
    std::string owner;
    /// Optional memo of each word's character n-gram features (same features, same order; only valid for
    /// char_cache_cfg). Words repeat a lot across mentions, so prediction mostly replays them.
    bool use_char_cache = false;
    FeatureConfig char_cache_cfg;
    CharCache char_cache; ///< word -> range of char_cache_store
    std::vector<RawFeature> char_cache_store;
};

class Extractor {
public:
    Extractor(const FeatureConfig& cfg, ExtractBuffers& buffers)
        : cfg_(cfg), shift_(64u - cfg.hash_bits), units_(buffers.units), unit_hash_(buffers.unit_hash),
          cps_(buffers.cps), padded_(buffers.padded), owner_(buffers.owner), buffers_(buffers) {
        if (buffers.use_char_cache && cfg.char_ngram_min > 0 && !(buffers.char_cache_cfg == cfg)) {
            buffers.char_cache.clear();
            buffers.char_cache_store.clear();
            buffers.char_cache_cfg = cfg;
        }
    }

    /// Appends the features of a text to out (unsorted, with duplicates). names, when given, receives a
    /// human-readable name per distinct feature (unsorted, may repeat).
    void extract(const Tokenized& tok, std::string_view text, std::vector<RawFeature>& out,
                 std::vector<NamedFeature>* names) const {
        extract(tok, nullptr, text, out, names);
    }

    /// extract() of tok's tokens followed by suffix's (when given): the features of tokenize_with_suffix().
    void extract(const Tokenized& tok, const Tokenized* suffix, std::string_view text, std::vector<RawFeature>& out,
                 std::vector<NamedFeature>* names) const {
        (void)text;
        units_.clear();
        unit_hash_.clear();
        const bool special = cfg_.special_tokens;
        if (special) {
            units_.push_back("<s>");
            unit_hash_.push_back(kHashBos);
        }
        const std::size_t n_first = tok.tokens.size();
        const std::size_t n_all = n_first + (suffix ? suffix->tokens.size() : 0);
        for (std::size_t ti = 0; ti < n_all; ++ti) {
            const Token& t = ti < n_first ? tok.tokens[ti] : suffix->tokens[ti - n_first];
            std::string_view unit;
            std::string_view chars; // text for character n-grams
            bool unit_is_norm = false; // unit == t.norm: its hash is t.hash
            switch (t.kind) {
            case TokenKind::Word:
                unit = t.norm;
                unit_is_norm = true;
                chars = t.norm;
                if (special && t.all_caps()) add_special("<caps>", out, names);
                if (special && t.elongated()) add_special("<elong>", out, names);
                break;
            case TokenKind::Hashtag:
                unit = t.norm;
                unit_is_norm = true;
                chars = std::string_view(t.norm).substr(t.norm.empty() ? 0 : 1);
                break;
            case TokenKind::Number: unit = special ? std::string_view("<num>") : std::string_view(t.norm); break;
            case TokenKind::Handle: unit = special ? std::string_view("<handle>") : std::string_view(t.norm); break;
            case TokenKind::Url: unit = special ? std::string_view("<url>") : std::string_view(t.norm); break;
            case TokenKind::Email: unit = special ? std::string_view("<email>") : std::string_view(t.norm); break;
            case TokenKind::Emoji:
                unit = t.norm;
                unit_is_norm = true;
                if (special) add_special("<emoji>", out, names);
                break;
            case TokenKind::Emoticon:
                unit = t.norm;
                unit_is_norm = true;
                if (special) add_special("<emoticon>", out, names);
                break;
            case TokenKind::Punct:
                if (t.norm.find_first_of("!?") != std::string::npos) unit = t.norm.size() > 3 ? std::string_view("!?!") : std::string_view(t.norm);
                break;
            case TokenKind::Symbol:
                unit = t.norm;
                unit_is_norm = true;
                break;
            }
            if (!unit.empty()) {
                units_.push_back(unit);
                unit_hash_.push_back(unit_is_norm ? t.hash : fnv_bytes(kFnvOffset, unit));
            }
            if (names) owner_ = "word:\"" + std::string(unit.empty() ? chars : unit) + "\"";
            if (!chars.empty() && cfg_.char_ngram_min > 0) {
                if (!names && buffers_.use_char_cache)
                    add_char_grams_cached(chars, chars.size() == t.norm.size() ? t.hash : fnv_bytes(kFnvOffset, chars), out);
                else add_char_grams(chars, out, names);
            }
            if (cfg_.stem && t.kind == TokenKind::Word && !t.has_digit()) {
                const std::string_view st = light_stem(t.norm);
                if (st.size() != t.norm.size()) {
                    push(mix64(fnv_bytes(kind_seed(kStem, 0), st)), 1.0f, out);
                    if (names) names->push_back({bucket_of(mix64(fnv_bytes(kind_seed(kStem, 0), st))), owner_});
                }
            }
        }
        TextStats st = tok.stats; // the counts of both lists that decide a feature
        if (suffix) {
            st.words += suffix->stats.words;
            st.caps_words += suffix->stats.caps_words;
            st.exclamation_runs += suffix->stats.exclamation_runs;
        }
        if (special && st.shouting()) add_special("<shout>", out, names);
        if (special && st.exclamation_runs > 0) add_special("<excl_run>", out, names);
        if (special) {
            units_.push_back("</s>");
            unit_hash_.push_back(kHashEos);
        }
        if (cfg_.word_ngram_min > 0) add_word_grams(out, names);
        if (cfg_.skip_window >= 2) add_skip_grams(out, names);
    }

    std::uint32_t bucket_of(std::uint64_t h) const noexcept { return static_cast<std::uint32_t>(h >> shift_); }

private:
    void push(std::uint64_t h, float w, std::vector<RawFeature>& out) const { out.push_back({bucket_of(h), w}); }

    void add_special(std::string_view name, std::vector<RawFeature>& out, std::vector<NamedFeature>* names) const {
        const std::uint64_t h = mix64(fnv_bytes(kind_seed(kSpecial, 0), name));
        push(h, 1.0f, out);
        if (names) names->push_back({bucket_of(h), "special:" + std::string(name)});
    }

    void add_word_grams(std::vector<RawFeature>& out, std::vector<NamedFeature>* names) const {
        const std::size_t n_units = units_.size();
        for (unsigned n = cfg_.word_ngram_min; n <= cfg_.word_ngram_max; ++n) {
            if (n > n_units) break;
            const std::uint64_t seed = kind_seed(kWordGram, n);
            for (std::size_t i = 0; i + n <= n_units; ++i) {
                if (n == 1 && (unit_hash_[i] == kHashBos || unit_hash_[i] == kHashEos) && (units_[i] == "<s>" || units_[i] == "</s>"))
                    continue; // constant: no information
                std::uint64_t h = seed;
                for (std::size_t j = 0; j < n; ++j) h = mix64(h ^ unit_hash_[i + j]) + j;
                h = mix64(h);
                push(h, 1.0f, out);
                if (names) {
                    static constexpr const char* kGramNames[] = {"", "word", "bigram", "trigram"};
                    std::string name = n <= 3 ? kGramNames[n] : std::to_string(n) + "-gram";
                    name += ":\"";
                    for (std::size_t j = 0; j < n; ++j) {
                        if (j) name += ' ';
                        name += units_[i + j];
                    }
                    name += '"';
                    names->push_back({bucket_of(h), std::move(name)});
                }
            }
        }
    }

    void add_skip_grams(std::vector<RawFeature>& out, std::vector<NamedFeature>* names) const {
        const std::size_t n_units = units_.size();
        const std::uint64_t seed = kind_seed(kSkipGram, 0);
        for (std::size_t i = 0; i < n_units; ++i) {
            for (std::size_t d = 2; d <= cfg_.skip_window && i + d < n_units; ++d) {
                const std::uint64_t h = mix64(mix64(seed ^ unit_hash_[i]) + unit_hash_[i + d]);
                push(h, 1.0f, out);
                if (names)
                    names->push_back({bucket_of(h), "pair:\"" + std::string(units_[i]) + " .. " + std::string(units_[i + d]) + "\""});
            }
        }
    }

    /// h = fnv_bytes(kFnvOffset, word)
    void add_char_grams_cached(std::string_view word, std::uint64_t h, std::vector<RawFeature>& out) const {
        auto& cache = buffers_.char_cache;
        auto& store = buffers_.char_cache_store;
        if (const auto* range = cache.find(word, h)) {
            out.insert(out.end(), store.begin() + range->first, store.begin() + range->second);
            return;
        }
        const std::size_t from = out.size();
        add_char_grams(word, out, nullptr);
        if (store.size() > (1u << 18) || cache.size() >= CharCache::kMaxEntries) { // bounded (~2 MB): start over
            cache.clear();
            store.clear();
        }
        const auto b = static_cast<std::uint32_t>(store.size());
        store.insert(store.end(), out.begin() + static_cast<std::ptrdiff_t>(from), out.end());
        cache.insert(word, h, std::make_pair(b, static_cast<std::uint32_t>(store.size())));
    }

    void add_char_grams(std::string_view word, std::vector<RawFeature>& out, std::vector<NamedFeature>* names) const {
        // " word " split into code points; every n-gram of min..max code points.
        // Start offsets in padded_ = " " + word + " " of each code point, then the end offset.
        cps_.assign({0u, 1u});
        std::size_t i = 0;
        while (i < word.size()) {
            std::size_t len = 1;
            const unsigned char c = static_cast<unsigned char>(word[i]);
            if (c >= 0xF0) len = 4;
            else if (c >= 0xE0) len = 3;
            else if (c >= 0xC0) len = 2;
            i = std::min(word.size(), i + len);
            cps_.push_back(static_cast<std::uint32_t>(i + 1)); // the last one is the trailing space
        }
        padded_.assign(1, ' ');
        padded_.append(word);
        padded_.push_back(' ');
        cps_.push_back(static_cast<std::uint32_t>(padded_.size()));
        const std::size_t n_cp = cps_.size() - 1;
        const float w = cfg_.char_weight;
        for (std::size_t start = 0; start < n_cp; ++start) {
            std::uint64_t h = kind_seed(kCharGram, 0);
            for (std::size_t n = 1; n <= cfg_.char_ngram_max && start + n <= n_cp; ++n) {
                const std::string_view piece(padded_.data() + cps_[start + n - 1], cps_[start + n] - cps_[start + n - 1]);
                h = fnv_bytes(h, piece);
                if (n < cfg_.char_ngram_min) continue;
                if (n == 1 && piece == " ") continue;
                const std::uint64_t hh = mix64(h ^ n);
                push(hh, w, out);
                if (names) names->push_back({bucket_of(hh), owner_});
            }
        }
    }

    const FeatureConfig& cfg_;
    unsigned shift_;
    std::vector<std::string_view>& units_;
    std::vector<std::uint64_t>& unit_hash_;
    std::vector<std::uint32_t>& cps_;
    std::string& padded_;
    std::string& owner_; ///< explain: the word that character n-grams and stems are credited to
    ExtractBuffers& buffers_;
};

/// Sorts raw features and merges duplicates into term features.
void merge_features(std::vector<RawFeature>& raw, std::vector<TermFeature>& out) {
    std::sort(raw.begin(), raw.end());
    out.clear();
    for (const RawFeature& f : raw) {
        if (!out.empty() && out.back().bucket == f.bucket) {
            ++out.back().tf;
        } else {
            out.push_back({f.bucket, 1, f.weight});
        }
    }
}

double tf_value(std::uint32_t tf, bool sublinear) {
    if (!sublinear || tf == 1) return static_cast<double>(tf);
    return 1.0 + det_log(static_cast<double>(tf));
}

void validate(const TrainOptions& o) {
    const auto& f = o.features;
    auto bad = [](const std::string& what) { throw std::invalid_argument(what); };
    if (o.epochs < 1 || o.epochs > 10000) bad("epochs must be between 1 and 10000");
    if (!(o.learning_rate > 0) || o.learning_rate > 1e6) bad("learning_rate must be a positive number");
    if (!(o.l2 >= 0) || o.l2 > 1) bad("l2 must be between 0 and 1");
    if (o.min_df < 1) bad("min_df must be at least 1");
    if (o.average && o.l2 > 0) bad("l2 must be 0 with averaged SGD (averaging is the regulariser)");
    if (f.hash_bits < 12 || f.hash_bits > 30) bad("hash_bits must be between 12 and 30");
    if (f.word_ngram_min > f.word_ngram_max || f.word_ngram_max > 6) bad("word n-gram range must satisfy min <= max <= 6");
    if (f.char_ngram_min > f.char_ngram_max || f.char_ngram_max > 10) bad("char n-gram range must satisfy min <= max <= 10");
    if ((f.word_ngram_min == 0) != (f.word_ngram_max == 0)) bad("word n-grams: set both min and max to 0 to disable");
    if ((f.char_ngram_min == 0) != (f.char_ngram_max == 0)) bad("char n-grams: set both min and max to 0 to disable");
    if (f.word_ngram_max == 0 && f.char_ngram_max == 0 && !f.special_tokens) bad("no features enabled");
    if (f.skip_window > 8) bad("skip_window must be at most 8");
    if (!(f.char_weight > 0) || f.char_weight > 1000) bad("char_weight must be positive");
}

constexpr float kIdfStep = 1.0f / 2048.0f; // idf is stored as uint16 in steps of 1/2048

float quantize_idf(double idf) {
    const double q = std::min(65535.0, std::max(0.0, std::floor(idf * 2048.0 + 0.5)));
    return static_cast<float>(q) * kIdfStep;
}

// ---------------------------------------------------------------------------------------------------------------
// Binary model format, version 1 (all integers little-endian):
//   "ESCL" u32 version
//   u8 hash_bits, word_min, word_max, char_min, char_max, skip_window, flags (1 special, 2 stem, 4 sublinear, 8 idf), f32 char_weight
//   u32 n_labels, then per label: u32 length + bytes
//   u32 n_rows, f32 default_idf
//   n_rows bucket deltas (LEB128 varints, strictly increasing buckets)
//   n_rows u16 idf (steps of 1/2048)
//   n_labels f32 scales, n_labels f32 biases
//   per row: ceil(n_labels/8) bytes bitmask of non-zero weights, then the non-zero int8 weights
//   u32 FNV-1a-32 checksum of everything before it

constexpr std::uint32_t kVersion = 1;
constexpr std::uint32_t kMaxLabels = 1u << 16;

struct Writer {
    std::string out;
    void u8(std::uint8_t v) { out.push_back(static_cast<char>(v)); }
    void u16(std::uint16_t v) {
        u8(static_cast<std::uint8_t>(v));
        u8(static_cast<std::uint8_t>(v >> 8));
    }
    void u32(std::uint32_t v) {
        for (int i = 0; i < 4; ++i) u8(static_cast<std::uint8_t>(v >> (8 * i)));
    }
    void f32(float v) { u32(bit_cast<std::uint32_t>(v)); }
    void varint(std::uint32_t v) {
        while (v >= 0x80) {
            u8(static_cast<std::uint8_t>(v | 0x80));
            v >>= 7;
        }
        u8(static_cast<std::uint8_t>(v));
    }
    void bytes(std::string_view s) { out.append(s); }
};

struct Reader {
    std::string_view in;
    std::size_t pos = 0;
    bool ok = true;
    bool need(std::size_t n) {
        if (!ok || in.size() - pos < n) ok = false;
        return ok;
    }
    std::uint8_t u8() {
        if (!need(1)) return 0;
        return static_cast<std::uint8_t>(in[pos++]);
    }
    std::uint16_t u16() {
        if (!need(2)) return 0;
        const std::uint16_t v = static_cast<std::uint16_t>(static_cast<std::uint8_t>(in[pos]) |
                                                           static_cast<std::uint8_t>(in[pos + 1]) << 8);
        pos += 2;
        return v;
    }
    std::uint32_t u32() {
        if (!need(4)) return 0;
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(static_cast<std::uint8_t>(in[pos + i])) << (8 * i);
        pos += 4;
        return v;
    }
    float f32() { return bit_cast<float>(u32()); }
    std::uint32_t varint() {
        std::uint32_t v = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            const std::uint8_t b = u8();
            if (!ok) return 0;
            if (shift == 28 && (b & 0xF0)) {
                ok = false;
                return 0;
            }
            v |= static_cast<std::uint32_t>(b & 0x7f) << shift;
            if (!(b & 0x80)) return v;
        }
        ok = false;
        return 0;
    }
    std::string_view bytes(std::size_t n) {
        if (!need(n)) return {};
        const std::string_view s = in.substr(pos, n);
        pos += n;
        return s;
    }
};

std::uint32_t fnv32(std::string_view s) {
    std::uint32_t h = 0x811c9dc5u;
    for (unsigned char c : s) {
        h ^= c;
        h *= 0x01000193u;
    }
    return h;
}

} // namespace

// -------------------------------------------------------------------------------------------------------------------
// Internal access for training (builds the private representation).

struct ClassifierAccess {
    static TextClassifier train(const std::vector<std::string>& texts, const std::vector<std::string>& labels,
                                const TrainOptions& options);
    static void features(const TextClassifier& m, const Tokenized& tok, std::string_view text,
                         std::vector<TermFeature>& terms, const Tokenized* suffix = nullptr);
    static void score(const TextClassifier& m, const std::vector<TermFeature>& terms, Prediction& p);
    /// Sums the weighted rows of the terms into acc (zeroed, one per label); returns the squared norm. The same
    /// arithmetic in the same order as a plain per-term loop, so results are bit-identical for every label count;
    /// N > 0 fixes the label count at compile time.
    template <std::size_t N, class W>
    static double accumulate(const TextClassifier& m, const std::vector<TermFeature>& terms, float* __restrict acc);
    /// accumulate<0, float> for float rows of NV * 4 padded labels, the sums held in NV 4-lane vectors: each lane
    /// sees the same multiply and add in the same order, so the results are bit-identical to the scalar loop.
    template <std::size_t NV>
    static double accumulate_vec(const TextClassifier& m, const std::vector<TermFeature>& terms, float* __restrict acc);
    struct TermRows;
};

namespace {
/// Scratch buffers reused by predict on one thread.
struct Scratch {
    ExtractBuffers buffers;
    std::vector<RawFeature> raw;
    std::vector<TermFeature> terms;
    std::vector<float> acc;
    std::vector<std::uint32_t> slot_term;  ///< dedupe table: term index + 1, valid when slot_stamp matches
    std::vector<std::uint32_t> slot_stamp;
    std::uint32_t stamp = 0;
};
thread_local Scratch t_scratch;
} // namespace

/// Features of a text with duplicates merged, in order of first occurrence (a hash-based merge: no sort).
void ClassifierAccess::features(const TextClassifier& m, const Tokenized& tok, std::string_view text,
                                std::vector<TermFeature>& terms, const Tokenized* suffix) {
    Scratch& sc = t_scratch;
    sc.buffers.use_char_cache = true;
    Extractor ex(m.config_, sc.buffers);
    auto& raw = sc.raw;
    raw.clear();
    ex.extract(tok, suffix, text, raw, nullptr);
    terms.clear();
    std::size_t size = 64;
    while (size < raw.size() * 2) size <<= 1;
    if (sc.slot_term.size() < size) {
        sc.slot_term.assign(size, 0);
        sc.slot_stamp.assign(size, 0);
        sc.stamp = 0;
    }
    size = sc.slot_term.size();
    if (++sc.stamp == 0) { // wrapped: clear
        std::fill(sc.slot_stamp.begin(), sc.slot_stamp.end(), 0);
        sc.stamp = 1;
    }
    const std::uint32_t mask = static_cast<std::uint32_t>(size - 1);
    for (const RawFeature& f : raw) {
        std::uint32_t slot = (f.bucket * 0x9E3779B1u) & mask;
        while (true) {
            if (sc.slot_stamp[slot] != sc.stamp) {
                sc.slot_stamp[slot] = sc.stamp;
                sc.slot_term[slot] = static_cast<std::uint32_t>(terms.size());
                terms.push_back({f.bucket, 1, f.weight});
                break;
            }
            TermFeature& t = terms[sc.slot_term[slot]];
            if (t.bucket == f.bucket) {
                ++t.tf;
                break;
            }
            slot = (slot + 1) & mask;
        }
    }
}

TextClassifier ClassifierAccess::train(const std::vector<std::string>& texts, const std::vector<std::string>& labels,
                                       const TrainOptions& options) {
    validate(options);
    if (texts.size() != labels.size())
        throw std::invalid_argument("texts and labels differ in size (" + std::to_string(texts.size()) + " vs " +
                                    std::to_string(labels.size()) + ")");
    if (texts.empty()) throw std::invalid_argument("no training examples");
    if (texts.size() > 0x7fffffffu) throw std::invalid_argument("too many training examples");

    TextClassifier model;
    model.config_ = options.features;
    const FeatureConfig& cfg = model.config_;

    // Labels: sorted distinct names.
    model.labels_ = labels;
    std::sort(model.labels_.begin(), model.labels_.end());
    model.labels_.erase(std::unique(model.labels_.begin(), model.labels_.end()), model.labels_.end());
    if (model.labels_.size() < 2) throw std::invalid_argument("need at least two distinct labels to train");
    if (model.labels_.size() > kMaxLabels) throw std::invalid_argument("too many distinct labels");
    const std::size_t n_classes = model.labels_.size();
    const std::size_t n_docs = texts.size();
    std::vector<std::uint32_t> y(n_docs);
    for (std::size_t i = 0; i < n_docs; ++i) {
        y[i] = static_cast<std::uint32_t>(
            std::lower_bound(model.labels_.begin(), model.labels_.end(), labels[i]) - model.labels_.begin());
    }

    // 1. Extract term features of every text.
    ExtractBuffers buffers;
    Extractor ex(cfg, buffers);
    std::vector<std::vector<TermFeature>> docs(n_docs);
    {
        std::vector<RawFeature> raw;
        for (std::size_t i = 0; i < n_docs; ++i) {
            raw.clear();
            ex.extract(tokenize(texts[i]), texts[i], raw, nullptr);
            merge_features(raw, docs[i]);
        }
    }

    // 2. Vocabulary: distinct buckets with document frequency; prune by min_df.
    std::vector<std::uint32_t> all;
    for (const auto& d : docs)
        for (const auto& f : d) all.push_back(f.bucket);
    std::sort(all.begin(), all.end());
    std::vector<std::uint32_t> vocab;
    std::vector<std::uint32_t> df;
    for (std::size_t i = 0; i < all.size();) {
        std::size_t j = i;
        while (j < all.size() && all[j] == all[i]) ++j;
        if (j - i >= options.min_df) {
            vocab.push_back(all[i]);
            df.push_back(static_cast<std::uint32_t>(j - i));
        }
        i = j;
    }
    std::vector<std::uint32_t>().swap(all);
    const std::size_t n_feat = vocab.size();
    std::vector<float> idf(n_feat, 1.0f);
    const double n_plus = static_cast<double>(n_docs) + 1.0;
    // Unknown features count in the norm with the idf of a feature seen in one document.
    float default_idf = cfg.idf ? quantize_idf(det_log(n_plus / 2.0) + 1.0) : 1.0f;
    if (cfg.idf)
        for (std::size_t f = 0; f < n_feat; ++f) idf[f] = quantize_idf(det_log(n_plus / (1.0 + df[f])) + 1.0);

    // 3. Normalised sparse vectors (CSR).
    std::vector<std::uint32_t> row_start(n_docs + 1, 0);
    std::vector<std::uint32_t> col;
    std::vector<float> val;
    for (std::size_t i = 0; i < n_docs; ++i) {
        double norm2 = 0;
        const std::size_t begin = col.size();
        for (const TermFeature& t : docs[i]) {
            const auto it = std::lower_bound(vocab.begin(), vocab.end(), t.bucket);
            const bool known = it != vocab.end() && *it == t.bucket;
            const double v = tf_value(t.tf, cfg.sublinear_tf) * t.weight *
                             (known ? idf[static_cast<std::size_t>(it - vocab.begin())] : default_idf);
            norm2 += v * v;
            if (known) {
                col.push_back(static_cast<std::uint32_t>(it - vocab.begin()));
                val.push_back(static_cast<float>(v));
            }
        }
        if (norm2 > 0) {
            const double inv = 1.0 / std::sqrt(norm2);
            for (std::size_t k = begin; k < col.size(); ++k) val[k] = static_cast<float>(val[k] * inv);
        }
        row_start[i + 1] = static_cast<std::uint32_t>(col.size());
        std::vector<TermFeature>().swap(docs[i]);
    }

    // 4. Multinomial logistic regression by SGD: linearly decaying step, L2 through a global weight scale.
    std::vector<float> W(n_feat * n_classes, 0.0f);
    std::vector<double> bias(n_classes, 0.0);
    double wscale = 1.0;
    // Averaged SGD (Polyak-Ruppert) via the U trick: avg = W - U / t, where U accumulates t * update.
    const bool average = options.average;
    std::vector<float> U(average ? n_feat * n_classes : 0, 0.0f);
    std::vector<double> bias_u(n_classes, 0.0);
    std::vector<float> acc_u(n_classes);
    std::vector<std::uint32_t> order(n_docs);
    for (std::size_t i = 0; i < n_docs; ++i) order[i] = static_cast<std::uint32_t>(i);
    SplitMix64 rng{options.seed};
    std::vector<double> scores(n_classes);
    std::vector<float> acc(n_classes);
    const double total_steps = static_cast<double>(options.epochs) * static_cast<double>(n_docs);
    double step = 0;
    for (int epoch = 1; epoch <= options.epochs; ++epoch) {
        for (std::size_t i = n_docs - 1; i > 0; --i) std::swap(order[i], order[rng.below(i + 1)]);
        double loss = 0;
        for (std::uint32_t d : order) {
            const double lr = options.learning_rate * (1.0 - step / total_steps);
            step += 1;
            std::fill(acc.begin(), acc.end(), 0.0f);
            for (std::uint32_t k = row_start[d]; k < row_start[d + 1]; ++k) {
                const float x = val[k];
                const float* w = &W[static_cast<std::size_t>(col[k]) * n_classes];
                for (std::size_t c = 0; c < n_classes; ++c) acc[c] += x * w[c];
            }
            double mx = -std::numeric_limits<double>::infinity();
            for (std::size_t c = 0; c < n_classes; ++c) {
                scores[c] = bias[c] + wscale * static_cast<double>(acc[c]);
                mx = std::max(mx, scores[c]);
            }
            double sum = 0;
            for (std::size_t c = 0; c < n_classes; ++c) {
                scores[c] = det_exp(scores[c] - mx);
                sum += scores[c];
            }
            const double inv_sum = 1.0 / sum;
            loss -= det_log(std::max(scores[y[d]] * inv_sum, 1e-300));
            // gradient of the log-loss: p - onehot
            for (std::size_t c = 0; c < n_classes; ++c) {
                double g = scores[c] * inv_sum;
                if (c == y[d]) g -= 1.0;
                scores[c] = g;
                bias[c] -= lr * g;
                if (average) bias_u[c] -= step * lr * g;
            }
            if (options.l2 > 0) {
                wscale *= (1.0 - lr * options.l2);
                if (wscale < 1e-6) {
                    for (float& w : W) w = static_cast<float>(w * wscale);
                    wscale = 1.0;
                }
            }
            const double step_scale = lr / wscale;
            for (std::size_t c = 0; c < n_classes; ++c) acc[c] = static_cast<float>(scores[c] * step_scale);
            for (std::uint32_t k = row_start[d]; k < row_start[d + 1]; ++k) {
                const float x = val[k];
                float* w = &W[static_cast<std::size_t>(col[k]) * n_classes];
                for (std::size_t c = 0; c < n_classes; ++c) w[c] -= x * acc[c];
            }
            if (average) {
                for (std::size_t c = 0; c < n_classes; ++c) acc_u[c] = static_cast<float>(step * static_cast<double>(acc[c]));
                for (std::uint32_t k = row_start[d]; k < row_start[d + 1]; ++k) {
                    const float x = val[k];
                    float* u = &U[static_cast<std::size_t>(col[k]) * n_classes];
                    for (std::size_t c = 0; c < n_classes; ++c) u[c] -= x * acc_u[c];
                }
            }
        }
        if (options.progress) options.progress(epoch, options.epochs, loss / static_cast<double>(n_docs));
    }

    if (average) {
        // wscale == 1 here (validate() rejects l2 > 0 with averaging)
        const double inv_t = 1.0 / step;
        for (std::size_t i = 0; i < W.size(); ++i) W[i] = static_cast<float>(W[i] - U[i] * inv_t);
        for (std::size_t c = 0; c < n_classes; ++c) bias[c] = bias[c] - bias_u[c] * inv_t;
    }

    // 5. Quantise: int8 per class with one scale per class; drop rows whose weights all round to zero.
    std::vector<double> max_abs(n_classes, 0.0);
    for (std::size_t f = 0; f < n_feat; ++f)
        for (std::size_t c = 0; c < n_classes; ++c)
            max_abs[c] = std::max(max_abs[c], std::fabs(static_cast<double>(W[f * n_classes + c]) * wscale));
    model.scales_.resize(n_classes);
    model.bias_.resize(n_classes);
    for (std::size_t c = 0; c < n_classes; ++c) {
        model.scales_[c] = max_abs[c] > 0 ? static_cast<float>(max_abs[c] / 127.0) : 1.0f;
        model.bias_[c] = static_cast<float>(bias[c]);
    }
    std::vector<std::int8_t> row(n_classes);
    for (std::size_t f = 0; f < n_feat; ++f) {
        bool any = false;
        for (std::size_t c = 0; c < n_classes; ++c) {
            const double q = static_cast<double>(W[f * n_classes + c]) * wscale / model.scales_[c];
            const double r = std::floor(q + 0.5);
            row[c] = static_cast<std::int8_t>(std::max(-127.0, std::min(127.0, r)));
            any = any || row[c] != 0;
        }
        if (!any) continue;
        model.buckets_.push_back(vocab[f]);
        model.idf_.push_back(idf[f]);
        model.weights_.insert(model.weights_.end(), row.begin(), row.end());
    }
    model.default_idf_ = default_idf;
    model.buckets_.shrink_to_fit();
    model.idf_.shrink_to_fit();
    model.weights_.shrink_to_fit();
    model.build_index();
    return model;
}

TextClassifier TextClassifier::train(const std::vector<std::string>& texts, const std::vector<std::string>& labels,
                                     const TrainOptions& options) {
    return ClassifierAccess::train(texts, labels, options);
}

namespace {
/// Slot of a bucket in the row index. Buckets are the top bits of a mixed 64-bit hash, so their low bits are
/// already uniform: a cheap xor-shift suffices.
inline std::uint32_t slot_of(std::uint32_t bucket, std::uint32_t mask) noexcept { return (bucket ^ (bucket >> 13)) & mask; }
} // namespace

void TextClassifier::build_index() {
    const std::size_t n_classes = labels_.size();
    const std::size_t n_rows = buckets_.size();
    std::size_t size = 16;
    while (size < n_rows * 2) size <<= 1;
    table_.assign(size, 0);
    table_mask_ = static_cast<std::uint32_t>(size - 1);
    const std::size_t n_pad = (n_classes + 3) / 4 * 4;
    // Float weights cost 4x the int8 ones: only for models that stay small that way (the shipped ones do).
    packed_float_ = n_rows * (4 + 4 * n_pad) <= (std::size_t(8) << 20);
    packed_stride_ = static_cast<std::uint32_t>(4 + (packed_float_ ? 4 * n_pad : n_pad));
    packed_.assign(n_rows * packed_stride_ / 4, 0);
    auto* bytes = reinterpret_cast<unsigned char*>(packed_.data());
    for (std::size_t r = 0; r < n_rows; ++r) {
        std::uint32_t slot = slot_of(buckets_[r], table_mask_);
        while (table_[slot] != 0) slot = (slot + 1) & table_mask_;
        table_[slot] = static_cast<std::uint64_t>(buckets_[r]) << 32 | static_cast<std::uint64_t>(r + 1);
        unsigned char* row = bytes + r * packed_stride_;
        const float idf = r < idf_.size() ? idf_[r] : 1.0f;
        std::memcpy(row, &idf, 4);
        if (n_classes == 0 || (r + 1) * n_classes > weights_.size()) continue;
        if (packed_float_) {
            for (std::size_t c = 0; c < n_classes; ++c) {
                const float w = static_cast<float>(weights_[r * n_classes + c]);
                std::memcpy(row + 4 + 4 * c, &w, 4);
            }
        } else {
            std::memcpy(row + 4, &weights_[r * n_classes], n_classes);
        }
    }
    std::vector<float>().swap(idf_);
    std::vector<std::int8_t>().swap(weights_);
}

int TextClassifier::find_row(std::uint32_t bucket) const noexcept {
    if (table_.empty()) return -1;
    std::uint32_t slot = slot_of(bucket, table_mask_);
    while (true) {
        const std::uint64_t e = table_[slot];
        if (e == 0) return -1;
        if (static_cast<std::uint32_t>(e >> 32) == bucket) return static_cast<int>(static_cast<std::uint32_t>(e) - 1);
        slot = (slot + 1) & table_mask_;
    }
}

const unsigned char* TextClassifier::find_packed(std::uint32_t bucket) const noexcept {
    const int r = find_row(bucket);
    return r < 0 ? nullptr : reinterpret_cast<const unsigned char*>(packed_.data()) + static_cast<std::size_t>(r) * packed_stride_;
}

float TextClassifier::row_idf(std::size_t row) const noexcept {
    float v;
    std::memcpy(&v, reinterpret_cast<const unsigned char*>(packed_.data()) + row * packed_stride_, 4);
    return v;
}

float TextClassifier::row_weight(std::size_t row, std::size_t label) const noexcept {
    const unsigned char* p = reinterpret_cast<const unsigned char*>(packed_.data()) + row * packed_stride_ + 4;
    if (!packed_float_) return static_cast<float>(static_cast<std::int8_t>(p[label]));
    float w;
    std::memcpy(&w, p + 4 * label, 4);
    return w;
}

int TextClassifier::label_index(std::string_view name) const noexcept {
    for (std::size_t i = 0; i < labels_.size(); ++i)
        if (labels_[i] == name) return static_cast<int>(i);
    return -1;
}

std::size_t TextClassifier::memory_bytes() const noexcept {
    std::size_t n = sizeof(*this) + buckets_.capacity() * 4 + idf_.capacity() * 4 + weights_.capacity() +
                    packed_.capacity() * 4 + scales_.capacity() * 4 + bias_.capacity() * 4 + table_.capacity() * 8;
    for (const auto& l : labels_) n += l.capacity() + sizeof(l);
    return n;
}

Prediction TextClassifier::predict(std::string_view text) const { return predict(tokenize(text), text); }

Prediction TextClassifier::predict(const Tokenized& tokens, std::string_view text) const {
    Prediction p;
    predict_into(tokens, text, p);
    return p;
}

void TextClassifier::predict_into(const Tokenized& tokens, std::string_view text, Prediction& out) const {
    if (labels_.empty()) {
        out.label = 0;
        out.name.clear();
        out.confidence = 0;
        out.probabilities.clear();
        return;
    }
    auto& terms = t_scratch.terms;
    ClassifierAccess::features(*this, tokens, text, terms);
    ClassifierAccess::score(*this, terms, out);
}

void TextClassifier::predict_both(const TextClassifier& a, const TextClassifier& b, const Tokenized& tokens,
                                  std::string_view text, Prediction& pa, Prediction& pb) {
    if (a.labels_.empty() || b.labels_.empty() || !(a.config_ == b.config_)) {
        a.predict_into(tokens, text, pa);
        b.predict_into(tokens, text, pb);
        return;
    }
    auto& terms = t_scratch.terms;
    ClassifierAccess::features(a, tokens, text, terms);
    ClassifierAccess::score(a, terms, pa);
    ClassifierAccess::score(b, terms, pb);
}

void TextClassifier::predict_both_with_suffix(const TextClassifier& a, const TextClassifier& b, const Tokenized& tokens,
                                              const Tokenized& suffix, Prediction& pa, Prediction& pb) {
    if (a.labels_.empty() || b.labels_.empty() || !(a.config_ == b.config_)) {
        a.predict_with_suffix(tokens, suffix, pa);
        b.predict_with_suffix(tokens, suffix, pb);
        return;
    }
    auto& terms = t_scratch.terms;
    ClassifierAccess::features(a, tokens, {}, terms, &suffix);
    ClassifierAccess::score(a, terms, pa);
    ClassifierAccess::score(b, terms, pb);
}

void TextClassifier::predict_with_suffix(const Tokenized& tokens, const Tokenized& suffix, Prediction& out) const {
    if (labels_.empty()) {
        predict_into(tokens, {}, out);
        return;
    }
    auto& terms = t_scratch.terms;
    ClassifierAccess::features(*this, tokens, {}, terms, &suffix);
    ClassifierAccess::score(*this, terms, out);
}

namespace {
inline float weight_at(const unsigned char* w, std::size_t c, float) noexcept {
    float v;
    std::memcpy(&v, w + 4 * c, 4);
    return v;
}
inline float weight_at(const unsigned char* w, std::size_t c, std::int8_t) noexcept {
    return static_cast<float>(static_cast<std::int8_t>(w[c]));
}
} // namespace

/// A term's packed row (== TextClassifier::find_packed, inlined; nullptr when the model keeps no weights for it) and
/// its TF-IDF value before normalisation. The model's lookup state is read once per text, not once per term.
struct ClassifierAccess::TermRows {
    const std::uint64_t* table;
    std::uint32_t mask;
    const unsigned char* packed;
    std::size_t stride;
    bool have_rows, sublinear;
    double default_idf;

    explicit TermRows(const TextClassifier& m) noexcept
        : table(m.table_.data()), mask(m.table_mask_), packed(reinterpret_cast<const unsigned char*>(m.packed_.data())),
          stride(m.packed_stride_), have_rows(!m.table_.empty()), sublinear(m.config_.sublinear_tf), default_idf(m.default_idf_) {}

    inline const unsigned char* find(const TermFeature& t, double& value) const noexcept {
        const unsigned char* row = nullptr;
        if (have_rows) {
            for (std::uint32_t slot = slot_of(t.bucket, mask);; slot = (slot + 1) & mask) {
                const std::uint64_t e = table[slot];
                if (e == 0) break;
                if (static_cast<std::uint32_t>(e >> 32) == t.bucket) {
                    row = packed + static_cast<std::size_t>(static_cast<std::uint32_t>(e) - 1) * stride;
                    break;
                }
            }
        }
        double idf = default_idf;
        if (row) {
            float f;
            std::memcpy(&f, row, 4);
            idf = f;
        }
        value = (t.tf == 1 ? 1.0 : tf_value(t.tf, sublinear)) * t.weight * idf;
        return row;
    }
};

template <std::size_t N, class W>
double ClassifierAccess::accumulate(const TextClassifier& m, const std::vector<TermFeature>& terms, float* __restrict acc) {
    const std::size_t n_pad = (m.labels_.size() + 3) / 4 * 4;
    const TermRows rows(m);
    double norm2 = 0;
    for (const TermFeature& t : terms) {
        double v;
        const unsigned char* row = rows.find(t, v);
        norm2 += v * v;
        if (!row) continue;
        const float x = static_cast<float>(v);
        const unsigned char* w = row + 4;
        // Each label's sum sees the same operations in the same order as a scalar loop: bit-identical results.
        if constexpr (N > 0) {
            for (std::size_t c = 0; c < N; ++c) acc[c] += x * weight_at(w, c, W{});
        } else {
            for (std::size_t c = 0; c < n_pad; c += 4)
                for (std::size_t k = 0; k < 4; ++k) acc[c + k] += x * weight_at(w, c + k, W{});
        }
    }
    return norm2;
}

namespace {
typedef float F32x4 __attribute__((vector_size(16))); // GCC/Clang vector extension: SSE natively, simd128 in wasm
} // namespace

template <std::size_t NV>
double ClassifierAccess::accumulate_vec(const TextClassifier& m, const std::vector<TermFeature>& terms, float* __restrict acc) {
    const TermRows rows(m);
    double norm2 = 0;
    F32x4 sum[NV];
    for (std::size_t k = 0; k < NV; ++k) sum[k] = F32x4{0, 0, 0, 0};
    for (const TermFeature& t : terms) {
        double v;
        const unsigned char* row = rows.find(t, v);
        norm2 += v * v;
        if (!row) continue;
        const float x = static_cast<float>(v);
        const F32x4 xv = {x, x, x, x};
        for (std::size_t k = 0; k < NV; ++k) {
            F32x4 w;
            std::memcpy(&w, row + 4 + 16 * k, 16);
            sum[k] += xv * w;
        }
    }
    for (std::size_t k = 0; k < NV; ++k) std::memcpy(acc + 4 * k, &sum[k], 16);
    return norm2;
}

void ClassifierAccess::score(const TextClassifier& m, const std::vector<TermFeature>& terms, Prediction& p) {
    const std::size_t n_classes = m.labels_.size();
    auto& acc_vec = t_scratch.acc;
    acc_vec.assign((n_classes + 3) / 4 * 4, 0.0f); // padded lanes collect x * 0
    float* acc = acc_vec.data();
    double norm2;
    if (m.packed_float_) {
        switch (n_classes) {
        case 2: norm2 = accumulate<2, float>(m, terms, acc); break;
        case 3: norm2 = accumulate<3, float>(m, terms, acc); break;
        default:
            switch ((n_classes + 3) / 4) {
            case 1: norm2 = accumulate_vec<1>(m, terms, acc); break;
            case 2: norm2 = accumulate_vec<2>(m, terms, acc); break;
            case 3: norm2 = accumulate_vec<3>(m, terms, acc); break;
            case 4: norm2 = accumulate_vec<4>(m, terms, acc); break;
            default: norm2 = accumulate<0, float>(m, terms, acc); break;
            }
            break;
        }
    } else {
        norm2 = accumulate<0, std::int8_t>(m, terms, acc);
    }
    const double inv = norm2 > 0 ? 1.0 / std::sqrt(norm2) : 0.0;
    p.probabilities.resize(n_classes);
    double mx = -std::numeric_limits<double>::infinity();
    for (std::size_t c = 0; c < n_classes; ++c) {
        p.probabilities[c] = static_cast<double>(acc[c]) * inv * m.scales_[c] + m.bias_[c];
        mx = std::max(mx, p.probabilities[c]);
    }
    double sum = 0;
    for (std::size_t c = 0; c < n_classes; ++c) {
        p.probabilities[c] = det_exp(p.probabilities[c] - mx);
        sum += p.probabilities[c];
    }
    std::size_t best = 0;
    for (std::size_t c = 0; c < n_classes; ++c) {
        p.probabilities[c] /= sum;
        if (p.probabilities[c] > p.probabilities[best]) best = c;
    }
    p.label = static_cast<std::uint32_t>(best);
    p.name = m.labels_[best];
    p.confidence = p.probabilities[best];
}

std::vector<Contribution> TextClassifier::explain(std::string_view text, std::uint32_t label, std::size_t k) const {
    std::vector<Contribution> out;
    const std::size_t n_classes = labels_.size();
    if (label >= n_classes || k == 0) return out;
    const Tokenized tok = tokenize(text);
    ExtractBuffers buffers;
    Extractor ex(config_, buffers);
    std::vector<RawFeature> raw;
    std::vector<NamedFeature> names; // one per occurrence, in the same order as raw
    ex.extract(tok, text, raw, &names);
    std::vector<TermFeature> terms;
    std::vector<RawFeature> sorted = raw;
    merge_features(sorted, terms);
    double norm2 = 0;
    for (const TermFeature& t : terms) {
        const int r = find_row(t.bucket);
        const double v = tf_value(t.tf, config_.sublinear_tf) * t.weight * (r >= 0 ? row_idf(static_cast<std::size_t>(r)) : default_idf_);
        norm2 += v * v;
    }
    const double inv = norm2 > 0 ? 1.0 / std::sqrt(norm2) : 0.0;
    // Each occurrence gets an equal share of its bucket's value; shares are summed per readable name.
    std::vector<std::pair<std::string, std::pair<double, double>>> parts; // name -> (value, contribution)
    for (std::size_t i = 0; i < names.size(); ++i) {
        const auto it = std::lower_bound(terms.begin(), terms.end(), names[i].bucket,
                                         [](const TermFeature& a, std::uint32_t b) { return a.bucket < b; });
        if (it == terms.end() || it->bucket != names[i].bucket) continue;
        const int r = find_row(it->bucket);
        if (r < 0) continue;
        const double w = static_cast<double>(row_weight(static_cast<std::size_t>(r), label)) * scales_[label];
        if (w == 0) continue;
        const double v = static_cast<float>(tf_value(it->tf, config_.sublinear_tf) * it->weight * row_idf(static_cast<std::size_t>(r))) * inv / it->tf;
        parts.push_back({names[i].name, {v, v * w}});
    }
    std::sort(parts.begin(), parts.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t i = 0; i < parts.size();) {
        Contribution c;
        c.feature = parts[i].first;
        std::size_t j = i;
        for (; j < parts.size() && parts[j].first == parts[i].first; ++j) {
            c.value += parts[j].second.first;
            c.contribution += parts[j].second.second;
        }
        c.weight = c.value > 0 ? c.contribution / c.value : 0.0;
        out.push_back(std::move(c));
        i = j;
    }
    std::sort(out.begin(), out.end(), [](const Contribution& a, const Contribution& b) {
        const double x = std::fabs(a.contribution), y = std::fabs(b.contribution);
        if (x != y) return x > y;
        return a.feature < b.feature;
    });
    if (out.size() > k) out.resize(k);
    return out;
}

std::string TextClassifier::serialize() const {
    Writer w;
    w.bytes("ESCL");
    w.u32(kVersion);
    w.u8(config_.hash_bits);
    w.u8(config_.word_ngram_min);
    w.u8(config_.word_ngram_max);
    w.u8(config_.char_ngram_min);
    w.u8(config_.char_ngram_max);
    w.u8(config_.skip_window);
    w.u8(static_cast<std::uint8_t>((config_.special_tokens ? 1 : 0) | (config_.stem ? 2 : 0) |
                                   (config_.sublinear_tf ? 4 : 0) | (config_.idf ? 8 : 0)));
    w.f32(config_.char_weight);
    w.u32(static_cast<std::uint32_t>(labels_.size()));
    for (const auto& l : labels_) {
        w.u32(static_cast<std::uint32_t>(l.size()));
        w.bytes(l);
    }
    const std::size_t n_classes = labels_.size();
    w.u32(static_cast<std::uint32_t>(buckets_.size()));
    w.f32(default_idf_);
    std::uint32_t prev = 0;
    for (std::size_t r = 0; r < buckets_.size(); ++r) {
        w.varint(buckets_[r] - prev);
        prev = buckets_[r];
    }
    for (std::size_t r = 0; r < buckets_.size(); ++r) w.u16(static_cast<std::uint16_t>(row_idf(r) * 2048.0f));
    for (float v : scales_) w.f32(v);
    for (float v : bias_) w.f32(v);
    const std::size_t mask_bytes = (n_classes + 7) / 8;
    std::string mask(mask_bytes, '\0');
    for (std::size_t r = 0; r < buckets_.size(); ++r) {
        std::fill(mask.begin(), mask.end(), '\0');
        for (std::size_t c = 0; c < n_classes; ++c)
            if (row_weight(r, c) != 0) mask[c / 8] = static_cast<char>(mask[c / 8] | (1 << (c % 8)));
        w.bytes(mask);
        for (std::size_t c = 0; c < n_classes; ++c)
            if (const float v = row_weight(r, c); v != 0) w.u8(static_cast<std::uint8_t>(static_cast<std::int8_t>(v)));
    }
    w.u32(fnv32(w.out));
    return std::move(w.out);
}

std::optional<TextClassifier> TextClassifier::deserialize(std::string_view bytes, std::string* error) {
    auto fail = [&](const std::string& what) -> std::optional<TextClassifier> {
        if (error) *error = what;
        return std::nullopt;
    };
    if (bytes.size() < 4 || bytes.substr(0, 4) != "ESCL") return fail("not an earshot classifier model (bad magic)");
    if (bytes.size() < 12) return fail("model file is truncated");
    Reader rd{bytes};
    rd.pos = 4;
    const std::uint32_t version = rd.u32();
    if (version != kVersion)
        return fail("unsupported model version " + std::to_string(version) + " (this build reads version " +
                    std::to_string(kVersion) + ")");
    const std::string_view body = bytes.substr(0, bytes.size() - 4);
    Reader tail{bytes};
    tail.pos = bytes.size() - 4;
    if (tail.u32() != fnv32(body)) return fail("model file is truncated or corrupted (checksum mismatch)");

    TextClassifier m;
    FeatureConfig& cfg = m.config_;
    cfg.hash_bits = rd.u8();
    cfg.word_ngram_min = rd.u8();
    cfg.word_ngram_max = rd.u8();
    cfg.char_ngram_min = rd.u8();
    cfg.char_ngram_max = rd.u8();
    cfg.skip_window = rd.u8();
    const std::uint8_t flags = rd.u8();
    cfg.special_tokens = flags & 1;
    cfg.stem = flags & 2;
    cfg.sublinear_tf = flags & 4;
    cfg.idf = flags & 8;
    cfg.char_weight = rd.f32();
    if (!rd.ok) return fail("model file is truncated");
    try {
        TrainOptions probe;
        probe.features = cfg;
        validate(probe);
    } catch (const std::invalid_argument& e) {
        return fail(std::string("invalid feature configuration in model: ") + e.what());
    }
    if (flags & ~0x0f) return fail("invalid feature flags in model");
    const std::uint32_t n_labels = rd.u32();
    if (!rd.ok || n_labels < 2 || n_labels > kMaxLabels) return fail("invalid label count in model");
    Reader rd_body{body, rd.pos};
    for (std::uint32_t i = 0; i < n_labels; ++i) {
        const std::uint32_t len = rd_body.u32();
        const std::string_view s = rd_body.bytes(len);
        if (!rd_body.ok) return fail("model file is truncated (labels)");
        m.labels_.emplace_back(s);
        if (i > 0 && !(m.labels_[i - 1] < m.labels_[i])) return fail("labels in model are not sorted and distinct");
    }
    const std::size_t n_classes = n_labels;
    const std::uint32_t n_rows = rd_body.u32();
    m.default_idf_ = rd_body.f32();
    if (!rd_body.ok) return fail("model file is truncated (header)");
    if (n_rows > (body.size() - rd_body.pos)) return fail("model file is truncated (row count exceeds data)");
    if (!(m.default_idf_ >= 0) || m.default_idf_ > 100) return fail("invalid default idf in model");
    m.buckets_.resize(n_rows);
    std::uint64_t prev = 0;
    const std::uint64_t limit = std::uint64_t(1) << cfg.hash_bits;
    for (std::uint32_t r = 0; r < n_rows; ++r) {
        const std::uint32_t delta = rd_body.varint();
        if (!rd_body.ok) return fail("model file is truncated (buckets)");
        if (r > 0 && delta == 0) return fail("model buckets are not strictly increasing");
        prev += delta;
        if (prev >= limit) return fail("model bucket outside the hash space");
        m.buckets_[r] = static_cast<std::uint32_t>(prev);
    }
    m.idf_.resize(n_rows);
    for (std::uint32_t r = 0; r < n_rows; ++r) m.idf_[r] = static_cast<float>(rd_body.u16()) * kIdfStep;
    m.scales_.resize(n_classes);
    m.bias_.resize(n_classes);
    for (auto& v : m.scales_) v = rd_body.f32();
    for (auto& v : m.bias_) v = rd_body.f32();
    if (!rd_body.ok) return fail("model file is truncated (scales)");
    for (std::size_t c = 0; c < n_classes; ++c) {
        if (!(m.scales_[c] > 0) || !(m.scales_[c] < 1e30f) || !(m.bias_[c] > -1e30f && m.bias_[c] < 1e30f))
            return fail("invalid weight scale or bias in model");
    }
    const std::size_t mask_bytes = (n_classes + 7) / 8;
    m.weights_.assign(static_cast<std::size_t>(n_rows) * n_classes, 0);
    for (std::uint32_t r = 0; r < n_rows; ++r) {
        const std::string_view mask = rd_body.bytes(mask_bytes);
        if (!rd_body.ok) return fail("model file is truncated (weights)");
        for (std::size_t c = 0; c < n_classes; ++c) {
            if (static_cast<std::uint8_t>(mask[c / 8]) & (1 << (c % 8))) {
                const std::uint8_t b = rd_body.u8();
                if (!rd_body.ok) return fail("model file is truncated (weights)");
                if (b == 0x80 || b == 0) return fail("invalid weight in model");
                m.weights_[static_cast<std::size_t>(r) * n_classes + c] = static_cast<std::int8_t>(b);
            }
        }
    }
    if (rd_body.pos != body.size()) return fail("model file has trailing bytes");
    m.build_index();
    return m;
}

} // namespace earshot
