#include "earshot/wire/triage_json.hpp"

namespace earshot::wire {

using nlohmann::json;

json triage_to_json(const Triage& t) {
    json j;
    j["sentiment"] = {{"label", to_string(t.sentiment.label)}, {"score", round_score(t.sentiment.score)}};
    j["complaint"] = t.complaint;
    j["category"] = {{"id", t.category.id}, {"label", t.category.label}, {"confidence", round_score(t.category.confidence)}};
    j["urgency"] = {{"score", t.urgency.score}, {"reasons", t.urgency.reasons}};
    j["tier"] = to_string(t.tier);
    j["team"] = t.team;
    j["respond_within_minutes"] = t.respond_within_minutes;
    json entities = json::array();
    for (const Entity& e : t.entities)
        entities.push_back({{"type", e.type}, {"text", e.text}, {"value", e.value}, {"begin", e.begin}, {"end", e.end}});
    j["entities"] = std::move(entities);
    j["signals"] = t.signals;
    json expl = json::array();
    for (const Explanation& e : t.explanation) expl.push_back({{"label", e.label}, {"because", e.because}});
    j["explanation"] = std::move(expl);
    return j;
}

namespace {

struct Fail {
    std::string message;
};

const json& need(const json& o, const char* key, const std::string& at) {
    auto it = o.find(key);
    if (it == o.end()) throw Fail{at + key + ": required field is missing"};
    return *it;
}
std::string need_string(const json& o, const char* key, const std::string& at) {
    const json& v = need(o, key, at);
    if (!v.is_string()) throw Fail{at + key + ": must be a string"};
    return v.get<std::string>();
}
double need_number(const json& o, const char* key, const std::string& at) {
    const json& v = need(o, key, at);
    if (!v.is_number()) throw Fail{at + key + ": must be a number"};
    return v.get<double>();
}
std::int64_t need_int(const json& o, const char* key, const std::string& at) {
    const json& v = need(o, key, at);
    if (!v.is_number_integer()) throw Fail{at + key + ": must be an integer"};
    return v.get<std::int64_t>();
}
std::vector<std::string> need_strings(const json& o, const char* key, const std::string& at) {
    const json& v = need(o, key, at);
    if (!v.is_array()) throw Fail{at + key + ": must be an array of strings"};
    std::vector<std::string> out;
    for (const json& e : v) {
        if (!e.is_string()) throw Fail{at + key + ": must be an array of strings"};
        out.push_back(e.get<std::string>());
    }
    return out;
}
const json& need_object(const json& o, const char* key, const std::string& at) {
    const json& v = need(o, key, at);
    if (!v.is_object()) throw Fail{at + key + ": must be an object"};
    return v;
}

} // namespace

bool triage_from_json(const json& j, Triage& out, std::string& error) {
    try {
        if (!j.is_object()) throw Fail{"triage: must be an object"};
        Triage t;
        const json& s = need_object(j, "sentiment", "");
        if (!parse_polarity(need_string(s, "label", "sentiment."), t.sentiment.label))
            throw Fail{"sentiment.label: must be negative, neutral or positive"};
        t.sentiment.score = need_number(s, "score", "sentiment.");
        const json& c = need(j, "complaint", "");
        if (!c.is_boolean()) throw Fail{"complaint: must be true or false"};
        t.complaint = c.get<bool>();
        const json& cat = need_object(j, "category", "");
        t.category.id = need_string(cat, "id", "category.");
        t.category.label = need_string(cat, "label", "category.");
        t.category.confidence = need_number(cat, "confidence", "category.");
        const json& u = need_object(j, "urgency", "");
        t.urgency.score = static_cast<int>(need_int(u, "score", "urgency."));
        t.urgency.reasons = need_strings(u, "reasons", "urgency.");
        if (!parse_tier(need_string(j, "tier", ""), t.tier)) throw Fail{"tier: must be easy, medium or hard"};
        t.team = need_string(j, "team", "");
        t.respond_within_minutes = static_cast<int>(need_int(j, "respond_within_minutes", ""));
        const json& ents = need(j, "entities", "");
        if (!ents.is_array()) throw Fail{"entities: must be an array"};
        for (std::size_t i = 0; i < ents.size(); ++i) {
            const std::string at = "entities[" + std::to_string(i) + "].";
            if (!ents[i].is_object()) throw Fail{at.substr(0, at.size() - 1) + ": must be an object"};
            Entity e;
            e.type = need_string(ents[i], "type", at);
            e.text = need_string(ents[i], "text", at);
            e.value = need_string(ents[i], "value", at);
            e.begin = static_cast<std::uint32_t>(need_int(ents[i], "begin", at));
            e.end = static_cast<std::uint32_t>(need_int(ents[i], "end", at));
            t.entities.push_back(std::move(e));
        }
        t.signals = need_strings(j, "signals", "");
        const json& ex = need(j, "explanation", "");
        if (!ex.is_array()) throw Fail{"explanation: must be an array"};
        for (std::size_t i = 0; i < ex.size(); ++i) {
            const std::string at = "explanation[" + std::to_string(i) + "].";
            if (!ex[i].is_object()) throw Fail{at.substr(0, at.size() - 1) + ": must be an object"};
            t.explanation.push_back({need_string(ex[i], "label", at), need_strings(ex[i], "because", at)});
        }
        out = std::move(t);
        return true;
    } catch (const Fail& f) {
        error = f.message;
        return false;
    }
}

} // namespace earshot::wire
