#include "earshot/playbook.hpp"
#include "earshot/wire/playbook_json.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <vector>

using namespace earshot;
using nlohmann::json;

namespace {

json minimal() {
    return json::parse(R"({
      "brand": {"name": "Acme"},
      "teams": [{"id": "support", "escalation": [{"stage": "front line", "involves": "support"}]}],
      "categories": [{"id": "delivery", "label": "Delivery", "keywords": ["parcel"], "team": "support"}]
    })");
}

std::vector<std::string> problems(const json& j) {
    Playbook pb;
    std::vector<std::string> errors;
    const bool ok = wire::playbook_from_json(j, pb, errors);
    CHECK(ok == errors.empty());
    return errors;
}

bool mentions(const std::vector<std::string>& errors, const std::string& needle) {
    for (const auto& e : errors)
        if (e.find(needle) != std::string::npos) return true;
    return false;
}

} // namespace

TEST_CASE("shipped playbooks load and validate", "[playbook]") {
    for (const auto& name : builtin_playbook_names()) {
        INFO(name);
        const Playbook pb = wire::builtin_playbook(name);
        CHECK(validate(pb).empty());
        CHECK(pb.categories.size() >= 8);
        CHECK(pb.teams.size() >= 4);
        for (const auto& c : pb.categories) CHECK(pb.find_team(c.team) != nullptr);
    }
    const Playbook d = wire::builtin_playbook("default");
    for (const char* id : {"billing", "delivery", "defects", "slow_service", "staff", "account_access", "cancellation",
                           "outage", "safety", "praise", "question", "spam"})
        CHECK(d.find_category(id) != nullptr);
    std::set<std::string> involved;
    for (const auto& t : d.teams)
        for (const auto& s : t.escalation) involved.insert(s.involves);
    for (const char* who : {"support", "marketing", "product", "legal", "senior_management"}) CHECK(involved.count(who));
    CHECK_THROWS_AS(wire::builtin_playbook("nope"), std::invalid_argument);
}

TEST_CASE("a minimal playbook is valid and keeps defaults", "[playbook]") {
    Playbook pb;
    std::vector<std::string> errors;
    REQUIRE(wire::playbook_from_json(minimal(), pb, errors));
    CHECK(pb.deadlines.easy == 240);
    CHECK(pb.categories[0].tier == Tier::Easy);
    CHECK(pb.teams[0].name == "support");
}

TEST_CASE("playbook validation names each problem", "[playbook]") {
    json j = minimal();
    j["categories"][0]["team"] = "logstics";
    CHECK(mentions(problems(j), "categories[0].team: unknown team 'logstics'"));

    j = minimal();
    j["categories"][0]["tier"] = "urgent";
    CHECK(mentions(problems(j), "categories[0].tier: must be one of easy, medium, hard"));

    j = minimal();
    j["categories"].push_back(j["categories"][0]);
    CHECK(mentions(problems(j), "duplicate category 'delivery'"));

    j = minimal();
    j["categories"][0].erase("keywords");
    CHECK(mentions(problems(j), "needs keywords or examples"));

    j = minimal();
    j["categories"][0]["keywords"] = "parcel";
    CHECK(mentions(problems(j), "categories[0].keywords: must be an array of strings"));

    j = minimal();
    j["deadlines"] = {{"easy", 30}, {"medium", 60}, {"hard", 10}};
    CHECK(mentions(problems(j), "hard <= medium <= easy"));

    j = minimal();
    j["deadlines"] = {{"easy", -5}};
    CHECK(mentions(problems(j), "deadlines.easy: must be an integer from 1"));

    j = minimal();
    j["teams"][0]["escalation"][0].erase("involves");
    CHECK(mentions(problems(j), "teams[0].escalation[0].involves: required string is missing"));

    j = minimal();
    j.erase("brand");
    CHECK(mentions(problems(j), "brand: required object is missing"));

    j = minimal();
    j["categories"][0]["id"] = "Other Stuff";
    CHECK(mentions(problems(j), "categories[0].id"));

    j = minimal();
    j["reply"] = 5;
    CHECK(mentions(problems(j), "reply: must be an object"));

    CHECK(mentions(problems(json::array()), "playbook: must be a JSON object"));
}

TEST_CASE("a rejected playbook leaves the target unchanged", "[playbook]") {
    Playbook pb = wire::builtin_playbook("airline");
    json j = minimal();
    j["categories"][0]["team"] = "nobody";
    std::vector<std::string> errors;
    CHECK_FALSE(wire::playbook_from_json(j, pb, errors));
    CHECK(pb.id == "airline");
    errors.clear();
    CHECK_FALSE(wire::playbook_from_text("{\"brand\": ", pb, errors));
    CHECK(mentions(errors, "not valid JSON"));
    CHECK(pb.id == "airline");
}

TEST_CASE("playbooks round-trip through JSON", "[playbook]") {
    const Playbook a = wire::builtin_playbook("default");
    Playbook b;
    std::vector<std::string> errors;
    REQUIRE(wire::playbook_from_json(wire::playbook_to_json(a), b, errors));
    CHECK(wire::playbook_to_json(a) == wire::playbook_to_json(b));
}
