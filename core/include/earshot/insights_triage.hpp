#pragma once
// Adapter from the triage area to insights: what one triaged mention contributes to aggregates, spikes, incidents,
// outreach and the process report.

#include "earshot/insights.hpp"
#include "earshot/mention.hpp"
#include "earshot/triage.hpp"

namespace earshot::insights {

/// Builds insights input from a mention and its triage (category id and label, team, sentiment sign, complaint,
/// urgency score, tier, reply deadline, entities). The author is the handle, or empty when there is none.
MentionFacts facts_from_triage(const Mention& mention, const Triage& triage);

} // namespace earshot::insights
