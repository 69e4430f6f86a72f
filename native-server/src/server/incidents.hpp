#pragma once
// Incidents in the server: one earshot::insights::Insights fed every stored mention (with its triage) in seq order,
// plus the agents' actions on incidents (acknowledge, fix with a note, outreach sent).
//
// Durability: the incidents are derived state. Mentions are stored anyway; the agents' actions are stored in the
// incident_actions table (same transaction as their event). On startup (and after a failed write task that had
// already touched the in-memory state) the book is rebuilt by replaying mentions and actions together in seq order,
// which gives the same incidents because insights is deterministic. The outreach plan drafted at fix time is stored
// with the fix action and served as stored (a later core change does not rewrite drafts that were already shown).
//
// Threading: the write methods run on the commit pipeline thread inside a write task; the read methods run on any
// io thread. One mutex guards everything.

#include "common.hpp"
#include "pipeline.hpp"
#include "store.hpp"

#include "earshot/insights.hpp"

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace earshot::server {

/// One stored mention handed to the book (the JSON record as stored, and when the server received it).
struct StoredMention {
    const json* record = nullptr;
    std::int64_t received_ms = 0;
};

class IncidentBook {
public:
    IncidentBook();

    /// Rebuilds everything from the store's committed data (mentions and actions in seq order).
    void rebuild(Store& store);

    // --- pipeline thread, inside a write task ---
    // `touched` is set once the in-memory state changed: when such a task fails (or its commit does), the caller
    // must rebuild() from the store after the pipeline finished the batch (its completion runs there).
    /// Observes newly stored mentions (in order) and emits incident.opened / incident.updated (one per incident).
    void observe(WriteTxn& txn, const std::vector<StoredMention>& mentions, bool& touched);
    /// The write actions: throw ApiError (404 unknown, 409 conflict) before changing anything; return the body.
    json acknowledge(WriteTxn& txn, const std::string& id, std::int64_t at_ms, const std::string& agent,
                     bool& touched);
    json fix(WriteTxn& txn, const std::string& id, std::int64_t at_ms, const std::string& note,
             const insights::OutreachStyle& style, const std::string& agent, bool& touched);
    json mark_sent(WriteTxn& txn, const std::string& id, const std::string& mention_id, std::int64_t at_ms,
                   const std::string& agent, bool& touched);

    // --- any thread ---
    /// Incidents (full agent form, without the long arrays) newest first; status filter optional.
    json list(std::optional<insights::IncidentStatus> status) const;
    /// The full incident (incident_to_json plus outreach status), or null when unknown.
    std::optional<json> get(const std::string& id) const;
    /// Outreach status of a fixed incident: drafts, status post, who has been followed up. Null when unknown.
    std::optional<json> outreach(const std::string& id) const;
    /// For a WebSocket snapshot: up to `max` incidents in the same form as incident.* events, those still open or
    /// acknowledged first (newest first), then the most recently fixed.
    json snapshot(std::size_t max) const;
    /// Acknowledged and fixed incidents for the public help page: id, title, category, status, times only.
    json public_incidents() const;

private:
    json incident_json(const insights::Incident& inc) const;      // mutex held
    json outreach_json(const insights::Incident& inc) const;      // mutex held
    void apply_action(const IncidentAction& action);               // mutex held (replay)
    std::int64_t emit_incident(WriteTxn& txn, const char* type, const insights::Incident& inc, std::int64_t at_ms,
                               json extra);                         // mutex held

    mutable std::mutex mu_;
    insights::Insights insights_;
    std::map<std::string, json> plans_; ///< incident id -> outreach plan JSON stored at fix time
};

} // namespace earshot::server
