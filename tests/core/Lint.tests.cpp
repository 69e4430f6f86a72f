#include "earshot/lint.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace earshot;

namespace {

ReplyContext billing_complaint() {
    ReplyContext c;
    c.platform = "x";
    c.mention_text = "@acme charged me $45 twice this month, what is going on";
    c.customer_handle = "@jane_d";
    c.customer_name = "Jane Doe";
    c.complaint = true;
    c.sentiment = -0.4;
    c.category_id = "billing";
    c.category_label = "Billing";
    c.category_keywords = {"charged", "bill", "invoice"};
    c.entities = {{"amount", "$45", "45.00 USD"}};
    c.team = "Billing team";
    c.respond_within_minutes = 120;
    return c;
}

const char* kGood = "Hi Jane, I'm sorry about the $45 charge. Our Billing team will check it and reply here within 2 hours. ^AB";

bool has_rule(const LintReport& r, const std::string& rule) {
    return std::any_of(r.findings.begin(), r.findings.end(), [&](const LintFinding& f) { return f.rule == rule; });
}

const LintFinding* finding(const LintReport& r, const std::string& rule) {
    for (const auto& f : r.findings)
        if (f.rule == rule) return &f;
    return nullptr;
}

std::vector<std::string> rules_of(const LintReport& r) {
    std::vector<std::string> v;
    for (const auto& f : r.findings) v.push_back(f.rule);
    return v;
}

} // namespace

TEST_CASE("a good reply has no findings and scores 100", "[lint]") {
    auto r = lint(kGood, billing_complaint());
    INFO(::Catch::Detail::stringify(rules_of(r)));
    CHECK(r.passed());
    CHECK(r.score == 100);
    CHECK(r.limit == 280);
}

TEST_CASE("lint: no_problem and its cousins, with a one-click replacement", "[lint]") {
    auto c = billing_complaint();
    auto r = lint("No problem! Hi Jane, I'm sorry about the $45 charge. Our Billing team will check it and reply here "
                  "within 2 hours. ^AB",
                  c);
    const auto* f = finding(r, "no_problem");
    REQUIRE(f);
    CHECK(f->begin == 0);
    CHECK(f->end == 10);
    CHECK(f->text == "No problem");
    CHECK(f->has_replacement);
    CHECK(f->replacement == "Happy to help");
    CHECK(has_rule(lint("no worries, Jane, sorry about the $45 charge; our Billing team will fix it within 2 hours ^AB", c),
                   "no_problem"));
    CHECK_FALSE(has_rule(lint("Hi Jane, sorry, the problem with the $45 charge is ours; our Billing team will fix it "
                              "within 2 hours ^AB",
                              c),
                         "no_problem"));
}

TEST_CASE("lint: robotic boilerplate", "[lint]") {
    auto c = billing_complaint();
    auto r = lint("Hi Jane, we apologise for any inconvenience with the $45 charge. Our Billing team will check it "
                  "within 2 hours. ^AB",
                  c);
    const auto* f = finding(r, "robotic");
    REQUIRE(f);
    CHECK(f->text == "we apologise for any inconvenience");
    CHECK(f->replacement == "we're sorry about this");
    CHECK(has_rule(r, "missing_apology")); // boilerplate is not an apology
    CHECK(has_rule(lint(std::string(kGood) + " Thank you for reaching out!", c), "robotic"));
    CHECK(has_rule(lint(std::string(kGood) + " We take your feedback very seriously.", c), "robotic"));
    CHECK_FALSE(has_rule(lint(kGood, c), "robotic"));
}

