// Deterministic math and streaming aggregates for insights (no libm transcendental functions: identical natively
// and in WebAssembly).

#include "earshot/insights.hpp"
#include "earshot/detmath.hpp"
#include "insights_detail.hpp"

#include <cmath>

namespace earshot::insights {


namespace {
double log_factorial(int k) noexcept {
    if (k < 2) return 0.0;
    if (k < 64) {
        double s = 0.0;
        for (int i = 2; i <= k; ++i) s += det_log(static_cast<double>(i));
        return s;
    }
    // Stirling series
    const double n = k + 1.0; // log Gamma(n)
    const double inv = 1.0 / n;
    const double inv2 = inv * inv;
    return (n - 0.5) * det_log(n) - n + 0.91893853320467274178 +
           inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 / 1680)));
}
} // namespace

double poisson_log_tail(int k, double lambda) noexcept {
    if (k <= 0) return 0.0;
    if (!(lambda > 0)) return -1e300;
    // log P(X = k) then the tail sum sum_{j>=0} prod_{i=1..j} lambda / (k + i)
    const double log_pk = -lambda + k * det_log(lambda) - log_factorial(k);
    double term = 1.0, sum = 1.0;
    for (int j = 1; j < 100000; ++j) {
        term *= lambda / (k + j);
        sum += term;
        if (term < 1e-13 * sum) break;
    }
    const double lt = log_pk + det_log(sum);
    return lt > 0.0 ? 0.0 : lt;
}

double det_lgamma(double x) noexcept {
    if (!(x > 0)) return 0.0;
    // shift up to x >= 10, then Stirling's series
    double shift = 0.0;
    while (x < 10.0) {
        shift += det_log(x);
        x += 1.0;
    }
    const double inv = 1.0 / x;
    const double inv2 = inv * inv;
    return (x - 0.5) * det_log(x) - x + 0.91893853320467274178 +
           inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 / 1680))) - shift;
}

double negbin_log_tail(int k, double shape, double q) noexcept {
    if (k <= 0) return 0.0;
    if (!(q > 0)) return -1e300;
    if (q >= 1.0) return 0.0;
    if (!(shape > 0)) return -1e300;
    // log P(X = k) = lgamma(shape + k) - lgamma(shape) - log k! + shape log(1 - q) + k log q
    const double log_pk = det_lgamma(shape + k) - det_lgamma(shape) - det_lgamma(k + 1.0) + shape * det_log(1.0 - q) +
                          k * det_log(q);
    return negbin_log_tail_from_pmf(log_pk, k, shape, q);
}

double negbin_log_tail_from_pmf(double log_pk, int k, double shape, double q) noexcept {
    double term = 1.0, sum = 1.0;
    for (int j = 0; j < 100000; ++j) {
        term *= (shape + k + j) / (k + j + 1.0) * q;
        sum += term;
        if (term < 1e-13 * sum) break;
    }
    const double lt = log_pk + det_log(sum);
    return lt > 0.0 ? 0.0 : lt;
}

double round4(double x) noexcept {
    const double s = x < 0 ? -1.0 : 1.0;
    return s * std::floor(std::fabs(x) * 10000.0 + 0.5) / 10000.0;
}

// --- aggregates ------------------------------------------------------------------------------------------------

void Counts::add(const MentionFacts& m) {
    ++total;
    if (m.complaint) ++complaints;
    if (m.sentiment < 0) ++negative;
    else if (m.sentiment > 0) ++positive;
    else ++neutral;
    urgency_sum += m.urgency;
    ++by_category[m.category.empty() ? std::string("other") : m.category];
    ++by_team[m.team];
    ++by_platform[m.platform];
    ++by_tier[m.tier];
}

void Counts::merge(const Counts& o) {
    total += o.total;
    complaints += o.complaints;
    negative += o.negative;
    neutral += o.neutral;
    positive += o.positive;
    urgency_sum += o.urgency_sum;
    for (const auto& [k, v] : o.by_category) by_category[k] += v;
    for (const auto& [k, v] : o.by_team) by_team[k] += v;
    for (const auto& [k, v] : o.by_platform) by_platform[k] += v;
    for (const auto& [k, v] : o.by_tier) by_tier[k] += v;
}

Aggregates::Aggregates(AggregatesConfig config) : config_(config) {
    if (config_.bucket_ms <= 0) config_.bucket_ms = 3'600'000;
}

namespace {
std::int64_t floor_to(std::int64_t t, std::int64_t step) {
    std::int64_t q = t / step;
    if (t % step != 0 && t < 0) --q;
    return q * step;
}
} // namespace

Aggregates::Aggregates(const Aggregates& o) : config_(o.config_), totals_(o.totals_), series_(o.series_) {}

