#pragma once
// Durable storage of mention records and the event log, behind a small interface so that a later issue can add
// PostgreSQL. The SQLite implementation (sqlite_store.cpp) uses WAL mode with synchronous=FULL: when commit()
// returns, the transaction survives kill -9 and power loss.
//
// Threading: the write side (begin .. commit, insert/update/append) is used by exactly one thread, the commit
// pipeline (pipeline.hpp). The read side may be called from any thread concurrently (own connections).

#include <cstdint>
#include <algorithm>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace earshot::server {

/// A mention record with the columns the store indexes; `record` is the full JSON record text.
struct MentionRow {
    std::string id;
    std::int64_t created_seq = 0; ///< seq of mention.created (orders the list, newest first)
    std::int64_t seq = 0;         ///< seq of the last event that changed it
    std::string status = "open";
    std::string assignee;
    std::string category;
    std::string sentiment;
    std::string tier;
    std::string team;
    bool complaint = false;
    int urgency = 0;
    std::string author_key; ///< platform + ":" + lowercased handle ("" when no handle)
    std::string text;
    std::string handle;
    std::int64_t received_ms = 0;
    std::string record;
};

struct ListQuery {
    std::optional<std::string> status, category, sentiment, tier, team, assignee, q;
    std::int64_t since = -1;  ///< only records with seq > since
    std::int64_t cursor = 0;  ///< only records with created_seq < cursor (0 = from the newest)
    int limit = 50;
};

struct ListResult {
    std::vector<std::string> records; ///< JSON texts, newest first
    std::int64_t next_cursor = 0;     ///< 0 = no more
    std::int64_t total = 0;           ///< rows matching the filters (ignoring paging)
};

struct StoredEvent {
    std::int64_t seq = 0;
    std::string message; ///< the serialised {"type":"event",...} message exactly as broadcast
};

/// A change an agent made to an incident (acknowledge, fix, outreach sent), kept so that restarts rebuild the
/// incidents exactly: mentions and actions are replayed together in seq order (incidents.hpp).
struct IncidentAction {
    std::int64_t seq = 0;
    std::string incident_id;
    std::string action; ///< acknowledge | fix | sent
    std::int64_t at_ms = 0;
    std::string data;   ///< JSON object text (fix: note, plan, ...; sent: mention_id)
};

/// One run of the server over this data directory (see Store::start_epoch).
struct Epoch {
    std::string id;
    std::int64_t start_seq = 0; ///< the durable head when the run started
};

/// Up to which seq the events a client received during run `id` are still the stored ones: all of them for the
/// current (last) run, those up to the lowest start_seq of any later run otherwise; nullopt for a run this store
/// never had (another data directory, or a reset store).
inline std::optional<std::int64_t> intact_upto(const std::vector<Epoch>& epochs, const std::string& id) {
    for (std::size_t i = 0; i < epochs.size(); ++i) {
        if (epochs[i].id != id) continue;
        std::int64_t upto = std::numeric_limits<std::int64_t>::max();
        for (std::size_t j = i + 1; j < epochs.size(); ++j) upto = std::min(upto, epochs[j].start_seq);
        return upto;
    }
    return std::nullopt;
}

struct CategoryCount {
    std::string category;
    std::int64_t open = 0;
    std::int64_t last_hour = 0;
};

struct StoreStats {
    std::int64_t total = 0;
    std::vector<std::pair<std::string, std::int64_t>> by_status, by_category, by_sentiment;
};

class Store {
public:
    virtual ~Store() = default;

    // --- write side (commit pipeline thread only) ---
    virtual void begin() = 0;
    virtual void commit() = 0; ///< durable when it returns; throws on failure (then call rollback())
    /// Commits and writes to the operating system without waiting for the disk: the data survives a crash or
    /// kill -9 of this process and is visible to readers, but not yet a power loss until sync() returns.
    /// commit() == commit_written() + sync().
    virtual void commit_written() { commit(); }
    /// Makes every commit that returned before this call durable on disk (fsync); throws on failure. Thread-safe:
    /// may run on another thread while the pipeline thread writes the next transaction.
    virtual void sync() {}
    virtual void rollback() = 0;
    virtual void savepoint() = 0;
    virtual void release_savepoint() = 0;
    virtual void rollback_savepoint() = 0;
    virtual std::int64_t last_seq() = 0;
    virtual bool exists(const std::string& id) = 0;
    virtual std::optional<MentionRow> load_for_update(const std::string& id) = 0;
    virtual void insert_mention(const MentionRow& row) = 0;
    virtual void update_mention(const MentionRow& row) = 0;
    virtual void append_event(std::int64_t seq, const std::string& type, const std::string& mention_id,
                              std::int64_t at_ms, const std::string& message) = 0;
    virtual void append_incident_action(const IncidentAction& action) = 0;
    /// Deletes events with seq < below (the replay log is bounded; records stay).
    virtual void prune_events(std::int64_t below) = 0;

    // --- read side (any thread) ---
    virtual std::optional<std::string> get(const std::string& id) = 0;
    virtual ListResult list(const ListQuery& query) = 0;
    virtual std::vector<StoredEvent> events_after(std::int64_t seq, std::size_t limit) = 0;
    virtual StoreStats stats() = 0;
    virtual std::int64_t count_by_author(const std::string& author_key) = 0;
    virtual std::vector<CategoryCount> open_complaints_by_category(std::int64_t hour_ago_ms) = 0;
    virtual std::int64_t head_seq() = 0; ///< highest committed seq
    /// Every stored mention in created_seq order: fn(created_seq, received_ms, record JSON text).
    virtual void scan_mentions(const std::function<void(std::int64_t, std::int64_t, const std::string&)>& fn) = 0;
    /// Every incident action in seq order.
    virtual std::vector<IncidentAction> incident_actions() = 0;

    // --- startup, before the pipeline runs ---
    /// Records (durably) that a new run of the server starts at the current head, and returns every run so far,
    /// oldest first, the new one last. Events a run pushed above the next run's start_seq were lost (a power loss
    /// before their fsync): their seqs were given to other events.
    virtual std::vector<Epoch> start_epoch(const std::string& id) = 0;
};

/// Opens (creating and migrating as needed) <dir>/earshot.db. Throws std::runtime_error with a readable message.
std::unique_ptr<Store> open_sqlite_store(const std::string& dir);

} // namespace earshot::server
