#include "earshot/mention.hpp"

#include <catch2/catch.hpp>

using namespace earshot;

TEST_CASE("ISO 8601 timestamps parse to Unix milliseconds", "[mention]") {
    std::int64_t ms = -1;
    REQUIRE(parse_iso8601("1970-01-01T00:00:00Z", ms));
    CHECK(ms == 0);
    REQUIRE(parse_iso8601("2026-11-24T18:40:00Z", ms));
    CHECK(ms == 1795545600000LL);
    REQUIRE(parse_iso8601("2026-11-24T19:40:00+01:00", ms));
    CHECK(ms == 1795545600000LL);
    REQUIRE(parse_iso8601("2026-11-24T18:40:00.250Z", ms));
    CHECK(ms == 1795545600250LL);
    REQUIRE(parse_iso8601("2026-11-24", ms));
    CHECK(ms == 1795478400000LL);
    REQUIRE(parse_iso8601("2024-02-29T12:00:00-0530", ms));
    CHECK(format_iso8601(ms) == "2024-02-29T17:30:00Z");
}

TEST_CASE("malformed timestamps are rejected and leave the output untouched", "[mention]") {
    std::int64_t ms = 42;
    for (const char* bad : {"", "yesterday", "2026-13-01T00:00:00Z", "2026-11-24T25:00:00Z", "2026-11-24T18:40:00Q",
                            "2026-11-24T18", "2026/11/24", "2026-11-24T18:40:00.Z"}) {
        INFO(bad);
        CHECK_FALSE(parse_iso8601(bad, ms));
        CHECK(ms == 42);
    }
}

TEST_CASE("formatting round-trips", "[mention]") {
    for (std::int64_t ms : {0LL, 951782400000LL, 1795545600000LL, 4102444799000LL}) {
        std::int64_t back = 0;
        REQUIRE(parse_iso8601(format_iso8601(ms), back));
        CHECK(back == ms);
    }
}
