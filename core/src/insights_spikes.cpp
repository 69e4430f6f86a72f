// Spike detection per key (category, cause entity, group) against a learned baseline share of the total traffic.
//
// Per key: distinct-author arrivals counted in one-minute buckets (a ring covering the longest window), so every
// window count is a short sum; the learned share and the total decay once per minute. No per-arrival allocation.

#include "earshot/insights.hpp"
#include "earshot/detmath.hpp"
#include "insights_detail.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace earshot::insights {

namespace {

constexpr std::int64_t kMinute = 60'000;
constexpr std::int64_t kDay = 24 * 60 * kMinute;
constexpr double kLn2 = 0.69314718055994530942;

/// d^n by repeated squaring (deterministic sequence of multiplications).
double pow_int(double d, std::int64_t n) {
    double r = 1.0;
    while (n > 0) {
        if (n & 1) r *= d;
        d *= d;
        n >>= 1;
        if (d == 0.0) break;
    }
    return r;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    if (a % b != 0 && a < 0) --q;
    return q;
}

/// log k! for k < 256 (deterministic: sums of det_log), Stirling above.
double log_factorial(int k) {
    static const std::array<double, 256> table = [] {
        std::array<double, 256> t{};
        for (std::size_t i = 2; i < t.size(); ++i) t[i] = t[i - 1] + det_log(static_cast<double>(i));
        return t;
    }();
    if (k < 256) return table[static_cast<std::size_t>(k < 0 ? 0 : k)];
    return det_lgamma(k + 1.0);
}

/// log P(X >= k) for X negative binomial (shape, q): like negbin_log_tail, with log Gamma(shape + k) - log Gamma(shape)
/// taken as the log of a product (a few det_log calls instead of Stirling series).
double nb_log_tail(int k, double shape, double q) {
    if (k <= 0) return 0.0;
    if (!(q > 0)) return -1e300;
    if (q >= 1.0) return 0.0;
    if (!(shape > 0)) return -1e300;
    double log_rise = 0, prod = 1.0;
    for (int i = 0; i < k; ++i) {
        prod *= shape + i;
        if (prod > 1e250) {
            log_rise += det_log(prod);
            prod = 1.0;
        }
    }
    log_rise += det_log(prod);
    const double log_pk = log_rise - log_factorial(k) + shape * det_log(1.0 - q) + k * det_log(q);
    return negbin_log_tail_from_pmf(log_pk, k, shape, q);
}

} // namespace

struct SpikeDetector::Impl {
    struct Bucket {
        std::uint16_t n = 0;         ///< counted arrivals in this minute
        std::uint16_t learnable = 0; ///< of which outside an alarm (learned once the minute leaves every window)
    };
    /// Arrivals per minute over the last `ring` minutes; `minute` is the newest bucket's minute.
    struct Series {
        std::vector<Bucket> buckets;
        std::int64_t minute = 0;
        bool started = false;
        /// Arrivals in the last w minutes for each window w (windows_min order), then the level window: kept as
        /// buckets enter and leave, so reading them is free.
        std::array<int, 9> in_window{};
    };
    struct KeyState {
        std::string name;
        Series series;
        double learned = 0; ///< decayed count of learnable arrivals that left every window
        std::int64_t learned_minute = 0;
        bool alarm = false;
        std::int64_t last_significant_ms = 0;
        std::int64_t last_seen_ms = 0;
    };

    std::vector<std::int64_t> windows_min; ///< sorted window lengths (minutes)
    std::int64_t max_window_min = 1;       ///< how long arrivals stay in the ring (longest window or level window)
    std::int64_t level_window_min = 60;
    std::size_t ring = 64;
    double decay_per_minute = 1.0;
    double long_run_minutes = 0; ///< halflife / ln 2: the effective length of the decayed sums

    std::vector<KeyState> states;                ///< by slot
    std::vector<std::uint32_t> free_slots;
    detail::FlatMap<std::uint32_t> slot_of;      ///< key id -> slot
    detail::FlatMap<std::int64_t> author_seen;   ///< hash(key, author) -> last counted arrival
    Series all;                                  ///< every mention
    double total_learned = 0;
    std::int64_t total_minute = 0;
    double arrivals_learned = 0; ///< decayed count of counted key arrivals (the tests made)
    std::int64_t arrivals_minute = 0;
    std::int64_t first_ms = 0, last_ms = 0;
    std::int64_t seen = 0;
    std::int64_t last_sweep_ms = 0;
    double alpha = 1e-6;
    double log_alpha = 0, log_alpha_end = 0;
    std::vector<std::uint64_t> done; ///< scratch: keys already counted for this arrival

