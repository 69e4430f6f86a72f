// Spike detection per key (category, cause entity, group) against a learned baseline share of the total traffic.

#include "earshot/insights.hpp"
#include "earshot/detmath.hpp"

#include <algorithm>
#include <deque>
#include <string>
#include <unordered_map>

namespace earshot::insights {

namespace {

constexpr std::int64_t kMinute = 60'000;
constexpr std::int64_t kDay = 24 * 60 * kMinute;

std::uint64_t fnv1a(std::string_view s, std::uint64_t h = 1469598103934665603ULL) {
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}

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

std::size_t count_since(const std::deque<std::int64_t>& times, std::int64_t since_exclusive) {
    auto it = std::upper_bound(times.begin(), times.end(), since_exclusive);
    return static_cast<std::size_t>(times.end() - it);
}

} // namespace

struct SpikeDetector::Impl {
    struct KeyState {
        std::deque<std::int64_t> times; ///< counted arrivals within the longest window
        std::deque<bool> learnable;     ///< parallel to times: arrived outside an alarm (learned when it leaves)
        double learned = 0;             ///< decayed count of counted arrivals outside alarms
        std::int64_t learned_minute = 0;
        bool alarm = false;
        std::int64_t last_significant_ms = 0;
        std::int64_t last_seen_ms = 0;
    };

    std::vector<std::int64_t> windows_ms;
    std::int64_t max_window_ms = 0;   ///< how long arrivals are kept (longest window or the level window)
    std::int64_t level_window_ms = 0;
    double decay_per_minute = 1.0;
    double long_run_minutes = 0; ///< halflife / ln 2: the effective length of the decayed sums

    std::unordered_map<std::string, KeyState> keys;
    std::unordered_map<std::uint64_t, std::int64_t> author_seen; ///< hash(key, author) -> last counted arrival
    std::deque<std::int64_t> all_times;
    double total_learned = 0;
    std::int64_t total_minute = 0;
    double arrivals_learned = 0; ///< decayed count of counted key arrivals (the tests made)
    std::int64_t arrivals_minute = 0;
    std::int64_t first_ms = 0, last_ms = 0;
    std::int64_t seen = 0;
    std::int64_t last_sweep_ms = 0;
    std::size_t active_keys = 1;
    double alpha = 1e-6;
    double log_alpha = 0, log_alpha_end = 0;

    void decay(double& value, std::int64_t& minute, std::int64_t now_minute) const {
        if (now_minute > minute) {
            value *= pow_int(decay_per_minute, now_minute - minute);
            minute = now_minute;
        }
    }

    /// Every counted arrival tests every window, so the union bound runs over (key arrivals per day) x windows.
    void update_alpha(const SpikeConfig& c) {
        const double span = std::min(long_run_minutes, std::max(60.0, static_cast<double>(last_ms - first_ms) / kMinute));
        double per_day = arrivals_learned / span * 1440.0;
        if (per_day < 1440.0) per_day = 1440.0; // at least one arrival a minute assumed
        alpha = c.false_alarms_per_day / (per_day * static_cast<double>(windows_ms.size()));
        if (!(alpha > 0)) alpha = 1e-300;
        log_alpha = det_log(alpha);
    }

