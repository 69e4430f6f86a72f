// Grouping of related complaints: content-word stems and cause entities, idf-weighted Jaccard against recent members
// and the group's core terms, candidate groups from an inverted index, SimHash for near-duplicates.

#include "earshot/insights.hpp"
#include "earshot/detmath.hpp"
#include "insights_detail.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <unordered_map>

namespace earshot::insights {

using detail::entity_feature_id;
using detail::fnv1a;

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

/// Cheap deterministic log2 (exponent + cubic on the mantissa); accuracy ~1e-3, enough for idf weights.
double fast_log2(double x) {
    if (!(x > 0)) return 0;
    int e = 0;
    const double m = std::frexp(x, &e) * 2.0 - 1.0; // [0, 1)
    return (e - 1) + m * (1.4425449 + m * (-0.7181452 + m * 0.2755996));
}

int popcount64(std::uint64_t x) {
    x = x - ((x >> 1) & 0x5555555555555555ULL);
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
    return static_cast<int>((x * 0x0101010101010101ULL) >> 56);
}

inline bool ascii_alnum(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

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
        while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r')) ++i;
        std::size_t e = i;
        while (e < n && s[e] != ' ' && s[e] != '\n' && s[e] != '\t' && s[e] != '\r') ++e;
        if (i == e) break;
        const std::string_view chunk = s.substr(i, e - i);
        const bool url = chunk.find("://") != std::string_view::npos || chunk.rfind("www.", 0) == 0 ||
                         chunk.rfind("WWW.", 0) == 0;
        const auto at = chunk.find('@');
        const bool email_or_handle = at != std::string_view::npos && (at == 0 || ascii_alnum(static_cast<unsigned char>(chunk[at - 1])));
        bool short_url = false;
        if (!url && !email_or_handle) {
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
    // Reuses f's vectors and strings (a scratch Features kept by the caller allocates nothing once warm).
    f.ids.clear();
    std::size_t n_stems = 0, n_entities = 0;
    // SimHash: per bit, how many feature hashes have it set. Bit-sliced: lane j of byte k counts bit 8k + j, eight
    // counters per 64-bit word, flushed into `ones` before a byte could overflow.
    std::array<std::uint64_t, 8> lanes{};
    std::array<int, 64> ones{};
    int in_lanes = 0;
    auto flush = [&] {
        for (std::size_t j = 0; j < 8; ++j) {
            for (std::size_t k = 0; k < 8; ++k) ones[8 * k + j] += static_cast<int>((lanes[j] >> (8 * k)) & 0xff);
            lanes[j] = 0;
        }
        in_lanes = 0;
    };
    auto add = [&](std::uint64_t id) {
        for (auto x : f.ids)
            if (x == id) return false;
        f.ids.push_back(id);
        const std::uint64_t h = detail::mix64(id);
        for (std::size_t j = 0; j < 8; ++j) lanes[j] += (h >> j) & 0x0101010101010101ULL;
        if (++in_lanes == 255) flush();
        return true;
    };
    const auto& lex = lexicon();
    const std::uint64_t word_basis = detail::fnv1a("w:");
    char buf[64];
    scan_words(text, [&](std::size_t b, std::size_t e, bool hashtag) {
        // normalise: ASCII lowercase, curly apostrophe -> ', runs of 3+ equal letters -> 2
        std::size_t n = 0;
        bool digit = hashtag, alpha = false;
        for (std::size_t i = b; i < e && n < sizeof buf; ++i) {
            char c = text[i];
            if (is_curly_apostrophe(text, i)) {
                c = '\'';
                i += 2;
            }
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
            if (c >= '0' && c <= '9') digit = true;
            else if (c != '\'' && c != '-') alpha = true;
            if (n >= 2 && buf[n - 1] == c && buf[n - 2] == c && ((c >= 'a' && c <= 'z'))) continue;
            buf[n++] = c;
        }
        if (e - b > sizeof buf) return;  // not a word
        if (!alpha && !hashtag) return; // numbers ("45", "2.99") are not content words
        std::string_view word(buf, n);
        if (lex.stops.contains(detail::fnv1a(word))) return;
        if (n < 3 && !digit) return;
        std::string_view s = word;
        if (!digit) {
            s = std::string_view(buf, stem(buf, n));
            if (const auto* c = lex.concepts.find(detail::fnv1a(s))) s = *c;
        }
        if (s.size() < 2) return;
        if (add(detail::fnv1a(s, word_basis))) {
            if (n_stems == f.stems.size()) {
                f.stems.emplace_back();
                f.surface.emplace_back();
            }
            f.stems[n_stems].assign(s);
            std::string& surf = f.surface[n_stems];
            surf.assign(text.substr(b, e - b));
            for (auto& c : surf)
                if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
            ++n_stems;
        }
    });
    for (const auto& e : entities) {
        if (!is_cause_entity(e.type) || e.value.empty()) continue;
        if (add(entity_feature_id(e.type, e.value))) {
            if (n_entities == f.cause_entities.size()) f.cause_entities.emplace_back();
            std::string& key = f.cause_entities[n_entities++];
            key.assign(e.type);
            key += ':';
            key += e.value;
        }
    }
    f.stems.resize(n_stems);
    f.surface.resize(n_stems);
    f.cause_entities.resize(n_entities);
    flush();
    std::uint64_t sh = 0;
    const int n = static_cast<int>(f.ids.size());
    for (int b = 0; b < 64; ++b)
        if (2 * ones[static_cast<std::size_t>(b)] > n) sh |= (1ULL << b); // more features with the bit than without
    f.simhash = sh;
    std::sort(f.ids.begin(), f.ids.end());
}

struct Grouper::Impl {
    struct Member {
        std::vector<std::uint64_t> ids; ///< capacity reused as the ring turns
        double weight = 0;              ///< sum of idf weights when it was added
        std::uint64_t simhash = 0;
        std::uint64_t mask = 0;         ///< bit (id & 63) of each id: a cheap superset test
    };
    struct Term {
        int count = 0;
        bool entity = false;
        std::string surface;
    };
    struct Group {
        std::string category;
        std::vector<Member> ring; ///< the most recent members (compare_members), oldest at `next`
        std::size_t next = 0;
        detail::FlatMap<Term> terms; ///< stems and entities -> member count
        std::size_t members = 0;
        std::int64_t last_at = 0;
        bool pinned = false;
        std::vector<std::uint64_t> core; ///< cached core terms (in >= 40% of members), refreshed as the group grows
        double core_weight = 0;
        std::uint64_t core_mask = 0;
        std::size_t core_at = 0;         ///< member count when core was computed
    };
    struct Posting {
        std::array<std::uint64_t, 16> groups{}; ///< least recently used first
        std::uint8_t n = 0;
    };
    std::unordered_map<std::uint64_t, Group> groups;
    detail::FlatMap<Posting> postings; ///< feature -> recent groups
    detail::FlatMap<std::uint32_t> df;
    std::uint64_t docs = 0;
    std::uint64_t next_id = 1;
    std::int64_t last_sweep = 0;
    // scratch, reused by add()
    std::vector<double> wa;
    std::vector<std::pair<double, std::uint64_t>> cands;
    std::vector<std::uint64_t> entity_ids;
    std::vector<std::pair<std::uint64_t, double>> acc; ///< open addressing: group -> shared weight (0 = empty)
    std::vector<std::size_t> acc_used;
    std::vector<double> top;

    double idf(std::uint64_t id) const {
        const auto* it = df.find(id);
        const double d = it ? *it : 0.0;
        return 1.0 + fast_log2((static_cast<double>(docs) + 1.0) / (d + 1.0));
    }

    double weighted_jaccard(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) const {
        // exact form (both sides weighed now); used by similarity()
        double inter = 0, uni = 0;
        std::size_t i = 0, j = 0;
        while (i < a.size() || j < b.size()) {
            if (j == b.size() || (i < a.size() && a[i] < b[j])) {
                uni += idf(a[i++]);
            } else if (i == a.size() || b[j] < a[i]) {
                uni += idf(b[j++]);
            } else {
                const double w = idf(a[i]);
                inter += w;
                uni += w;
                ++i;
                ++j;
            }
        }
        return uni > 0 ? inter / uni : 0.0;
    }

    /// Weighted Jaccard of the mention (ids with weights wa, total wa_sum) against a set with total weight wb_sum:
    /// intersection weighed with the mention's current weights, union = wa + wb - intersection.
    static double fast_jaccard(const std::vector<std::uint64_t>& a, const std::vector<double>& wa, double wa_sum,
                               const std::vector<std::uint64_t>& b, double wb_sum) {
        double inter = 0;
        std::size_t i = 0, j = 0;
        while (i < a.size() && j < b.size()) {
            if (a[i] < b[j]) ++i;
            else if (b[j] < a[i]) ++j;
            else {
                inter += wa[i];
                ++i;
                ++j;
            }
        }
        const double uni = wa_sum + wb_sum - inter;
        return uni > 0 ? inter / uni : 0.0;
    }

    void refresh_core(Group& g) {
        if (g.members < 3) return;
        if (g.core_at != 0 && g.members < g.core_at + std::max<std::size_t>(2, g.core_at / 4)) return;
        g.core.clear();
        g.core_weight = 0;
        g.terms.for_each([&](std::uint64_t id, const Term& t) {
            if (t.count * 10 >= static_cast<int>(g.members) * 4) g.core.push_back(id);
        });
        std::sort(g.core.begin(), g.core.end());
        g.core_mask = 0;
        for (auto id : g.core) {
            g.core_weight += idf(id);
            g.core_mask |= 1ULL << (id & 63);
        }
        g.core_at = g.members;
    }

    void sweep(std::int64_t at_ms, std::int64_t ttl) {
        for (auto it = groups.begin(); it != groups.end();) {
            if (!it->second.pinned && at_ms - it->second.last_at > ttl) it = groups.erase(it);
            else ++it;
        }
        // postings of forgotten groups go too, and features left with none
        postings.erase_if([&](std::uint64_t, Posting& p) {
            std::uint8_t k = 0;
            for (std::uint8_t i = 0; i < p.n; ++i)
                if (groups.count(p.groups[i])) p.groups[k++] = p.groups[i];
            p.n = k;
            return k == 0;
        });
        last_sweep = at_ms;
    }
};

Grouper::Grouper(GroupingConfig config) : config_(config), impl_(std::make_unique<Impl>()) {
    if (config_.compare_members < 1) config_.compare_members = 1;
    if (config_.postings_per_feature < 1) config_.postings_per_feature = 1;
    if (config_.postings_per_feature > 16) config_.postings_per_feature = 16;
}
Grouper::~Grouper() = default;
Grouper::Grouper(Grouper&&) noexcept = default;
Grouper& Grouper::operator=(Grouper&&) noexcept = default;

std::size_t Grouper::live_groups() const noexcept { return impl_->groups.size(); }

std::size_t Grouper::member_count(std::uint64_t group) const {
    auto it = impl_->groups.find(group);
    return it == impl_->groups.end() ? 0 : it->second.members;
}

void Grouper::pin(std::uint64_t group) {
    auto it = impl_->groups.find(group);
    if (it != impl_->groups.end()) it->second.pinned = true;
}

double Grouper::similarity(const Features& a, const Features& b) const { return impl_->weighted_jaccard(a.ids, b.ids); }

Grouper::Assignment Grouper::add(std::int64_t at_ms, std::string_view category, const Features& f) {
    auto& d = *impl_;
    Assignment out;
    // Document frequencies first, so a brand-new word weighs as rare, not as unseen.
    ++d.docs;
    for (auto id : f.ids) ++d.df[id];

    // Sweep idle groups now and then.
    if (at_ms - d.last_sweep > 3'600'000) d.sweep(at_ms, config_.group_ttl_ms);

    d.entity_ids.clear();
    for (const auto& e : f.cause_entities) {
        const auto colon = e.find(':');
        d.entity_ids.push_back(entity_feature_id(std::string_view(e).substr(0, colon), std::string_view(e).substr(colon + 1)));
    }
    auto is_entity = [&](std::uint64_t id) {
        return std::find(d.entity_ids.begin(), d.entity_ids.end(), id) != d.entity_ids.end();
    };

    // Weights of this mention's features, once.
    d.wa.resize(f.ids.size());
    double wa_sum = 0;
    for (std::size_t i = 0; i < f.ids.size(); ++i) wa_sum += (d.wa[i] = d.idf(f.ids[i]));

    // Candidates: groups sharing a feature, scored by shared idf weight (summed in a small open-addressing table).
    if (d.acc.empty()) d.acc.assign(256, {0, 0.0});
    const std::size_t acc_mask = d.acc.size() - 1;
    d.acc_used.clear();
    const double common_cut = 1.0 + fast_log2(5.0); // skip features in more than ~20% of documents
    for (std::size_t i = 0; i < f.ids.size(); ++i) {
        const auto id = f.ids[i];
        const bool ent = is_entity(id);
        const double w = d.wa[i];
        if (!ent && d.docs >= 200 && w < common_cut) continue;
        const auto* p = d.postings.find(id);
        if (!p) continue;
        for (std::uint8_t k = 0; k < p->n; ++k) {
            const std::uint64_t gid = p->groups[k];
            std::size_t slot = static_cast<std::size_t>(detail::mix64(gid)) & acc_mask;
            while (d.acc[slot].first != 0 && d.acc[slot].first != gid) slot = (slot + 1) & acc_mask;
            if (d.acc[slot].first == 0) {
                if (d.acc_used.size() * 2 >= d.acc.size()) continue; // table full enough: enough candidates
                d.acc[slot].first = gid;
                d.acc_used.push_back(slot);
            }
            d.acc[slot].second += w + (ent ? 10.0 : 0.0);
        }
    }
    auto& cands = d.cands;
    cands.clear();
    for (auto slot : d.acc_used) {
        cands.emplace_back(d.acc[slot].second, d.acc[slot].first);
        d.acc[slot] = {0, 0.0};
    }
    const std::size_t max_cands = 8;
    auto better = [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second > b.second; };
    if (cands.size() > max_cands) {
        std::partial_sort(cands.begin(), cands.begin() + max_cands, cands.end(), better);
        cands.resize(max_cands);
    } else {
        std::sort(cands.begin(), cands.end(), better);
    }

    // The mention's id bits: an upper bound on the shared weight with any set from its mask, so most exact
    // comparisons that cannot win are skipped (the result is the same as comparing everything).
    std::uint64_t mask_a = 0;
    for (auto id : f.ids) mask_a |= 1ULL << (id & 63);
    // top[k]: the sum of the k heaviest weights of the mention; at most popcount(mask_a & mask_b) of its features can
    // be shared with a set of mask mask_b, so top[that] bounds the shared weight.
    d.top.assign(d.wa.begin(), d.wa.end());
    std::sort(d.top.begin(), d.top.end(), [](double x, double y) { return x > y; });
    d.top.insert(d.top.begin(), 0.0);
    for (std::size_t i = 1; i < d.top.size(); ++i) d.top[i] += d.top[i - 1];
    const std::size_t collided = f.ids.size() - static_cast<std::size_t>(popcount64(mask_a));
    auto bound = [&](std::uint64_t mask_b, double wb_sum) {
        // features sharing a bit within the mention count once in the popcount: add them back
        const auto k = static_cast<std::size_t>(popcount64(mask_a & mask_b)) + collided;
        const double ub = d.top[std::min(k, d.top.size() - 1)];
        const double uni = wa_sum + wb_sum - ub;
        return uni > 0 ? ub / uni : 0.0;
    };
    constexpr double kSlack = 1e-9; // the bound is summed in another order than the exact value

    double best_sim = 0;
    std::uint64_t best = 0;
    bool best_dup = false;
    for (const auto& [w, gid] : cands) {
        auto git = d.groups.find(gid);
        if (git == d.groups.end()) continue;
        auto& g = git->second;
        bool shares_entity = false, shares_flight_or_product = false;
        for (std::size_t i = 0; i < f.cause_entities.size(); ++i) {
            const auto* t = g.terms.find(d.entity_ids[i]);
            if (!t || !t->entity) continue;
            shares_entity = true;
            const auto& e = f.cause_entities[i];
            if (e.rfind("flight_number:", 0) == 0 || e.rfind("product:", 0) == 0) shares_flight_or_product = true;
        }
        if (g.category != category && !shares_flight_or_product) continue;
        const double need = shares_entity ? config_.entity_join_similarity : config_.join_similarity;
        double sim = 0;
        bool dup = false;
        for (const auto& m : g.ring)
            if (f.ids.size() >= 4 && popcount64(m.simhash ^ f.simhash) <= config_.near_duplicate_bits) dup = true;
        if (dup && need > best_sim) {
            // joins at least at `need`; its exact similarity still decides between groups
            sim = need;
        }
        // sim only matters above max(need, best_sim)
        auto worth = [&](double ub) { return ub >= need - kSlack && ub > best_sim - kSlack && ub > sim - kSlack; };
        for (const auto& m : g.ring)
            if (worth(bound(m.mask, m.weight)))
                sim = std::max(sim, Impl::fast_jaccard(f.ids, d.wa, wa_sum, m.ids, m.weight));
        d.refresh_core(g);
        if (!g.core.empty() && worth(bound(g.core_mask, g.core_weight)))
            sim = std::max(sim, Impl::fast_jaccard(f.ids, d.wa, wa_sum, g.core, g.core_weight));
        if (dup) sim = std::max(sim, need);
        if (sim >= need && sim > best_sim) {
            best_sim = sim;
            best = gid;
            best_dup = dup;
        }
    }

    if (best == 0) {
        best = d.next_id++;
        out.created = true;
        d.groups[best].category = std::string(category);
    }
    auto& g = d.groups[best];
    // Topic: the two heaviest content words (entities have their own keys) that the mention shares with the group it
    // joined (words in at least a quarter of its members), else its own two heaviest; ties go to the smaller id. So
    // the members of one cause meet on one topic whatever else each of them wrote.
    for (int pass = out.created ? 1 : 0; pass < 2 && out.topic == 0; ++pass) {
        const int need_count = std::max<int>(1, static_cast<int>(g.members / 4));
        std::size_t i1 = f.ids.size(), i2 = f.ids.size();
        auto heavier = [&](std::size_t a, std::size_t b) { // a before b?
            return b == f.ids.size() || d.wa[a] > d.wa[b] || (d.wa[a] == d.wa[b] && f.ids[a] < f.ids[b]);
        };
        for (std::size_t i = 0; i < f.ids.size(); ++i) {
            if (is_entity(f.ids[i])) continue;
            if (pass == 0) {
                const auto* t = g.terms.find(f.ids[i]);
                if (!t || t->count < need_count) continue;
            }
            if (heavier(i, i1)) {
                i2 = i1;
                i1 = i;
            } else if (heavier(i, i2)) {
                i2 = i;
            }
        }
        if (i2 < f.ids.size()) {
            const auto lo = std::min(f.ids[i1], f.ids[i2]), hi = std::max(f.ids[i1], f.ids[i2]);
            out.topic = detail::mix64(lo ^ detail::mix64(hi + 0x9e3779b97f4a7c15ULL));
            if (out.topic == 0) out.topic = 1;
        }
    }
    const auto cap = static_cast<std::size_t>(config_.compare_members);
    if (g.ring.size() < cap) {
        g.ring.push_back({f.ids, wa_sum, f.simhash, mask_a});
    } else {
        auto& slot = g.ring[g.next];
        slot.ids.assign(f.ids.begin(), f.ids.end());
        slot.weight = wa_sum;
        slot.simhash = f.simhash;
        slot.mask = mask_a;
        g.next = (g.next + 1) % cap;
    }
    ++g.members;
    g.last_at = std::max(g.last_at, at_ms);
    const std::uint64_t word_basis = fnv1a("w:");
    for (std::size_t i = 0; i < f.stems.size(); ++i) {
        auto& t = g.terms[fnv1a(f.stems[i], word_basis)];
        if (t.count++ == 0) t.surface = f.surface[i];
    }
    for (std::size_t i = 0; i < f.cause_entities.size(); ++i) {
        auto& t = g.terms[d.entity_ids[i]];
        t.entity = true;
        if (t.count++ == 0) t.surface = f.cause_entities[i];
    }
    const auto per_feature = static_cast<std::uint8_t>(config_.postings_per_feature);
    for (auto id : f.ids) {
        // Least-recently-used list of groups per feature: a hit moves to the back, a new group evicts the front.
        auto& p = d.postings[id];
        auto* end = p.groups.data() + p.n;
        auto* it = std::find(p.groups.data(), end, best);
        if (it != end) {
            std::rotate(it, it + 1, end);
            continue;
        }
        if (p.n >= per_feature) {
            std::rotate(p.groups.data(), p.groups.data() + 1, end);
            p.groups[p.n - 1] = best;
        } else {
            p.groups[p.n++] = best;
        }
    }
    out.group = best;
    out.near_duplicate = best_dup;
    out.similarity = round4(out.created ? 1.0 : best_sim);
    return out;
}

std::vector<std::pair<std::string, int>> Grouper::top_terms(std::uint64_t group, std::size_t n) const {
    std::vector<std::pair<std::string, int>> out;
    auto it = impl_->groups.find(group);
    if (it == impl_->groups.end()) return out;
    struct Row {
        double score;
        std::string surface;
        int count;
    };
    std::vector<Row> rows;
    it->second.terms.for_each([&](std::uint64_t id, const Impl::Term& t) {
        if (!t.entity) rows.push_back({t.count * impl_->idf(id), t.surface, t.count});
    });
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        return a.score != b.score ? a.score > b.score : a.surface < b.surface;
    });
    for (std::size_t i = 0; i < rows.size() && out.size() < n; ++i) out.emplace_back(rows[i].surface, rows[i].count);
    return out;
}

double Grouper::weight(std::string_view stem_or_entity) const {
    const auto colon = stem_or_entity.find(':');
    const std::uint64_t id = colon != std::string_view::npos
                                 ? entity_feature_id(stem_or_entity.substr(0, colon), stem_or_entity.substr(colon + 1))
                                 : fnv1a(stem_or_entity, fnv1a("w:"));
    return impl_->idf(id);
}

} // namespace earshot::insights