    void decay(double& value, std::int64_t& minute, std::int64_t now_minute) const {
        if (now_minute > minute) {
            value *= pow_int(decay_per_minute, now_minute - minute);
            minute = now_minute;
        }
    }

    /// Moves a series to now_minute; buckets that leave the kept span are handed to learn(bucket, its minute).
    template <class Learn>
    void advance(Series& s, std::int64_t now_minute, Learn&& learn) {
        if (s.buckets.empty()) s.buckets.resize(ring);
        if (!s.started) {
            s.minute = now_minute;
            s.started = true;
            return;
        }
        if (now_minute <= s.minute) return;
        // each window drops the buckets that leave it: minutes (s.minute - w, now_minute - w]
        for (std::size_t wi = 0; wi <= windows_min.size(); ++wi) {
            const std::int64_t w = wi < windows_min.size() ? windows_min[wi] : level_window_min;
            const std::int64_t to = std::min(now_minute - w, s.minute);
            for (std::int64_t m = s.minute - w + 1; m <= to; ++m) s.in_window[wi] -= bucket(s, m).n;
        }
        // the buckets leaving: minutes (s.minute - max_window_min, ...] older than now - max_window_min
        for (std::int64_t m = s.minute - max_window_min + 1; m <= s.minute; ++m) {
            if (m > now_minute - max_window_min) break;
            auto& b = bucket(s, m);
            if (b.n || b.learnable) learn(b, m);
            b = Bucket{};
        }
        s.minute = now_minute;
    }

    Bucket& bucket(Series& s, std::int64_t minute) {
        return s.buckets[static_cast<std::size_t>(minute & static_cast<std::int64_t>(ring - 1))];
    }

    /// One arrival in the newest minute of a series (advanced to it).
    void count(Series& s, Bucket& b) const {
        ++b.n;
        for (std::size_t wi = 0; wi <= windows_min.size(); ++wi) ++s.in_window[wi];
    }

    /// Counts in the last w minutes (the current one included), for each window, plus the level window (the series
    /// advanced to now).
    void window_counts(const Series& s, int* out_windows, int& out_level) const {
        for (std::size_t wi = 0; wi < windows_min.size(); ++wi) out_windows[wi] = s.in_window[wi];
        out_level = s.in_window[windows_min.size()];
    }

    /// Every counted arrival tests every window, so the union bound runs over (key arrivals per day) x windows.
    void update_alpha(const SpikeConfig& c) {
        const double span = std::min(long_run_minutes, std::max(60.0, static_cast<double>(last_ms - first_ms) / kMinute));
        double per_day = arrivals_learned / span * 1440.0;
        if (per_day < 1440.0) per_day = 1440.0; // at least one arrival a minute assumed
        alpha = c.false_alarms_per_day / (per_day * static_cast<double>(windows_min.size()));
        if (!(alpha > 0)) alpha = 1e-300;
        log_alpha = det_log(alpha);
    }

    void sweep(std::int64_t now) {
        // Forget idle keys whose learned share has decayed to nothing and stale author entries.
        slot_of.erase_if([&](std::uint64_t, std::uint32_t& slot) {
            auto& k = states[slot];
            if (now - k.last_seen_ms <= kDay || k.alarm) return false;
            decay(k.learned, k.learned_minute, now / kMinute);
            if (k.learned >= 0.05) return false;
            k = KeyState{};
            free_slots.push_back(slot);
            return true;
        });
        const std::int64_t keep = max_window_min * kMinute;
        author_seen.erase_if([&](std::uint64_t, std::int64_t& at) { return now - at > keep; });
        last_sweep_ms = now;
    }

    KeyState& key_state(std::uint64_t id, const std::array<std::string_view, 4>& parts, std::int64_t minute) {
        bool inserted = false;
        auto& slot = slot_of.get(id, &inserted);
        if (inserted) {
            if (!free_slots.empty()) {
                slot = free_slots.back();
                free_slots.pop_back();
            } else {
                slot = static_cast<std::uint32_t>(states.size());
                states.emplace_back();
            }
            auto& k = states[slot];
            for (auto p : parts) k.name += p;
            k.learned_minute = minute;
        }
        return states[slot];
    }
};

