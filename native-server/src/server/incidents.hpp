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

/// One stored mention handed to the book: its insights facts (read from the record on the analysis workers, with
/// at_ms already defaulted to the receive time), or null when the record has none.
struct StoredMention {
    const insights::MentionFacts* facts = nullptr;
};

/// incident.updated events for new mentions go out at most once per incident per this interval; changes in between
/// are sent by the next event (a delta) or by flush_updates() once the interval has passed.
constexpr std::int64_t kIncidentUpdateIntervalMs = 1000;

class IncidentBook {
public:
    IncidentBook();

    /// Rebuilds everything from the store's committed data (mentions and actions in seq order).
    void rebuild(Store& store);

    // --- pipeline thread, inside a write task ---
    // `touched` is set once the in-memory state changed: when such a task fails (or its commit does), the caller
    // must rebuild() from the store after the pipeline finished the batch (its completion runs there).
    /// Observes newly stored mentions (in order) and emits incident.opened (full) at once, and incident.updated
    /// (change "mentions", delta form) for incidents they joined, at most once per incident per
    /// kIncidentUpdateIntervalMs (`mono_ms`: a steady clock); the rest stays pending for flush_updates().
    void observe(WriteTxn& txn, const std::vector<StoredMention>& mentions, std::int64_t mono_ms, bool& touched);
    /// Emits the pending incident.updated deltas whose interval has passed. Sets `touched` when it emitted (a failed
    /// task must then rebuild(), which makes the next event of every incident a full one).
    void flush_updates(WriteTxn& txn, std::int64_t mono_ms, bool& touched);
    /// True when some incident has changes not yet sent.
    bool has_pending_updates() const;
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
    void emit_delta(WriteTxn& txn, const insights::Incident& inc, std::int64_t mono_ms); // mutex held

    /// What the clients were last sent about one incident (to build deltas and rate-limit them).
    struct Sent {
        std::size_t mention_ids = 0;
        std::vector<insights::VolumePoint> volume;
        std::int64_t at_mono_ms = 0;
        bool pending = false; ///< changed since
    };
    void remember_sent(const insights::Incident& inc, std::int64_t mono_ms); // mutex held

    mutable std::mutex mu_;
    insights::Insights insights_;
    std::map<std::string, json> plans_; ///< incident id -> outreach plan JSON stored at fix time
    std::map<std::string, Sent> sent_;  ///< cleared by rebuild(): the next event of each incident is then full
    std::size_t pending_ = 0;           ///< incidents in sent_ with pending = true
};

} // namespace earshot::server
