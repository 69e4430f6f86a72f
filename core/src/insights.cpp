// The insights pipeline: aggregates, spikes, groups -> incidents with status, affected customers and volume curves.

#include "earshot/insights.hpp"
#include "insights_detail.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <deque>
#include <stdexcept>
#include <unordered_map>

namespace earshot::insights {

const char* to_string(IncidentStatus s) noexcept {
    switch (s) {
    case IncidentStatus::Open: return "open";
    case IncidentStatus::Acknowledged: return "acknowledged";
    case IncidentStatus::Fixed: return "fixed";
    }
    return "open";
}

bool parse_incident_status(std::string_view text, IncidentStatus& out) noexcept {
    if (text == "open") out = IncidentStatus::Open;
    else if (text == "acknowledged") out = IncidentStatus::Acknowledged;
    else if (text == "fixed") out = IncidentStatus::Fixed;
    else return false;
    return true;
}

int Incident::followed_up() const noexcept {
    int n = 0;
    for (const auto& a : affected) n += a.followed_up ? 1 : 0;
    return n;
}

namespace {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

double tier_weight(std::string_view tier) {
    if (tier == "hard") return 3.0;
    if (tier == "medium") return 2.0;
    return 1.0;
}

std::string entity_key(const EntityRef& e) { return e.type + ":" + e.value; }

/// 16 lowercase hex digits of a topic hash, written into buf.
std::string_view topic_key(std::uint64_t topic, char (&buf)[16]) {
    static constexpr char kHex[] = "0123456789abcdef";
    for (int i = 15; i >= 0; --i, topic >>= 4) buf[i] = kHex[topic & 15];
    return std::string_view(buf, 16);
}

std::uint64_t parse_topic(std::string_view hex) {
    std::uint64_t v = 0;
    for (char c : hex) v = (v << 4) | static_cast<std::uint64_t>(c >= 'a' ? c - 'a' + 10 : c - '0');
    return v;
}

} // namespace

struct Insights::Impl {
    struct Record {
        std::string id;
        std::int64_t at = 0;
        std::string author;
        std::uint32_t category = 0, team = 0, tier = 0; ///< interned (Impl::names)
        int urgency = 0;
        int respond_within = 0;
        bool complaint = false;
        std::int64_t first_reply = 0;
        std::uint64_t group = 0;
        std::size_t incident = kNone;
        double cost = 0;
    };
    /// A complaint still inside the window a spike looks back over: no text, its content words (ids into the
    /// extractor's word memo) and entities sit in the shared `recent_words` / `recent_entities` queues.
    struct Recent {
        std::size_t idx = 0;
        std::int64_t at = 0;
        std::uint32_t platform = 0, category = 0, category_label = 0, team = 0; ///< interned (Impl::names)
        int sentiment = 0, urgency = 0;
        std::uint64_t topic = 0;
        std::uint64_t words_at = 0, entities_at = 0; ///< absolute positions in recent_words / recent_entities
        std::uint32_t word_count = 0, entity_count = 0;
        bool near_duplicate = false;
    };
    struct IncidentExtra {
        std::map<std::string, std::pair<int, std::string>> terms; ///< stem -> (count, surface)
        std::map<std::string, EntityCount> entities;              ///< "type:value" -> count
        std::unordered_map<std::string, std::size_t> affected_by_author;
    };

    InsightsConfig config;
    Aggregates aggregates;
    SpikeDetector detector;
    Grouper grouper;
    std::vector<Record> records;
    detail::FlatMap<std::uint32_t> by_id; ///< fnv1a(id) (re-mixed on a collision) -> record index
    std::deque<Recent> recent;
    std::deque<std::uint32_t> recent_words;   ///< content words of the recent complaints, in order
    std::deque<EntityRef> recent_entities;    ///< their entities, in order
    std::uint64_t recent_words_base = 0, recent_entities_base = 0; ///< absolute position of each queue's front
    FeatureExtractor extractor;
    std::vector<Incident> incidents;
    std::vector<IncidentExtra> extras;
    std::unordered_map<std::string, std::size_t> incident_by_id;
    detail::FlatMap<std::size_t> incident_by_anchor; ///< fnv1a(spike key) -> incident
    detail::FlatMap<std::size_t> incident_by_group;
    std::vector<Spike> spikes;
    std::int64_t last_at = 0;

    /// Index of the record with this id, or kNone. `slot_hash` receives the hash under which it is (or would be) kept.
    std::vector<std::string> names{std::string()}; ///< interned categories, labels, teams, tiers, platforms
    detail::FlatMap<std::uint32_t> name_ids;        ///< fnv1a(name) (re-mixed on a collision) -> index in names