SpikeDetector::SpikeDetector(SpikeConfig config) : config_(std::move(config)), impl_(std::make_unique<Impl>()) {
    if (config_.windows_minutes.empty()) config_.windows_minutes = {10};
    for (auto& w : config_.windows_minutes) w = std::clamp(w, 1, 24 * 60);
    std::sort(config_.windows_minutes.begin(), config_.windows_minutes.end());
    config_.windows_minutes.erase(std::unique(config_.windows_minutes.begin(), config_.windows_minutes.end()),
                                  config_.windows_minutes.end());
    if (config_.windows_minutes.size() > 8) config_.windows_minutes.resize(8);
    auto& d = *impl_;
    for (int w : config_.windows_minutes) d.windows_min.push_back(w);
    config_.level_window_minutes = std::clamp(config_.level_window_minutes, 1, 24 * 60);
    d.level_window_min = config_.level_window_minutes;
    d.max_window_min = std::max(d.windows_min.back(), d.level_window_min);
    d.ring = 1;
    while (d.ring < static_cast<std::size_t>(d.max_window_min) + 1) d.ring <<= 1;
    const double hl = config_.baseline_halflife_minutes > 1 ? config_.baseline_halflife_minutes : 1.0;
    d.decay_per_minute = det_exp(-kLn2 / hl);
    d.long_run_minutes = hl / kLn2;
    if (config_.min_count < 1) config_.min_count = 1;
    d.update_alpha(config_);
    d.log_alpha_end = det_log(config_.alpha_end > 0 ? config_.alpha_end : 1e-2);
}

SpikeDetector::~SpikeDetector() = default;
SpikeDetector::SpikeDetector(SpikeDetector&&) noexcept = default;
SpikeDetector& SpikeDetector::operator=(SpikeDetector&&) noexcept = default;

double SpikeDetector::alpha() const noexcept { return impl_->alpha; }
std::size_t SpikeDetector::key_count() const noexcept { return impl_->slot_of.size(); }

bool SpikeDetector::in_alarm(std::string_view key) const {
    const auto* slot = impl_->slot_of.find(detail::fnv1a(key));
    return slot && impl_->states[*slot].alarm;
}

std::vector<Spike> SpikeDetector::observe(std::int64_t at_ms, std::string_view author,
                                          const std::vector<std::string>& keys) {
    std::vector<KeyRef> refs;
    refs.reserve(keys.size());
    for (const auto& k : keys) refs.push_back(KeyRef{{k, {}, {}, {}}, -1});
    return observe(at_ms, author, refs.data(), refs.size());
}