TEST_CASE("lint: missing apology and conditional non-apologies on complaints", "[lint]") {
    auto c = billing_complaint();
    CHECK(has_rule(lint("Hi Jane, our Billing team will check the $45 charge within 2 hours. ^AB", c), "missing_apology"));
    auto r = lint("Hi Jane, sorry if you feel the $45 charge was wrong. Our Billing team will check it within 2 hours. ^AB", c);
    CHECK(has_rule(r, "non_apology"));
    CHECK(has_rule(r, "missing_apology"));
    CHECK_FALSE(has_rule(lint(kGood, c), "missing_apology"));
    auto praise = c;
    praise.complaint = false;
    praise.signals = {"praise"};
    CHECK_FALSE(has_rule(lint("Thank you Jane! ^AB", praise), "missing_apology"));
}

TEST_CASE("lint: blame-shifting", "[lint]") {
    auto c = billing_complaint();
    auto r = lint("Hi Jane, sorry about the $45 charge, but you should have cancelled earlier. Our Billing team will check "
                  "within 2 hours. ^AB",
                  c);
    REQUIRE(has_rule(r, "blame"));
    CHECK(finding(r, "blame")->text == "you should have");
    CHECK(has_rule(lint("Hi Jane, sorry about the $45 charge, it was a system error. Our Billing team will fix it within "
                        "2 hours. ^AB",
                        c),
                   "blame"));
    CHECK_FALSE(has_rule(lint(kGood, c), "blame"));
}

TEST_CASE("lint: redirect without reason and benefit", "[lint]") {
    auto c = billing_complaint();
    auto r = lint("Hi Jane, sorry about the $45 charge. Please DM us. Our Billing team will check it within 2 hours. ^AB", c);
    REQUIRE(has_rule(r, "redirect_only"));
    CHECK(finding(r, "redirect_only")->text == "DM us");
    CHECK(has_rule(lint("Hi Jane, sorry about the $45 charge. Contact our support line. We'll check it within 2 hours. ^AB", c),
                   "redirect_only"));
    CHECK_FALSE(has_rule(lint("Hi Jane, sorry about the $45 charge. Please DM us your account e-mail so we can check it "
                              "privately; our Billing team will reply within 2 hours. ^AB",
                              c),
                         "redirect_only"));
    CHECK_FALSE(has_rule(lint("Hi Jane, sorry you had to contact us again about the $45 charge. Our Billing team will fix "
                              "it within 2 hours. ^AB",
                              c),
                         "redirect_only"));
}

TEST_CASE("lint: no next step, no deadline, vague time", "[lint]") {
    auto c = billing_complaint();
    CHECK(has_rule(lint("Hi Jane, I'm sorry about the $45 charge. ^AB", c), "no_next_step"));
    auto nd = lint("Hi Jane, I'm sorry about the $45 charge. Our Billing team will check it. ^AB", c);
    CHECK(has_rule(nd, "no_deadline"));
    CHECK_FALSE(has_rule(nd, "no_next_step"));
    auto v = lint("Hi Jane, I'm sorry about the $45 charge. Our Billing team will check it ASAP. ^AB", c);
    const auto* f = finding(v, "vague_time");
    REQUIRE(f);
    CHECK(f->text == "ASAP");
    CHECK(f->replacement == "within 2 hours");
    CHECK_FALSE(has_rule(v, "no_deadline")); // the vague word is the finding
    CHECK(has_rule(lint("Hi Jane, sorry about the $45 charge, we'll fix it soon. ^AB", c), "vague_time"));
    for (const char* ok : {kGood, "Hi Jane, sorry about the $45 charge. We'll call you tomorrow by 10am. ^AB",
                           "Hi Jane, sorry about the $45 charge. A refund will reach you by Friday. ^AB"}) {
        INFO(ok);
        auto r = lint(ok, c);
        CHECK_FALSE(has_rule(r, "no_next_step"));
        CHECK_FALSE(has_rule(r, "no_deadline"));
        CHECK_FALSE(has_rule(r, "vague_time"));
    }
}

