#pragma once
// The widget's model: mention records (mention + triage + drafts + workflow state), the filtered/sorted queue over
// them, presence, incidents and connection state. No ImGui, no emscripten: views read it, the app mutates it.

#include "earshot/mention.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

namespace earshot::widget {

struct Entity {
    std::string type, text, value;
    int begin = 0, end = 0; ///< byte offsets into the mention text
};

struct Triage {
    bool present = false;
    std::string sentiment = "neutral";
    double sentiment_score = 0;
    bool complaint = false;
    std::string category_id, category_label;
    double category_confidence = 0;
    double urgency = 0; ///< 0..1
    std::vector<std::string> urgency_reasons;
    std::string tier, team;
    int respond_within_minutes = 0;
    std::vector<Entity> entities;
    std::vector<std::string> signals;
    std::string explanation;
};

struct Draft {
    std::string label, text;
    std::string private_text, channel; ///< follow-up for the private channel (DM, email), when needed
};

struct SentReply {
    std::string text, author;
    std::int64_t at_ms = 0;
};

struct Commitment {
    std::string text;
    std::int64_t due_ms = 0;
    bool done = false;
};

struct Record {
    Mention mention;
    Triage triage;
    std::vector<Draft> drafts;
    std::string status = "open"; ///< open, pending, resolved (docs/protocol.md)
    std::string assignee;
    std::vector<SentReply> replies;
    std::vector<Commitment> commitments;
    std::string label; ///< a labeled row's category (offline mode training data); empty when unlabeled

    /// Reply deadline in Unix ms (created + respond_within), 0 when unknown.
    std::int64_t deadline_ms() const;
    std::int64_t first_reply_ms() const { return replies.empty() ? 0 : replies.front().at_ms; }
    bool open() const { return status != "resolved"; }
};

/// Parses one mention record as the server sends it (mention fields + triage + drafts + status + ...). Missing fields
/// keep their defaults; a record without "text" is rejected (returns false, out unchanged).
bool record_from_json(const nlohmann::json& j, Record& out, std::string& error);
nlohmann::json record_to_json(const Record& r);
Triage triage_from_json(const nlohmann::json& j);

enum class SortKey { Deadline, Urgency, Newest, Oldest };

struct Filter {
    std::string category, sentiment, tier, team, status, assignee; ///< "" = any
    std::string search;                                              ///< case-insensitive substring of text/author
    bool open_only = true;
    bool operator==(const Filter&) const = default;
};

struct PresenceEntry {
    std::string agent, mention_id, state; ///< state: viewing, typing
    std::int64_t at_ms = 0;
};

enum class Connection { Offline, Connecting, Live, Reconnecting, Unauthorized };
const char* to_string(Connection c);

class Model {
public:
    // --- records ---
    /// Inserts or replaces the record with the same id (an empty id gets "local-N"). Returns its index.
    std::size_t upsert(Record r);
    const std::vector<Record>& records() const { return records_; }
    Record* find(const std::string& id);
    const Record* find(const std::string& id) const;
    void clear();