std::vector<Spike> SpikeDetector::observe(std::int64_t at_ms, std::string_view author, const KeyRef* keys,
                                          std::size_t key_count) {
    auto& d = *impl_;
    std::vector<Spike> out;
    if (d.seen == 0) {
        d.first_ms = at_ms;
        d.last_ms = at_ms;
        d.last_sweep_ms = at_ms;
        d.total_minute = floor_div(at_ms, kMinute);
        d.arrivals_minute = d.total_minute;
    }
    const std::int64_t t = std::max(at_ms, d.last_ms); // out-of-order arrivals count as "now"
    d.last_ms = t;
    const std::int64_t minute = floor_div(t, kMinute);
    ++d.seen;

    // The total is learned with the same lag as each key (once a minute leaves every window), so shares compare like
    // with like even while traffic ramps up.
    d.decay(d.total_learned, d.total_minute, minute);
    d.advance(d.all, minute, [&](const Impl::Bucket& b, std::int64_t m) {
        d.total_learned += b.n * pow_int(d.decay_per_minute, minute - m);
    });
    d.count(d.all, d.bucket(d.all, minute));

    if (t - d.last_sweep_ms >= 10 * kMinute) {
        d.sweep(t);
        d.update_alpha(config_);
    }

    const bool warm = (t - d.first_ms) >= static_cast<std::int64_t>(config_.warmup_minutes) * kMinute &&
                      d.seen >= config_.warmup_mentions;
    // Long-run rate of the whole stream (per minute), used as a floor for quiet hours.
    const double span_minutes = std::min(d.long_run_minutes, std::max(1.0, static_cast<double>(t - d.first_ms) / kMinute));
    const double mean_per_min = d.total_learned / span_minutes;
    int all_w[8] = {}, all_level = 0;
    bool all_counted = false;
    const double level_minutes =
        std::min(static_cast<double>(d.level_window_min), std::max(static_cast<double>(t - d.first_ms) / kMinute, 1.0 / 60'000));

    d.done.clear();
    for (std::size_t ki = 0; ki < key_count; ++ki) {
        const auto& parts = keys[ki].parts;
        std::uint64_t id = detail::kFnvBasis;
        for (auto p : parts) id = detail::fnv1a(p, id);
        if (std::find(d.done.begin(), d.done.end(), id) != d.done.end()) continue;
        d.done.push_back(id);
        auto& k = d.key_state(id, parts, minute);
        k.last_seen_ms = t;
        // Same author on the same key within the longest window counts once.
        if (!author.empty()) {
            const std::uint64_t ah = detail::fnv1a(author, id ^ 0x9e3779b97f4a7c15ULL);
            bool fresh = false;
            auto& last = d.author_seen.get(ah, &fresh);
            if (!fresh && t - last < d.max_window_min * kMinute) continue;
            last = t;
        }
        d.decay(d.arrivals_learned, d.arrivals_minute, minute);
        d.arrivals_learned += 1.0;
        d.decay(k.learned, k.learned_minute, minute);
        // Lagged learning: an arrival enters the baseline only once it is older than every window, so a spike never
        // raises its own expectation.
        d.advance(k.series, minute, [&](const Impl::Bucket& b, std::int64_t m) {
            k.learned += b.learnable * pow_int(d.decay_per_minute, minute - m);
        });
        auto& b = d.bucket(k.series, minute);
        d.count(k.series, b);
        if (!k.alarm) ++b.learnable;

        if (k.alarm && t - k.last_significant_ms > static_cast<std::int64_t>(config_.cooldown_minutes) * kMinute)
            k.alarm = false;
        if (!warm) continue;
        if (keys[ki].warmup_minutes > config_.warmup_minutes &&
            t - d.first_ms < static_cast<std::int64_t>(keys[ki].warmup_minutes) * kMinute)
            continue;

        int obs_w[8] = {}, key_level = 0;
        d.window_counts(k.series, obs_w, key_level);
        if (obs_w[d.windows_min.size() - 1] < config_.min_count) continue; // no window can reach min_count
        if (!all_counted) {
            d.window_counts(d.all, all_w, all_level);
            all_counted = true;
        }
        const double others_level_per_min = std::max(all_level - key_level, 0) / level_minutes;
        // Gamma posterior on k's rate per other mention (shape: learned arrivals + prior; exposure: other mentions
        // learned), so the predictive window count is negative binomial: wide for rarely seen keys, Poisson-like
        // for busy ones.
        const double others_learned = std::max(d.total_learned - k.learned, 1.0);
        const double shape = k.learned + config_.prior_count;
        double best = 0;
        Spike best_spike;
        for (std::size_t wi = 0; wi < d.windows_min.size(); ++wi) {
            const int obs = obs_w[wi];
            if (obs < config_.min_count) continue;
            const double w = static_cast<double>(d.windows_min[wi]);
            const double others_w = std::max({static_cast<double>(all_w[wi] - obs), others_level_per_min * w,
                                              0.25 * mean_per_min * w}) *
                                    (1.0 + config_.baseline_margin);
            const double expected = shape * others_w / others_learned;
            if (static_cast<double>(obs) <= expected) continue;
            // Tested at an arrival: the arrival itself is given, the rest of the window is the evidence.
            const double q = others_w / (others_learned + others_w);
            // Within one standard deviation of the expectation (the count's mean; variance mean / (1 - q)) the tail
            // is far above every threshold tested below (alpha_end = 1% and alpha): skip the series.
            const double excess = static_cast<double>(obs - 1) - expected;
            if (excess * excess * (1.0 - q) <= expected) continue;
            const double lp = nb_log_tail(obs - 1, shape, q);
            if (lp < best) {
                best = lp;
                best_spike.window_minutes = static_cast<int>(d.windows_min[wi]);
                best_spike.observed = obs;
                best_spike.expected = expected;
            }
        }
        if (best < d.log_alpha_end) k.last_significant_ms = t;
        if (!k.alarm && best < d.log_alpha) {
            k.alarm = true;
            k.last_significant_ms = t;
            best_spike.key = k.name;
            best_spike.at_ms = t;
            best_spike.expected = round4(best_spike.expected);
            best_spike.score = round4(-best / 2.302585092994045684);
            out.push_back(std::move(best_spike));
        }
    }
    return out;
}

} // namespace earshot::insights
