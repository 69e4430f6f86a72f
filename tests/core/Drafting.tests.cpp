#include "earshot/draft.hpp"
#include "earshot/pii.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <set>

using namespace earshot;

namespace {

std::string findings_of(const Draft& d) {
    std::string s;
    for (const auto& f : d.lint.findings) s += f.rule + ": '" + f.text + "' ";
    return s;
}

ReplyContext complaint(const std::string& category, const std::string& text) {
    ReplyContext c;
    c.mention_text = text;
    c.customer_handle = "@jane_d";
    c.customer_name = "Jane Doe";
    c.complaint = true;
    c.sentiment = -0.5;
    c.category_id = category;
    c.category_label = category;
    c.team = "Support team";
    c.respond_within_minutes = 120;
    c.mention_id = "m-" + category;
    return c;
}

struct Rng {
    std::uint64_t s;
    std::uint64_t next() {
        s += 0x9E3779B97F4A7C15ULL;
        std::uint64_t z = s;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
    std::string digits(int n) {
        std::string d;
        for (int i = 0; i < n; ++i) d.push_back(static_cast<char>('0' + below(10)));
        return d;
    }
};

std::string luhn_card(Rng& r) {
    std::string d = "4" + r.digits(14);
    for (char check = '0'; check <= '9'; ++check)
        if (luhn_valid(d + check)) return d + check;
    return d + "0";
}

void check_first_draft_clean(const ReplyContext& c) {
    Drafter drafter;
    auto drafts = drafter.draft(c);
    INFO(c.platform << " / " << c.category_id << " / sentiment " << c.sentiment << ": " << c.mention_text);
    REQUIRE_FALSE(drafts.empty());
    CHECK(drafts.size() <= 3);
    INFO("draft: " << drafts[0].public_reply);
    INFO("findings: " << findings_of(drafts[0]));
    CHECK(drafts[0].lint.passed());
    CHECK(drafts[0].lint.length <= drafter.linter().limit(c.platform));
    for (std::size_t i = 0; i < drafts.size(); ++i) CHECK(drafts[i].rank == static_cast<int>(i) + 1);
}

} // namespace

TEST_CASE("drafts for a complaint acknowledge, apologise, name the team and deadline, and sign", "[drafting]") {
    auto c = complaint("billing", "@acme charged me $45 twice this month, what is going on");
    c.entities = {{"amount", "$45", "45.00 USD"}};
    c.team = "Billing team";
    auto drafts = draft_replies(c);
    REQUIRE(drafts.size() == 3);
    const auto& d = drafts[0];
    INFO(d.public_reply);
    CHECK(d.lint.passed());
    CHECK(d.public_reply.find("Jane") != std::string::npos);
    CHECK(d.public_reply.find("$45") != std::string::npos);
    CHECK(d.public_reply.find("orry") != std::string::npos);
    CHECK(d.public_reply.find("Billing team") != std::string::npos);
    CHECK(d.public_reply.find("within 2 hours") != std::string::npos);
    CHECK(d.public_reply.find("^{initials}") != std::string::npos);
    // alternatives differ
    std::set<std::string> distinct;
    for (const auto& x : drafts) distinct.insert(x.public_reply);
    CHECK(distinct.size() == drafts.size());
}

TEST_CASE("drafts for every default category pass the linter", "[drafting]") {
    ReplyRules rules;
    for (const auto& w : rules.categories) {
        auto c = complaint(w.id, "really unhappy with the " + w.id + " thing from you today");
        check_first_draft_clean(c);
    }
    auto other = complaint("other", "my router keeps dropping the connection every evening");
    check_first_draft_clean(other);
}

TEST_CASE("drafts fit every platform, tier and sentiment", "[drafting]") {
    for (const char* platform : {"x", "facebook", "instagram", "review", "forum", "email", "tiktok", "bluesky"})
        for (int minutes : {15, 60, 120, 240, 2880})
            for (double sentiment : {-0.95, -0.5, -0.1}) {
                auto c = complaint("delivery", "where is my parcel, it was due on Monday and tracking says nothing");
                c.platform = platform;
                c.respond_within_minutes = minutes;
                c.sentiment = sentiment;
                if (sentiment < -0.9) c.signals = {"all_caps", "churn_threat"};
                check_first_draft_clean(c);
            }
}

TEST_CASE("drafts for praise thank, recognise and invite the customer to stay involved", "[drafting]") {
    ReplyContext p;
    p.mention_text = "Loving my new Galaxy S24 from @acme, delivery was super fast!";
    p.customer_handle = "@bobby";
    p.customer_name = "Bob Lane";
    p.category_id = "praise";
    p.signals = {"praise"};
    p.sentiment = 0.8;
    p.entities = {{"product", "Galaxy S24", "Galaxy S24"}};
    auto drafts = draft_replies(p);
    REQUIRE_FALSE(drafts.empty());
    const auto& d = drafts[0];
    INFO(d.public_reply);
    CHECK(d.kind == "thanks");
    CHECK(d.lint.passed());
    CHECK((d.public_reply.find("Thank") != std::string::npos || d.public_reply.find("thank") != std::string::npos));
    CHECK(d.public_reply.find("Galaxy S24") != std::string::npos);
    CHECK(d.public_reply.find("orry") == std::string::npos);
    CHECK(d.private_reply.empty());
}

TEST_CASE("drafts for questions link the help article or promise an answer by a time", "[drafting]") {
    ReplyContext q;
    q.mention_text = "How do I change the billing address on my account?";
    q.customer_name = "Ann Lee";
    q.category_id = "billing";
    q.category_label = "Billing";
    q.signals = {"question"};
    q.team = "Billing team";
    q.respond_within_minutes = 240;
    q.help_article = "https://acme.example/help/billing-address";
    auto d = draft_replies(q);
    REQUIRE_FALSE(d.empty());
    CHECK(d[0].kind == "answer");
    CHECK(d[0].lint.passed());
    CHECK(d[0].public_reply.find(q.help_article) != std::string::npos);
    q.help_article.clear();
    auto n = draft_replies(q);
    REQUIRE_FALSE(n.empty());
    CHECK(n[0].lint.passed());
    CHECK(n[0].public_reply.find("within 4 hours") != std::string::npos);
}

TEST_CASE("angry, repeat and legal-threat complaints get matching empathy and a private follow-up", "[drafting]") {
    auto c = complaint("delay", "WORST AIRLINE EVER. Flight UA 1234 delayed 6 hours and NOBODY tells us anything!!!");
    c.entities = {{"flight_number", "UA 1234", "UA1234"}};
    c.signals = {"all_caps"};
    c.sentiment = -0.9;
    auto d = draft_replies(c);
    REQUIRE_FALSE(d.empty());
    INFO(d[0].public_reply);
    CHECK(d[0].lint.passed());
    CHECK(d[0].public_reply.find("UA 1234") != std::string::npos);

    auto legal = complaint("defects", "Third time I've contacted you about my broken washer. My lawyer will hear about this.");
    legal.signals = {"legal_threat", "repeat_contact"};
    legal.platform = "review";
    legal.customer_name = "";
    legal.customer_handle = "";
    auto l = draft_replies(legal);
    REQUIRE_FALSE(l.empty());
    INFO(l[0].public_reply);
    CHECK(l[0].lint.passed());
    CHECK(l[0].public_reply.find("again") != std::string::npos);
    CHECK(l[0].public_reply.find("lawyer") == std::string::npos);
    CHECK_FALSE(l[0].private_reply.empty());
    CHECK(l[0].channel == "email");
}

TEST_CASE("personal data in the mention moves to the private message, never the public reply", "[drafting]") {
    auto c = complaint("delivery",
                       "my card 4111 1111 1111 1111 was charged but order 55512345 never arrived, email me jane@x.com");
    auto d = draft_replies(c);
    REQUIRE_FALSE(d.empty());
    for (const auto& s : detect_pii(c.mention_text))
        for (const auto& x : d) {
            INFO(x.public_reply);
            CHECK_FALSE(pii_appears_in(s, x.public_reply));
        }
    INFO(d[0].public_reply);
    CHECK(d[0].lint.passed());
    CHECK((d[0].public_reply.find("privat") != std::string::npos || d[0].public_reply.find("DM") != std::string::npos));
    REQUIRE_FALSE(d[0].private_reply.empty());
    CHECK(d[0].private_reply.find("55512345") != std::string::npos); // the order number is used privately
    CHECK(d[0].private_reply.find("delete") != std::string::npos);   // and says why
}

TEST_CASE("property: generated personal data never leaks into public drafts", "[drafting][property]") {
    Rng rng{20261124};
    Drafter drafter;
    const char* categories[] = {"billing", "delivery", "defects", "account_access", "other", "booking", "refund"};
    const char* platforms[] = {"x", "facebook", "instagram", "review", "forum"};
    int clean = 0;
    const int n = 300;
    for (int i = 0; i < n; ++i) {
        std::string card = luhn_card(rng);
        std::string grouped = card.substr(0, 4) + " " + card.substr(4, 4) + " " + card.substr(8, 4) + " " + card.substr(12);
        std::string email = "user" + rng.digits(4) + "@mail" + rng.digits(2) + ".com";
        std::string phone = "+44 7700 " + rng.digits(6);
        std::string account = rng.digits(8);
        std::string order = "A" + rng.digits(7);
        std::vector<std::string> secrets;
        std::string text;
        switch (rng.below(5)) {
        case 0: text = "charged twice on " + (rng.below(2) ? grouped : card) + "!! fix it"; secrets = {card}; break;
        case 1: text = "nobody answers, reach me at " + email + " or " + phone; secrets = {email, phone}; break;
        case 2: text = "account number " + account + " locked again, this is ridiculous"; secrets = {account}; break;
        case 3: text = "order " + order + " still not here, call " + phone; secrets = {order, phone}; break;
        default: text = "refund to card " + grouped + " for order #" + order + " please, mail " + email;
                 secrets = {card, order, email};
        }
        ReplyContext c = complaint(categories[rng.below(7)], text);
        c.platform = platforms[rng.below(5)];
        c.mention_id = "p" + std::to_string(i);
        c.sentiment = -0.2 - rng.below(8) / 10.0;
        auto drafts = drafter.draft(c);
        REQUIRE_FALSE(drafts.empty());
        for (const auto& d : drafts)
            for (const auto& s : secrets) {
                INFO(text << "\n -> " << d.public_reply);
                std::string digits;
                for (char ch : s)
                    if (ch >= '0' && ch <= '9') digits.push_back(ch);
                CHECK(d.public_reply.find(s) == std::string::npos);
                std::string public_digits;
                for (char ch : d.public_reply)
                    if (ch >= '0' && ch <= '9') public_digits.push_back(ch);
                if (digits.size() >= 6) CHECK(public_digits.find(digits.substr(digits.size() - 6)) == std::string::npos);
            }
        if (drafts[0].lint.passed()) ++clean;
        else WARN(c.platform << "|" << c.category_id << "|" << text << "\n -> " << drafts[0].public_reply << "\n " << findings_of(drafts[0]));
    }
    CHECK(clean == n);
}

TEST_CASE("drafting is deterministic and varies across mentions of one category", "[drafting]") {
    Drafter drafter;
    auto c = complaint("delivery", "parcel still not here after a week");
    auto a = drafter.draft(c);
    auto b = drafter.draft(c);
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i].public_reply == b[i].public_reply);
        CHECK(a[i].private_reply == b[i].private_reply);
    }
    CHECK(draft_replies(c)[0].public_reply == a[0].public_reply);

    const char* what[] = {"parcel", "package", "order", "delivery", "box", "shipment", "courier", "driver", "tracking", "item"};
    const char* how[] = {"still not here", "is late again", "never arrived", "went missing", "is stuck in transit",
                         "was left in the rain", "shows delivered but isn't", "is 5 days late", "lost somewhere",
                         "not delivered"};
    std::set<std::string> firsts;
    for (int i = 0; i < 100; ++i) {
        ReplyContext m = complaint("delivery", std::string("my ") + what[i % 10] + " " + how[(i / 10) % 10]);
        m.customer_handle = "@customer" + std::to_string(i % 7);
        m.customer_name.clear();
        m.mention_id = std::to_string(1000 + i);
        auto d = drafter.draft(m);
        REQUIRE_FALSE(d.empty());
        CHECK(d[0].lint.passed());
        firsts.insert(d[0].public_reply);
    }
    CHECK(firsts.size() >= 90);
}

