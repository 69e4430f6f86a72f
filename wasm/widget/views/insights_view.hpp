#pragma once
// Insights: volume by category over time, sentiment trend, time to first reply, deadlines met per tier and team,
// and incidents reported by the server (issue 7).

#include "ui.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace earshot::widget {

struct InsightsData {
    std::int64_t t0 = 0, bucket_ms = 3'600'000;
    int buckets = 0;
    std::vector<std::string> series;            ///< top categories (+ "other")
    std::vector<std::vector<int>> volume;       ///< [series][bucket]
    std::vector<float> sentiment;               ///< mean sentiment score per bucket
    std::vector<int> bucket_total;
    std::vector<float> first_reply_minutes;     ///< every replied mention
    struct Met { int met = 0, missed = 0; };
    std::map<std::string, Met> by_tier, by_team;
    int total = 0, open = 0, overdue = 0;
};

/// compute_insights() in slices: begin(), then step() until it returns true (two passes over the records), then
/// take(). Records added after begin() count in the next run.
class InsightsBuilder {
public:
    void begin(std::size_t n, std::int64_t now_ms);
    bool step(const std::vector<Record>& records, std::size_t max_records); ///< true when done
    bool running() const { return phase_ != 0; }
    InsightsData take() { return std::move(d_); }

private:
    int phase_ = 0; ///< 0 idle/done, 1 counting, 2 bucketing
    std::size_t pos_ = 0, n_ = 0;
    std::int64_t now_ = 0, lo_ = INT64_MAX, hi_ = INT64_MIN;
    std::map<std::string, int> cat_count_;
    InsightsData d_;
};

/// Aggregates the records (pure function; the view runs it as an InsightsBuilder, a slice per frame).
InsightsData compute_insights(const std::vector<Record>& records, std::int64_t now_ms);

class InsightsView {
public:
    void draw(Ui& ui);

private:
    /// Incidents from incident.* events: status, owner, spike timeline, fix note, outreach progress, grouped mentions.
    void draw_incidents(Ui& ui);
    void draw_incident_actions(Ui& ui, const std::string& id, const std::string& status);
    std::map<std::string, std::string> fix_notes_; ///< per incident: the fix note being typed
    InsightsData data_;
    InsightsBuilder builder_;
    std::uint64_t revision_ = ~0ull, building_revision_ = ~0ull;
    std::int64_t computed_at_ = 0;
};

} // namespace earshot::widget