    // --- queue (filtered + sorted indices into records()) ---
    /// The queue keeps every record in sort order (with its key) and a per-record filter verdict. Records touched one
    /// by one are re-keyed, re-filtered and merged in (O(n + k log k), no full sort). A sort change (or touch()) is a
    /// resumable job: keys, sorted runs, bottom-up merge passes; a filter change is a resumable re-filter pass (only
    /// the rows that passed are checked again when the new filter narrows the old one, e.g. typing in the search).
    /// advance() does a slice of that job, so a frame never pays for a whole re-sort of 100,000 mentions.
    /// The queue exactly as `sort` and `filter` ask: finishes any pending work now (commands, state(), tests).
    const std::vector<std::uint32_t>& rows();
    /// The queue as last completed, without doing pending work: what a frame draws (the previous order until a
    /// running job finishes, a few frames at most).
    const std::vector<std::uint32_t>& shown_rows() const { return rows_; }
    /// Does about `units` (records or keys visited) of pending queue work. True when the queue is up to date.
    bool advance(std::size_t units);
    bool settled() const;
    const char* busy() const;                                  ///< "sorting" / "filtering" while a job runs, else null
    std::uint64_t rows_revision() const { return rows_revision_; } ///< changes whenever shown_rows() does
    Filter filter;
    SortKey sort = SortKey::Deadline;
    /// Anything may have changed (all records are re-keyed and re-sorted on the next rows()).
    void touch() { dirty_ = true; ++revision_; }
    /// Only this record changed (new, edited, status, triage, ...): cheap incremental update on the next rows().
    void touch(std::size_t index);
    void touch(const Record& r) { touch(static_cast<std::size_t>(&r - records_.data())); }
    std::uint64_t revision() const { return revision_; }
    /// Distinct values seen, for the filter combos.
    const std::vector<std::string>& categories() const { return categories_; }
    const std::vector<std::string>& teams() const { return teams_; }
    const std::vector<std::string>& tiers() const { return tiers_; }
    const std::vector<std::string>& assignees() const { return assignees_; }

    std::string selected_id;

    // --- live state ---
    Connection connection = Connection::Offline;
    std::string connection_detail;
    std::int64_t last_seq = 0;
    std::string epoch; ///< the server run last_seq comes from (welcome.epoch), sent back in the hello
    std::string agent = "agent";
    std::vector<PresenceEntry> presence;
    std::vector<nlohmann::json> incidents; ///< raw incident objects from incident.* events (rendered by insights)
    std::vector<std::string> known_issues;  ///< help mode: public feed titles

    /// Applies one server event ({"type":"event","seq","event","data"} or the bare {"event","data"}). Returns false
    /// (and changes nothing) for malformed events.
    bool apply_event(const nlohmann::json& ev, std::string& error);

private:
    struct Key { ///< a record's place in the current sort order (compared k1, k2, then index: a total order)
        double k1 = 0, k2 = 0;
        std::uint32_t i = 0;
    };
    Key key_of(std::uint32_t i, SortKey by) const;
    bool passes(const Record& r, const Filter& f, const std::string& needle_lower) const;
    void note_values(const Record& r);
    void start_job();
    void run_job(std::size_t& units);
    void apply_changes();
    enum class Phase { Idle, Keys, Runs, Merge, Filter };
    struct Job { ///< a re-sort and/or re-filter in progress (see rows())
        Phase phase = Phase::Idle;
        bool data = false, resort = false, refilter = false, narrowing = false;
        SortKey sort = SortKey::Deadline;
        Filter filter;
        std::string needle;
        std::uint32_t n = 0, pos = 0; ///< records the job covers (later ones merge in as changes), cursor
        std::size_t width = 0, lo = 0, a = 0, b = 0, out = 0; ///< merge pass: run width, pair start, cursors
        std::vector<Key> keys, tmp;
        std::vector<std::uint8_t> pass;
        std::vector<std::string> categories, teams, tiers, assignees;
    } job_;
    bool rows_stale_ = true;
    std::uint64_t rows_revision_ = 0;
    std::vector<Record> records_;
    std::unordered_map<std::string, std::size_t> index_;
    std::vector<std::uint32_t> rows_;
    std::vector<Key> order_;            ///< every record, sorted by last_sort_
    std::vector<std::uint8_t> pass_;    ///< per record: matches last_filter_
    std::vector<std::uint32_t> changed_; ///< records touched one by one since the last rows()
    std::vector<std::uint8_t> changed_mark_;
    Filter last_filter_;
    SortKey last_sort_ = SortKey::Deadline;
    bool dirty_ = true;
    std::uint64_t revision_ = 0;
    std::uint64_t local_ids_ = 0;
    std::vector<std::string> categories_, teams_, tiers_, assignees_;
};

} // namespace earshot::widget