TEST_CASE("lint: unapproved compensation", "[lint]") {
    auto c = billing_complaint();
    auto r = lint("Hi Jane, sorry about the $45 charge; here's a 20% discount code. Our Billing team will check it within 2 "
                  "hours. ^AB",
                  c);
    REQUIRE(has_rule(r, "unapproved_compensation"));
    CHECK(finding(r, "unapproved_compensation")->text == "discount");
    CHECK(has_rule(lint("Hi Jane, sorry about the $45 charge, your next order is free. We'll fix it within 2 hours. ^AB", c),
                   "unapproved_compensation"));
    // refunds are approved by default; "feel free" is no offer
    CHECK_FALSE(has_rule(lint("Hi Jane, sorry about the $45 charge. We'll refund it within 2 hours; feel free to ask "
                              "anything. ^AB",
                              c),
                         "unapproved_compensation"));
    ReplyRules generous;
    generous.approved_compensation.push_back("discount*");
    CHECK_FALSE(has_rule(lint("Hi Jane, sorry about the $45 charge; here's a discount. We'll fix it within 2 hours. ^AB",
                              c, generous),
                         "unapproved_compensation"));
}

TEST_CASE("lint: personal data in a public reply, from the reply or the mention", "[lint]") {
    auto c = billing_complaint();
    auto r = lint("Hi Jane, sorry about the $45 charge on card 4111 1111 1111 1111. We'll fix it within 2 hours. ^AB", c);
    const auto* f = finding(r, "personal_data");
    REQUIRE(f);
    CHECK(f->text == "4111 1111 1111 1111");
    CHECK(f->replacement == "your card number");
    CHECK(has_rule(lint("Hi Jane, sorry about the $45 charge. We emailed jane@example.com; reply within 2 hours. ^AB", c),
                   "personal_data"));
    auto m = c;
    m.mention_text = "charged $45 twice, my account is A77881";
    CHECK(has_rule(lint("Hi Jane, sorry about the $45 charge on A77881. We'll fix it within 2 hours. ^AB", m),
                   "personal_data"));
    auto email = c;
    email.platform = "email"; // a private channel
    CHECK_FALSE(has_rule(lint("Hi Jane, sorry about the $45 charge on card 4111 1111 1111 1111. We'll fix it within 2 "
                              "hours. ^AB",
                              email),
                         "personal_data"));
    CHECK_FALSE(has_rule(lint(kGood, c), "personal_data"));
}

TEST_CASE("lint: over the platform limit, links counted as 23 on X", "[lint]") {
    auto c = billing_complaint();
    std::string long_reply = std::string(kGood) + " " + std::string(200, 'a');
    auto r = lint(long_reply, c);
    REQUIRE(has_rule(r, "over_limit"));
    CHECK(r.length > 280);
    const auto* f = finding(r, "over_limit");
    CHECK(f->end == long_reply.size());
    CHECK(f->begin < f->end);
    // a long link counts as 23 characters
    std::string with_link = std::string(kGood) + " https://example.com/" + std::string(200, 'x');
    auto l = lint(with_link, c);
    CHECK_FALSE(has_rule(l, "over_limit"));
    CHECK(l.length == static_cast<int>(std::string(kGood).size()) + 1 + 23);
    auto fb = c;
    fb.platform = "facebook";
    CHECK_FALSE(has_rule(lint(long_reply, fb), "over_limit"));
    ReplyRules tight;
    tight.limits["facebook"] = 50;
    CHECK(has_rule(lint(kGood, fb, tight), "over_limit"));
}