    std::uint32_t intern(std::string_view name) { return intern(name, detail::fnv1a(name)); }
    /// h: fnv1a(name)
    std::uint32_t intern(std::string_view name, std::uint64_t h) {
        if (name.empty()) return 0;
        for (;;) {
            bool fresh = false;
            auto& id = name_ids.get(h, &fresh);
            if (fresh) {
                id = static_cast<std::uint32_t>(names.size());
                names.emplace_back(name);
                return id;
            }
            if (names[id] == name) return id;
            h = detail::mix64(h + 0x9e3779b97f4a7c15ULL);
        }
    }

    std::size_t find_record(std::string_view id, std::uint64_t* slot_hash = nullptr) const {
        std::uint64_t h = detail::fnv1a(id);
        for (;;) {
            const auto* idx = by_id.find(h);
            if (!idx) break;
            if (records[*idx].id == id) {
                if (slot_hash) *slot_hash = h;
                return *idx;
            }
            h = detail::mix64(h + 0x9e3779b97f4a7c15ULL); // another id with the same hash: probe on
        }
        if (slot_hash) *slot_hash = h;
        return kNone;
    }
    std::size_t anchored(std::string_view key) const {
        const auto* ii = incident_by_anchor.find(detail::fnv1a(key));
        return ii ? *ii : kNone;
    }

    /// The entities of a recent complaint.
    template <class F>
    void for_each_entity(const Recent& r, F&& f) const {
        for (std::uint32_t i = 0; i < r.entity_count; ++i)
            f(recent_entities[static_cast<std::size_t>(r.entities_at - recent_entities_base) + i]);
    }
    std::uint32_t word(const Recent& r, std::uint32_t i) const {
        return recent_words[static_cast<std::size_t>(r.words_at - recent_words_base) + i];
    }
    void pop_recent() {
        const auto& r = recent.front();
        for (std::uint32_t i = 0; i < r.word_count; ++i) recent_words.pop_front();
        for (std::uint32_t i = 0; i < r.entity_count; ++i) recent_entities.pop_front();
        recent_words_base += r.word_count;
        recent_entities_base += r.entity_count;
        recent.pop_front();
    }

    explicit Impl(InsightsConfig c)
        : config(std::move(c)), aggregates(config.aggregates), detector(config.spikes), grouper(config.grouping) {
        if (config.volume_bucket_ms <= 0) config.volume_bucket_ms = 5 * 60'000;
    }

    std::int64_t window_ms() const {
        int mx = 1;
        for (int w : detector.config().windows_minutes) mx = std::max(mx, w);
        return static_cast<std::int64_t>(mx) * 60'000;
    }

    bool quiet(const Incident& inc, std::int64_t t) const { return t - inc.last_seen_ms > config.incident_quiet_ms; }

    std::size_t open_incident(const Spike& s, const Recent& first, std::int64_t t) {
        Incident inc;
        // INC-0001 (zero-padded, deterministic)
        std::string num = std::to_string(incidents.size() + 1);
        while (num.size() < 4) num.insert(num.begin(), '0');
        inc.id = "INC-" + num;
        inc.category = names[first.category];
        inc.category_label = names[first.category_label];
        inc.team = names[first.team];
        inc.anchor = s.key;
        inc.opened_at_ms = t;
        inc.first_seen_ms = first.at;
        inc.last_seen_ms = first.at;
        inc.spike = s;
        incidents.push_back(std::move(inc));
        extras.emplace_back();
        incident_by_id[incidents.back().id] = incidents.size() - 1;
        incident_by_anchor[detail::fnv1a(s.key)] = incidents.size() - 1;
        return incidents.size() - 1;
    }

    void attach_group(std::size_t ii, std::uint64_t g) {
        if (g == 0) return;
        auto& inc = incidents[ii];
        if (std::find(inc.groups.begin(), inc.groups.end(), g) != inc.groups.end()) return;
        inc.groups.push_back(g);
        incident_by_group[g] = ii;
        grouper.pin(g);
    }

