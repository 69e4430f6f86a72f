// Adapter from triage to insights (see earshot/insights_triage.hpp).

#include "earshot/insights_triage.hpp"

namespace earshot::insights {

MentionFacts facts_from_triage(const Mention& m, const Triage& t) {
    MentionFacts f;
    f.id = m.id;
    f.at_ms = m.created_at_ms;
    f.platform = m.platform.empty() ? "x" : m.platform;
    f.author = m.author.handle;
    f.text = m.text;
    f.category = t.category.id.empty() ? "other" : t.category.id;
    f.category_label = t.category.label.empty() ? f.category : t.category.label;
    f.team = t.team;
    f.sentiment = t.sentiment.label == Polarity::Negative ? -1 : t.sentiment.label == Polarity::Positive ? 1 : 0;
    f.complaint = t.complaint;
    f.urgency = t.urgency.score;
    f.tier = to_string(t.tier);
    f.respond_within_minutes = t.respond_within_minutes;
    for (const auto& e : t.entities) f.entities.push_back({e.type, e.value, e.text});
    return f;
}

} // namespace earshot::insights
