#pragma once
// Per-client token buckets (key: remote address). Thread-safe; idle buckets are pruned as new ones are made.

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace earshot::server {

class RateLimiter {
public:
    /// rate: requests per second (0 = unlimited); burst: bucket size.
    RateLimiter(double rate, double burst) : rate_(rate), burst_(burst) {}

    /// Takes one token; false (and the seconds to wait in retry_after) when the bucket is empty.
    bool allow(const std::string& key, int& retry_after) {
        if (rate_ <= 0) return true;
        const auto now = std::chrono::steady_clock::now();
        std::lock_guard lock(mu_);
        if (buckets_.size() > 10000) prune(now);
        auto [it, inserted] = buckets_.try_emplace(key, Bucket{burst_, now});
        Bucket& b = it->second;
        if (!inserted) {
            double elapsed = std::chrono::duration<double>(now - b.last).count();
            b.tokens = std::min(burst_, b.tokens + elapsed * rate_);
            b.last = now;
        }
        if (b.tokens >= 1.0) {
            b.tokens -= 1.0;
            return true;
        }
        retry_after = static_cast<int>((1.0 - b.tokens) / rate_) + 1;
        return false;
    }

private:
    struct Bucket {
        double tokens;
        std::chrono::steady_clock::time_point last;
    };
    void prune(std::chrono::steady_clock::time_point now) {
        for (auto it = buckets_.begin(); it != buckets_.end();) {
            if (std::chrono::duration<double>(now - it->second.last).count() * rate_ >= burst_)
                it = buckets_.erase(it);
            else
                ++it;
        }
    }
    double rate_, burst_;
    std::mutex mu_;
    std::unordered_map<std::string, Bucket> buckets_;
};

} // namespace earshot::server
