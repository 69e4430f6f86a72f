#pragma once
// Insights: volume by category over time, sentiment trend, time to first reply, deadlines met per tier and team,
// and incidents reported by the server (issue 7).

#include "ui.hpp"

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

/// Aggregates the records (pure function; the view caches it per model revision).
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
    std::uint64_t revision_ = ~0ull;
    std::int64_t computed_at_ = 0;
};

} // namespace earshot::widget
