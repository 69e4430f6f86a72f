// Grouping of related complaints: content-word stems and cause entities, idf-weighted Jaccard against recent members
// and the group's core terms, candidate groups from an inverted index, SimHash for near-duplicates.

#include "earshot/insights.hpp"
#include "earshot/detmath.hpp"
#include "insights_detail.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <unordered_map>

namespace earshot::insights {

using detail::entity_feature_id;
using detail::fnv1a;

namespace {

/// Cheap deterministic log2 (exponent + cubic on the mantissa); accuracy ~1e-3, enough for idf weights.
double fast_log2(double x) {
    if (!(x > 0)) return 0;
    std::uint64_t bits = 0;
    std::memcpy(&bits, &x, sizeof bits);
    const int biased = static_cast<int>((bits >> 52) & 0x7ff);
    if (biased == 0 || biased == 0x7ff) { // subnormal or infinite: the library's split
        int e = 0;
        const double m = std::frexp(x, &e) * 2.0 - 1.0;
        return (e - 1) + m * (1.4425449 + m * (-0.7181452 + m * 0.2755996));
    }
    // x = 1.f * 2^(biased - 1023): the same exponent and mantissa frexp gives (m = 1.f - 1, exactly)
    const std::uint64_t one_f = (bits & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL;
    double mant = 0;
    std::memcpy(&mant, &one_f, sizeof mant);
    const double m = mant - 1.0; // [0, 1)
    return (biased - 1023) + m * (1.4425449 + m * (-0.7181452 + m * 0.2755996));
}

int popcount64(std::uint64_t x) {
    x = x - ((x >> 1) & 0x5555555555555555ULL);
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
    return static_cast<int>((x * 0x0101010101010101ULL) >> 56);
}

} // namespace


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
        std::uint64_t id = 0; ///< 0: a free slot
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
        std::array<std::uint32_t, 16> slots{}; ///< groups (slots), least recently used first
        std::uint8_t n = 0;
    };
    /// Groups live in slots (reused after a sweep); postings name slots, so finding a candidate is an index.
    std::vector<Group> slab;
    std::vector<std::uint32_t> free_slots;
    detail::FlatMap<std::uint32_t> slot_of; ///< group id -> slot
    detail::FlatMap<Posting> postings; ///< feature -> recent groups
    detail::FlatMap<std::uint32_t> df;
    std::uint64_t docs = 0;
    std::uint64_t next_id = 1;
    std::int64_t last_sweep = 0;
    // scratch, reused by add()
    std::vector<double> wa;
    struct Cand {
        double shared;
        std::uint64_t id;
        std::uint32_t slot;
    };
    std::vector<Cand> cands;
    std::vector<std::uint64_t> entity_ids;
    std::vector<double> acc;          ///< by slot: shared weight with the mention being added
    std::vector<std::uint32_t> acc_at; ///< by slot: the add() that last wrote acc (stale otherwise)
    std::uint32_t acc_stamp = 0;
    std::size_t acc_used = 0;
    std::vector<double> top;

