// JSON adapters for insights (see earshot/wire/insights_json.hpp).

#include "earshot/wire/insights_json.hpp"

#include "earshot/mention.hpp"

#include <algorithm>
#include <stdexcept>

namespace earshot::wire {

using nlohmann::json;
using namespace earshot::insights;

namespace {

json iso(std::int64_t ms) { return ms == 0 ? json(nullptr) : json(format_iso8601(ms)); }

json entity_json(const EntityRef& e) { return json{{"type", e.type}, {"value", e.value}, {"text", e.text}}; }

json reply_stats_json(const ReplyStats& s) {
    return json{{"key", s.key},
                {"expecting_reply", s.expecting_reply},
                {"replied", s.replied},
                {"met", s.met},
                {"missed", s.missed},
                {"pending", s.pending},
                {"met_share", s.met_share},
                {"median_first_reply_minutes", s.median_first_reply_minutes},
                {"p90_first_reply_minutes", s.p90_first_reply_minutes}};
}

json issue_json(const IssueRow& r) {
    json j{{"kind", r.kind}, {"id", r.id}, {"label", r.label}, {"team", r.team},
           {"mentions", r.mentions}, {"cost", r.cost}, {"affected", r.affected}};
    if (!r.status.empty()) j["status"] = r.status;
    return j;
}

} // namespace

json spike_to_json(const Spike& s) {
    return json{{"key", s.key},           {"at", iso(s.at_ms)},        {"at_ms", s.at_ms},
                {"window_minutes", s.window_minutes}, {"observed", s.observed}, {"expected", s.expected},
                {"score", s.score}};
}

json incident_to_json(const Incident& inc) {
    json ents = json::array();
    for (const auto& e : inc.entities) {
        auto j = entity_json(e.entity);
        j["count"] = e.count;
        ents.push_back(j);
    }
    json volume = json::array();
    for (const auto& v : inc.volume) volume.push_back(json{{"at", iso(v.at_ms)}, {"at_ms", v.at_ms}, {"count", v.count}});
    json affected = json::array();
    for (const auto& a : inc.affected) {
        json ae = json::array();
        for (const auto& e : a.entities) ae.push_back(entity_json(e));
        affected.push_back(json{{"author", a.author},
                                {"platform", a.platform},
                                {"mention_id", a.mention_id},
                                {"at", iso(a.at_ms)},
                                {"mentions", a.mentions},
                                {"case", a.case_summary},
                                {"entities", ae},
                                {"followed_up", a.followed_up},
                                {"followed_up_at", iso(a.followed_up_at_ms)}});
    }
    return json{{"id", inc.id},
                {"title", inc.title},
                {"category", inc.category},
                {"category_label", inc.category_label},
                {"team", inc.team},
                {"status", to_string(inc.status)},
                {"anchor", inc.anchor},
                {"entities", ents},
                {"terms", inc.terms},
                {"first_seen", iso(inc.first_seen_ms)},
                {"first_seen_ms", inc.first_seen_ms},
                {"opened_at", iso(inc.opened_at_ms)},
                {"opened_at_ms", inc.opened_at_ms},
                {"last_seen", iso(inc.last_seen_ms)},
                {"last_seen_ms", inc.last_seen_ms},
                {"acknowledged_at", iso(inc.acknowledged_at_ms)},
                {"fixed_at", iso(inc.fixed_at_ms)},
                {"fix_note", inc.fix_note},
                {"reopened", inc.reopened},
                {"spike", spike_to_json(inc.spike)},
                {"mentions", inc.mentions},
                {"mentions_after_fix", inc.mentions_after_fix},
                {"near_duplicates", inc.near_duplicates},
                {"max_urgency", inc.max_urgency},
                {"mean_urgency", inc.mentions ? round4(static_cast<double>(inc.urgency_sum) / inc.mentions) : 0.0},
                {"negative_share", inc.mentions ? round4(static_cast<double>(inc.negative) / inc.mentions) : 0.0},
                {"volume", volume},
                {"affected", affected},
                {"mention_ids", inc.mention_ids},
                {"outreach", json{{"affected", inc.affected.size()}, {"followed_up", inc.followed_up()}}}};
}

json incident_public_to_json(const Incident& inc) {
    json ents = json::array();
    for (const auto& e : inc.entities)
        if (e.entity.type == "flight_number" || e.entity.type == "product" || e.entity.type == "place" ||
            e.entity.type == "location" || e.entity.type == "store")
            ents.push_back(json{{"type", e.entity.type}, {"value", e.entity.value}});
    return json{{"id", inc.id},
                {"title", inc.title},
                {"category", inc.category},
                {"category_label", inc.category_label},
                {"status", to_string(inc.status)},
                {"entities", ents},
                {"first_seen", iso(inc.first_seen_ms)},
                {"acknowledged_at", iso(inc.acknowledged_at_ms)},
                {"fixed_at", iso(inc.fixed_at_ms)},
                {"fix_note", inc.fix_note}};
}

json outreach_draft_to_json(const OutreachDraft& d) {
    return json{{"incident_id", d.incident_id}, {"author", d.author}, {"mention_id", d.mention_id},
                {"platform", d.platform},       {"channel", d.channel}, {"text", d.text},
                {"max_chars", d.max_chars}};
}

json outreach_plan_to_json(const OutreachPlan& p) {
    json drafts = json::array();
    for (const auto& d : p.drafts) drafts.push_back(outreach_draft_to_json(d));
    return json{{"incident_id", p.incident_id}, {"drafts", drafts}, {"status_post", outreach_draft_to_json(p.status_post)}};
}

json counts_to_json(const Counts& c) {
    return json{{"total", c.total},
                {"complaints", c.complaints},
                {"sentiment", json{{"negative", c.negative}, {"neutral", c.neutral}, {"positive", c.positive}}},
                {"mean_urgency", c.total ? round4(static_cast<double>(c.urgency_sum) / c.total) : 0.0},
                {"by_category", c.by_category},
                {"by_team", c.by_team},
                {"by_platform", c.by_platform},
                {"by_tier", c.by_tier}};
}

json report_to_json(const ProcessReport& r, const std::vector<Incident>& incidents) {
    json series = json::array();
    for (const auto& [at, c] : r.series) {
        auto j = counts_to_json(c);
        j["at"] = iso(at);
        j["at_ms"] = at;
        series.push_back(j);
    }
    auto rows = [](const std::vector<IssueRow>& v) {
        json a = json::array();
        for (const auto& r2 : v) a.push_back(issue_json(r2));
        return a;
    };
    json trends = json::array();
    for (const auto& t : r.trends)
        trends.push_back(json{{"category", t.category}, {"label", t.label}, {"previous", t.previous}, {"recent", t.recent},
                              {"change", t.change}});
    json by_tier = json::array(), by_team = json::array();
    for (const auto& s : r.replies_by_tier) by_tier.push_back(reply_stats_json(s));
    for (const auto& s : r.replies_by_team) by_team.push_back(reply_stats_json(s));
    json ba = json::array();
    for (const auto& b : r.before_after)
        ba.push_back(json{{"incident_id", b.incident_id}, {"title", b.title}, {"fixed_at", iso(b.fixed_at_ms)},
                          {"window_minutes", b.window_ms / 60'000}, {"before", b.before}, {"after", b.after}});
    json spikes = json::array();
    for (const auto& s : r.spikes) spikes.push_back(spike_to_json(s));
    json incs = json::array();
    for (const auto& i : incidents) incs.push_back(incident_to_json(i));
    return json{{"from", iso(r.from_ms)},
                {"to", iso(r.to_ms)},
                {"generated_at", iso(r.generated_at_ms)},
                {"totals", counts_to_json(r.totals)},
                {"bucket_minutes", r.bucket_ms / 60'000},
                {"series", series},
                {"top_by_volume", rows(r.top_by_volume)},
                {"top_by_cost", rows(r.top_by_cost)},
                {"incidents_by_volume", rows(r.incidents_by_volume)},
                {"incidents_by_cost", rows(r.incidents_by_cost)},
                {"trends", trends},
                {"replies", reply_stats_json(r.replies)},
                {"replies_by_tier", by_tier},
                {"replies_by_team", by_team},
                {"complaint_mentions", r.complaint_mentions},
                {"repeat_contacts", r.repeat_contacts},
                {"repeat_contact_rate", r.repeat_contact_rate},
                {"before_after", ba},
                {"spikes", spikes},
                {"incidents", incs}};
}

namespace {

bool read_time(const json& j, const char* iso_key, const char* ms_key, std::int64_t& out, std::string& error) {
    if (j.contains(ms_key) && j[ms_key].is_number_integer()) {
        out = j[ms_key].get<std::int64_t>();
        return true;
    }
    if (j.contains(iso_key) && !j[iso_key].is_null()) {
        if (!j[iso_key].is_string() || !parse_iso8601(j[iso_key].get<std::string>(), out)) {
            error = std::string("\"") + iso_key + "\" is not an ISO 8601 timestamp";
            return false;
        }
    }
    return true;
}

std::string str(const json& j, const char* key) {
    return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

} // namespace

bool mention_facts_from_json(const json& j, MentionFacts& out, std::string& error) {
    if (!j.is_object()) {
        error = "a mention must be a JSON object";
        return false;
    }
    MentionFacts f;
    f.id = j.contains("id") && j["id"].is_number_integer() ? std::to_string(j["id"].get<std::int64_t>()) : str(j, "id");
    f.text = str(j, "text");
    if (!j.contains("text") || !j["text"].is_string()) {
        error = "\"text\" is required";
        return false;
    }
    if (j.contains("platform") && j["platform"].is_string()) f.platform = j["platform"].get<std::string>();
    if (j.contains("author")) {
        const auto& a = j["author"];
        if (a.is_string()) f.author = a.get<std::string>();
        else if (a.is_object()) f.author = str(a, "handle");
    }
    if (!read_time(j, "created_at", "created_at_ms", f.at_ms, error)) return false;
    if (f.at_ms == 0 && !read_time(j, "at", "at_ms", f.at_ms, error)) return false;
    if (!read_time(j, "replied_at", "replied_at_ms", f.replied_at_ms, error)) return false;
    const json& t = j.contains("triage") && j["triage"].is_object() ? j["triage"] : j;
    if (t.contains("category")) {
        const auto& c = t["category"];
        if (c.is_string()) f.category = c.get<std::string>();
        else if (c.is_object()) {
            f.category = str(c, "id");
            f.category_label = str(c, "label");
        }
    }
    if (f.category.empty()) f.category = "other";
    f.team = str(t, "team");
    if (t.contains("sentiment")) {
        const auto& s = t["sentiment"];
        std::string label;
        if (s.is_object()) label = str(s, "label");
        else if (s.is_string()) label = s.get<std::string>();
        else if (s.is_number()) f.sentiment = s.get<double>() < 0 ? -1 : s.get<double>() > 0 ? 1 : 0;
        if (label == "negative") f.sentiment = -1;
        else if (label == "positive") f.sentiment = 1;
        else if (!label.empty()) f.sentiment = 0;
    }
    if (t.contains("complaint") && t["complaint"].is_boolean()) f.complaint = t["complaint"].get<bool>();
    if (t.contains("urgency")) {
        const auto& u = t["urgency"];
        if (u.is_object() && u.contains("score") && u["score"].is_number()) f.urgency = u["score"].get<int>();
        else if (u.is_number()) f.urgency = u.get<int>();
    }
    if (t.contains("tier") && t["tier"].is_string()) f.tier = t["tier"].get<std::string>();
    if (t.contains("respond_within_minutes") && t["respond_within_minutes"].is_number())
        f.respond_within_minutes = t["respond_within_minutes"].get<int>();
    if (t.contains("entities") && t["entities"].is_array())
        for (const auto& e : t["entities"])
            if (e.is_object()) f.entities.push_back({str(e, "type"), str(e, "value"), str(e, "text")});
    out = std::move(f);
    return true;
}

} // namespace earshot::wire

namespace earshot::wire {

namespace {
std::string lower_ascii(std::string s) {
    for (auto& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}
} // namespace

json insights_report_from_ndjson(std::string_view ndjson, const std::vector<std::string>& brand_handles,
                                 std::int64_t now_ms, std::string& error) {
    std::vector<std::string> brand;
    for (const auto& h : brand_handles) brand.push_back(lower_ascii(h));
    std::vector<MentionFacts> mentions;
    std::vector<std::pair<std::string, std::int64_t>> replies;
    std::size_t lineno = 0, pos = 0;
    while (pos < ndjson.size()) {
        auto nl = ndjson.find('\n', pos);
        if (nl == std::string_view::npos) nl = ndjson.size();
        const std::string_view line = ndjson.substr(pos, nl - pos);
        pos = nl + 1;
        ++lineno;
        if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
        const std::string where = "line " + std::to_string(lineno) + ": ";
        auto j = json::parse(line, nullptr, false);
        if (j.is_discarded()) {
            error = where + "not valid JSON";
            return nullptr;
        }
        MentionFacts f;
        std::string err;
        if (!mention_facts_from_json(j, f, err)) {
            error = where + err;
            return nullptr;
        }
        if (f.at_ms == 0) {
            error = where + "created_at is required";
            return nullptr;
        }
        if (f.id.empty()) f.id = "line-" + std::to_string(lineno);
        const bool from_brand = (j.contains("from_brand") && j["from_brand"].is_boolean() && j["from_brand"].get<bool>()) ||
                                std::find(brand.begin(), brand.end(), lower_ascii(f.author)) != brand.end();
        if (from_brand && j.contains("in_reply_to") && j["in_reply_to"].is_string()) {
            replies.emplace_back(j["in_reply_to"].get<std::string>(), f.at_ms);
            continue;
        }
        mentions.push_back(std::move(f));
    }
    if (mentions.empty()) {
        error = "no mentions";
        return nullptr;
    }
    std::stable_sort(mentions.begin(), mentions.end(),
                     [](const MentionFacts& a, const MentionFacts& b) { return a.at_ms < b.at_ms; });
    Insights ins;
    for (const auto& m : mentions) {
        try {
            ins.observe(m);
        } catch (const std::invalid_argument& e) {
            error = e.what();
            return nullptr;
        }
    }
    for (const auto& [to, at] : replies) ins.record_reply(to, at);
    return report_to_json(ins.report(now_ms ? now_ms : mentions.back().at_ms), ins.incidents());
}

} // namespace earshot::wire
