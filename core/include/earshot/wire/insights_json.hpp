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

namespace earshot::wire {

/// Runs insights over NDJSON mention lines that carry their triage (see mention_facts_from_json) and returns
/// report_to_json's JSON. Lines from the brand (author handle in brand_handles, or "from_brand": true) with
/// "in_reply_to" count as first replies. Mentions are taken in time order. now_ms 0: the last mention's time.
/// On a bad line returns null and sets error ("line 3: text: required string is missing").
nlohmann::json insights_report_from_ndjson(std::string_view ndjson, const std::vector<std::string>& brand_handles,
                                           std::int64_t now_ms, std::string& error);

} // namespace earshot::wire
