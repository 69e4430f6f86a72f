// embind bindings of insights: one call from NDJSON (mentions with their triage) to the process report with its
// incidents, and a small live session API (observe line by line, acknowledge, fix with outreach drafts).

#include "earshot/insights.hpp"
#include "earshot/mention.hpp"
#include "earshot/wire/insights_json.hpp"
#include "earshot/wire/tokens_json.hpp"

#include <emscripten/bind.h>

#include <map>
#include <memory>
#include <string>

namespace {

using nlohmann::json;
using namespace earshot;

std::string error_json(const std::string& message) { return wire::dump(json{{"error", message}}); }

std::int64_t parse_time(const std::string& iso) {
    std::int64_t ms = 0;
    if (!iso.empty()) parse_iso8601(iso, ms);
    return ms;
}

/// insightsReport(ndjson, brandHandlesJson, nowIso) -> report JSON (with "incidents") or {"error": "..."}.
std::string insights_report(const std::string& ndjson, const std::string& brand_handles_json, const std::string& now_iso) {
    std::vector<std::string> brand;
    auto b = json::parse(brand_handles_json.empty() ? "[]" : brand_handles_json, nullptr, false);
    if (b.is_array())
        for (const auto& h : b)
            if (h.is_string()) brand.push_back(h.get<std::string>());
    std::string error;
    auto r = wire::insights_report_from_ndjson(ndjson, brand, parse_time(now_iso), error);
    if (r.is_null()) return error_json(error);
    return wire::dump(r);
}

std::map<int, std::unique_ptr<insights::Insights>>& sessions() {
    static std::map<int, std::unique_ptr<insights::Insights>> s;
    return s;
}
int next_session = 1;

int insights_create() {
    sessions()[next_session] = std::make_unique<insights::Insights>();
    return next_session++;
}

insights::Insights* find(int id) {
    auto it = sessions().find(id);
    return it == sessions().end() ? nullptr : it->second.get();
}

/// insightsObserve(session, mentionJson) -> {"group", "spikes", "opened", "updated"} or {"error"}.
std::string insights_observe(int id, const std::string& mention_json) {
    auto* in = find(id);
    if (!in) return error_json("unknown insights session");
    auto j = json::parse(mention_json, nullptr, false);
    if (j.is_discarded()) return error_json("not valid JSON");
    insights::MentionFacts f;
    std::string err;
    if (!wire::mention_facts_from_json(j, f, err)) return error_json(err);
    try {
        const auto u = in->observe(f);
        json spikes = json::array();
        for (const auto& s : u.spikes) spikes.push_back(wire::spike_to_json(s));
        return wire::dump(json{{"group", u.group}, {"spikes", spikes}, {"opened", u.opened}, {"updated", u.updated}});
    } catch (const std::exception& e) {
        return error_json(e.what());
    }
}

std::string insights_incidents(int id) {
    auto* in = find(id);
    if (!in) return error_json("unknown insights session");
    json a = json::array();
    for (const auto& i : in->incidents()) a.push_back(wire::incident_to_json(i));
    return wire::dump(a);
}

std::string insights_acknowledge(int id, const std::string& incident, const std::string& at_iso) {
    auto* in = find(id);
    if (!in) return error_json("unknown insights session");
    std::string err;
    if (!in->acknowledge(incident, parse_time(at_iso), &err)) return error_json(err);
    return wire::dump(wire::incident_to_json(*in->incident(incident)));
}

/// insightsFix(session, incidentId, atIso, note, styleJson {brand, signature, status_url}) -> outreach plan JSON.
std::string insights_fix(int id, const std::string& incident, const std::string& at_iso, const std::string& note,
                         const std::string& style_json) {
    auto* in = find(id);
    if (!in) return error_json("unknown insights session");
    insights::OutreachStyle style;
    auto s = json::parse(style_json.empty() ? "{}" : style_json, nullptr, false);
    if (s.is_object()) {
        if (s.contains("brand") && s["brand"].is_string()) style.brand = s["brand"].get<std::string>();
        if (s.contains("signature") && s["signature"].is_string()) style.signature = s["signature"].get<std::string>();
        if (s.contains("status_url") && s["status_url"].is_string()) style.status_url = s["status_url"].get<std::string>();
    }
    try {
        return wire::dump(wire::outreach_plan_to_json(in->fix(incident, parse_time(at_iso), note, style)));
    } catch (const std::exception& e) {
        return error_json(e.what());
    }
}

std::string insights_session_report(int id, const std::string& now_iso) {
    auto* in = find(id);
    if (!in) return error_json("unknown insights session");
    return wire::dump(wire::report_to_json(in->report(parse_time(now_iso)), in->incidents()));
}

bool insights_free(int id) { return sessions().erase(id) > 0; }

} // namespace

EMSCRIPTEN_BINDINGS(earshot_insights) {
    emscripten::function("insightsReport", &insights_report);
    emscripten::function("insightsCreate", &insights_create);
    emscripten::function("insightsObserve", &insights_observe);
    emscripten::function("insightsIncidents", &insights_incidents);
    emscripten::function("insightsAcknowledge", &insights_acknowledge);
    emscripten::function("insightsFix", &insights_fix);
    emscripten::function("insightsSessionReport", &insights_session_report);
    emscripten::function("insightsFree", &insights_free);
}
