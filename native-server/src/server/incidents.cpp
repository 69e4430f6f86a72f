#include "incidents.hpp"

#include "records.hpp"

#include "earshot/wire/insights_json.hpp"

#include <algorithm>
#include <iostream>
#include <set>
#include <stdexcept>

namespace earshot::server {
namespace {

using insights::Incident;
using insights::IncidentStatus;

ApiError unknown_incident(const std::string& id) {
    return ApiError(http::status::not_found, "not_found", "No incident has the id '" + id + "'.");
}

json style_json(const insights::OutreachStyle& s) {
    return json{{"brand", s.brand}, {"signature", s.signature}, {"status_url", s.status_url}};
}

insights::OutreachStyle style_from(const json& j) {
    insights::OutreachStyle s;
    if (j.is_object()) {
        if (j.contains("brand") && j["brand"].is_string()) s.brand = j["brand"].get<std::string>();
        if (j.contains("signature") && j["signature"].is_string()) s.signature = j["signature"].get<std::string>();
        if (j.contains("status_url") && j["status_url"].is_string()) s.status_url = j["status_url"].get<std::string>();
    }
    return s;
}

} // namespace

IncidentBook::IncidentBook() = default;

void IncidentBook::rebuild(Store& store) {
    std::lock_guard lock(mu_);
    insights_ = insights::Insights();
    plans_.clear();
    sent_.clear();
    pending_ = 0;
    auto actions = store.incident_actions();
    std::size_t next = 0;
    store.scan_mentions([&](std::int64_t created_seq, std::int64_t received_ms, const std::string& text) {
        while (next < actions.size() && actions[next].seq < created_seq) apply_action(actions[next++]);
        json record = json::parse(text, nullptr, false);
        if (record.is_discarded()) return;
        insights::MentionFacts f;
        std::string err;
        if (!wire::mention_facts_from_json(record, f, err)) return;
        if (f.at_ms == 0) f.at_ms = received_ms;
        try {
            insights_.observe(f);
        } catch (const std::exception&) {
        }
    });
    while (next < actions.size()) apply_action(actions[next++]);
}

void IncidentBook::apply_action(const IncidentAction& a) {
    json data = json::parse(a.data, nullptr, false);
    if (!data.is_object()) data = json::object();
    const Incident* inc = insights_.incident(a.incident_id);
    if (!inc || inc->anchor != data.value("anchor", inc->anchor)) {
        std::cerr << "earshot serve: incident action " << a.seq << " (" << a.action << " " << a.incident_id
                  << ") no longer matches the rebuilt incidents; skipped\n";
        return;
    }
    try {
        if (a.action == "acknowledge") {
            insights_.acknowledge(a.incident_id, a.at_ms);
        } else if (a.action == "fix") {
            auto plan = insights_.fix(a.incident_id, a.at_ms, data.value("note", ""), style_from(data["style"]));
            plans_[a.incident_id] = data.contains("plan") ? data["plan"] : wire::outreach_plan_to_json(plan);
        } else if (a.action == "sent") {
            insights_.mark_followed_up(a.incident_id, data.value("mention_id", ""), a.at_ms);
        }
    } catch (const std::exception& e) {
        std::cerr << "earshot serve: replaying incident action " << a.seq << ": " << e.what() << "\n";
    }
}

std::int64_t IncidentBook::emit_incident(WriteTxn& txn, const char* type, const Incident& inc, std::int64_t at_ms,
                                         json extra) {
    json data = incident_json(inc);
    for (auto it = extra.begin(); it != extra.end(); ++it) data[it.key()] = it.value();
    const std::int64_t seq = txn.next_seq();
    return txn.emit(type, inc.id, at_ms, event_message(seq, type, dump(data)));
}

void IncidentBook::remember_sent(const Incident& inc, std::int64_t mono_ms) {
    Sent& s = sent_[inc.id];
    if (s.pending) --pending_;
    s.pending = false;
    s.mention_ids = inc.mention_ids.size();
    s.volume = inc.volume;
    s.at_mono_ms = mono_ms;
}

void IncidentBook::emit_delta(WriteTxn& txn, const Incident& inc, std::int64_t mono_ms) {
    auto it = sent_.find(inc.id);
    if (it == sent_.end() || it->second.mention_ids > inc.mention_ids.size()) {
        // nothing sent since a rebuild (or the incident is not what was sent): a full event
        emit_incident(txn, "incident.updated", inc, now_ms(), json{{"change", "mentions"}});
        remember_sent(inc, mono_ms);
        return;
    }
    // The incident without its long arrays, plus what changed since the last event: the mention ids that joined
    // and the volume buckets whose count changed.
    json data = incident_json(inc);
    json full_volume = std::move(data["volume"]);
    data.erase("affected");
    data.erase("mention_ids");
    data.erase("volume");
    const Sent& s = it->second;
    json added = json::array();
    for (std::size_t i = s.mention_ids; i < inc.mention_ids.size(); ++i) added.push_back(inc.mention_ids[i]);
    json volume = json::array();
    for (auto& v : full_volume) { // the buckets exactly as incident_to_json writes them
        const std::int64_t at = v.value("at_ms", std::int64_t{0});
        const int count = v.value("count", 0);
        auto old = std::find_if(s.volume.begin(), s.volume.end(),
                                [&](const insights::VolumePoint& o) { return o.at_ms == at; });
        if (old != s.volume.end() && old->count == count) continue;
        volume.push_back(std::move(v));
    }
    data["delta"] = true;
    data["mention_ids_added"] = std::move(added);
    data["volume_changed"] = std::move(volume);
    data["change"] = "mentions";
    const std::int64_t seq = txn.next_seq();
    txn.emit("incident.updated", inc.id, now_ms(), event_message(seq, "incident.updated", dump(data)));
    remember_sent(inc, mono_ms);
}

void IncidentBook::observe(WriteTxn& txn, const std::vector<StoredMention>& mentions, std::int64_t mono_ms,
                           bool& touched) {
    std::lock_guard lock(mu_);
    std::vector<std::string> opened, updated;
    auto add = [](std::vector<std::string>& v, const std::string& id) {
        if (std::find(v.begin(), v.end(), id) == v.end()) v.push_back(id);
    };
    for (const auto& m : mentions) {
        if (!m.facts) continue;
        touched = true;
        insights::Update u;
        try {
            u = insights_.observe(*m.facts);
        } catch (const std::invalid_argument&) {
            continue; // seen before (cannot happen for a freshly stored id)
        }
        for (const auto& id : u.opened) add(opened, id);
        for (const auto& id : u.updated) add(updated, id);
    }
    const std::int64_t now = now_ms();
    for (const auto& id : opened)
        if (const Incident* inc = insights_.incident(id)) {
            emit_incident(txn, "incident.opened", *inc, now, json{{"change", "opened"}});
            remember_sent(*inc, mono_ms);
        }
    for (const auto& id : updated) {
        if (std::find(opened.begin(), opened.end(), id) != opened.end()) continue;
        const Incident* inc = insights_.incident(id);
        if (!inc) continue;
        auto it = sent_.find(id);
        if (it == sent_.end() || mono_ms - it->second.at_mono_ms >= kIncidentUpdateIntervalMs) {
            emit_delta(txn, *inc, mono_ms);
        } else if (!it->second.pending) {
            it->second.pending = true;
            ++pending_;
        }
    }
}

void IncidentBook::flush_updates(WriteTxn& txn, std::int64_t mono_ms, bool& touched) {
    std::lock_guard lock(mu_);
    if (pending_ == 0) return;
    for (auto& [id, s] : sent_) {
        if (!s.pending || mono_ms - s.at_mono_ms < kIncidentUpdateIntervalMs) continue;
        if (const Incident* inc = insights_.incident(id)) {
            touched = true;
            emit_delta(txn, *inc, mono_ms);
        } else {
            s.pending = false;
            --pending_;
        }
    }
}

bool IncidentBook::has_pending_updates() const {
    std::lock_guard lock(mu_);
    return pending_ > 0;
}

json IncidentBook::acknowledge(WriteTxn& txn, const std::string& id, std::int64_t at_ms, const std::string& agent,
                               bool& touched) {
    std::lock_guard lock(mu_);
    const Incident* inc = insights_.incident(id);
    if (!inc) throw unknown_incident(id);
    if (inc->status == IncidentStatus::Fixed)
        throw ApiError(http::status::conflict, "conflict", "Incident " + id + " is already fixed; it cannot be acknowledged.");
    if (inc->status == IncidentStatus::Acknowledged) return incident_json(*inc); // idempotent: no change, no event
    touched = true;
    std::string err;
    if (!insights_.acknowledge(id, at_ms, &err)) throw ApiError(http::status::conflict, "conflict", err);
    inc = insights_.incident(id);
    const std::int64_t seq = txn.next_seq();
    txn.store().append_incident_action(
        {seq, id, "acknowledge", at_ms, dump(json{{"agent", agent}, {"anchor", inc->anchor}})});
    emit_incident(txn, "incident.updated", *inc, at_ms, json{{"change", "acknowledged"}, {"agent", agent}});
    remember_sent(*inc, mono_ms());
    return incident_json(*inc);
}

json IncidentBook::fix(WriteTxn& txn, const std::string& id, std::int64_t at_ms, const std::string& note,
                       const insights::OutreachStyle& style, const std::string& agent, bool& touched) {
    std::lock_guard lock(mu_);
    const Incident* inc = insights_.incident(id);
    if (!inc) throw unknown_incident(id);
    if (inc->status == IncidentStatus::Fixed)
        throw ApiError(http::status::conflict, "conflict",
                       "Incident " + id + " is already fixed (" + inc->fix_note + "); its outreach is at /api/incidents/" +
                           id + "/outreach.");
    insights::OutreachPlan plan;
    touched = true;
    try {
        plan = insights_.fix(id, at_ms, note, style);
    } catch (const std::invalid_argument& e) {
        throw ApiError(http::status::bad_request, "invalid_request", e.what());
    }
    inc = insights_.incident(id);
    json plan_json = wire::outreach_plan_to_json(plan);
    plans_[id] = plan_json;
    const std::int64_t seq = txn.next_seq();
    txn.store().append_incident_action({seq, id, "fix", at_ms,
                                        dump(json{{"agent", agent},
                                                  {"anchor", inc->anchor},
                                                  {"note", note},
                                                  {"style", style_json(style)},
                                                  {"plan", plan_json}})});
    emit_incident(txn, "incident.updated", *inc, at_ms, json{{"change", "fixed"}, {"agent", agent}});
    remember_sent(*inc, mono_ms());
    return json{{"incident", incident_json(*inc)}, {"outreach", outreach_json(*inc)}};
}

json IncidentBook::mark_sent(WriteTxn& txn, const std::string& id, const std::string& mention_id, std::int64_t at_ms,
                             const std::string& agent, bool& touched) {
    std::lock_guard lock(mu_);
    const Incident* inc = insights_.incident(id);
    if (!inc) throw unknown_incident(id);
    if (!plans_.count(id))
        throw ApiError(http::status::conflict, "conflict",
                       "Incident " + id + " has no outreach yet: mark it fixed with a note first.");
    auto it = std::find_if(inc->affected.begin(), inc->affected.end(),
                           [&](const insights::AffectedCustomer& a) { return a.mention_id == mention_id; });
    if (it == inc->affected.end())
        throw ApiError(http::status::not_found, "not_found",
                       "Mention '" + mention_id + "' is not an affected customer's mention in incident " + id + ".");
    if (it->followed_up) return outreach_json(*inc); // idempotent
    touched = true;
    if (!insights_.mark_followed_up(id, mention_id, at_ms))
        throw ApiError(http::status::not_found, "not_found", "Mention '" + mention_id + "' is not affected by " + id + ".");
    inc = insights_.incident(id);
    const std::int64_t seq = txn.next_seq();
    txn.store().append_incident_action(
        {seq, id, "sent", at_ms, dump(json{{"agent", agent}, {"anchor", inc->anchor}, {"mention_id", mention_id}})});
    emit_incident(txn, "incident.updated", *inc, at_ms,
                  json{{"change", "outreach"}, {"agent", agent}, {"mention_id", mention_id}});
    remember_sent(*inc, mono_ms());
    return outreach_json(*inc);
}

json IncidentBook::incident_json(const Incident& inc) const {
    json j = wire::incident_to_json(inc);
    j["outreach"]["drafted"] = plans_.count(inc.id) > 0;
    return j;
}

json IncidentBook::outreach_json(const Incident& inc) const {
    auto pit = plans_.find(inc.id);
    json drafts = json::array();
    json status_post = nullptr;
    std::set<std::string> drafted;
    if (pit != plans_.end()) {
        for (const auto& d : pit->second.value("drafts", json::array())) {
            json x = d;
            const std::string mid = d.value("mention_id", "");
            drafted.insert(mid);
            auto a = std::find_if(inc.affected.begin(), inc.affected.end(),
                                  [&](const insights::AffectedCustomer& c) { return c.mention_id == mid; });
            x["followed_up"] = a != inc.affected.end() && a->followed_up;
            x["followed_up_at"] = a != inc.affected.end() && a->followed_up ? json(iso_ms(a->followed_up_at_ms)) : json(nullptr);
            drafts.push_back(std::move(x));
        }
        status_post = pit->second.value("status_post", json(nullptr));
    }
    json customers = json::array();
    for (const auto& a : inc.affected)
        customers.push_back(json{{"author", a.author},
                                 {"platform", a.platform},
                                 {"mention_id", a.mention_id},
                                 {"drafted", drafted.count(a.mention_id) > 0},
                                 {"followed_up", a.followed_up},
                                 {"followed_up_at", a.followed_up ? json(iso_ms(a.followed_up_at_ms)) : json(nullptr)}});
    return json{{"incident_id", inc.id},
                {"status", insights::to_string(inc.status)},
                {"fix_note", inc.fix_note},
                {"drafted", pit != plans_.end()},
                {"affected", inc.affected.size()},
                {"followed_up", inc.followed_up()},
                {"drafts", drafts},
                {"status_post", status_post},
                {"customers", customers}};
}

json IncidentBook::list(std::optional<IncidentStatus> status) const {
    std::lock_guard lock(mu_);
    json out = json::array();
    const auto& all = insights_.incidents();
    for (auto it = all.rbegin(); it != all.rend(); ++it) {
        if (status && it->status != *status) continue;
        json j = incident_json(*it);
        j.erase("affected");
        j.erase("mention_ids");
        j.erase("volume");
        out.push_back(std::move(j));
    }
    return out;
}

json IncidentBook::snapshot(std::size_t max) const {
    std::lock_guard lock(mu_);
    json out = json::array();
    const auto& all = insights_.incidents();
    for (const bool fixed : {false, true})
        for (auto it = all.rbegin(); it != all.rend() && out.size() < max; ++it)
            if ((it->status == IncidentStatus::Fixed) == fixed) out.push_back(incident_json(*it));
    return out;
}

std::optional<json> IncidentBook::get(const std::string& id) const {
    std::lock_guard lock(mu_);
    const Incident* inc = insights_.incident(id);
    if (!inc) return std::nullopt;
    json j = incident_json(*inc);
    j["outreach"] = outreach_json(*inc);
    return j;
}

std::optional<json> IncidentBook::outreach(const std::string& id) const {
    std::lock_guard lock(mu_);
    const Incident* inc = insights_.incident(id);
    if (!inc) return std::nullopt;
    return outreach_json(*inc);
}

json IncidentBook::public_incidents() const {
    std::lock_guard lock(mu_);
    json out = json::array();
    const auto& all = insights_.incidents();
    for (auto it = all.rbegin(); it != all.rend(); ++it) {
        if (it->status == IncidentStatus::Open) continue;
        // Whitelisted fields only: never customers, handles, mention ids, case words, entities or the fix note.
        const json full = wire::incident_public_to_json(*it);
        json j = json::object();
        for (const char* k : {"id", "title", "category", "category_label", "first_seen", "acknowledged_at", "fixed_at"})
            j[k] = full.contains(k) ? full[k] : json(nullptr);
        j["status"] = it->status == IncidentStatus::Fixed ? "resolved" : "known";
        out.push_back(std::move(j));
    }
    return out;
}

} // namespace earshot::server
