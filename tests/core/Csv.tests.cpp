#include "earshot/csv.hpp"

#include <catch2/catch.hpp>

using namespace earshot;

TEST_CASE("csv parses a header and plain rows", "[csv]") {
    auto t = parse_csv("text,category\nhello,greet\nbye,leave\n");
    REQUIRE(t);
    CHECK(t->header == std::vector<std::string>{"text", "category"});
    REQUIRE(t->rows.size() == 2);
    CHECK(t->rows[1] == std::vector<std::string>{"bye", "leave"});
    CHECK(t->row_lines == std::vector<std::size_t>{2, 3});
    CHECK(t->column("category") == 1);
    CHECK(t->column("nope") == -1);
}

TEST_CASE("csv handles quotes, escaped quotes, embedded commas and newlines, CRLF", "[csv]") {
    const std::string s = "\xEF\xBB\xBFtext,label\r\n\"a, b\",x\r\n\"she said \"\"hi\"\"\",y\r\n\"line1\nline2\",z\r\n,empty\r\nlast,w";
    auto t = parse_csv(s);
    REQUIRE(t);
    CHECK(t->header[0] == "text"); // BOM stripped
    REQUIRE(t->rows.size() == 5);
    CHECK(t->rows[0][0] == "a, b");
    CHECK(t->rows[1][0] == "she said \"hi\"");
    CHECK(t->rows[2][0] == "line1\nline2");
    CHECK(t->rows[3][0] == "");
    CHECK(t->rows[3][1] == "empty");
    CHECK(t->rows[4] == std::vector<std::string>{"last", "w"}); // no final newline
    CHECK(t->row_lines == std::vector<std::size_t>{2, 3, 4, 6, 7});
}

TEST_CASE("csv skips blank lines and keeps empty quoted fields", "[csv]") {
    auto t = parse_csv("a,b\n\n1,\"\"\n\n");
    REQUIRE(t);
    REQUIRE(t->rows.size() == 1);
    CHECK(t->rows[0] == std::vector<std::string>{"1", ""});
}

TEST_CASE("csv reports errors with line numbers", "[csv]") {
    CsvError err;
    SECTION("unterminated quote names the line where it opened") {
        CHECK_FALSE(parse_csv("a,b\n1,2\n\"never closed,3\n4,5\n", &err));
        CHECK(err.line == 3);
        CHECK(err.message.find("line 3") != std::string::npos);
        CHECK(err.message.find("unterminated") != std::string::npos);
    }
    SECTION("wrong number of fields") {
        CHECK_FALSE(parse_csv("a,b\n1,2\n1,2,3\n", &err));
        CHECK(err.line == 3);
        CHECK(err.message.find("expected 2 fields, found 3") != std::string::npos);
    }
    SECTION("text after a closing quote") {
        CHECK_FALSE(parse_csv("a,b\n\"x\"y,2\n", &err));
        CHECK(err.line == 2);
    }
    SECTION("empty input has no header") {
        CHECK_FALSE(parse_csv("", &err));
        CHECK(err.message.find("empty") != std::string::npos);
    }
}

TEST_CASE("csv_escape quotes only when needed and round-trips", "[csv]") {
    CHECK(csv_escape("plain") == "plain");
    CHECK(csv_escape("a,b") == "\"a,b\"");
    CHECK(csv_escape("say \"x\"") == "\"say \"\"x\"\"\"");
    const std::string row = csv_escape("h") + "," + csv_escape("multi\nline, \"q\"") + "\n";
    auto t = parse_csv(row, nullptr, {',', false, false});
    REQUIRE(t);
    REQUIRE(t->rows.size() == 1);
    CHECK(t->rows[0][1] == "multi\nline, \"q\"");
}