    void add_member(std::size_t ii, const Recent& r) {
        auto& rec = records[r.idx];
        if (rec.incident != kNone) return;
        rec.incident = ii;
        auto& inc = incidents[ii];
        auto& ex = extras[ii];
        ++inc.mentions;
        if (inc.status == IncidentStatus::Fixed && r.at >= inc.fixed_at_ms) ++inc.mentions_after_fix;
        inc.mention_ids.push_back(rec.id);
        inc.first_seen_ms = inc.mentions == 1 ? r.at : std::min(inc.first_seen_ms, r.at);
        inc.last_seen_ms = std::max(inc.last_seen_ms, r.at);
        inc.max_urgency = std::max(inc.max_urgency, r.urgency);
        inc.urgency_sum += r.urgency;
        if (r.sentiment < 0) ++inc.negative;
        if (r.near_duplicate) ++inc.near_duplicates;
        const std::int64_t b = r.at - ((r.at % config.volume_bucket_ms) + config.volume_bucket_ms) % config.volume_bucket_ms;
        auto vit = std::lower_bound(inc.volume.begin(), inc.volume.end(), b,
                                    [](const VolumePoint& p, std::int64_t v) { return p.at_ms < v; });
        if (vit != inc.volume.end() && vit->at_ms == b) ++vit->count;
        else inc.volume.insert(vit, VolumePoint{b, 1});
        for (std::uint32_t i = 0; i < r.word_count; ++i) {
            const auto w = word(r, i);
            auto& t = ex.terms[std::string(extractor.stem(w))];
            if (t.first++ == 0) t.second = extractor.surface(w);
        }
        std::vector<std::string> seen;
        for_each_entity(r, [&](const EntityRef& e) {
            if (!is_cause_entity(e.type) || e.value.empty()) return;
            const auto k = entity_key(e);
            if (std::find(seen.begin(), seen.end(), k) != seen.end()) return;
            seen.push_back(k);
            auto& ec = ex.entities[k];
            if (ec.count++ == 0) ec.entity = e;
        });
        const std::string who = rec.author.empty() ? rec.id : rec.author;
        auto ait = ex.affected_by_author.find(who);
        if (ait == ex.affected_by_author.end()) {
            AffectedCustomer a;
            a.author = who;
            a.platform = names[r.platform];
            a.mention_id = rec.id;
            a.at_ms = r.at;
            for_each_entity(r, [&](const EntityRef& e) { a.entities.push_back(e); });
            a.mentions = 1;
            // Their own words: content words in their order of appearance (no digits-only tokens, no handles).
            std::string summary;
            int words = 0;
            for (std::uint32_t i = 0; i < r.word_count && words < 6; ++i) {
                const auto w = extractor.surface(word(r, i));
                bool digits = std::any_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
                if (digits) continue;
                if (!summary.empty()) summary += ' ';
                summary += w;
                ++words;
            }
            a.case_summary = summary;
            ex.affected_by_author[who] = inc.affected.size();
            inc.affected.push_back(std::move(a));
        } else {
            ++inc.affected[ait->second].mentions;
        }
        // The group's later members join too.
        if (rec.group != 0 && !incident_by_group.contains(rec.group) && inc.anchor.rfind("category:", 0) != 0)
            attach_group(ii, rec.group);
    }