TEST_CASE("lint: shouting and tone", "[lint]") {
    auto c = billing_complaint();
    CHECK(has_rule(lint("Hi Jane, SORRY ABOUT THE $45 CHARGE. Our Billing team will fix it within 2 hours. ^AB", c),
                   "shouting"));
    auto ex = lint("Hi Jane, sorry about the $45 charge!!! Our Billing team will fix it within 2 hours. ^AB", c);
    REQUIRE(has_rule(ex, "shouting"));
    CHECK(finding(ex, "shouting")->replacement == "!");
    CHECK(has_rule(lint("Hi Jane, calm down, sorry about the $45 charge. Our Billing team will fix it within 2 hours. ^AB", c),
                   "tone"));
    auto angry = c;
    angry.signals = {"all_caps"};
    angry.sentiment = -0.9;
    CHECK(has_rule(lint("Hi Jane, so sorry about the $45 charge 😊 Our Billing team will fix it within 2 hours. ^AB", angry),
                   "tone"));
    CHECK_FALSE(has_rule(lint(kGood, c), "shouting"));
    CHECK_FALSE(has_rule(lint(kGood, c), "tone"));
}

TEST_CASE("lint: emoticons, links and capitals are found wherever they sit among plain words", "[lint]") {
    // the linter tokenises only the chunks that can hold what it reads; every emoticon the tokenizer knows must
    // still reach the tone rule, in any position, and plain text around it must not hide or invent anything
    auto angry = billing_complaint();
    angry.signals = {"all_caps"};
    angry.sentiment = -0.9;
    const char* emoticons[] = {">:-(", ">:(", ":'-(", ":'(", ":'-)", ":')", ":-)))", ":)))", ":-))", ":))", ":-(((",
                               ":(((", ":-((", ":((", ":-)", ":-(", ":-D", ":-P", ":-p", ":-/", ":-|", ":-O", ":-o",
                               ":-*", ";-)", "</3", "^_^", "-_-", "T_T", ":)", ":(", ":D", ":P", ":p", ":/", ":|",
                               ":O", ":o", ":*", ";)", "=)", "=(", "<3", "XD", "xD"};
    for (const char* e : emoticons) {
        INFO(e);
        const std::string front = std::string(e) + " Hi Jane, so sorry about the $45 charge. Our Billing team will fix "
                                                   "it within 2 hours. ^AB";
        const std::string middle = std::string("Hi Jane, so sorry about the $45 charge ") + e +
                                   " Our Billing team will fix it within 2 hours. ^AB";
        CHECK(has_rule(lint(front, angry), "tone"));
        CHECK(has_rule(lint(middle, angry), "tone"));
        const auto report = lint(middle, angry);
        const auto* f = finding(report, "tone");
        REQUIRE(f);
        CHECK(f->text == e);
    }
    // "^^" is not flippant; a colon or a caret inside plain words is not an emoticon
    CHECK_FALSE(has_rule(lint("Hi Jane, so sorry about the $45 charge ^^ Our Billing team will fix it within 2 hours. "
                              "Next step: a refund check. ^AB",
                              angry),
                         "tone"));
    // links count 23 wherever they are, bare domains too
    auto c = billing_complaint();
    const std::string bare = std::string(kGood) + " example.com/" + std::string(100, 'x');
    CHECK(lint(bare, c).length == static_cast<int>(std::string(kGood).size()) + 1 + 23);
    CHECK(ReplyLinter().measure(bare, "x") == static_cast<int>(std::string(kGood).size()) + 1 + 23);
    CHECK(ReplyLinter().measure("see www.example.com/" + std::string(100, 'x') + " now", "x") == 4 + 23 + 4);
    // three capitals in one chunk can make an ALL-CAPS word; spread over words they can't
    CHECK(has_rule(lint("Hi Jane, WE ARE VERY SORRY about the $45 charge. Our Billing team will fix it within 2 hours. ^AB",
                        c),
                   "shouting"));
    CHECK_FALSE(has_rule(lint("Hi Jane, I Am So Sorry about the $45 charge. Our Billing team will fix it within 2 hours. "
                              "^AB",
                              c),
                         "shouting"));
    CHECK(has_rule(lint("Hi Jane, sorry about the $45 charge! Our Billing team will fix it within 2 hours!! ^AB", c),
                   "shouting"));
    CHECK_FALSE(has_rule(lint("Hi Jane, sorry about the $45 charge! Our Billing team will fix it within 2 hours! ^AB", c),
                         "shouting"));
}

