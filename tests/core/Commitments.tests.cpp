#include "earshot/commitments.hpp"
#include "earshot/mention.hpp"

#include <catch2/catch.hpp>

using namespace earshot;

namespace {

std::int64_t at(const char* iso) {
    std::int64_t ms = 0;
    REQUIRE(parse_iso8601(iso, ms));
    return ms;
}

} // namespace

TEST_CASE("promises with relative deadlines get due times from the sent time", "[commitments]") {
    const auto sent = at("2026-11-24T18:40:00Z"); // a Tuesday
    auto c = extract_commitments("Sorry about that! We'll call you within 24 hours. ^AB", sent);
    REQUIRE(c.size() == 1);
    CHECK(c[0].kind == "call");
    CHECK(c[0].has_due);
    CHECK(format_iso8601(c[0].due_at_ms) == "2026-11-25T18:40:00Z");
    CHECK(c[0].due_text == "within 24 hours");
    CHECK(c[0].text == "We'll call you within 24 hours.");
    CHECK(c[0].begin == 18);

    auto h = extract_commitments("I will get back to you within the hour", sent);
    REQUIRE(h.size() == 1);
    CHECK(format_iso8601(h[0].due_at_ms) == "2026-11-24T19:40:00Z");
    auto b = extract_commitments("Your parcel should arrive in 3 business days.", sent);
    REQUIRE(b.size() == 1);
    CHECK(b[0].kind == "delivery");
    CHECK(format_iso8601(b[0].due_at_ms) == "2026-11-27T18:40:00Z");
    auto w = extract_commitments("We'll reply within 2 working days", at("2026-11-27T10:00:00Z")); // Friday
    REQUIRE(w.size() == 1);
    CHECK(format_iso8601(w[0].due_at_ms) == "2026-12-01T10:00:00Z");
}

TEST_CASE("promises with calendar deadlines resolve to the end of that day or the given time", "[commitments]") {
    const auto sent = at("2026-11-24T18:40:00Z");
    auto r = extract_commitments("A refund will reach you by Friday.", sent);
    REQUIRE(r.size() == 1);
    CHECK(r[0].kind == "refund");
    CHECK(format_iso8601(r[0].due_at_ms) == "2026-11-27T23:59:59Z");
    CHECK(r[0].due_text == "by Friday");
    auto t = extract_commitments("I'll send a replacement tomorrow by 10am.", sent);
    REQUIRE(t.size() == 1);
    CHECK(t[0].kind == "replacement");
    CHECK(format_iso8601(t[0].due_at_ms) == "2026-11-25T10:00:00Z");
    auto d = extract_commitments("We will email you by Nov 30.", sent);
    REQUIRE(d.size() == 1);
    CHECK(format_iso8601(d[0].due_at_ms) == "2026-11-30T23:59:59Z");
    auto p = extract_commitments("We'll be back up by 5pm.", sent); // 5pm already passed: tomorrow
    REQUIRE(p.size() == 1);
    CHECK(format_iso8601(p[0].due_at_ms) == "2026-11-25T17:00:00Z");
    auto e = extract_commitments("We'll update you by end of day.", sent);
    REQUIRE(e.size() == 1);
    CHECK(format_iso8601(e[0].due_at_ms) == "2026-11-24T23:59:59Z");
    auto n = extract_commitments("We'll fix it next Monday.", sent);
    REQUIRE(n.size() == 1);
    CHECK(format_iso8601(n[0].due_at_ms) == "2026-11-30T23:59:59Z");
}

TEST_CASE("local time offsets move calendar deadlines, not relative ones", "[commitments]") {
    const auto sent = at("2026-11-24T18:40:00Z");
    CommitmentOptions ny{-300};
    auto r = extract_commitments("We'll call you by 5pm today.", at("2026-11-24T15:00:00Z"), ny); // 10:00 in NY
    REQUIRE(r.size() == 1);
    CHECK(format_iso8601(r[0].due_at_ms) == "2026-11-24T22:00:00Z");
    auto w = extract_commitments("We'll call you within 2 hours.", sent, ny);
    REQUIRE(w.size() == 1);
    CHECK(format_iso8601(w[0].due_at_ms) == "2026-11-24T20:40:00Z");
}

TEST_CASE("promises without a time are kept without a due time; questions and statements are not promises",
          "[commitments]") {
    const auto sent = at("2026-11-24T18:40:00Z");
    auto c = extract_commitments("We'll look into it soon.", sent);
    REQUIRE(c.size() == 1);
    CHECK_FALSE(c[0].has_due);
    CHECK(c[0].kind == "follow_up");
    CHECK(extract_commitments("Can we call you tomorrow?", sent).empty());
    CHECK(extract_commitments("Thanks so much for the kind words!", sent).empty());
    CHECK(extract_commitments("", sent).empty());
}

TEST_CASE("who made the promise is named", "[commitments]") {
    const auto sent = at("2026-11-24T18:40:00Z");
    auto c = extract_commitments("Our Billing team will check the charge and reply here within 2 hours.", sent);
    REQUIRE(c.size() == 1);
    CHECK(c[0].who == "Our Billing team");
    CHECK(c[0].kind == "follow_up");
    auto i = extract_commitments("I'll call you tomorrow.", sent);
    REQUIRE(i.size() == 1);
    CHECK(i[0].who == "I");
}