    void retitle(std::size_t ii) {
        auto& inc = incidents[ii];
        auto& ex = extras[ii];
        // Entities shared by at least two members (or all when fewer), most frequent first.
        std::vector<EntityCount> ents;
        for (const auto& [k, ec] : ex.entities) ents.push_back(ec);
        std::stable_sort(ents.begin(), ents.end(), [](const EntityCount& a, const EntityCount& b) { return a.count > b.count; });
        inc.entities.clear();
        for (const auto& e : ents)
            if ((e.count >= 2 && e.count * 4 >= inc.mentions) || inc.mentions < 2) inc.entities.push_back(e);
        // Terms: frequent and distinctive (count x idf), present in at least a quarter of the members.
        struct Row {
            double score;
            std::string surface;
        };
        std::vector<Row> rows;
        const int min_count = std::max(2, inc.mentions / 4);
        for (const auto& [stem, t] : ex.terms) {
            if (t.first < min_count && inc.mentions >= 2) continue;
            bool is_entity = false;
            for (const auto& e : inc.entities)
                if (to_lower_ascii(e.entity.value) == stem || to_lower_ascii(e.entity.text) == t.second) is_entity = true;
            if (is_entity) continue;
            rows.push_back({t.first * grouper.weight(stem), t.second});
        }
        std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
            return a.score != b.score ? a.score > b.score : a.surface < b.surface;
        });
        inc.terms.clear();
        for (std::size_t i = 0; i < rows.size() && i < 6; ++i) inc.terms.push_back(rows[i].surface);
        std::string title;
        if (!inc.entities.empty()) title = inc.entities.front().entity.value;
        std::string words;
        for (std::size_t i = 0; i < inc.terms.size() && i < 3; ++i) {
            if (!words.empty()) words += ", ";
            words += inc.terms[i];
        }
        if (!words.empty()) title += title.empty() ? words : ": " + words;
        const std::string label = inc.category_label.empty() ? inc.category : inc.category_label;
        if (title.empty()) title = "Surge in " + label + " complaints";
        else title += " (" + label + ")";
        inc.title = title;
    }

    static std::string to_lower_ascii(std::string s) {
        for (auto& c : s)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        return s;
    }

    /// Decides which incident a spike belongs to (opening one when needed) and adds its members.
    std::size_t handle_spike(const Spike& s, std::int64_t t, std::vector<std::string>& opened,
                             std::vector<std::string>& updated) {
        const std::int64_t from = t - window_ms();
        auto in_window = [&](const Recent& r) { return r.at > from; };
        std::vector<const Recent*> members;
        std::size_t target = kNone;

        auto reuse = [&](std::size_t ii) {
            if (ii == kNone) return false;
            if (quiet(incidents[ii], t)) return false;
            target = ii;
            return true;
        };
        if (const auto ai = anchored(s.key); ai != kNone) reuse(ai);
        // Entity and topic spikes: reuse the incident of a member's group, else open one from the first member;
        // anchor the key to it and attach every group with at least two members in the window.
        auto adopt_members = [&](const std::map<std::uint64_t, int>& groups) {
            if (target == kNone)
                for (const auto* r : members) {
                    const auto* gi = incident_by_group.find(records[r->idx].group);
                    if (gi && reuse(*gi)) break;
                }
            if (target == kNone && !members.empty()) target = open_incident(s, *members.front(), t);
            if (target != kNone) {
                incident_by_anchor[detail::fnv1a(s.key)] = target;
                for (const auto& [g, n] : groups)
                    if (n >= 2 && !incident_by_group.contains(g)) attach_group(target, g);
            }
        };

        if (s.key.rfind("group:", 0) == 0) {
            const std::uint64_t g = std::stoull(s.key.substr(6));
            if (target == kNone) {
                if (const auto* gi = incident_by_group.find(g)) reuse(*gi);
            }
            for (const auto& r : recent)
                if (records[r.idx].group == g) members.push_back(&r);
            if (target == kNone && !members.empty()) target = open_incident(s, *members.front(), t);
            if (target != kNone) attach_group(target, g);
        } else if (s.key.rfind("entity:", 0) == 0) {
            const std::string ek = s.key.substr(7);
            std::map<std::uint64_t, int> groups;
            for (const auto& r : recent) {
                bool has = false;
                for_each_entity(r, [&](const EntityRef& e) { has |= entity_key(e) == ek; });
                if (!has) continue;
                members.push_back(&r);
                if (in_window(r)) ++groups[records[r.idx].group];
            }
            adopt_members(groups);
        } else if (s.key.rfind("topic:", 0) == 0) {
            const std::uint64_t topic = parse_topic(std::string_view(s.key).substr(6));
            std::map<std::uint64_t, int> groups;
            for (const auto& r : recent) {
                if (r.topic != topic) continue;
                members.push_back(&r);
                if (in_window(r)) ++groups[records[r.idx].group];
            }
            adopt_members(groups);
        } else if (s.key.rfind("category:", 0) == 0) {
            const std::string cat = s.key.substr(9);
            std::map<std::uint64_t, int> groups;
            int total = 0;
            for (const auto& r : recent)
                if (in_window(r) && names[r.category] == cat) {
                    ++groups[records[r.idx].group];
                    ++total;
                }
            std::uint64_t dominant = 0;
            int best = 0;
            for (const auto& [g, n] : groups)
                if (n > best) {
                    best = n;
                    dominant = g;
                }
            const bool has_dominant = best >= 2 && best * 100 >= total * config.incident_min_group_share_percent;
            if (target == kNone && has_dominant) {
                if (const auto* gi = incident_by_group.find(dominant)) reuse(*gi);
            }
            if (has_dominant) {
                for (const auto& r : recent)
                    if (records[r.idx].group == dominant) members.push_back(&r);
            } else {
                for (const auto& r : recent)
                    if (in_window(r) && names[r.category] == cat) members.push_back(&r);
            }
            if (target == kNone && !members.empty()) target = open_incident(s, *members.front(), t);
            if (target != kNone) {
                incident_by_anchor[detail::fnv1a(s.key)] = target;
                if (has_dominant) attach_group(target, dominant);
            }
        }
        if (target == kNone) return kNone;
        auto& inc = incidents[target];
        const bool is_new = inc.mentions == 0;
        if (!is_new) {
            if (inc.status == IncidentStatus::Fixed) {
                inc.status = IncidentStatus::Open;
                ++inc.reopened;
            }
            inc.spike = s;
        }
        for (const auto* r : members) add_member(target, *r);
        if (inc.mentions == 0) return target;
        retitle(target);
        auto& list = is_new ? opened : updated;
        if (std::find(opened.begin(), opened.end(), inc.id) == opened.end() &&
            std::find(list.begin(), list.end(), inc.id) == list.end())
            list.push_back(inc.id);
        return target;
    }
};

