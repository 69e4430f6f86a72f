// Grouping of related complaints: content-word stems and cause entities, idf-weighted Jaccard against recent members
// and the group's core terms, candidate groups from an inverted index, SimHash for near-duplicates.

#include "earshot/insights.hpp"
#include "earshot/detmath.hpp"
#include "earshot/tokenizer.hpp"

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <cmath>
#include <deque>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace earshot::insights {

namespace {

std::uint64_t fnv1a(std::string_view s, std::uint64_t h = 1469598103934665603ULL) {
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}

std::uint64_t mix64(std::uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

const std::unordered_set<std::string_view>& stop_words() {
    static const std::unordered_set<std::string_view> words = {
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
        "you're", "your", "yours", "again", "already", "anyone", "anything", "guys", "hey", "hi", "hello", "lol",
        "omg", "wtf", "today", "yesterday", "im", "ive", "dont", "cant", "wont", "its", "u", "ur", "via", "amp",
        "since", "ago", "yes", "ok", "okay", "going", "want", "need", "make", "made", "say", "said", "know", "see",
        "way", "time", "day", "days", "hours", "hour", "week", "minutes"};
    return words;
}

/// Light suffix stripping so "delayed", "delays" and "delay" (and "charges", "charged") meet.
std::string stem(std::string w) {
    auto ends = [&](std::string_view s) { return w.size() > s.size() + 2 && w.compare(w.size() - s.size(), s.size(), s) == 0; };
    if (ends("ies")) {
        w.resize(w.size() - 3);
        w += 'y';
    } else if (ends("ing")) {
        w.resize(w.size() - 3);
    } else if (ends("ed")) {
        w.resize(w.size() - 2);
    } else if (ends("s") && !ends("ss") && !ends("us")) {
        w.resize(w.size() - 1);
    }
    if (w.size() > 3 && w.back() == 'e') w.pop_back();
    // doubled final consonant after stripping ("stopped" -> "stopp" -> "stop")
    if (w.size() > 3 && w[w.size() - 1] == w[w.size() - 2] && w.back() != 'l' && w.back() != 's' &&
        std::string_view("aeiou").find(w.back()) == std::string_view::npos)
        w.pop_back();
    return w;
}

/// Paraphrases of the same complaint meet on one concept ("double charged" / "charged twice", "lost" / "missing").
const std::string& concept_of(const std::string& stem) {
    static const std::unordered_map<std::string, std::string> concepts = {
        {"twic", "twice"},      {"doubl", "twice"},     {"two", "twice"},       {"duplicat", "twice"},
        {"lat", "delay"},       {"delay", "delay"},     {"crash", "crash"},     {"freez", "crash"},
        {"brok", "broken"},     {"broken", "broken"},   {"faulty", "broken"},   {"defectiv", "broken"},
        {"damag", "broken"},    {"cancell", "cancel"},  {"cancellation", "cancel"}, {"lost", "missing"},
        {"miss", "missing"},    {"missing", "missing"}, {"bill", "charg"},      {"packag", "parcel"},
        {"baggag", "bag"},      {"luggag", "bag"},      {"suitcas", "bag"},     {"log", "login"},
        {"signin", "login"},    {"website", "site"},    {"refund", "refund"},   {"wait", "wait"}};
    auto it = concepts.find(stem);
    return it == concepts.end() ? stem : it->second;
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

/// Cheap deterministic log2 (exponent + cubic on the mantissa); accuracy ~1e-3, enough for idf weights.
double fast_log2(double x) {
    if (!(x > 0)) return 0;
    int e = 0;
    const double m = std::frexp(x, &e) * 2.0 - 1.0; // [0, 1)
    return (e - 1) + m * (1.4425449 + m * (-0.7181452 + m * 0.2755996));
}

int popcount64(std::uint64_t x) {
    int n = 0;
    while (x) {
        x &= x - 1;
        ++n;
    }
    return n;
}

} // namespace

bool is_cause_entity(std::string_view type) noexcept {
    return type == "flight_number" || type == "product" || type == "place" || type == "amount" || type == "fee" ||
           type == "location" || type == "store";
}

Features extract_features(std::string_view text, const std::vector<EntityRef>& entities) {
    Features f;
    const auto tok = tokenize(text);
    std::array<int, 64> bits{};
    std::unordered_set<std::uint64_t> seen;
    auto add = [&](const std::string& key, std::uint64_t id) {
        if (!seen.insert(id).second) return false;
        f.ids.push_back(id);
        const std::uint64_t h = mix64(id);
        for (int b = 0; b < 64; ++b) bits[static_cast<std::size_t>(b)] += (h >> b) & 1 ? 1 : -1;
        (void)key;
        return true;
    };
    const auto& stops = stop_words();
    for (const auto& t : tok.tokens) {
        std::string word;
        if (t.kind == TokenKind::Word) word = t.norm;
        else if (t.kind == TokenKind::Hashtag && t.norm.size() > 1) word = t.norm.substr(1);
        else continue;
        if (stops.count(word)) continue;
        const bool digit = t.has_digit() || t.kind == TokenKind::Hashtag;
        if (word.size() < 3 && !digit) continue;
        std::string s = digit ? word : concept_of(stem(word));
        if (s.size() < 2) continue;
        const std::uint64_t id = fnv1a(s, fnv1a("w:"));
        if (add(s, id)) {
            f.stems.push_back(s);
            f.surface.push_back(lower_ascii(t.raw(text)));
        }
    }
    for (const auto& e : entities) {
        if (!is_cause_entity(e.type) || e.value.empty()) continue;
        const std::string key = e.type + ":" + lower_ascii(e.value);
        const std::uint64_t id = fnv1a(key, fnv1a("e:"));
        if (add(key, id)) f.cause_entities.push_back(e.type + ":" + e.value);
    }
    std::uint64_t sh = 0;
    for (int b = 0; b < 64; ++b)
        if (bits[static_cast<std::size_t>(b)] > 0) sh |= (1ULL << b);
    f.simhash = sh;
    std::sort(f.ids.begin(), f.ids.end());
    return f;
}

struct Grouper::Impl {
    struct Member {
        std::vector<std::uint64_t> ids;
        double weight = 0; ///< sum of idf weights when it was added
        std::uint64_t simhash = 0;
    };
    struct Term {
        int count = 0;
        std::string surface;
    };
    struct Group {
        std::string category;
        std::deque<Member> recent;
        std::unordered_map<std::uint64_t, Term> terms; ///< stems and entities -> member count
        std::unordered_set<std::uint64_t> entity_ids;
        std::size_t members = 0;
        std::int64_t last_at = 0;
        bool pinned = false;
        std::vector<std::uint64_t> core; ///< cached core terms (in >= 40% of members), refreshed as the group grows
        double core_weight = 0;
        std::size_t core_at = 0;         ///< member count when core was computed
    };
    std::unordered_map<std::uint64_t, Group> groups;
    std::unordered_map<std::uint64_t, std::vector<std::uint64_t>> postings; ///< feature -> recent groups
    std::unordered_map<std::uint64_t, std::uint32_t> df;
    std::uint64_t docs = 0;
    std::uint64_t next_id = 1;
    std::int64_t last_sweep = 0;

    double idf(std::uint64_t id) const {
        auto it = df.find(id);
        const double d = it == df.end() ? 0.0 : it->second;
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
        for (const auto& [id, t] : g.terms)
            if (t.count * 10 >= static_cast<int>(g.members) * 4) {
                g.core.push_back(id);
                g.core_weight += idf(id);
            }
        std::sort(g.core.begin(), g.core.end());
        g.core_at = g.members;
    }
};

Grouper::Grouper(GroupingConfig config) : config_(config), impl_(std::make_unique<Impl>()) {
    if (config_.compare_members < 1) config_.compare_members = 1;
    if (config_.postings_per_feature < 1) config_.postings_per_feature = 1;
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
    if (at_ms - d.last_sweep > 3'600'000) {
        for (auto it = d.groups.begin(); it != d.groups.end();) {
            if (!it->second.pinned && at_ms - it->second.last_at > config_.group_ttl_ms) it = d.groups.erase(it);
            else ++it;
        }
        d.last_sweep = at_ms;
    }

    std::unordered_set<std::uint64_t> entity_ids;
    for (const auto& e : f.cause_entities) {
        const auto colon = e.find(':');
        const std::string key = e.substr(0, colon) + ":" + lower_ascii(e.substr(colon + 1));
        entity_ids.insert(fnv1a(key, fnv1a("e:")));
    }

    // Weights of this mention's features, once.
    std::vector<double> wa(f.ids.size());
    double wa_sum = 0;
    for (std::size_t i = 0; i < f.ids.size(); ++i) wa_sum += (wa[i] = d.idf(f.ids[i]));

    // Candidates: groups sharing a feature, scored by shared idf weight.
    std::vector<std::pair<std::uint64_t, double>> hits; // (group, weight) per shared feature
    const double common_cut = 1.0 + fast_log2(5.0); // skip features in more than ~20% of documents
    for (std::size_t i = 0; i < f.ids.size(); ++i) {
        const auto id = f.ids[i];
        const bool ent = entity_ids.count(id) > 0;
        const double w = wa[i];
        if (!ent && d.docs >= 200 && w < common_cut) continue;
        auto pit = d.postings.find(id);
        if (pit == d.postings.end()) continue;
        for (auto g : pit->second) hits.emplace_back(g, w + (ent ? 10.0 : 0.0));
    }
    std::sort(hits.begin(), hits.end());
    std::vector<std::pair<double, std::uint64_t>> cands;
    for (std::size_t i = 0; i < hits.size();) {
        std::size_t j = i;
        double w = 0;
        while (j < hits.size() && hits[j].first == hits[i].first) w += hits[j++].second;
        cands.emplace_back(w, hits[i].first);
        i = j;
    }
    const std::size_t max_cands = 8;
    auto better = [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second > b.second; };
    if (cands.size() > max_cands) {
        std::partial_sort(cands.begin(), cands.begin() + max_cands, cands.end(), better);
        cands.resize(max_cands);
    } else {
        std::sort(cands.begin(), cands.end(), better);
    }

    double best_sim = 0;
    std::uint64_t best = 0;
    bool best_dup = false;
    for (const auto& [w, gid] : cands) {
        auto git = d.groups.find(gid);
        if (git == d.groups.end()) continue;
        auto& g = git->second;
        bool shares_entity = false, shares_flight_or_product = false;
        for (const auto& e : f.cause_entities) {
            const auto colon = e.find(':');
            const auto id = fnv1a(e.substr(0, colon) + ":" + lower_ascii(e.substr(colon + 1)), fnv1a("e:"));
            if (!g.entity_ids.count(id)) continue;
            shares_entity = true;
            if (e.rfind("flight_number:", 0) == 0 || e.rfind("product:", 0) == 0) shares_flight_or_product = true;
        }
        if (g.category != category && !shares_flight_or_product) continue;
        double sim = 0;
        bool dup = false;
        for (const auto& m : g.recent) {
            sim = std::max(sim, Impl::fast_jaccard(f.ids, wa, wa_sum, m.ids, m.weight));
            if (f.ids.size() >= 4 && popcount64(m.simhash ^ f.simhash) <= config_.near_duplicate_bits) dup = true;
        }
        d.refresh_core(g);
        if (!g.core.empty()) sim = std::max(sim, Impl::fast_jaccard(f.ids, wa, wa_sum, g.core, g.core_weight));
        const double need = shares_entity ? config_.entity_join_similarity : config_.join_similarity;
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
    g.recent.push_back({f.ids, wa_sum, f.simhash});
    while (g.recent.size() > static_cast<std::size_t>(config_.compare_members)) g.recent.pop_front();
    ++g.members;
    g.last_at = std::max(g.last_at, at_ms);
    for (std::size_t i = 0; i < f.stems.size(); ++i) {
        auto& t = g.terms[fnv1a(f.stems[i], fnv1a("w:"))];
        if (t.count++ == 0) t.surface = f.surface[i];
    }
    for (std::size_t i = 0; i < f.cause_entities.size(); ++i) {
        const auto& e = f.cause_entities[i];
        const auto colon = e.find(':');
        const auto id = fnv1a(e.substr(0, colon) + ":" + lower_ascii(e.substr(colon + 1)), fnv1a("e:"));
        g.entity_ids.insert(id);
        auto& t = g.terms[id];
        if (t.count++ == 0) t.surface = e;
    }
    for (auto id : f.ids) {
        // Least-recently-used list of groups per feature: a hit moves to the back, a new group evicts the front.
        auto& p = d.postings[id];
        auto it = std::find(p.begin(), p.end(), best);
        if (it != p.end()) {
            std::rotate(it, it + 1, p.end());
            continue;
        }
        if (p.size() >= config_.postings_per_feature) p.erase(p.begin());
        p.push_back(best);
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
    for (const auto& [id, t] : it->second.terms) {
        if (it->second.entity_ids.count(id)) continue;
        rows.push_back({t.count * impl_->idf(id), t.surface, t.count});
    }
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        return a.score != b.score ? a.score > b.score : a.surface < b.surface;
    });
    for (std::size_t i = 0; i < rows.size() && out.size() < n; ++i) out.emplace_back(rows[i].surface, rows[i].count);
    return out;
}

} // namespace earshot::insights

namespace earshot::insights {
double Grouper::weight(std::string_view stem_or_entity) const {
    const bool entity = stem_or_entity.find(':') != std::string_view::npos;
    std::uint64_t id = 0;
    if (entity) {
        const auto colon = stem_or_entity.find(':');
        id = fnv1a(std::string(stem_or_entity.substr(0, colon)) + ":" + lower_ascii(stem_or_entity.substr(colon + 1)),
                   fnv1a("e:"));
    } else {
        id = fnv1a(stem_or_entity, fnv1a("w:"));
    }
    return impl_->idf(id);
}
} // namespace earshot::insights
