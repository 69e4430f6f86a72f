#include "earshot/playbook.hpp"

#include <set>

namespace earshot::data {
std::string_view playbook_default_json() noexcept; // embedded at build time (core/playbooks/*.json)
std::string_view playbook_airline_json() noexcept;
} // namespace earshot::data

namespace earshot {

const char* to_string(Tier tier) noexcept {
    switch (tier) {
    case Tier::Easy: return "easy";
    case Tier::Medium: return "medium";
    case Tier::Hard: return "hard";
    }
    return "easy";
}

bool parse_tier(std::string_view text, Tier& out) noexcept {
    if (text == "easy") out = Tier::Easy;
    else if (text == "medium") out = Tier::Medium;
    else if (text == "hard") out = Tier::Hard;
    else return false;
    return true;
}

const Category* Playbook::find_category(std::string_view cid) const noexcept {
    for (const auto& c : categories)
        if (c.id == cid) return &c;
    return nullptr;
}

const Team* Playbook::find_team(std::string_view tid) const noexcept {
    for (const auto& t : teams)
        if (t.id == tid) return &t;
    return nullptr;
}

namespace {
bool valid_id(const std::string& id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
    return true;
}
} // namespace

std::vector<std::string> validate(const Playbook& pb) {
    std::vector<std::string> errors;
    if (pb.brand.name.empty()) errors.emplace_back("brand.name: must not be empty");
    std::set<std::string> team_ids;
    for (std::size_t i = 0; i < pb.teams.size(); ++i) {
        const Team& t = pb.teams[i];
        const std::string at = "teams[" + std::to_string(i) + "]";
        if (!valid_id(t.id)) errors.push_back(at + ".id: '" + t.id + "' must be 1-64 of a-z 0-9 _ -");
        else if (!team_ids.insert(t.id).second) errors.push_back(at + ".id: duplicate team '" + t.id + "'");
        for (std::size_t k = 0; k < t.escalation.size(); ++k) {
            const EscalationStep& s = t.escalation[k];
            const std::string sat = at + ".escalation[" + std::to_string(k) + "]";
            if (s.stage.empty()) errors.push_back(sat + ".stage: must not be empty");
            if (s.involves.empty()) errors.push_back(sat + ".involves: must name who is involved (support, marketing, product, legal, senior_management, ...)");
            if (s.after_minutes < 0) errors.push_back(sat + ".after_minutes: must be >= 0");
            if (s.min_urgency < 0 || s.min_urgency > 100) errors.push_back(sat + ".min_urgency: must be 0..100");
        }
    }
    if (pb.categories.empty()) errors.emplace_back("categories: at least one category is required");
    std::set<std::string> cat_ids;
    for (std::size_t i = 0; i < pb.categories.size(); ++i) {
        const Category& c = pb.categories[i];
        const std::string at = "categories[" + std::to_string(i) + "]";
        if (!valid_id(c.id)) errors.push_back(at + ".id: '" + c.id + "' must be 1-64 of a-z 0-9 _ -");
        else if (c.id == "other") errors.push_back(at + ".id: 'other' is reserved for mentions no category fits");
        else if (!cat_ids.insert(c.id).second) errors.push_back(at + ".id: duplicate category '" + c.id + "'");
        if (c.label.empty()) errors.push_back(at + ".label: must not be empty");
        if (c.keywords.empty() && c.examples.empty())
            errors.push_back(at + ": needs keywords or examples (or both) to be recognised");
        if (c.team.empty()) errors.push_back(at + ".team: must name a team");
        else if (!team_ids.count(c.team)) errors.push_back(at + ".team: unknown team '" + c.team + "'");
    }
    if (!pb.default_team.empty() && !team_ids.count(pb.default_team))
        errors.push_back("default_team: unknown team '" + pb.default_team + "'");
    const Deadlines& d = pb.deadlines;
    if (d.easy <= 0 || d.medium <= 0 || d.hard <= 0 || d.urgent_minutes <= 0)
        errors.emplace_back("deadlines: every deadline must be a positive number of minutes");
    else if (!(d.hard <= d.medium && d.medium <= d.easy))
        errors.emplace_back("deadlines: must satisfy hard <= medium <= easy (harder mentions are answered sooner)");
    if (d.urgent_threshold < 0 || d.urgent_threshold > 100) errors.emplace_back("deadlines.urgent_threshold: must be 0..100");
    if (pb.high_reach_followers < 0) errors.emplace_back("high_reach_followers: must be >= 0");
    return errors;
}

std::string_view builtin_playbook_json(std::string_view name) noexcept {
    if (name == "default") return data::playbook_default_json();
    if (name == "airline") return data::playbook_airline_json();
    return {};
}

std::vector<std::string> builtin_playbook_names() { return {"default", "airline"}; }

} // namespace earshot