Insights::Insights(InsightsConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {}
Insights::~Insights() = default;
Insights::Insights(Insights&&) noexcept = default;
Insights& Insights::operator=(Insights&&) noexcept = default;

const std::vector<Incident>& Insights::incidents() const noexcept { return impl_->incidents; }
const Aggregates& Insights::aggregates() const noexcept { return impl_->aggregates; }
const std::vector<Spike>& Insights::spikes() const noexcept { return impl_->spikes; }
std::size_t Insights::mention_count() const noexcept { return impl_->records.size(); }
const InsightsConfig& Insights::config() const noexcept { return impl_->config; }

const Incident* Insights::incident(std::string_view id) const noexcept {
    auto it = impl_->incident_by_id.find(std::string(id));
    return it == impl_->incident_by_id.end() ? nullptr : &impl_->incidents[it->second];
}

Update Insights::observe(const MentionFacts& m) {
    auto& d = *impl_;
    if (m.id.empty()) throw std::invalid_argument("mention id is empty");
    std::uint64_t id_hash = 0;
    if (d.find_record(m.id, &id_hash) != kNone) throw std::invalid_argument("mention '" + m.id + "' was already observed");
    Update u;
    const std::int64_t t = std::max(m.at_ms, d.last_at);
    d.last_at = t;
    const std::string_view category = m.category.empty() ? std::string_view("other") : std::string_view(m.category);
    // The values' hashes once, for the aggregates' counters and the interned names.
    const std::array<std::uint64_t, 4> hashes = {detail::fnv1a(category), detail::fnv1a(m.team),
                                                 detail::fnv1a(m.platform), detail::fnv1a(m.tier)};
    d.aggregates.observe(m, t, hashes);

    auto& rec = d.records.emplace_back();
    rec.id = m.id;
    rec.at = t;
    rec.author = m.author;
    rec.category = d.intern(category, hashes[0]);
    rec.team = d.intern(m.team, hashes[1]);
    rec.tier = d.intern(m.tier, hashes[3]);
    rec.urgency = m.urgency;
    rec.respond_within = m.respond_within_minutes;
    rec.complaint = m.complaint;
    rec.first_reply = m.replied_at_ms;
    if (m.complaint) rec.cost = (1.0 + m.urgency / 25.0) * tier_weight(m.tier);
    const std::size_t idx = d.records.size() - 1;
    d.by_id[id_hash] = static_cast<std::uint32_t>(idx);
    if (!m.complaint) return u;

    Impl::Recent& r = d.recent.emplace_back();
    r.idx = idx;
    r.at = t;
    r.platform = d.intern(m.platform, hashes[2]);
    r.category = rec.category;
    r.category_label = m.category_label.empty() ? r.category : d.intern(m.category_label);
    r.team = rec.team;
    r.sentiment = m.sentiment;
    r.urgency = m.urgency;
    r.entities_at = d.recent_entities_base + d.recent_entities.size();
    r.entity_count = static_cast<std::uint32_t>(m.entities.size());
    for (const auto& e : m.entities) d.recent_entities.push_back(e);
    const Features& features = d.extractor.extract(m.text, m.entities);
    r.words_at = d.recent_words_base + d.recent_words.size();
    r.word_count = static_cast<std::uint32_t>(features.words.size());
    for (auto w : features.words) d.recent_words.push_back(w);
    const auto a = d.grouper.add(t, category, features, &d.extractor);
    r.near_duplicate = a.near_duplicate;
    r.topic = a.topic;
    d.records[idx].group = a.group;
    u.group = a.group;

    // Spike keys: the category and each cause entity (parts, no strings built for known keys).
    std::array<SpikeDetector::KeyRef, 9> keys;
    std::size_t nkeys = 0;
    keys[nkeys++] = {{"category:", category, {}, {}}, -1};
    // The topic (two most distinctive words): a new cause that many customers describe alike spikes there first,
    // before its category stands out. Groups are not keys: a steady topic's groups are re-formed now and then.
    char topic_hex[16];
    if (a.topic != 0) keys[nkeys++] = {{"topic:", topic_key(a.topic, topic_hex), {}, {}}, d.config.topic_warmup_minutes};
    for (const auto& e : m.entities)
        if (nkeys < keys.size() && is_cause_entity(e.type) && !e.value.empty())
            keys[nkeys++] = {{"entity:", e.type, ":", e.value}, -1};
    if (m.author.empty()) {
        const std::string author = "id:" + m.id;
        u.spikes = d.detector.observe(t, author, keys.data(), nkeys);
    } else {
        u.spikes = d.detector.observe(t, m.author, keys.data(), nkeys);
    }

    const std::int64_t keep = std::max(d.window_ms(), d.config.incident_quiet_ms);
    while (d.recent.size() > 1 && (d.recent.front().at <= t - keep || d.recent.size() > 50'000)) d.pop_recent();

    for (const auto& s : u.spikes) {
        d.spikes.push_back(s);
        if (d.spikes.size() > d.config.max_spikes_kept) d.spikes.erase(d.spikes.begin());
        d.handle_spike(s, t, u.opened, u.updated);
    }

    // Membership of this mention: its group, an entity an incident is anchored on, or its category while that
    // category's spike lasts.
    auto& rec2 = d.records[idx];
    const auto& me = d.recent.back();
    if (rec2.incident == kNone && !d.incidents.empty()) {
        std::size_t target = kNone;
        if (const auto* gi = d.incident_by_group.find(a.group)) target = *gi;
        if (target == kNone)
            for (const auto& e : m.entities) {
                std::uint64_t h = detail::fnv1a(e.type, detail::fnv1a("entity:"));
                h = detail::fnv1a(e.value, detail::fnv1a(":", h));
                const auto* ai = d.incident_by_anchor.find(h);
                if (ai && !d.quiet(d.incidents[*ai], t)) {
                    target = *ai;
                    break;
                }
            }
        if (target == kNone && a.topic != 0) {
            const auto* ai = d.incident_by_anchor.find(detail::fnv1a(topic_key(a.topic, topic_hex), detail::fnv1a("topic:")));
            if (ai && !d.quiet(d.incidents[*ai], t)) target = *ai;
        }
        if (target == kNone) {
            const std::uint64_t h = detail::fnv1a(category, detail::fnv1a("category:"));
            if (const auto* ai = d.incident_by_anchor.find(h)) {
                const auto& anchor = d.incidents[*ai].anchor;
                if (anchor.size() == 9 + category.size() && anchor.compare(0, 9, "category:") == 0 &&
                    std::string_view(anchor).substr(9) == category && d.detector.in_alarm(anchor))
                    target = *ai;
            }
        }
        if (target != kNone) {
            d.add_member(target, me);
            // Titles settle quickly; past 20 mentions they are refreshed every 10th.
            const int n = d.incidents[target].mentions;
            if (n <= 20 || n % 10 == 0) d.retitle(target);
            const auto& id = d.incidents[target].id;
            if (std::find(u.opened.begin(), u.opened.end(), id) == u.opened.end() &&
                std::find(u.updated.begin(), u.updated.end(), id) == u.updated.end())
                u.updated.push_back(id);
        }
    }
    return u;
}

bool Insights::record_reply(std::string_view mention_id, std::int64_t at_ms) {
    const auto idx = impl_->find_record(mention_id);
    if (idx == kNone) return false;
    auto& r = impl_->records[idx];
    if (r.first_reply == 0 || at_ms < r.first_reply) r.first_reply = std::max(at_ms, r.at);
    return true;
}

bool Insights::acknowledge(std::string_view id, std::int64_t at_ms, std::string* error) {
    auto it = impl_->incident_by_id.find(std::string(id));
    if (it == impl_->incident_by_id.end()) {
        if (error) *error = "unknown incident '" + std::string(id) + "'";
        return false;
    }
    auto& inc = impl_->incidents[it->second];
    if (inc.status == IncidentStatus::Fixed) {
        if (error) *error = "incident " + inc.id + " is already fixed";
        return false;
    }
    if (inc.status == IncidentStatus::Open) {
        inc.status = IncidentStatus::Acknowledged;
        inc.acknowledged_at_ms = at_ms;
    }
    return true;
}

OutreachPlan Insights::fix(std::string_view id, std::int64_t at_ms, std::string_view note, const OutreachStyle& style) {
    auto it = impl_->incident_by_id.find(std::string(id));
    if (it == impl_->incident_by_id.end()) throw std::invalid_argument("unknown incident '" + std::string(id) + "'");
    std::string trimmed(note);
    while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\n' || trimmed.back() == '\t')) trimmed.pop_back();
    while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\n' || trimmed.front() == '\t')) trimmed.erase(0, 1);
    if (trimmed.empty()) throw std::invalid_argument("a fix needs a note of what changed");
    auto& inc = impl_->incidents[it->second];
    if (inc.acknowledged_at_ms == 0) inc.acknowledged_at_ms = at_ms;
    inc.status = IncidentStatus::Fixed;
    inc.fixed_at_ms = at_ms;
    inc.fix_note = trimmed;
    return plan_outreach(inc, trimmed, style);
}

bool Insights::mark_followed_up(std::string_view incident_id, std::string_view who, std::int64_t at_ms) {
    auto it = impl_->incident_by_id.find(std::string(incident_id));
    if (it == impl_->incident_by_id.end()) return false;
    for (auto& a : impl_->incidents[it->second].affected)
        if (a.author == who || a.mention_id == who) {
            if (!a.followed_up) {
                a.followed_up = true;
                a.followed_up_at_ms = at_ms;
            }
            return true;
        }
    return false;
}

// --- the process report ----------------------------------------------------------------------------------------

namespace {

double percentile(std::vector<double> v, double q) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    // nearest rank
    std::size_t rank = static_cast<std::size_t>(q * static_cast<double>(v.size()) + 0.999999);
    if (rank < 1) rank = 1;
    if (rank > v.size()) rank = v.size();
    return v[rank - 1];
}

struct ReplyAcc {
    ReplyStats s;
    std::vector<double> minutes;
    ReplyStats done() {
        s.met_share = (s.met + s.missed) ? round4(static_cast<double>(s.met) / static_cast<double>(s.met + s.missed)) : 0;
        s.median_first_reply_minutes = round4(percentile(minutes, 0.5));
        s.p90_first_reply_minutes = round4(percentile(minutes, 0.9));
        return s;
    }
};

} // namespace

ProcessReport Insights::report(std::int64_t now_ms, const ReportOptions& options) const {
    const auto& d = *impl_;
    ProcessReport rep;
    rep.generated_at_ms = now_ms;
    rep.totals = d.aggregates.totals();
    rep.bucket_ms = d.aggregates.config().bucket_ms;
    for (const auto& [b, c] : d.aggregates.series()) rep.series.emplace_back(b, c);
    if (!d.records.empty()) {
        rep.from_ms = d.records.front().at;
        rep.to_ms = d.records.back().at;
    }

    // Categories by volume and cost (complaints).
    std::map<std::string, IssueRow> cats;
    std::map<std::string, std::map<std::string, int>> cat_authors;
    const std::int64_t mid = rep.from_ms + (rep.to_ms - rep.from_ms) / 2;
    std::map<std::string, TrendRow> trends;
    ReplyAcc all;
    std::map<std::string, ReplyAcc> by_tier, by_team;
    std::unordered_map<std::string, std::int64_t> last_complaint_by_author;
    for (const auto& r : d.records) {
        if (r.complaint) {
            if (!r.author.empty()) {
                auto [it, fresh] = last_complaint_by_author.try_emplace(r.author, r.at);
                if (!fresh) {
                    if (r.at - it->second <= options.repeat_window_ms) ++rep.repeat_contacts;
                    it->second = r.at;
                }
            }
            const std::string& category = d.names[r.category];
            auto& row = cats[category];
            row.kind = "category";
            row.id = category;
            ++row.mentions;
            row.cost += r.cost;
            cat_authors[category][r.author.empty() ? "id:" + r.id : r.author] = 1;
            ++rep.complaint_mentions;
            auto& tr = trends[category];
            tr.category = category;
            if (r.at <= mid) ++tr.previous;
            else ++tr.recent;
        }
        if (r.respond_within > 0) {
            const std::int64_t deadline = r.at + static_cast<std::int64_t>(r.respond_within) * 60'000;
            for (ReplyAcc* acc : {&all, &by_tier[d.names[r.tier]], &by_team[d.names[r.team]]}) {
                ++acc->s.expecting_reply;
                if (r.first_reply > 0) {
                    ++acc->s.replied;
                    acc->minutes.push_back(static_cast<double>(r.first_reply - r.at) / 60'000.0);
                    if (r.first_reply <= deadline) ++acc->s.met;
                    else ++acc->s.missed;
                } else if (now_ms > deadline) {
                    ++acc->s.missed;
                } else {
                    ++acc->s.pending;
                }
            }
        }
    }
    for (auto& [k, row] : cats) {
        row.cost = round4(row.cost);
        row.affected = static_cast<std::int64_t>(cat_authors[k].size());
    }
    // Labels and teams from the most recent observation of each category.
    for (const auto& r : d.recent) {
        auto it = cats.find(d.names[r.category]);
        if (it != cats.end()) {
            it->second.label = d.names[r.category_label];
            it->second.team = d.names[r.team];
        }
    }
    for (auto& [k, row] : cats) {
        if (row.label.empty()) row.label = k;
        rep.top_by_volume.push_back(row);
        rep.top_by_cost.push_back(row);
        auto& tr = trends[k];
        tr.label = row.label;
        tr.change = round4(static_cast<double>(tr.recent - tr.previous) / static_cast<double>(std::max<std::int64_t>(tr.previous, 1)));
        rep.trends.push_back(tr);
    }
    auto by_mentions = [](const IssueRow& a, const IssueRow& b) {
        return a.mentions != b.mentions ? a.mentions > b.mentions : a.id < b.id;
    };
    auto by_cost = [](const IssueRow& a, const IssueRow& b) { return a.cost != b.cost ? a.cost > b.cost : a.id < b.id; };
    std::sort(rep.top_by_volume.begin(), rep.top_by_volume.end(), by_mentions);
    std::sort(rep.top_by_cost.begin(), rep.top_by_cost.end(), by_cost);
    if (rep.top_by_volume.size() > options.top) rep.top_by_volume.resize(options.top);
    if (rep.top_by_cost.size() > options.top) rep.top_by_cost.resize(options.top);
    std::sort(rep.trends.begin(), rep.trends.end(), [](const TrendRow& a, const TrendRow& b) {
        const auto da = a.recent - a.previous, db = b.recent - b.previous;
        const auto aa = da < 0 ? -da : da, ab = db < 0 ? -db : db;
        return aa != ab ? aa > ab : a.category < b.category;
    });

    for (const auto& inc : d.incidents) {
        IssueRow row;
        row.kind = "incident";
        row.status = to_string(inc.status);
        row.id = inc.id;
        row.label = inc.title;
        row.team = inc.team;
        row.mentions = inc.mentions;
        row.affected = static_cast<std::int64_t>(inc.affected.size());
        double cost = 0;
        for (const auto& mid_id : inc.mention_ids) cost += d.records[d.find_record(mid_id)].cost;
        row.cost = round4(cost);
        rep.incidents_by_volume.push_back(row);
        rep.incidents_by_cost.push_back(row);
        if (inc.status == IncidentStatus::Fixed) {
            BeforeAfter ba;
            ba.incident_id = inc.id;
            ba.title = inc.title;
            ba.fixed_at_ms = inc.fixed_at_ms;
            ba.window_ms = options.before_after_ms;
            for (const auto& mid_id : inc.mention_ids) {
                const auto at = d.records[d.find_record(mid_id)].at;
                if (at >= inc.fixed_at_ms - options.before_after_ms && at < inc.fixed_at_ms) ++ba.before;
                else if (at >= inc.fixed_at_ms && at < inc.fixed_at_ms + options.before_after_ms) ++ba.after;
            }
            rep.before_after.push_back(ba);
        }
    }
    std::sort(rep.incidents_by_volume.begin(), rep.incidents_by_volume.end(), by_mentions);
    std::sort(rep.incidents_by_cost.begin(), rep.incidents_by_cost.end(), by_cost);
    if (rep.incidents_by_volume.size() > options.top) rep.incidents_by_volume.resize(options.top);
    if (rep.incidents_by_cost.size() > options.top) rep.incidents_by_cost.resize(options.top);

    rep.replies = all.done();
    for (auto& [k, acc] : by_tier) {
        acc.s.key = k;
        rep.replies_by_tier.push_back(acc.done());
    }
    for (auto& [k, acc] : by_team) {
        acc.s.key = k;
        rep.replies_by_team.push_back(acc.done());
    }
    rep.repeat_contact_rate = rep.complaint_mentions
                                  ? round4(static_cast<double>(rep.repeat_contacts) / static_cast<double>(rep.complaint_mentions))
                                  : 0;
    rep.spikes = d.spikes;
    return rep;
}

} // namespace earshot::insights
