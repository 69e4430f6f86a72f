#pragma once
// Insights: from a stream of triaged mentions to spikes, incidents, proactive outreach and a process report.
//
// Pure and incremental: fed mention by mention (in time order, each with its own timestamp), no clock, no I/O.
// The same stream gives the same spikes, incidents, drafts and report natively and in WebAssembly (all math that
// decides an output is core's own deterministic arithmetic; printed scores are rounded).
//
//   earshot::insights::Insights in;                       // or Insights(config)
//   for (auto& m : stream) { auto u = in.observe(facts_of(m)); for (auto& id : u.opened) page(id); }
//   in.record_reply("m-17", reply_ms);                    // first replies drive time-to-reply and deadlines met
//   in.acknowledge("INC-0001", now);                      // open -> acknowledged (shown as a "known issue")
//   auto plan = in.fix("INC-0001", now, "We fixed the fee calculation and refunded everyone");
//   auto report = in.report(now);
//
// The pieces are usable alone too: Aggregates, SpikeDetector, Grouper. JSON: earshot/wire/insights_json.hpp.

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace earshot::insights {

// ---------------------------------------------------------------------------------------------------------------
// Input

struct EntityRef {
    std::string type;  ///< flight_number | product | place | amount | order_number | booking_reference | date | ...
    std::string value; ///< normalised ("UA1234")
    std::string text;  ///< as written (may be empty)
};

/// What insights needs to know about one triaged mention (see facts_from_triage in earshot/insights_triage.hpp).
struct MentionFacts {
    std::string id;               ///< unique within the stream (required for replies and outreach)
    std::int64_t at_ms = 0;       ///< when it was posted (Unix ms)
    std::string platform = "x";   ///< x, facebook, instagram, review, forum, email, ...
    std::string author;           ///< handle ("@jane"); empty: the mention is its own author
    std::string text;             ///< the mention text (tokens and near-duplicates come from it)
    std::string category = "other";
    std::string category_label;   ///< shown in titles; defaults to the id
    std::string team;             ///< owning team id
    int sentiment = 0;            ///< -1 negative, 0 neutral, 1 positive
    bool complaint = true;        ///< only complaints are grouped into incidents
    int urgency = 0;              ///< 0..100
    std::string tier = "easy";    ///< easy | medium | hard
    int respond_within_minutes = 0; ///< reply deadline (0: no reply expected)
    std::vector<EntityRef> entities;
    std::int64_t replied_at_ms = 0; ///< first reply when already known (0: not yet)
};

// ---------------------------------------------------------------------------------------------------------------
// Deterministic math (identical natively and in wasm; built on earshot/detmath.hpp)

/// log of P(X >= k) for X ~ Poisson(lambda); 0 when k <= 0.
double poisson_log_tail(int k, double lambda) noexcept;
/// log Gamma(x) for x > 0.
double det_lgamma(double x) noexcept;
/// log of P(X >= k) for X negative binomial with the given shape and success odds q (mean shape q / (1 - q)): the
/// predictive count of a Poisson rate known from `shape` past events (gamma posterior).
double negbin_log_tail(int k, double shape, double q) noexcept;
/// log P(X >= k) from log P(X = k) for the same X: adds the series of P(X = k + j) / P(X = k) (k > 0, 0 < q < 1).
double negbin_log_tail_from_pmf(double log_pk, int k, double shape, double q) noexcept;
/// Rounds to 4 decimals, half away from zero.
double round4(double x) noexcept;

// ---------------------------------------------------------------------------------------------------------------
// Streaming aggregates

struct AggregatesConfig {
    std::int64_t bucket_ms = 3'600'000; ///< time-series bucket (1 hour)
};

/// Counts over one slice (the whole stream or one time bucket).
struct Counts {
    std::int64_t total = 0;
    std::int64_t complaints = 0;
    std::int64_t negative = 0, neutral = 0, positive = 0;
    std::int64_t urgency_sum = 0;
    std::map<std::string, std::int64_t> by_category, by_team, by_platform, by_tier;
    void add(const MentionFacts& m);
    void merge(const Counts& other);
};

class Aggregates {
public:
    explicit Aggregates(AggregatesConfig config = {});
    Aggregates(const Aggregates& other);
    Aggregates& operator=(const Aggregates& other);
    Aggregates(Aggregates&& other) noexcept;
    Aggregates& operator=(Aggregates&& other) noexcept;
    ~Aggregates() = default;
    void observe(const MentionFacts& m);
    /// Counts m at the given time instead of m.at_ms.
    void observe(const MentionFacts& m, std::int64_t at_ms);
    /// The same, given fnv1a (earshot's FNV-1a, core/src/fnv1a.hpp) of the category ("other" when empty), team,
    /// platform and tier: a caller that hashes them anyway (Insights) saves the work.
    void observe(const MentionFacts& m, std::int64_t at_ms, const std::array<std::uint64_t, 4>& value_hashes);

    const Counts& totals() const noexcept { return totals_; }
    /// Buckets in time order: bucket start (ms, aligned to bucket_ms) -> counts.
    const std::map<std::int64_t, Counts>& series() const noexcept { return series_; }
    /// Sum of the buckets whose start lies in [from_ms, to_ms).
    Counts between(std::int64_t from_ms, std::int64_t to_ms) const;
    const AggregatesConfig& config() const noexcept { return config_; }

private:
    AggregatesConfig config_;
    Counts totals_;
    std::map<std::int64_t, Counts> series_;
    /// Counters of the totals and of the newest bucket by (field, value) hash, so a busy stream does no map search.
    /// Points into the std::map nodes above (which never move); rebuilt on copy and when the bucket changes.
    struct CounterCache {
        std::vector<std::pair<std::uint64_t, std::int64_t*>> slots; ///< open addressing, 0 = empty
        std::size_t used = 0;
        std::int64_t*& at(std::uint64_t key);
        void clear();
    };
    CounterCache totals_cache_, bucket_cache_;
    std::int64_t cached_bucket_ = 0;
    Counts* bucket_ = nullptr;
    void add(Counts& c, CounterCache& cache, const MentionFacts& m, const std::uint64_t* keys);
};

// ---------------------------------------------------------------------------------------------------------------
// Spike detection

struct SpikeConfig {
    /// Sliding windows tested on every arrival (minutes).
    std::vector<int> windows_minutes = {5, 10, 20, 40};
    /// Distinct authors needed in a window before a key can spike (a steady trickle never pages).
    int min_count = 4;
    /// Expected false alarms per day over all keys together. Every counted arrival tests every window, so the
    /// per-test alpha is budget / (key arrivals per day x windows): a union bound, conservative.
    double false_alarms_per_day = 0.5;
    /// Half-life of the learned baseline share of each key (minutes): short enough to follow a slow drift.
    double baseline_halflife_minutes = 6 * 60;
    /// The current traffic level is read from the other keys over at least this long (minutes), so a quiet few
    /// minutes at night do not make the expectation collapse.
    int level_window_minutes = 60;
    /// Safety margin on the expectation (tested against expected x (1 + margin)): absorbs baseline estimation error
    /// and the extra-Poisson burstiness of real traffic, at little cost against 5x spikes.
    double baseline_margin = 0.25;
    /// Prior count given to a key never seen before (its share = prior / total).
    double prior_count = 0.5;
    /// Minutes and mentions of stream history before the baseline is trusted (no alarms before).
    int warmup_minutes = 120;
    int warmup_mentions = 100;
    /// Alarm ends when no window has been significant at alpha_end for this long.
    double alpha_end = 0.01;
    int cooldown_minutes = 60;
};

struct Spike {
    std::string key;              ///< "category:delivery", "entity:flight_number:UA1234", "group:17"
    std::int64_t at_ms = 0;       ///< time of the arrival that made it significant
    int window_minutes = 0;       ///< the window that fired
    int observed = 0;             ///< distinct authors in that window
    double expected = 0;          ///< baseline expectation for that window
    double score = 0;             ///< -log10 of the tail probability (rounded)
};

/// Per-key rate spikes against a learned baseline share of the total traffic. The expectation for key k in a window
/// is share(k) * (mentions of other keys in that window), where share(k) is an exponentially weighted ratio of k's
/// distinct-author arrivals (learned once they leave the level window, and never during an alarm) to everything else: diurnal swings move the whole stream and cancel out, a key that
/// rises alone is tested at each of its arrivals with a Poisson upper tail (the arrival itself given) at
/// alpha = budget / (key arrivals per day x windows).
class SpikeDetector {
public:
    explicit SpikeDetector(SpikeConfig config = {});

    /// One mention at t (non-decreasing), counted under each key (a key listed twice counts once). `author` dedupes
    /// arrivals: the same author on the same key within the longest window counts once. Returns spikes that started.
    std::vector<Spike> observe(std::int64_t at_ms, std::string_view author, const std::vector<std::string>& keys);

    /// A key given as up to four parts read as one name ({"entity:", type, ":", value}): the name is only built
    /// when the key is first seen, so a busy stream builds no strings.
    struct KeyRef {
        std::array<std::string_view, 4> parts;
        int warmup_minutes = -1; ///< stream history this key needs before it may alarm (-1: config().warmup_minutes)
    };
    /// The same as above with keys given as parts.
    std::vector<Spike> observe(std::int64_t at_ms, std::string_view author, const KeyRef* keys, std::size_t key_count);

    bool in_alarm(std::string_view key) const;
    /// Current per-test alpha (after the union bound).
    double alpha() const noexcept;
    std::size_t key_count() const noexcept;
    const SpikeConfig& config() const noexcept { return config_; }

    ~SpikeDetector();
    SpikeDetector(SpikeDetector&&) noexcept;
    SpikeDetector& operator=(SpikeDetector&&) noexcept;

private:
    struct Impl;
    SpikeConfig config_;
    std::unique_ptr<Impl> impl_;
};

// ---------------------------------------------------------------------------------------------------------------
// Grouping (near-duplicate and same-cause clustering)

struct GroupingConfig {
    double join_similarity = 0.30;     ///< idf-weighted Jaccard with a recent member or the group's core terms
    double entity_join_similarity = 0.12; ///< lower bar when a cause entity (flight, product, place, fee) is shared
    int near_duplicate_bits = 3;       ///< SimHash Hamming distance counted as a near-duplicate
    int compare_members = 8;           ///< recent members of a group compared against
    std::int64_t group_ttl_ms = 48LL * 3'600'000; ///< idle groups are forgotten after this (unless in an incident)
    std::size_t postings_per_feature = 6;  ///< candidate groups remembered per feature (most recently active)
    std::size_t max_candidates = 4;        ///< candidate groups compared in full (those sharing the most weight)
};

/// The features of one mention used for grouping.
struct Features {
    std::vector<std::uint64_t> ids;          ///< sorted, unique feature hashes (stems and cause entities)
    std::vector<std::uint64_t> stem_ids;     ///< the id of each distinct stem, in order of appearance
    std::vector<std::string> stems;          ///< parallel to stem_ids (for titles; empty from a FeatureExtractor)
    std::vector<std::string> surface;        ///< the surface word for each stem (empty from a FeatureExtractor)
    std::vector<std::uint32_t> words;        ///< FeatureExtractor only: its word for each stem (parallel to stem_ids)
    std::vector<std::string> cause_entities; ///< "flight_number:UA1234", ... (types that point at a shared cause)
    std::vector<std::uint64_t> entity_ids;   ///< parallel to cause_entities
    std::uint64_t simhash = 0;
};

/// Extracts grouping features: content-word stems (stop words dropped, light suffix stripping) and cause entities.
Features extract_features(std::string_view text, const std::vector<EntityRef>& entities);

/// The same features as extract_features, from a memo of every word seen: each word of a text is scanned and hashed
/// once and its analysis (stop word, stem, concept) looked up, so a busy stream does no per-word string work and no
/// allocation. Stems and surface words are not copied out: `words` names them (stem(w), surface(w)). The memo keeps
/// every distinct word (like the grouper's document frequencies).
class FeatureExtractor {
public:
    FeatureExtractor();
    ~FeatureExtractor();
    FeatureExtractor(FeatureExtractor&&) noexcept;
    FeatureExtractor& operator=(FeatureExtractor&&) noexcept;

    /// Features of one text; the reference is valid until the next call.
    const Features& extract(std::string_view text, const std::vector<EntityRef>& entities);
    std::string_view stem(std::uint32_t word) const;
    std::string_view surface(std::uint32_t word) const;
    std::size_t word_count() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Entity types that point at a shared cause (not at one customer): flight_number, product, place, amount, fee.
bool is_cause_entity(std::string_view type) noexcept;

class Grouper {
public:
    explicit Grouper(GroupingConfig config = {});
    ~Grouper();
    Grouper(Grouper&&) noexcept;
    Grouper& operator=(Grouper&&) noexcept;

    struct Assignment {
        std::uint64_t group = 0;   ///< group id (1, 2, ...)
        bool created = false;      ///< a new group was started
        bool near_duplicate = false; ///< SimHash within near_duplicate_bits of a member
        double similarity = 0;     ///< similarity with the group it joined (rounded)
        /// Hash of the mention's two most distinctive words (highest idf; 0 with fewer than two): a spike key that
        /// stays put when the groups of a steady topic are re-formed, and is new when a new cause is described alike.
        std::uint64_t topic = 0;
    };
    /// Assigns one complaint to a group (same category unless a flight/product entity is shared). `words`: the
    /// extractor the features came from, when they carry words instead of stems and surface strings.
    Assignment add(std::int64_t at_ms, std::string_view category, const Features& features,
                   const FeatureExtractor* words = nullptr);
    /// Marks a group as pinned (kept past its ttl; an incident holds it).
    void pin(std::uint64_t group);
    /// Common terms of a group (surface forms, most distinctive first) and their member counts.
    std::vector<std::pair<std::string, int>> top_terms(std::uint64_t group, std::size_t n) const;
    std::size_t member_count(std::uint64_t group) const;
    std::size_t live_groups() const noexcept;
    /// Weighted similarity between two feature sets with the grouper's current document frequencies.
    double similarity(const Features& a, const Features& b) const;
    /// Inverse document frequency weight of a stem (as in Features::stems) or cause entity key ("type:value").
    double weight(std::string_view stem_or_entity) const;
    const GroupingConfig& config() const noexcept { return config_; }

private:
    struct Impl;
    GroupingConfig config_;
    std::unique_ptr<Impl> impl_;
};

// ---------------------------------------------------------------------------------------------------------------
// Incidents

enum class IncidentStatus : std::uint8_t { Open, Acknowledged, Fixed };
const char* to_string(IncidentStatus s) noexcept;
bool parse_incident_status(std::string_view text, IncidentStatus& out) noexcept;

struct AffectedCustomer {
    std::string author;             ///< handle (or the mention id when the author is unknown)
    std::string platform;
    std::string mention_id;         ///< their first mention in the incident
    std::int64_t at_ms = 0;
    std::vector<EntityRef> entities; ///< entities of their own case (all types; outreach decides what to say)
    std::string case_summary;       ///< a few of their own words ("bag missing at Heathrow")
    int mentions = 0;
    bool followed_up = false;
    std::int64_t followed_up_at_ms = 0;
};

struct VolumePoint {
    std::int64_t at_ms = 0; ///< bucket start
    int count = 0;
};

struct EntityCount {
    EntityRef entity;
    int count = 0;
};

struct Incident {
    std::string id;                  ///< "INC-0001"
    std::string title;               ///< automatic: cause entities and common terms
    std::string category, category_label, team;
    std::string anchor;              ///< the spike key that opened it
    std::vector<EntityCount> entities; ///< cause entities shared by members, most frequent first
    std::vector<std::string> terms;  ///< common terms, most distinctive first
    IncidentStatus status = IncidentStatus::Open;
    std::int64_t first_seen_ms = 0, last_seen_ms = 0, opened_at_ms = 0;
    std::int64_t acknowledged_at_ms = 0, fixed_at_ms = 0;
    std::string fix_note;
    int reopened = 0;
    Spike spike;                     ///< the spike that opened it (or reopened it last)
    int mentions = 0;
    int mentions_after_fix = 0;
    int max_urgency = 0;
    std::int64_t urgency_sum = 0;
    int negative = 0;
    int near_duplicates = 0;
    std::vector<std::string> mention_ids;
    std::vector<AffectedCustomer> affected;
    std::vector<VolumePoint> volume; ///< mentions per volume bucket (gaps omitted)
    std::vector<std::uint64_t> groups;

    int followed_up() const noexcept;
};

/// What one observation changed.
struct Update {
    std::uint64_t group = 0;
    std::vector<Spike> spikes;
    std::vector<std::string> opened;  ///< incident ids opened by this mention
    std::vector<std::string> updated; ///< incident ids this mention joined (not listed in opened)
};

// ---------------------------------------------------------------------------------------------------------------
// Outreach

struct OutreachStyle {
    std::string brand = "our team";   ///< "Acme"
    std::string signature = "^AG";    ///< appended to every draft
    std::string status_url;           ///< optional status/help page linked from the public post
};

struct OutreachDraft {
    std::string incident_id;
    std::string author;
    std::string mention_id;
    std::string platform;
    std::string channel;     ///< public_reply | direct_message | email | review_reply
    std::string text;
    std::size_t max_chars = 0; ///< the platform's limit the text fits in
};

struct OutreachPlan {
    std::string incident_id;
    std::vector<OutreachDraft> drafts; ///< one per affected customer not yet followed up
    OutreachDraft status_post;         ///< one public post (no customer data)
};

/// Character limit of a reply on a platform (x: 280, instagram: 2200, review: 4000, ...).
std::size_t platform_reply_limit(std::string_view platform) noexcept;

/// Builds the personal follow-ups and the public status post for a fixed incident. Drafts never contain e-mail
/// addresses, phone numbers, order numbers, booking references, URLs the customer wrote, or other customers' data.
OutreachPlan plan_outreach(const Incident& incident, std::string_view fix_note, const OutreachStyle& style);

// ---------------------------------------------------------------------------------------------------------------
// Process report

struct ReportOptions {
    std::size_t top = 10;                 ///< rows in the top-issue tables
    std::int64_t before_after_ms = 24LL * 3'600'000; ///< window before/after a fix compared
    std::int64_t repeat_window_ms = 7LL * 24 * 3'600'000; ///< a complaint within this of an earlier one repeats
};

struct IssueRow {
    std::string kind; ///< category | incident
    std::string status; ///< incidents: open | acknowledged | fixed
    std::string id, label, team;
    std::int64_t mentions = 0;
    double cost = 0;  ///< urgency-weighted cost: sum over complaints of (1 + urgency/25) x tier weight (1, 2, 3)
    std::int64_t affected = 0;
};

struct ReplyStats {
    std::string key;                        ///< tier or team ("" = everything)
    std::int64_t expecting_reply = 0;       ///< mentions with a deadline
    std::int64_t replied = 0;
    std::int64_t met = 0, missed = 0, pending = 0; ///< pending: unanswered, deadline not reached at report time
    double met_share = 0;                   ///< met / (met + missed); 0 when none decided
    double median_first_reply_minutes = 0; ///< over replied mentions
    double p90_first_reply_minutes = 0;
};

struct TrendRow {
    std::string category, label;
    std::int64_t previous = 0, recent = 0; ///< mentions in the earlier and the later half of the report period
    double change = 0;                     ///< (recent - previous) / max(previous, 1)
};

struct BeforeAfter {
    std::string incident_id, title;
    std::int64_t fixed_at_ms = 0, window_ms = 0;
    std::int64_t before = 0, after = 0; ///< incident mentions in the window before and after the fix
};

struct ProcessReport {
    std::int64_t from_ms = 0, to_ms = 0, generated_at_ms = 0;
    Counts totals;
    std::int64_t bucket_ms = 0;
    std::vector<std::pair<std::int64_t, Counts>> series;
    std::vector<IssueRow> top_by_volume, top_by_cost;           ///< categories (complaints only)
    std::vector<IssueRow> incidents_by_volume, incidents_by_cost; ///< incidents
    std::vector<TrendRow> trends;
    ReplyStats replies;                    ///< everything
    std::vector<ReplyStats> replies_by_tier, replies_by_team;
    std::int64_t complaint_mentions = 0, repeat_contacts = 0;
    double repeat_contact_rate = 0;
    std::vector<BeforeAfter> before_after;
    std::vector<Spike> spikes;
};

// ---------------------------------------------------------------------------------------------------------------
// The whole pipeline

struct InsightsConfig {
    AggregatesConfig aggregates;
    SpikeConfig spikes;
    GroupingConfig grouping;
    std::int64_t volume_bucket_ms = 5 * 60'000;  ///< incident volume curve resolution
    int incident_min_group_share_percent = 40;   ///< a category spike names the group holding this share of it
    std::int64_t incident_quiet_ms = 6LL * 3'600'000; ///< after this without mentions, new spikes open a new incident
    std::size_t max_spikes_kept = 1000;
    /// Topic keys (a mention's two most distinctive words, shared with its group) alarm only after this much stream
    /// history, once the steady topics and word weights have been seen.
    int topic_warmup_minutes = 24 * 60;
};

class Insights {
public:
    explicit Insights(InsightsConfig config = {});
    ~Insights();
    Insights(Insights&&) noexcept;
    Insights& operator=(Insights&&) noexcept;

    /// Feeds one mention. Mentions must come in time order (an earlier timestamp is treated as the latest seen).
    /// Throws std::invalid_argument (changing nothing) when the id is empty or was seen before.
    Update observe(const MentionFacts& mention);

    /// Records a reply to a mention (only the first reply counts). False when the mention is unknown.
    bool record_reply(std::string_view mention_id, std::int64_t at_ms);

    const std::vector<Incident>& incidents() const noexcept;
    const Incident* incident(std::string_view id) const noexcept;

    /// open -> acknowledged. False (with a reason in *error) when unknown or already fixed; no change then.
    bool acknowledge(std::string_view id, std::int64_t at_ms, std::string* error = nullptr);
    /// -> fixed with a note of what changed; returns the outreach plan. Throws std::invalid_argument (no change) when
    /// unknown or the note is empty.
    OutreachPlan fix(std::string_view id, std::int64_t at_ms, std::string_view note, const OutreachStyle& style = {});
    /// Records that an affected customer (by author or mention id) was followed up. False when not affected.
    bool mark_followed_up(std::string_view incident_id, std::string_view author_or_mention, std::int64_t at_ms);

    const Aggregates& aggregates() const noexcept;
    const std::vector<Spike>& spikes() const noexcept; ///< the most recent spikes (max_spikes_kept)
    ProcessReport report(std::int64_t now_ms, const ReportOptions& options = {}) const;
    std::size_t mention_count() const noexcept;
    const InsightsConfig& config() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace earshot::insights
