#include "earshot/default_models.hpp"
#include "earshot/triage.hpp"
#include "earshot/wire/mention_json.hpp"
#include "earshot/wire/playbook_json.hpp"
#include "earshot/wire/tokens_json.hpp"
#include "earshot/wire/triage_json.hpp"

#include <catch2/catch.hpp>

using namespace earshot;
using nlohmann::json;

TEST_CASE("mentions parse with only text, and round-trip with every field", "[wire]") {
    Mention m;
    std::string error;
    REQUIRE(wire::mention_from_json(json{{"text", "hello"}}, m, error));
    CHECK(m.text == "hello");
    CHECK(m.platform == "x");
    CHECK(m.author.followers == 0);

    const json full = json::parse(R"({"id":"m1","platform":"review","author":{"handle":"@jo","name":"Jo","followers":1200},
        "text":"late again","created_at":"2026-11-24T18:40:00Z","url":"https://x.example/1","in_reply_to":"m0","lang":"en"})");
    Mention f;
    REQUIRE(wire::mention_from_json(full, f, error));
    CHECK(f.created_at_ms == 1795545600000LL);
    CHECK(f.author.followers == 1200);
    CHECK(wire::mention_to_json(f) == full);
    Mention g;
    REQUIRE(wire::mention_from_json(wire::mention_to_json(f), g, error));
    CHECK(wire::mention_to_json(g) == full);
}

TEST_CASE("bad mentions are rejected with a clear message and change nothing", "[wire]") {
    struct Case {
        const char* json;
        const char* message;
    };
    for (const Case& c : {Case{R"({"id":"1"})", "text: required string is missing"},
                          Case{R"({"text":42})", "text: must be a string, got number"},
                          Case{R"({"text":null})", "text: required string is missing"},
                          Case{R"({"text":"x","author":"jo"})", "author: must be an object"},
                          Case{R"({"text":"x","author":{"followers":-3}})", "author.followers: must be a non-negative integer"},
                          Case{R"({"text":"x","author":{"followers":"many"}})", "author.followers: must be a non-negative integer"},
                          Case{R"({"text":"x","author":{"handle":7}})", "author.handle: must be a string"},
                          Case{R"({"text":"x","created_at":"yesterday"})", "created_at: 'yesterday' is not an ISO 8601"},
                          Case{R"({"text":"x","platform":[]})", "platform: must be a string"},
                          Case{R"({"text":"x","id":{}})", "id: must be a string or an integer"},
                          Case{R"([1,2])", "mention: must be a JSON object"}}) {
        INFO(c.json);
        Mention m;
        m.text = "untouched";
        std::string error;
        CHECK_FALSE(wire::mention_from_json(json::parse(c.json), m, error));
        CHECK(error.find(c.message) != std::string::npos);
        CHECK(m.text == "untouched");
    }
    Mention m;
    std::string error;
    CHECK(wire::mention_from_json(json::parse(R"({"text":"x","id":17,"author":null,"url":null})"), m, error));
    CHECK(m.id == "17");
}

TEST_CASE("triage JSON has the agreed shape and round-trips", "[wire]") {
    const Triager tr(wire::builtin_playbook("default"), default_triage_models());
    Mention m;
    m.text = "second time my order #A12345 is late, charged $45 too";
    const Triage t = tr.triage(m);
    const json j = wire::triage_to_json(t);
    for (const char* key : {"sentiment", "complaint", "category", "urgency", "tier", "team", "respond_within_minutes",
                            "entities", "signals", "explanation"})
        CHECK(j.contains(key));
    CHECK(j["sentiment"]["label"] == "negative");
    CHECK(j["sentiment"]["score"].is_number());
    CHECK(j["category"]["id"] == "delivery");
    CHECK(j["urgency"]["score"].is_number_integer());
    CHECK(j["entities"][0]["type"] == "order_number");
    CHECK(j["entities"][0]["value"] == "A12345");
    CHECK(j["entities"][0]["begin"] == 21);
    CHECK(j["entities"][0]["end"] == 28);
    // Scores are printed with at most 4 decimals.
    const double s = j["sentiment"]["score"].get<double>();
    CHECK(s == round_score(s));

    Triage back;
    std::string error;
    REQUIRE(wire::triage_from_json(j, back, error));
    CHECK(wire::triage_to_json(back) == j);

    json broken = j;
    broken["tier"] = "impossible";
    Triage untouched;
    CHECK_FALSE(wire::triage_from_json(broken, untouched, error));
    CHECK(error == "tier: must be easy, medium or hard");
    broken = j;
    broken.erase("urgency");
    CHECK_FALSE(wire::triage_from_json(broken, untouched, error));
    CHECK(error == "urgency: required field is missing");
}
