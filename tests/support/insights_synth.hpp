#pragma once
// Synthetic mention streams for the insights tests and benchmark: diurnal background traffic over many categories and
// cause entities, with injectable spikes. Deterministic (own PRNG, core's deterministic exp), header-only.

#include "earshot/detmath.hpp"
#include "earshot/insights.hpp"

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace earshot::synth {

struct Rng {
    std::uint64_t s;
    explicit Rng(std::uint64_t seed) : s(seed * 0x9E3779B97F4A7C15ULL + 1) {}
    std::uint64_t next() {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        return s;
    }
    double uniform() { return static_cast<double>(next() >> 11) / 9007199254740992.0; }
    std::size_t pick(std::size_t n) { return static_cast<std::size_t>(next() % n); }
    int poisson(double lambda) {
        if (lambda <= 0) return 0;
        if (lambda > 30) { // normal approximation, enough for traffic
            double u = 0;
            for (int i = 0; i < 12; ++i) u += uniform();
            const double v = lambda + (u - 6.0) * std::sqrt(lambda);
            return v < 0 ? 0 : static_cast<int>(v + 0.5);
        }
        const double l = earshot::det_exp(-lambda);
        int k = 0;
        double p = 1.0;
        do {
            ++k;
            p *= uniform();
        } while (p > l);
        return k - 1;
    }
};

struct CategorySpec {
    std::string id, team;
    std::vector<std::string> nouns, problems;
    double share; ///< of the background traffic
};

inline std::vector<CategorySpec> default_categories() {
    std::vector<CategorySpec> c = {
        {"delivery", "logistics", {"parcel", "package", "order", "delivery"}, {"hasn't arrived", "is late again", "tracking hasn't moved", "was left outside"}, 0},
        {"billing", "billing", {"bill", "invoice", "card", "account"}, {"was charged twice", "has a fee I never agreed to", "shows the wrong amount", "refund never came"}, 0},
        {"app", "product", {"app", "website", "login", "checkout"}, {"keeps crashing", "won't load", "logs me out", "is painfully slow"}, 0},
        {"delays", "operations", {"flight", "departure", "plane", "connection"}, {"is delayed for hours", "got pushed back again", "left without us", "has no crew"}, 0},
        {"baggage", "ground", {"bag", "suitcase", "luggage", "stroller"}, {"is missing", "came back damaged", "went to the wrong airport", "never showed on the belt"}, 0},
        {"refunds", "billing", {"refund", "voucher", "credit", "compensation"}, {"still not paid", "was rejected for no reason", "takes forever", "form is broken"}, 0},
        {"service", "support", {"agent", "call", "chat", "hotline"}, {"was rude to me", "hung up on me", "kept me on hold an hour", "gave me wrong information"}, 0},
        {"product", "product", {"headphones", "charger", "screen", "battery"}, {"stopped working", "arrived broken", "overheats", "died after a week"}, 0},
        {"booking", "sales", {"booking", "seat", "ticket", "reservation"}, {"disappeared", "was changed without asking", "won't confirm", "was cancelled by itself"}, 0},
        {"store", "retail", {"store", "shop", "branch", "counter"}, {"was closed during opening hours", "had no stock", "staff ignored me", "queue took forever"}, 0},
        {"account", "support", {"account", "password", "profile", "email"}, {"got locked", "reset link doesn't work", "was hacked", "can't be deleted"}, 0},
        {"loyalty", "marketing", {"points", "miles", "status", "reward"}, {"vanished", "were never credited", "expired early", "can't be redeemed"}, 0},
    };
    const double zipf[] = {0.22, 0.16, 0.13, 0.1, 0.08, 0.07, 0.06, 0.05, 0.045, 0.04, 0.035, 0.03};
    for (std::size_t i = 0; i < c.size(); ++i) c[i].share = zipf[i];
    return c;
}

/// One injected spike: extra mentions of one cause at `multiplier - 1` times the category's background rate.
struct SpikeSpec {
    std::string category;
    std::int64_t onset_ms = 0, duration_ms = 60 * 60'000;
    double multiplier = 5.0;
    std::string cause;                         ///< the shared complaint ("app crashes on login since the update")
    std::vector<insights::EntityRef> entities; ///< shared cause entities
    double min_rate_per_minute = 0;            ///< floor for the extra rate (entity spikes on small categories)
};

struct StreamSpec {
    std::int64_t start_ms = 1'795'478'400'000LL; ///< 2026-11-24T00:00Z
    std::int64_t duration_ms = 24LL * 3'600'000;
    double mentions_per_day = 5000;  ///< background complaints
    double diurnal_amplitude = 0.6;  ///< rate(t) = mean * (1 + a sin(...)), trough at 04:00
    std::uint64_t seed = 1;
    std::vector<CategorySpec> categories = default_categories();
    std::vector<SpikeSpec> spikes;
    std::size_t authors = 200000;
};

inline double diurnal(const StreamSpec& s, std::int64_t t) {
    const double day = 86'400'000.0;
    double x = static_cast<double>((t - s.start_ms) % static_cast<std::int64_t>(day)) / day; // 0..1 from midnight
    // sin via deterministic exp is overkill; a smooth triangle-ish cosine approximation: use a parabola per half day
    // rate peaks at 16:00 and bottoms at 04:00
    x = x - 4.0 / 24.0;
    if (x < 0) x += 1.0;
    const double tri = x < 0.5 ? x * 2.0 : (1.0 - x) * 2.0; // 0 at 04:00, 1 at 16:00
    const double smooth = tri * tri * (3.0 - 2.0 * tri);     // smoothstep
    return 1.0 + s.diurnal_amplitude * (2.0 * smooth - 1.0);
}

struct Generated {
    insights::MentionFacts facts;
    int spike = -1; ///< index of the injected spike it belongs to, -1 for background
};

/// Generates the whole stream in time order (minute resolution, spread within the minute).
inline std::vector<Generated> generate(const StreamSpec& s) {
    Rng rng(s.seed);
    std::vector<Generated> out;
    const std::int64_t minute = 60'000;
    const double per_minute = s.mentions_per_day / 1440.0;
    std::size_t n = 0;
    const char* platforms[] = {"x", "x", "x", "facebook", "instagram", "review", "email"};
    const char* tiers[] = {"easy", "easy", "medium", "hard"};
    for (std::int64_t t = s.start_ms; t < s.start_ms + s.duration_ms; t += minute) {
        const double level = diurnal(s, t);
        std::vector<Generated> batch;
        for (const auto& c : s.categories) {
            const int k = rng.poisson(per_minute * level * c.share);
            for (int i = 0; i < k; ++i) {
                Generated g;
                auto& f = g.facts;
                f.category = c.id;
                f.team = c.team;
                const auto& noun = c.nouns[rng.pick(c.nouns.size())];
                const auto& prob = c.problems[rng.pick(c.problems.size())];
                static const char* frames[] = {"my {n} {p}", "{n} {p}, unbelievable", "why is it that my {n} {p}?",
                                               "third time this month my {n} {p}", "seriously, the {n} {p}",
                                               "hey, my {n} {p} - can someone help", "{n} {p} and nobody answers"};
                std::string text = frames[rng.pick(7)];
                text.replace(text.find("{n}"), 3, noun);
                text.replace(text.find("{p}"), 3, prob);
                if (rng.uniform() < 0.3) {
                    // a background cause entity drawn from a large pool (flight numbers, products, places)
                    const auto r = rng.pick(3);
                    insights::EntityRef e;
                    if (r == 0) e = {"flight_number", "XY" + std::to_string(100 + rng.pick(900)), ""};
                    else if (r == 1) e = {"place", "Place" + std::to_string(rng.pick(40)), ""};
                    else e = {"product", "Model " + std::to_string(rng.pick(60)), ""};
                    e.text = e.value;
                    text += " (" + e.value + ")";
                    f.entities.push_back(e);
                }
                f.text = text;
                batch.push_back(std::move(g));
            }
        }
        for (std::size_t si = 0; si < s.spikes.size(); ++si) {
            const auto& sp = s.spikes[si];
            if (t < sp.onset_ms || t >= sp.onset_ms + sp.duration_ms) continue;
            double share = 0;
            for (const auto& c : s.categories)
                if (c.id == sp.category) share = c.share;
            double rate = per_minute * level * share * (sp.multiplier - 1.0);
            if (rate < sp.min_rate_per_minute) rate = sp.min_rate_per_minute;
            const int k = rng.poisson(rate);
            for (int i = 0; i < k; ++i) {
                Generated g;
                g.spike = static_cast<int>(si);
                g.facts.category = sp.category;
                for (const auto& c : s.categories)
                    if (c.id == sp.category) g.facts.team = c.team;
                static const char* frames[] = {"{c}", "{c}!!", "ugh, {c}", "{c}. fix it please", "is it just me? {c}",
                                               "{c} - anyone else?"};
                std::string text = frames[rng.pick(6)];
                text.replace(text.find("{c}"), 3, sp.cause);
                for (const auto& e : sp.entities) text += " " + e.text;
                g.facts.text = text;
                g.facts.entities = sp.entities;
                batch.push_back(std::move(g));
            }
        }
        // spread within the minute in a shuffled order
        for (std::size_t i = batch.size(); i > 1; --i) std::swap(batch[i - 1], batch[rng.pick(i)]);
        for (std::size_t i = 0; i < batch.size(); ++i) {
            auto& f = batch[i].facts;
            f.at_ms = t + static_cast<std::int64_t>(i) * (minute / static_cast<std::int64_t>(batch.size() + 1));
            f.id = "m" + std::to_string(++n);
            f.author = "@user" + std::to_string(rng.pick(s.authors));
            f.platform = platforms[rng.pick(7)];
            f.sentiment = -1;
            f.complaint = true;
            f.urgency = static_cast<int>(rng.pick(80));
            f.tier = tiers[rng.pick(4)];
            f.respond_within_minutes = f.tier == std::string("hard") ? 60 : f.tier == std::string("medium") ? 120 : 240;
            f.category_label = f.category;
            if (!f.category_label.empty()) f.category_label[0] = static_cast<char>(f.category_label[0] - 'a' + 'A');
            out.push_back(std::move(batch[i]));
        }
    }
    return out;
}

} // namespace earshot::synth