TEST_CASE("spam and no-reply mentions get no drafts", "[drafting]") {
    auto c = complaint("spam", "buy followers now!!! cheap");
    CHECK(draft_replies(c).empty());
    auto d = complaint("billing", "anything");
    d.needs_reply = false;
    CHECK(draft_replies(d).empty());
}

TEST_CASE("formal tone drops contractions and exclamation marks", "[drafting]") {
    ReplyRules formal;
    formal.tone = "formal";
    auto c = complaint("billing", "charged twice for the same month");
    auto d = draft_replies(c, formal);
    REQUIRE_FALSE(d.empty());
    INFO(d[0].public_reply);
    CHECK(d[0].lint.passed());
    CHECK(d[0].public_reply.find("I'm") == std::string::npos);
    CHECK(d[0].public_reply.find("we'll") == std::string::npos);
    CHECK(d[0].public_reply.find('!') == std::string::npos);
}

TEST_CASE("drafts never crash on odd input", "[drafting]") {
    auto c = complaint("billing", "");
    CHECK_NOTHROW(draft_replies(c));
    c.mention_text = std::string(20000, 'A') + "\xff\xfe";
    c.customer_name = "\xc3(";
    c.entities = {{"product", std::string(500, 'x'), ""}};
    auto d = draft_replies(c);
    REQUIRE_FALSE(d.empty());
    CHECK(d[0].lint.length <= 280);
}
