#include "earshot/wire/playbook_json.hpp"

#include "earshot/wire/reply_rules_json.hpp"

#include <stdexcept>

namespace earshot::wire {
namespace {

using nlohmann::json;

struct Reader {
    std::vector<std::string>& errors;

    const json* field(const json& obj, const char* key) {
        auto it = obj.find(key);
        if (it == obj.end() || it->is_null()) return nullptr;
        return &*it;
    }
    void str(const json& obj, const char* key, const std::string& at, std::string& out, bool required = false) {
        const json* v = field(obj, key);
        if (!v) {
            if (required) errors.push_back(at + key + ": required string is missing");
            return;
        }
        if (!v->is_string()) errors.push_back(at + key + ": must be a string, got " + v->type_name());
        else out = v->get<std::string>();
    }
    void boolean(const json& obj, const char* key, const std::string& at, bool& out) {
        const json* v = field(obj, key);
        if (!v) return;
        if (!v->is_boolean()) errors.push_back(at + key + ": must be true or false, got " + v->type_name());
        else out = v->get<bool>();
    }
    template <class Int>
    void integer(const json& obj, const char* key, const std::string& at, Int& out, std::int64_t lo, std::int64_t hi) {
        const json* v = field(obj, key);
        if (!v) return;
        if (!v->is_number_integer() || v->get<std::int64_t>() < lo || v->get<std::int64_t>() > hi)
            errors.push_back(at + key + ": must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
        else out = static_cast<Int>(v->get<std::int64_t>());
    }
    void strings(const json& obj, const char* key, const std::string& at, std::vector<std::string>& out) {
        const json* v = field(obj, key);
        if (!v) return;
        if (!v->is_array()) {
            errors.push_back(at + key + ": must be an array of strings, got " + v->type_name());
            return;
        }
        out.clear();
        for (std::size_t i = 0; i < v->size(); ++i) {
            const json& e = (*v)[i];
            if (!e.is_string()) errors.push_back(at + key + "[" + std::to_string(i) + "]: must be a string, got " + e.type_name());
            else if (e.get<std::string>().empty()) errors.push_back(at + key + "[" + std::to_string(i) + "]: must not be empty");
            else out.push_back(e.get<std::string>());
        }
    }
    const json* object(const json& obj, const char* key, const std::string& at) {
        const json* v = field(obj, key);
        if (v && !v->is_object()) {
            errors.push_back(at + key + ": must be an object, got " + v->type_name());
            return nullptr;
        }
        return v;
    }
    const json* array(const json& obj, const char* key, const std::string& at) {
        const json* v = field(obj, key);
        if (v && !v->is_array()) {
            errors.push_back(at + key + ": must be an array, got " + v->type_name());
            return nullptr;
        }
        return v;
    }
};

} // namespace

bool playbook_from_json(const json& j, Playbook& out, std::vector<std::string>& errors) {
    const std::size_t before = errors.size();
    if (!j.is_object()) {
        errors.push_back(std::string("playbook: must be a JSON object, got ") + j.type_name());
        return false;
    }
    Reader r{errors};
    Playbook pb;
    pb.id = "custom";
    r.str(j, "id", "", pb.id);
    if (const json* b = r.object(j, "brand", "")) {
        r.str(*b, "name", "brand.", pb.brand.name, true);
        r.strings(*b, "handles", "brand.", pb.brand.handles);
        r.str(*b, "voice", "brand.", pb.brand.voice);
    } else if (!r.field(j, "brand")) {
        errors.emplace_back("brand: required object is missing (needs at least a name)");
    }
    if (const json* d = r.object(j, "deadlines", "")) {
        r.integer(*d, "easy", "deadlines.", pb.deadlines.easy, 1, 100000);
        r.integer(*d, "medium", "deadlines.", pb.deadlines.medium, 1, 100000);
        r.integer(*d, "hard", "deadlines.", pb.deadlines.hard, 1, 100000);
        r.integer(*d, "urgent_minutes", "deadlines.", pb.deadlines.urgent_minutes, 1, 100000);
        r.integer(*d, "urgent_threshold", "deadlines.", pb.deadlines.urgent_threshold, 0, 100);
    }
    r.str(j, "default_team", "", pb.default_team);
    r.integer(j, "high_reach_followers", "", pb.high_reach_followers, 0, std::int64_t{1} << 50);
    r.strings(j, "products", "", pb.products);
    r.strings(j, "places", "", pb.places);
    if (const json* teams = r.array(j, "teams", "")) {
        for (std::size_t i = 0; i < teams->size(); ++i) {
            const json& t = (*teams)[i];
            const std::string at = "teams[" + std::to_string(i) + "].";
            if (!t.is_object()) {
                errors.push_back(at.substr(0, at.size() - 1) + ": must be an object, got " + t.type_name());
                continue;
            }
            Team team;
            r.str(t, "id", at, team.id, true);
            r.str(t, "name", at, team.name);
            if (team.name.empty()) team.name = team.id;
            r.str(t, "contact", at, team.contact);
            if (const json* esc = r.array(t, "escalation", at)) {
                for (std::size_t k = 0; k < esc->size(); ++k) {
                    const json& s = (*esc)[k];
                    const std::string sat = at + "escalation[" + std::to_string(k) + "].";
                    if (!s.is_object()) {
                        errors.push_back(sat.substr(0, sat.size() - 1) + ": must be an object, got " + s.type_name());
                        continue;
                    }
                    EscalationStep step;
                    r.str(s, "stage", sat, step.stage, true);
                    r.str(s, "involves", sat, step.involves, true);
                    r.str(s, "contact", sat, step.contact);
                    r.integer(s, "after_minutes", sat, step.after_minutes, 0, 1000000);
                    r.integer(s, "min_urgency", sat, step.min_urgency, 0, 100);
                    team.escalation.push_back(std::move(step));
                }
            }
            pb.teams.push_back(std::move(team));
        }
    } else if (!r.field(j, "teams")) {
        errors.emplace_back("teams: required array is missing");
    }
    if (const json* cats = r.array(j, "categories", "")) {
        for (std::size_t i = 0; i < cats->size(); ++i) {
            const json& c = (*cats)[i];
            const std::string at = "categories[" + std::to_string(i) + "].";
            if (!c.is_object()) {
                errors.push_back(at.substr(0, at.size() - 1) + ": must be an object, got " + c.type_name());
                continue;
            }
            Category cat;
            r.str(c, "id", at, cat.id, true);
            r.str(c, "label", at, cat.label);
            if (cat.label.empty()) cat.label = cat.id;
            r.strings(c, "keywords", at, cat.keywords);
            r.strings(c, "examples", at, cat.examples);
            r.str(c, "team", at, cat.team, true);
            if (const json* tier = r.field(c, "tier")) {
                if (!tier->is_string() || !parse_tier(tier->get<std::string>(), cat.tier))
                    errors.push_back(at + "tier: must be one of easy, medium, hard");
            }
            r.str(c, "help_article", at, cat.help_article);
            r.boolean(c, "complaint", at, cat.complaint);
            r.boolean(c, "respond", at, cat.respond);
            pb.categories.push_back(std::move(cat));
        }
    } else if (!r.field(j, "categories")) {
        errors.emplace_back("categories: required array is missing");
    }
    if (!r.field(j, "default_team")) pb.default_team = pb.teams.empty() ? std::string() : pb.teams.front().id;
    if (auto it = j.find("reply"); it != j.end()) reply_rules_from_json(*it, pb.reply, errors);
    if (errors.size() == before) {
        for (auto& e : validate(pb)) errors.push_back(std::move(e));
    }
    if (errors.size() != before) return false;
    out = std::move(pb);
    return true;
}

bool playbook_from_text(std::string_view text, Playbook& out, std::vector<std::string>& errors) {
    json j;
    try {
        j = json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
        errors.push_back(std::string("playbook: not valid JSON: ") + e.what());
        return false;
    }
    return playbook_from_json(j, out, errors);
}

json playbook_to_json(const Playbook& pb) {
    json j;
    j["id"] = pb.id;
    j["brand"] = {{"name", pb.brand.name}, {"handles", pb.brand.handles}, {"voice", pb.brand.voice}};
    j["deadlines"] = {{"easy", pb.deadlines.easy},
                      {"medium", pb.deadlines.medium},
                      {"hard", pb.deadlines.hard},
                      {"urgent_minutes", pb.deadlines.urgent_minutes},
                      {"urgent_threshold", pb.deadlines.urgent_threshold}};
    j["default_team"] = pb.default_team;
    j["high_reach_followers"] = pb.high_reach_followers;
    j["products"] = pb.products;
    j["places"] = pb.places;
    json teams = json::array();
    for (const Team& t : pb.teams) {
        json esc = json::array();
        for (const EscalationStep& s : t.escalation)
            esc.push_back({{"stage", s.stage},
                           {"involves", s.involves},
                           {"contact", s.contact},
                           {"after_minutes", s.after_minutes},
                           {"min_urgency", s.min_urgency}});
        teams.push_back({{"id", t.id}, {"name", t.name}, {"contact", t.contact}, {"escalation", std::move(esc)}});
    }
    j["teams"] = std::move(teams);
    json cats = json::array();
    for (const Category& c : pb.categories)
        cats.push_back({{"id", c.id},
                        {"label", c.label},
                        {"keywords", c.keywords},
                        {"examples", c.examples},
                        {"team", c.team},
                        {"tier", to_string(c.tier)},
                        {"help_article", c.help_article},
                        {"complaint", c.complaint},
                        {"respond", c.respond}});
    j["categories"] = std::move(cats);
    j["reply"] = reply_rules_to_json(pb.reply);
    return j;
}

Playbook builtin_playbook(std::string_view name) {
    const std::string_view text = builtin_playbook_json(name);
    if (text.empty()) throw std::invalid_argument("unknown built-in playbook '" + std::string(name) + "' (have: default, airline)");
    Playbook pb;
    std::vector<std::string> errors;
    if (!playbook_from_text(text, pb, errors))
        throw std::logic_error("built-in playbook '" + std::string(name) + "' is invalid: " + errors.front());
    return pb;
}

} // namespace earshot::wire