TEST_CASE("lint: missing acknowledgement of the specific problem", "[lint]") {
    auto c = billing_complaint();
    CHECK(has_rule(lint("Hi Jane, I'm sorry. Our Billing team will look into it within 2 hours. ^AB", c) , "missing_acknowledgement") == false);
    auto other = c;
    other.category_id = "other";
    other.category_label = "Other";
    other.category_keywords = {};
    other.entities = {};
    other.mention_text = "my router keeps dropping the connection";
    other.team = "";
    CHECK(has_rule(lint("Hi Jane, I'm sorry. Our team will look into it within 2 hours. ^AB", other),
                   "missing_acknowledgement"));
    CHECK_FALSE(has_rule(lint("Hi Jane, I'm sorry your router keeps dropping. Our team will look into it within 2 hours. ^AB",
                              other),
                         "missing_acknowledgement"));
}

TEST_CASE("lint: missing thanks for praise", "[lint]") {
    ReplyContext p;
    p.mention_text = "the new app is brilliant";
    p.customer_name = "Sam";
    p.signals = {"praise"};
    p.category_id = "praise";
    CHECK(has_rule(lint("Sam, glad you like it. ^AB", p), "missing_thanks"));
    CHECK_FALSE(has_rule(lint("Thank you Sam, so glad you like the app! ^AB", p), "missing_thanks"));
}

TEST_CASE("lint: unanswered question", "[lint]") {
    ReplyContext q;
    q.mention_text = "how do I change my billing address?";
    q.customer_name = "Ann";
    q.signals = {"question"};
    q.category_id = "billing";
    q.category_label = "Billing";
    q.help_article = "https://acme.example/help/address";
    CHECK(has_rule(lint("Hi Ann, good question about your billing address! ^AB", q), "unanswered_question"));
    CHECK_FALSE(has_rule(lint("Hi Ann, here's how to change your billing address: https://acme.example/help/address ^AB", q),
                         "unanswered_question"));
    CHECK_FALSE(has_rule(lint("Hi Ann, our Billing team will answer about your address within 2 hours. ^AB", q),
                         "unanswered_question"));
}

TEST_CASE("lint: missing empathy for an angry customer", "[lint]") {
    auto c = billing_complaint();
    c.signals = {"all_caps"};
    c.sentiment = -0.9;
    CHECK(has_rule(lint(kGood, c), "missing_empathy"));
    CHECK_FALSE(has_rule(lint("Hi Jane, I'm really sorry about the $45 charge; that's not good enough. Our Billing team "
                              "will fix it within 2 hours. ^AB",
                              c),
                         "missing_empathy"));
    CHECK_FALSE(has_rule(lint(kGood, billing_complaint()), "missing_empathy"));
}

TEST_CASE("lint: asking for too much, again, or for secrets", "[lint]") {
    auto c = billing_complaint();
    CHECK(has_rule(lint("Hi Jane, sorry about the $45 charge. Please DM us your full name, email address, phone number and "
                        "postcode so we can check. We'll reply within 2 hours. ^AB",
                        c),
                   "asks_too_much"));
    auto o = c;
    o.mention_text = "order 12345678 charged $45 twice";
    CHECK(has_rule(lint("Hi Jane, sorry about the $45 charge. Please DM us your order number so we can check. We'll reply "
                        "within 2 hours. ^AB",
                        o),
                   "asks_too_much"));
    CHECK(has_rule(lint("Hi Jane, sorry about the $45 charge. Please DM us your password so we can check. We'll reply "
                        "within 2 hours. ^AB",
                        c),
                   "asks_sensitive"));
    CHECK_FALSE(has_rule(lint("Hi Jane, sorry about the $45 charge. We'll never ask for your password. We'll reply within "
                              "2 hours. ^AB",
                              c),
                         "asks_sensitive"));
    auto ok = lint("Hi Jane, sorry about the $45 charge. Please DM us your account e-mail so we can check. We'll reply "
                   "within 2 hours. ^AB",
                   c);
    CHECK_FALSE(has_rule(ok, "asks_too_much"));
    CHECK_FALSE(has_rule(ok, "asks_sensitive"));
}

