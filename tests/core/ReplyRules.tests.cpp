#include "earshot/reply_rules.hpp"
#include "earshot/wire/reply_rules_json.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace earshot;
using nlohmann::json;

namespace {
bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }
} // namespace

TEST_CASE("reply rules have sensible defaults", "[reply_rules]") {
    ReplyRules r;
    CHECK(r.limits.at("x") == 280);
    CHECK(r.url_length == 23);
    CHECK(has(r.no_problem, "no problem => happy to help"));
    CHECK(has(r.vague_time, "asap"));
    CHECK(has(r.approved_compensation, "refund*"));
    CHECK(find_category_wording(r, "billing") != nullptr);
    CHECK(find_category_wording(r, "nope") == nullptr);
    CHECK(lint_rule_ids().size() == 22);
    for (const auto& id : lint_rule_ids()) CHECK(default_rule_weight(id) > 0);
    CHECK(default_rule_weight("made_up") == 0);
}

TEST_CASE("a playbook's reply object replaces or edits lists and merges maps", "[reply_rules]") {
    ReplyRules r;
    std::vector<std::string> errors;
    wire::reply_rules_from_json(json::parse(R"({
        "signature": "- {agent}, Acme",
        "vague_time": ["soonish"],
        "robotic": {"add": ["per my records"], "remove": ["kindly"]},
        "approved_compensation": {"add": ["voucher*"]},
        "limits": {"x": 250, "mastodon": 500},
        "weights": {"no_problem": 50},
        "categories": [{"id": "billing", "problem": ["the {amount} fee"]}, {"id": "pets", "problem": ["your pet"]}],
        "pii": {"account_patterns": ["AC-######"], "addresses": false}
    })"), r, errors);
    REQUIRE(errors.empty());
    CHECK(r.signature == "- {agent}, Acme");
    CHECK(r.vague_time == std::vector<std::string>{"soonish"});
    CHECK(has(r.robotic, "per my records"));
    CHECK_FALSE(has(r.robotic, "kindly"));
    CHECK(has(r.approved_compensation, "voucher*"));
    CHECK(r.limits.at("x") == 250);
    CHECK(r.limits.at("mastodon") == 500);
    CHECK(r.limits.at("instagram") == 2200);
    CHECK(rule_weight(r, "no_problem") == 50);
    CHECK(rule_weight(r, "blame") == default_rule_weight("blame"));
    REQUIRE(find_category_wording(r, "billing"));
    CHECK(find_category_wording(r, "billing")->problem == std::vector<std::string>{"the {amount} fee"});
    CHECK_FALSE(find_category_wording(r, "billing")->action.empty()); // untouched fields keep the default
    CHECK(find_category_wording(r, "pets"));
    CHECK(r.pii.account_patterns == std::vector<std::string>{"AC-######"});
    CHECK_FALSE(r.pii.addresses);
}

TEST_CASE("bad reply objects give clear errors and change nothing", "[reply_rules]") {
    const ReplyRules before;
    for (const char* bad : {R"({"vague_time": "soon"})", R"({"limits": {"x": -1}})", R"({"weights": {"nope": 3}})",
                            R"({"tone": "grumpy"})", R"({"robotic": {"add": [1]}})", R"({"colour": "red"})",
                            R"({"pii": {"min_id_digits": 1}})", R"({"categories": [{"problem": []}]})", R"([1,2])"}) {
        INFO(bad);
        ReplyRules r;
        std::vector<std::string> errors;
        wire::reply_rules_from_json(json::parse(bad), r, errors);
        REQUIRE_FALSE(errors.empty());
        CHECK(errors[0].rfind("reply", 0) == 0);
        CHECK(wire::reply_rules_to_json(r) == wire::reply_rules_to_json(before));
    }
}

TEST_CASE("reply rules round-trip through JSON", "[reply_rules]") {
    ReplyRules r;
    r.limits["x"] = 200;
    r.categories.push_back({"pets", {"your pet"}, {"help"}, "", ""});
    std::vector<std::string> errors;
    ReplyRules back;
    wire::reply_rules_from_json(wire::reply_rules_to_json(r), back, errors);
    CHECK(errors.empty());
    CHECK(wire::reply_rules_to_json(back) == wire::reply_rules_to_json(r));
}
