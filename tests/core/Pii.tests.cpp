#include "earshot/pii.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace earshot;

namespace {

std::vector<std::string> kinds(const std::vector<PiiSpan>& spans) {
    std::vector<std::string> out;
    for (const auto& s : spans) out.emplace_back(to_string(s.kind));
    return out;
}

} // namespace

TEST_CASE("Luhn check accepts valid card numbers and rejects typos", "[pii]") {
    CHECK(luhn_valid("4111111111111111"));
    CHECK(luhn_valid("5555555555554444"));
    CHECK(luhn_valid("378282246310005"));
    CHECK_FALSE(luhn_valid("4111111111111112"));
    CHECK_FALSE(luhn_valid(""));
    CHECK_FALSE(luhn_valid("4111-1111"));
}

TEST_CASE("card numbers are found with spaces or dashes, only when they pass Luhn or follow 'card'", "[pii]") {
    auto s = detect_pii("my card 4111 1111 1111 1111 was charged $45.00 twice");
    REQUIRE(s.size() == 1);
    CHECK(s[0].kind == PiiKind::Card);
    CHECK(s[0].text == "4111 1111 1111 1111");
    CHECK(s[0].value == "4111111111111111");
    CHECK(s[0].begin == 8);
    CHECK(s[0].end == 27);
    CHECK(kinds(detect_pii("charged to 5555-5555-5555-4444 yesterday")) == std::vector<std::string>{"card"});
    // 16 digits failing Luhn and no keyword: a long number, not a card
    CHECK(kinds(detect_pii("ref 4111111111111112")) == std::vector<std::string>{"order"});
    CHECK(kinds(detect_pii("see 4111111111111112")) == std::vector<std::string>{"id_number"});
    // after "card", a typo'd number is still a card number
    CHECK(kinds(detect_pii("card number 4111 1111 1111 1112")) == std::vector<std::string>{"card"});
}

TEST_CASE("e-mail addresses are found, handles are not", "[pii]") {
    auto s = detect_pii("email me at Jane.Doe+x@Example.co.uk, not @jane_d");
    REQUIRE(s.size() == 1);
    CHECK(s[0].kind == PiiKind::Email);
    CHECK(s[0].value == "jane.doe+x@example.co.uk");
    CHECK(detect_pii("thanks @acme and @acme_help!").empty());
}

TEST_CASE("phone numbers in common formats", "[pii]") {
    for (const char* t : {"call me on +44 (0)20 7946 0958", "my number is 555-123-4567", "ring 07700 900123 please",
                          "text me at (212) 555-0199", "mobile: 07700900123"}) {
        INFO(t);
        CHECK(kinds(detect_pii(t)) == std::vector<std::string>{"phone"});
    }
}

TEST_CASE("account, order and booking numbers follow keywords and playbook patterns", "[pii]") {
    CHECK(kinds(detect_pii("order #A1234567 and order number 98765432, acct 12345678")) ==
          std::vector<std::string>{"order", "order", "account"});
    CHECK(kinds(detect_pii("booking ref QXKZPL for tomorrow")) == std::vector<std::string>{"booking"});
    CHECK(kinds(detect_pii("booking ref AB12CD")) == std::vector<std::string>{"booking"});
    CHECK(detect_pii("MY BOOKING CONFIRMATION IS LATE AGAIN").empty()); // shouting, not a code
    CHECK(kinds(detect_pii("tracking 1Z999AA10123456784")) == std::vector<std::string>{"order"});
    PiiRules rules;
    rules.account_patterns = {"AC-######"};
    CHECK(kinds(detect_pii("it's AC-123456 fyi", rules)) == std::vector<std::string>{"account"});
    CHECK(detect_pii("it's AC-123456 fyi").empty());
    rules.order_keywords = {"consignment"};
    CHECK(kinds(detect_pii("consignment 5551234", rules)) == std::vector<std::string>{"order"});
}

TEST_CASE("IBANs need a valid checksum; US SSNs and addresses are found", "[pii]") {
    CHECK(kinds(detect_pii("iban GB82 WEST 1234 5698 7654 32 thanks")) == std::vector<std::string>{"iban"});
    CHECK(kinds(detect_pii("iban GB83 WEST 1234 5698 7654 32 thanks")) != std::vector<std::string>{"iban"});
    CHECK(kinds(detect_pii("ssn 123-45-6789")) == std::vector<std::string>{"national_id"});
    auto a = detect_pii("deliver to 221B Baker Street, London NW1 6XE please");
    REQUIRE(a.size() == 1);
    CHECK(a[0].kind == PiiKind::Address);
    CHECK(a[0].text == "221B Baker Street, London NW1 6XE");
    CHECK(kinds(detect_pii("1600 Pennsylvania Avenue, Washington, DC 20500")) == std::vector<std::string>{"address"});
    CHECK(kinds(detect_pii("postcode SW1A 1AA")) == std::vector<std::string>{"address"});
    PiiRules no_addr;
    no_addr.addresses = false;
    CHECK(detect_pii("221B Baker Street", no_addr).empty());
}

TEST_CASE("ordinary numbers are not personal data", "[pii]") {
    for (const char* t : {"flight UA 1234 delayed 3 hours", "charged $45.00 twice", "on 2026-11-24 at 10:30",
                          "24/11/2026", "50% off", "waited 45 minutes, 3pm now", "order arrived in 2 days",
                          "I have 2 kids and 1 dog", "error 404", "Galaxy S24 broke", "call me back"}) {
        INFO(t);
        CHECK(detect_pii(t).empty());
    }
}

TEST_CASE("redaction replaces each span with a label and keeps the rest", "[pii]") {
    CHECK(redact("card 4111 1111 1111 1111, mail a@b.co") == "card [card number], mail [email]");
    CHECK(redact("nothing here") == "nothing here");
    CHECK(redact("") == "");
}

TEST_CASE("spans are UTF-8 byte offsets", "[pii]") {
    const std::string t = "😡 café: call +1 212 555 0199";
    auto s = detect_pii(t);
    REQUIRE(s.size() == 1);
    CHECK(t.substr(s[0].begin, s[0].end - s[0].begin) == "+1 212 555 0199");
    CHECK(s[0].begin == 17);
}

TEST_CASE("personal data is recognised in a reply in any formatting", "[pii]") {
    auto s = detect_pii("my card 4111 1111 1111 1111");
    REQUIRE(s.size() == 1);
    CHECK(pii_appears_in(s[0], "we see 4111-1111-1111-1111 here"));
    CHECK(pii_appears_in(s[0], "4111111111111111"));
    CHECK_FALSE(pii_appears_in(s[0], "the card ending 1111"));
    auto e = detect_pii("mail Jane@Example.com");
    REQUIRE(e.size() == 1);
    CHECK(pii_appears_in(e[0], "we wrote to jane@example.COM"));
    CHECK_FALSE(pii_appears_in(e[0], "we wrote to you"));
}

TEST_CASE("PII detection never crashes on odd input", "[pii]") {
    std::string weird = "\xff\xfe 4111 \xc3( @@ @. a@ @b 1-2-3-4-5-6-7-8-9-0-1-2-3-4-5-6-7-8-9 ++(( ))";
    CHECK_NOTHROW(detect_pii(weird));
    std::string big(200000, '9');
    CHECK_NOTHROW(detect_pii(big));
    CHECK_NOTHROW(detect_pii(std::string(5000, '@')));
}