TEST_CASE("lint: no personalisation", "[lint]") {
    auto c = billing_complaint();
    auto r = lint("Sorry about that. Our Billing team will fix it within 2 hours. ^AB", c);
    const auto* f = finding(r, "no_personalisation");
    REQUIRE(f);
    CHECK(f->begin == 0);
    CHECK(f->end == 0);
    CHECK(f->replacement == "Hi Jane, ");
    CHECK_FALSE(has_rule(lint("@jane_d sorry about the charge. Our Billing team will fix it within 2 hours. ^AB", c),
                         "no_personalisation"));
    CHECK_FALSE(has_rule(lint(kGood, c), "no_personalisation"));
}

TEST_CASE("lint: signature placeholder or initials", "[lint]") {
    auto c = billing_complaint();
    auto r = lint("Hi Jane, I'm sorry about the $45 charge. Our Billing team will check it within 2 hours.", c);
    const auto* f = finding(r, "missing_signature");
    REQUIRE(f);
    CHECK(f->replacement == " ^{initials}");
    CHECK_FALSE(has_rule(lint("Hi Jane, I'm sorry about the $45 charge. Our Billing team will check it within 2 hours. "
                              "^{initials}",
                              c),
                         "missing_signature"));
    ReplyRules named;
    named.signature = "- {agent}, {brand}";
    c.brand = "Acme";
    CHECK_FALSE(has_rule(lint("Hi Jane, I'm sorry about the $45 charge. Our Billing team will check it within 2 hours. "
                              "- Maria, Acme",
                              c, named),
                         "missing_signature"));
    named.require_signature = false;
    CHECK_FALSE(has_rule(lint("Hi Jane, sorry about the $45 charge. Our Billing team will check it within 2 hours.", c,
                              named),
                         "missing_signature"));
}

TEST_CASE("lint: score falls with findings, weights and disabled rules come from the rules", "[lint]") {
    auto c = billing_complaint();
    const char* bad = "No problem! We apologize for any inconvenience. Please DM us. We'll look into it ASAP.";
    auto r = lint(bad, c);
    CHECK(r.score < 40);
    CHECK(r.findings.size() >= 6);
    ReplyRules lenient;
    lenient.disabled_rules = {"no_problem"};
    lenient.weights["robotic"] = 1;
    auto l = lint(bad, c, lenient);
    CHECK_FALSE(has_rule(l, "no_problem"));
    CHECK(l.score > r.score);
    // findings are ordered by position
    for (std::size_t i = 1; i < r.findings.size(); ++i) CHECK(r.findings[i - 1].begin <= r.findings[i].begin);
}

TEST_CASE("lint: spans are UTF-8 byte offsets", "[lint]") {
    auto c = billing_complaint();
    const std::string reply = "Hi Jane 😊, no problem: sorry about the $45 charge. We'll fix it within 2 hours. ^AB";
    auto r = lint(reply, c);
    const auto* f = finding(r, "no_problem");
    REQUIRE(f);
    CHECK(reply.substr(f->begin, f->end - f->begin) == "no problem");
    CHECK(f->begin == 14);
}

TEST_CASE("lint never crashes on odd input", "[lint]") {
    auto c = billing_complaint();
    CHECK_NOTHROW(lint("", c));
    CHECK_NOTHROW(lint("\xff\xfe\xc3", c));
    CHECK_NOTHROW(lint(std::string(100000, '!'), c));
    auto r = lint("", c);
    CHECK(has_rule(r, "missing_apology"));
}
