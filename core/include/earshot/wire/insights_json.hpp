#pragma once
// JSON form of insights: spikes, incidents (full and public "known issue" forms), outreach plans, aggregates and
// the process report; and reading a mention with its triage as insights input. Shared by the CLI, the server and the
// wasm bindings so all three print identical JSON. Times are printed twice: ISO 8601 UTC ("first_seen") and Unix ms
// ("first_seen_ms").

#include "earshot/insights.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace earshot::wire {

nlohmann::json spike_to_json(const insights::Spike& spike);

/// Full incident for agents: title, category, team, status, entities, terms, first_seen, opened_at, last_seen,
/// volume curve, affected customers with follow-up state, mention ids, outreach {affected, followed_up}.
nlohmann::json incident_to_json(const insights::Incident& incident);

/// Public "known issue" form for the help page: no customers, no mention ids, no handles, no customer words beyond
/// the title; only acknowledged (or fixed) incidents should be published.
nlohmann::json incident_public_to_json(const insights::Incident& incident);

nlohmann::json outreach_draft_to_json(const insights::OutreachDraft& draft);
nlohmann::json outreach_plan_to_json(const insights::OutreachPlan& plan);

nlohmann::json counts_to_json(const insights::Counts& counts);

/// The process report plus the incidents (full form) as "incidents".
nlohmann::json report_to_json(const insights::ProcessReport& report, const std::vector<insights::Incident>& incidents);

/// Reads one mention line as insights input. Accepts the mention fields (id, platform, author {handle} or "@handle",
/// text, created_at ISO or at_ms, replied_at ISO or replied_at_ms) and, when present, its triage under "triage"
/// (category {id,label} or "id", team, sentiment {label} or number, complaint, urgency {score} or number, tier,
/// respond_within_minutes, entities [{type,value,text}]). Returns false with a readable error (out untouched).
bool mention_facts_from_json(const nlohmann::json& j, insights::MentionFacts& out, std::string& error);

} // namespace earshot::wire
