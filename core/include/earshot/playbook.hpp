#pragma once
// The playbook: a company's triage configuration (brand and voice, categories, teams with escalation paths, reply
// deadlines per tier, products and places to recognise, and the reply rules used by drafting).
// JSON form: wire::playbook_from_json (core/include/earshot/wire/playbook_json.hpp); shipped playbooks:
// core/playbooks/*.json, embedded into the core (builtin_playbook_json).

#include "earshot/reply_rules.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace earshot {

/// How hard a mention is to answer. easy: the front line answers alone; medium: needs input from another team;
/// hard: legal, product or senior management must be involved.
enum class Tier : std::uint8_t { Easy, Medium, Hard };

const char* to_string(Tier tier) noexcept;
/// Parses "easy" | "medium" | "hard"; false (out untouched) otherwise.
bool parse_tier(std::string_view text, Tier& out) noexcept;

struct Brand {
    std::string name;                 ///< "Acme"
    std::vector<std::string> handles; ///< the company's own handles ("@acme", "@acmehelp"); not entities, not reach
    std::string voice;                ///< how replies should sound ("warm, plain, first names, no jargon")
};

struct Category {
    std::string id;                    ///< "delivery" (lowercase letters, digits, '_' and '-')
    std::string label;                 ///< "Delivery"
    std::vector<std::string> keywords; ///< words or phrases that point to it ("parcel", "tracking", "not arrived")
    std::vector<std::string> examples; ///< a handful of example mentions (few-shot)
    std::string team;                  ///< id of the team that owns it
    Tier tier = Tier::Easy;
    std::string help_article;          ///< URL or path of the help article agents can link
    bool complaint = true;             ///< mentions in it usually need a response as a complaint (false: praise, spam, ...)
    bool respond = true;               ///< false: no reply expected (spam); respond_within_minutes is then 0
};

/// Who is involved at one stage of an escalation.
struct EscalationStep {
    std::string stage;   ///< "front line", "specialist", "management"
    std::string involves; ///< support | marketing | product | legal | senior_management | <other function>
    std::string contact; ///< mailbox, channel or person
    int after_minutes = 0; ///< join when the mention is still open this long after arrival
    int min_urgency = 0;   ///< join straight away when urgency is at least this (0: only by after_minutes)
};

struct Team {
    std::string id;      ///< "logistics"
    std::string name;    ///< "Logistics desk"
    std::string contact; ///< "#logistics" / "logistics@acme.example"
    std::vector<EscalationStep> escalation;
};

/// Reply deadlines in minutes per tier; urgent mentions (urgency >= urgent_threshold) get at most urgent_minutes.
struct Deadlines {
    int easy = 240;
    int medium = 120;
    int hard = 60;
    int urgent_minutes = 15;
    int urgent_threshold = 80;
};

struct Playbook {
    std::string id = "custom";  ///< "default", "airline", ...
    Brand brand;
    std::vector<Category> categories;
    std::vector<Team> teams;
    Deadlines deadlines;
    std::string default_team = "support"; ///< team for "other" mentions (JSON default: the first team)
    std::vector<std::string> products;   ///< product names recognised as entities ("Galaxy S24", "Premium plan")
    std::vector<std::string> places;     ///< place names recognised as entities ("Heathrow", "JFK", "Berlin")
    std::int64_t high_reach_followers = 10000; ///< authors with at least this many followers raise high_reach
    ReplyRules reply;                    ///< drafting rules (owned by the drafting area)

    const Category* find_category(std::string_view id) const noexcept;
    const Team* find_team(std::string_view id) const noexcept;
};

/// Semantic checks beyond types: unique ids, teams referenced by categories exist, deadlines positive and ordered
/// (hard <= medium <= easy), escalation steps named. Returns readable messages ("categories[2].team: unknown team
/// 'logstics'"); empty when valid.
std::vector<std::string> validate(const Playbook& playbook);

/// JSON text of a shipped playbook ("default", "airline"); empty when unknown.
std::string_view builtin_playbook_json(std::string_view name) noexcept;
/// Names of the shipped playbooks.
std::vector<std::string> builtin_playbook_names();

} // namespace earshot