    static double idf_of(std::uint64_t docs, double df) {
        return 1.0 + fast_log2((static_cast<double>(docs) + 1.0) / (df + 1.0));
    }
    double idf(std::uint64_t id) const {
        const auto* it = df.find(id);
        return idf_of(docs, it ? *it : 0.0);
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

    Group* find(std::uint64_t id) {
        const auto* slot = slot_of.find(id);
        return slot ? &slab[*slot] : nullptr;
    }
    const Group* find(std::uint64_t id) const { return const_cast<Impl*>(this)->find(id); }

    std::uint32_t create(std::uint64_t id, std::string_view category) {
        std::uint32_t slot = 0;
        if (!free_slots.empty()) {
            slot = free_slots.back();
            free_slots.pop_back();
        } else {
            slot = static_cast<std::uint32_t>(slab.size());
            slab.emplace_back();
            acc.push_back(0.0);
            acc_at.push_back(0);
        }
        slab[slot].id = id;
        slab[slot].category.assign(category);
        slot_of[id] = slot;
        return slot;
    }

    void sweep(std::int64_t at_ms, std::int64_t ttl) {
        bool any = false;
        for (std::size_t i = 0; i < slab.size(); ++i) {
            auto& g = slab[i];
            if (g.id == 0 || g.pinned || at_ms - g.last_at <= ttl) continue;
            slot_of.erase(g.id);
            g = Group{};
            free_slots.push_back(static_cast<std::uint32_t>(i));
            any = true;
        }
        // postings of forgotten groups go too, and features left with none (before their slots are reused)
        if (any)
            postings.erase_if([&](std::uint64_t, Posting& p) {
                std::uint8_t k = 0;
                for (std::uint8_t i = 0; i < p.n; ++i)
                    if (slab[p.slots[i]].id != 0) p.slots[k++] = p.slots[i];
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
    if (config_.max_candidates < 1) config_.max_candidates = 1;
}
Grouper::~Grouper() = default;
Grouper::Grouper(Grouper&&) noexcept = default;
Grouper& Grouper::operator=(Grouper&&) noexcept = default;

std::size_t Grouper::live_groups() const noexcept { return impl_->slot_of.size(); }

std::size_t Grouper::member_count(std::uint64_t group) const {
    const auto* g = impl_->find(group);
    return g ? g->members : 0;
}

void Grouper::pin(std::uint64_t group) {
    if (auto* g = impl_->find(group)) g->pinned = true;
}

double Grouper::similarity(const Features& a, const Features& b) const { return impl_->weighted_jaccard(a.ids, b.ids); }

Grouper::Assignment Grouper::add(std::int64_t at_ms, std::string_view category, const Features& f,
                                 const FeatureExtractor* words) {
    if (f.surface.empty() && !f.stem_ids.empty() && !words)
        throw std::invalid_argument("Grouper::add: features from a FeatureExtractor need that extractor");
    auto& d = *impl_;
    Assignment out;
    // Document frequencies first, so a brand-new word weighs as rare, not as unseen.
    ++d.docs;
    // ... and the weights of this mention's features (each id's df is final once counted: the ids are distinct).
    d.wa.resize(f.ids.size());
    double wa_sum = 0;
    for (std::size_t i = 0; i < f.ids.size(); ++i) {
        const double df = ++d.df[f.ids[i]];
        wa_sum += (d.wa[i] = Impl::idf_of(d.docs, df));
    }

    // Sweep idle groups now and then.
    if (at_ms - d.last_sweep > 3'600'000) d.sweep(at_ms, config_.group_ttl_ms);

    d.entity_ids.clear();
    if (f.entity_ids.size() == f.cause_entities.size()) {
        d.entity_ids.assign(f.entity_ids.begin(), f.entity_ids.end());
    } else { // features put together by hand
        for (const auto& e : f.cause_entities) {
            const auto colon = e.find(':');
            d.entity_ids.push_back(entity_feature_id(std::string_view(e).substr(0, colon), std::string_view(e).substr(colon + 1)));
        }
    }
    auto is_entity = [&](std::uint64_t id) {
        return std::find(d.entity_ids.begin(), d.entity_ids.end(), id) != d.entity_ids.end();
    };


    // Candidates: groups sharing a feature, scored by shared idf weight (summed in a small open-addressing table).
    // (at most 128 candidate groups: the first 128 met, in feature order)
    if (++d.acc_stamp == 0) {
        std::fill(d.acc_at.begin(), d.acc_at.end(), 0);
        d.acc_stamp = 1;
    }
    d.acc_used = 0;
    auto& cands = d.cands;
    cands.clear();
    const double common_cut = 1.0 + fast_log2(5.0); // skip features in more than ~20% of documents
    for (std::size_t i = 0; i < f.ids.size(); ++i) {
        const auto id = f.ids[i];
        const bool ent = is_entity(id);
        const double w = d.wa[i];
        if (!ent && d.docs >= 200 && w < common_cut) continue;
        const auto* p = d.postings.find(id);
        if (!p) continue;
        for (std::uint8_t k = 0; k < p->n; ++k) {
            const std::uint32_t slot = p->slots[k];
            if (d.acc_at[slot] != d.acc_stamp) {
                if (d.acc_used >= 128) continue; // enough candidates
                d.acc_at[slot] = d.acc_stamp;
                d.acc[slot] = 0.0;
                cands.push_back({0.0, d.slab[slot].id, slot});
                ++d.acc_used;
            }
            d.acc[slot] += w + (ent ? 10.0 : 0.0);
        }
    }
    for (auto& c : cands) c.shared = d.acc[c.slot];
    const std::size_t max_cands = config_.max_candidates;
    auto better = [](const Impl::Cand& a, const Impl::Cand& b) { return a.shared != b.shared ? a.shared > b.shared : a.id > b.id; };
    // The best max_cands in order (a strict order: group ids are unique), by insertion into a short sorted prefix.
    std::size_t kept = 0;
    for (std::size_t i = 0; i < cands.size(); ++i) {
        if (kept == max_cands && !better(cands[i], cands[kept - 1])) continue;
        const auto c = cands[i];
        std::size_t j = kept < max_cands ? kept++ : kept - 1;
        for (; j > 0 && better(c, cands[j - 1]); --j) cands[j] = cands[j - 1];
        cands[j] = c;
    }
    cands.resize(kept);

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
    std::uint32_t best_slot = 0;
    bool best_dup = false;
    for (const auto& cand : cands) {
        auto& g = d.slab[cand.slot];
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
        if (f.ids.size() >= 4)
            for (const auto& m : g.ring)
                if (popcount64(m.simhash ^ f.simhash) <= config_.near_duplicate_bits) {
                    dup = true;
                    break;
                }
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
            best = cand.id;
            best_slot = cand.slot;
            best_dup = dup;
        }
    }

    if (best == 0) {
        best = d.next_id++;
        out.created = true;
        best_slot = d.create(best, category);
    }
    auto& g = d.slab[best_slot];
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
    if (f.stem_ids.size() == f.surface.size() || (words && f.stem_ids.size() == f.words.size())) {
        for (std::size_t i = 0; i < f.stem_ids.size(); ++i) {
            auto& t = g.terms[f.stem_ids[i]];
            if (t.count++ == 0) t.surface = f.surface.empty() ? words->surface(f.words[i]) : f.surface[i];
        }
    } else { // features put together by hand
        const std::uint64_t word_basis = fnv1a("w:");
        for (std::size_t i = 0; i < f.stems.size(); ++i) {
            auto& t = g.terms[fnv1a(f.stems[i], word_basis)];
            if (t.count++ == 0) t.surface = f.surface[i];
        }
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
        auto* end = p.slots.data() + p.n;
        auto* it = std::find(p.slots.data(), end, best_slot);
        if (it != end) {
            std::rotate(it, it + 1, end);
            continue;
        }
        if (p.n >= per_feature) {
            std::rotate(p.slots.data(), p.slots.data() + 1, end);
            p.slots[p.n - 1] = best_slot;
        } else {
            p.slots[p.n++] = best_slot;
        }
    }
    out.group = best;
    out.near_duplicate = best_dup;
    out.similarity = round4(out.created ? 1.0 : best_sim);
    return out;
}

std::vector<std::pair<std::string, int>> Grouper::top_terms(std::uint64_t group, std::size_t n) const {
    std::vector<std::pair<std::string, int>> out;
    const auto* grp = impl_->find(group);
    if (!grp) return out;
    struct Row {
        double score;
        std::string surface;
        int count;
    };
    std::vector<Row> rows;
    grp->terms.for_each([&](std::uint64_t id, const Impl::Term& t) {
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