    void sweep(std::int64_t now) {
        // Forget idle keys whose learned share has decayed to nothing and stale author entries; recount active keys.
        std::size_t active = 0;
        for (auto it = keys.begin(); it != keys.end();) {
            auto& k = it->second;
            if (now - k.last_seen_ms > kDay) {
                decay(k.learned, k.learned_minute, now / kMinute);
                if (k.learned < 0.05 && !k.alarm) {
                    it = keys.erase(it);
                    continue;
                }
            } else {
                ++active;
            }
            ++it;
        }
        for (auto it = author_seen.begin(); it != author_seen.end();) {
            if (now - it->second > max_window_ms) it = author_seen.erase(it);
            else ++it;
        }
        active_keys = std::max<std::size_t>(active, 1);
        last_sweep_ms = now;
    }
};

SpikeDetector::SpikeDetector(SpikeConfig config) : config_(std::move(config)), impl_(std::make_unique<Impl>()) {
    if (config_.windows_minutes.empty()) config_.windows_minutes = {10};
    std::sort(config_.windows_minutes.begin(), config_.windows_minutes.end());
    for (int w : config_.windows_minutes) impl_->windows_ms.push_back(static_cast<std::int64_t>(std::max(w, 1)) * kMinute);
    impl_->level_window_ms = static_cast<std::int64_t>(std::max(config_.level_window_minutes, 1)) * kMinute;
    impl_->max_window_ms = std::max(impl_->windows_ms.back(), impl_->level_window_ms);
    const double hl = config_.baseline_halflife_minutes > 1 ? config_.baseline_halflife_minutes : 1.0;
    impl_->decay_per_minute = det_exp(-0.69314718055994530942 / hl);
    impl_->long_run_minutes = hl / 0.69314718055994530942;
    if (config_.min_count < 1) config_.min_count = 1;
    impl_->update_alpha(config_);
    impl_->log_alpha_end = det_log(config_.alpha_end > 0 ? config_.alpha_end : 1e-2);
}

SpikeDetector::~SpikeDetector() = default;
SpikeDetector::SpikeDetector(SpikeDetector&&) noexcept = default;
SpikeDetector& SpikeDetector::operator=(SpikeDetector&&) noexcept = default;

double SpikeDetector::alpha() const noexcept { return impl_->alpha; }
std::size_t SpikeDetector::key_count() const noexcept { return impl_->keys.size(); }

bool SpikeDetector::in_alarm(std::string_view key) const {
    auto it = impl_->keys.find(std::string(key));
    return it != impl_->keys.end() && it->second.alarm;
}

std::vector<Spike> SpikeDetector::observe(std::int64_t at_ms, std::string_view author,
                                          const std::vector<std::string>& keys) {
    auto& d = *impl_;
    std::vector<Spike> out;
    if (d.seen == 0) {
        d.first_ms = at_ms;
        d.last_sweep_ms = at_ms;
        d.total_minute = at_ms / kMinute;
        d.arrivals_minute = at_ms / kMinute;
    }
    const std::int64_t t = std::max(at_ms, d.last_ms); // out-of-order arrivals count as "now"
    d.last_ms = t;
    const std::int64_t minute = t / kMinute;
    ++d.seen;

    // The total is learned with the same lag as each key (once a mention leaves the level window), so shares compare
    // like with like even while traffic ramps up.
    d.decay(d.total_learned, d.total_minute, minute);
    while (!d.all_times.empty() && d.all_times.front() <= t - d.max_window_ms) {
        d.total_learned += pow_int(d.decay_per_minute, minute - d.all_times.front() / kMinute);
        d.all_times.pop_front();
    }
    d.all_times.push_back(t);

    if (t - d.last_sweep_ms >= 10 * kMinute) {
        d.sweep(t);
        d.update_alpha(config_);
    }

    const bool warm = (t - d.first_ms) >= static_cast<std::int64_t>(config_.warmup_minutes) * kMinute &&
                      d.seen >= config_.warmup_mentions;
    // Long-run rate of the whole stream (per ms), used as a floor for quiet hours.
    const double span_minutes = std::min(d.long_run_minutes, std::max(1.0, static_cast<double>(t - d.first_ms) / kMinute));
    const double mean_per_ms = d.total_learned / (span_minutes * kMinute);

    std::vector<std::string_view> done;
    for (const auto& key : keys) {
        if (std::find(done.begin(), done.end(), std::string_view(key)) != done.end()) continue;
        done.emplace_back(key);
        auto [it, inserted] = d.keys.try_emplace(key);
        auto& k = it->second;
        if (inserted) {
            k.learned_minute = minute;
            ++d.active_keys;
        }
        k.last_seen_ms = t;
        // Same author on the same key within the longest window counts once.
        const std::uint64_t ah = fnv1a(author, fnv1a(key) ^ 0x9e3779b97f4a7c15ULL);
        if (!author.empty()) {
            auto [ait, fresh] = d.author_seen.try_emplace(ah, t);
            if (!fresh) {
                if (t - ait->second < d.max_window_ms) continue;
                ait->second = t;
            }
        }
        d.decay(d.arrivals_learned, d.arrivals_minute, minute);
        d.arrivals_learned += 1.0;
        d.decay(k.learned, k.learned_minute, minute);
        // Lagged learning: an arrival enters the baseline only once it is older than every window, so a spike never
        // raises its own expectation.
        while (!k.times.empty() && k.times.front() <= t - d.max_window_ms) {
            if (k.learnable.front()) k.learned += pow_int(d.decay_per_minute, minute - k.times.front() / kMinute);
            k.times.pop_front();
            k.learnable.pop_front();
        }
        k.times.push_back(t);
        k.learnable.push_back(!k.alarm);

        if (k.alarm && t - k.last_significant_ms > static_cast<std::int64_t>(config_.cooldown_minutes) * kMinute)
            k.alarm = false;

        if (warm) {
            const double key_level = static_cast<double>(count_since(k.times, t - d.level_window_ms));
            const double all_level = static_cast<double>(count_since(d.all_times, t - d.level_window_ms));
            const double others_level_per_ms =
                std::max(all_level - key_level, 0.0) / static_cast<double>(std::min(d.level_window_ms, std::max<std::int64_t>(t - d.first_ms, 1)));
            // Gamma posterior on k's rate per other mention (shape: learned arrivals + prior; exposure: other mentions
            // learned), so the predictive window count is negative binomial: wide for rarely seen keys, Poisson-like
            // for busy ones.
            const double others_learned = std::max(d.total_learned - k.learned, 1.0);
            const double shape = k.learned + config_.prior_count;
            double best = 0;
            Spike best_spike;
            for (auto w : d.windows_ms) {
                const auto obs = static_cast<int>(count_since(k.times, t - w));
                if (obs < config_.min_count) continue;
                const double all_w = static_cast<double>(count_since(d.all_times, t - w));
                const double others_w = std::max({all_w - obs, others_level_per_ms * static_cast<double>(w),
                                                  0.25 * mean_per_ms * static_cast<double>(w)}) *
                                        (1.0 + config_.baseline_margin);
                const double expected = shape * others_w / others_learned;
                if (static_cast<double>(obs) <= expected) continue;
                // Tested at an arrival: the arrival itself is given, the rest of the window is the evidence.
                const double q = others_w / (others_learned + others_w);
                const double lp = negbin_log_tail(obs - 1, shape, q);
                if (lp < best) {
                    best = lp;
                    best_spike.window_minutes = static_cast<int>(w / kMinute);
                    best_spike.observed = obs;
                    best_spike.expected = expected;
                }
            }
            if (best < d.log_alpha_end) k.last_significant_ms = t;
            if (!k.alarm && best < d.log_alpha) {
                k.alarm = true;
                k.last_significant_ms = t;
                best_spike.key = key;
                best_spike.at_ms = t;
                best_spike.expected = round4(best_spike.expected);
                best_spike.score = round4(-best / 2.302585092994045684);
                out.push_back(std::move(best_spike));
            }
        }
    }
    return out;
}

} // namespace earshot::insights