Aggregates& Aggregates::operator=(const Aggregates& o) {
    if (this != &o) {
        config_ = o.config_;
        totals_ = o.totals_;
        series_ = o.series_;
        totals_cache_.clear();
        bucket_cache_.clear();
        bucket_ = nullptr;
    }
    return *this;
}

Aggregates::Aggregates(Aggregates&& o) noexcept
    : config_(o.config_), totals_(std::move(o.totals_)), series_(std::move(o.series_)),
      totals_cache_(std::move(o.totals_cache_)), bucket_cache_(std::move(o.bucket_cache_)),
      cached_bucket_(o.cached_bucket_), bucket_(o.bucket_) {
    o.totals_cache_.clear();
    o.bucket_cache_.clear();
    o.bucket_ = nullptr;
}

Aggregates& Aggregates::operator=(Aggregates&& o) noexcept {
    if (this != &o) {
        config_ = o.config_;
        totals_ = std::move(o.totals_);
        series_ = std::move(o.series_);
        totals_cache_ = std::move(o.totals_cache_);
        bucket_cache_ = std::move(o.bucket_cache_);
        cached_bucket_ = o.cached_bucket_;
        bucket_ = o.bucket_;
        o.totals_cache_.clear();
        o.bucket_cache_.clear();
        o.bucket_ = nullptr;
    }
    return *this;
}

std::int64_t*& Aggregates::CounterCache::at(std::uint64_t key) {
    if (key == 0) key = 1;
    if ((used + 1) * 2 > slots.size()) {
        auto old = std::move(slots);
        slots.assign(old.empty() ? 64 : old.size() * 2, {0, nullptr});
        used = 0;
        for (const auto& [k, p] : old)
            if (k) at(k) = p;
    }
    const std::size_t mask = slots.size() - 1;
    for (std::size_t i = static_cast<std::size_t>(detail::mix64(key)) & mask;; i = (i + 1) & mask) {
        if (slots[i].first == key) return slots[i].second;
        if (slots[i].first == 0) {
            slots[i].first = key;
            ++used;
            return slots[i].second;
        }
    }
}

void Aggregates::CounterCache::clear() {
    slots.clear();
    used = 0;
}

void Aggregates::add(Counts& c, CounterCache& cache, const MentionFacts& m, const std::uint64_t* keys) {
    ++c.total;
    if (m.complaint) ++c.complaints;
    if (m.sentiment < 0) ++c.negative;
    else if (m.sentiment > 0) ++c.positive;
    else ++c.neutral;
    c.urgency_sum += m.urgency;
    const std::string_view category = m.category.empty() ? std::string_view("other") : std::string_view(m.category);
    struct Field {
        std::map<std::string, std::int64_t>& map;
        std::string_view value;
    };
    const Field fields[] = {{c.by_category, category}, {c.by_team, m.team}, {c.by_platform, m.platform}, {c.by_tier, m.tier}};
    for (std::size_t i = 0; i < 4; ++i) {
        const auto& f = fields[i];
        auto*& counter = cache.at(keys[i]);
        if (!counter) counter = &f.map[std::string(f.value)];
        ++*counter;
    }
}

void Aggregates::observe(const MentionFacts& m) { observe(m, m.at_ms); }

void Aggregates::observe(const MentionFacts& m, std::int64_t at_ms) {
    const std::string_view category = m.category.empty() ? std::string_view("other") : std::string_view(m.category);
    observe(m, at_ms, {detail::fnv1a(category), detail::fnv1a(m.team), detail::fnv1a(m.platform), detail::fnv1a(m.tier)});
}

void Aggregates::observe(const MentionFacts& m, std::int64_t at_ms, const std::array<std::uint64_t, 4>& value_hashes) {
    // (field, value) keys of the counters, once for the totals and the bucket
    std::uint64_t keys[4];
    for (std::size_t i = 0; i < 4; ++i) keys[i] = detail::mix64(value_hashes[i] ^ (0x1001ULL * (i + 1)));
    add(totals_, totals_cache_, m, keys);
    const std::int64_t b = floor_to(at_ms, config_.bucket_ms);
    if (!bucket_ || b != cached_bucket_) {
        bucket_ = &series_[b];
        cached_bucket_ = b;
        bucket_cache_.clear();
    }
    add(*bucket_, bucket_cache_, m, keys);
}

Counts Aggregates::between(std::int64_t from_ms, std::int64_t to_ms) const {
    Counts c;
    for (auto it = series_.lower_bound(from_ms); it != series_.end() && it->first < to_ms; ++it) c.merge(it->second);
    return c;
}

} // namespace earshot::insights
