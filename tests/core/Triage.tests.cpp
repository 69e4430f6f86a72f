#include "earshot/default_models.hpp"
#include "earshot/triage.hpp"
#include "earshot/wire/playbook_json.hpp"
#include "earshot/wire/triage_json.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace earshot;

namespace {

const Triager& default_triager() {
    static const Triager t(wire::builtin_playbook("default"), default_triage_models());
    return t;
}
const Triager& airline_triager() {
    static const Triager t(wire::builtin_playbook("airline"), default_triage_models());
    return t;
}

Triage run(const std::string& text, std::int64_t followers = 0, int prior = 0, const Triager& tr = default_triager()) {
    Mention m;
    m.text = text;
    m.author.followers = followers;
    TriageContext ctx;
    ctx.prior_contacts = prior;
    return tr.triage(m, ctx);
}

bool has_entity(const Triage& t, const std::string& type, const std::string& value) {
    for (const auto& e : t.entities)
        if (e.type == type && e.value == value) return true;
    return false;
}

} // namespace

TEST_CASE("complaints with no negative word are negative complaints", "[triage]") {
    for (const char* text : {"my bag has been missing for 3 days", "second time my order is late", "still waiting",
                             "been on hold 2 hours", "where is my refund? ordered 2 weeks ago",
                             "@acme tracking hasn't updated since monday"}) {
        INFO(text);
        const Triage t = run(text);
        CHECK(t.sentiment.label == Polarity::Negative);
        CHECK(t.sentiment.score < 0);
        CHECK(t.complaint);
    }
}

TEST_CASE("sarcasm counts as negative", "[triage]") {
    for (const char* text : {"great, another delay", "thanks for nothing", "love how my parcel is lost again 🙃",
                             "oh great, my order is late again. well done @acme"}) {
        INFO(text);
        const Triage t = run(text);
        CHECK(t.sentiment.label == Polarity::Negative);
        CHECK(t.has_signal("sarcasm"));
        CHECK(t.category.id != "praise");
    }
}

TEST_CASE("praise, questions and neutral chatter are not complaints", "[triage]") {
    const Triage praise = run("Thanks @acme for sorting my refund so fast, love it!");
    CHECK(praise.sentiment.label == Polarity::Positive);
    CHECK_FALSE(praise.complaint);
    CHECK(praise.has_signal("praise"));
    CHECK(praise.category.id == "praise");

    const Triage q = run("do you ship to Canada?");
    CHECK(q.sentiment.label == Polarity::Neutral);
    CHECK_FALSE(q.complaint);
    CHECK(q.has_signal("question"));
    CHECK(q.category.id == "question");

    const Triage spam = run("free followers click here follow back");
    CHECK(spam.category.id == "spam");
    CHECK_FALSE(spam.complaint);
    CHECK(spam.respond_within_minutes == 0);
    CHECK(spam.urgency.score == 0);
}

TEST_CASE("emoji and ALL CAPS carry sentiment", "[triage]") {
    CHECK(run("my order @acme 😡😡").sentiment.label == Polarity::Negative);
    CHECK(run("new phone arrived 😍👍").sentiment.label == Polarity::Positive);
    const Triage caps = run("WHERE IS MY ORDER");
    CHECK(caps.has_signal("all_caps"));
    CHECK(caps.sentiment.label == Polarity::Negative);
    CHECK_FALSE(run("where is the store on Main St").has_signal("all_caps"));
}

TEST_CASE("each signal fires on its cue and not without it", "[triage]") {
    CHECK(run("third time I'm asking about this").has_signal("repeat_contact"));
    CHECK(run("my order is late", 0, 2).has_signal("repeat_contact"));
    CHECK_FALSE(run("my order is late").has_signal("repeat_contact"));
    CHECK(run("fix this or I'm switching to a competitor").has_signal("churn_threat"));
    CHECK_FALSE(run("please fix this").has_signal("churn_threat"));
    CHECK(run("refund me or my lawyer will be in touch").has_signal("legal_threat"));
    CHECK_FALSE(run("refund me please").has_signal("legal_threat"));
    CHECK(run("my charger caught fire last night").has_signal("safety"));
    CHECK_FALSE(run("my charger is slow").has_signal("safety"));
    CHECK(run("order is late", 50000).has_signal("high_reach"));
    CHECK_FALSE(run("order is late", 500).has_signal("high_reach"));
    CHECK(run("I need this delivered today for my daughter's wedding").has_signal("time_sensitive"));
    CHECK_FALSE(run("I need this delivered").has_signal("time_sensitive"));
    CHECK(run("how do I change my address?").has_signal("question"));
    CHECK_FALSE(run("I changed my address").has_signal("question"));
    CHECK(run("shoutout to Maria, amazing help as always").has_signal("praise"));
}

TEST_CASE("urgency, tier, team and deadline follow the playbook", "[triage]") {
    const Triage calm = run("do you ship to Canada?");
    const Triage angry = run("WORST SERVICE EVER!!! my heater caught fire and you ignore me, my lawyer will call", 250000, 2);
    CHECK(angry.urgency.score > calm.urgency.score);
    CHECK(angry.urgency.score >= 80);
    CHECK(angry.tier == Tier::Hard);
    CHECK(angry.team == "legal");
    CHECK(angry.respond_within_minutes == 15); // urgent cap in the default playbook
    CHECK_FALSE(angry.urgency.reasons.empty());
    CHECK(calm.tier == Tier::Easy);
    CHECK(calm.respond_within_minutes == 240);

    const Triage delivery = run("my parcel still hasn't arrived, tracking says delivered");
    CHECK(delivery.category.id == "delivery");
    CHECK(delivery.team == "logistics");
    CHECK(delivery.tier == Tier::Medium);
    CHECK(delivery.respond_within_minutes < 120);
    CHECK(delivery.respond_within_minutes > 15);
}

TEST_CASE("categories come from playbook keywords and examples", "[triage]") {
    CHECK(run("you charged me twice for one order").category.id == "billing");
    CHECK(run("can't log in, password reset email never arrives").category.id == "account_access");
    CHECK(run("the blender stopped working after a week").category.id == "defects");
    CHECK(run("your staff at the downtown store were so rude").category.id == "staff");
    CHECK(run("is the app down? keeps crashing").category.id == "outage");
    CHECK(run("how do I cancel my subscription").category.id == "cancellation");
    CHECK(run("on my way to the gym with my sister").category.id == "other");
    CHECK(run("my bag has been missing for 3 days", 0, 0, airline_triager()).category.id == "baggage");
    CHECK(run("flight delayed 4 hours and no updates", 0, 0, airline_triager()).category.id == "delay");
}

TEST_CASE("entities: order, booking and flight numbers, amounts, dates, times, places, products", "[triage]") {
    const Triage t = run("order #A12345 charged $45.00 on 11/03 at 10:30am, my Acme Plus still broken");
    CHECK(has_entity(t, "order_number", "A12345"));
    CHECK(has_entity(t, "amount", "45.00 USD"));
    CHECK(has_entity(t, "date", "11/03"));
    CHECK(has_entity(t, "time", "10:30 am"));
    CHECK(has_entity(t, "product", "Acme Plus"));
    for (const auto& e : t.entities) {
        INFO(e.type << " " << e.text);
        CHECK(e.text == std::string("order #A12345 charged $45.00 on 11/03 at 10:30am, my Acme Plus still broken").substr(e.begin, e.end - e.begin));
    }
    const Triage a = run("flight UA1234 from SFO to JFK cancelled, booking ref X7K2P9 for tomorrow", 0, 0, airline_triager());
    CHECK(has_entity(a, "flight_number", "UA1234"));
    CHECK(has_entity(a, "place", "SFO"));
    CHECK(has_entity(a, "place", "JFK"));
    CHECK(has_entity(a, "booking_reference", "X7K2P9"));
    CHECK(has_entity(a, "date", "tomorrow"));
}

TEST_CASE("every label is explained", "[triage]") {
    const Triage t = run("second time my order is late");
    std::vector<std::string> labels;
    for (const auto& e : t.explanation) {
        labels.push_back(e.label);
        CHECK_FALSE(e.because.empty());
    }
    CHECK(labels == std::vector<std::string>{"sentiment", "complaint", "category", "urgency", "tier", "team", "deadline"});
    const std::string why = t.explanation[0].because[1] + t.explanation[0].because[2];
    CHECK(why.find("late") != std::string::npos);
    CHECK(why.find("second time") != std::string::npos);
}

TEST_CASE("triage is deterministic", "[triage]") {
    const std::string text = "@acme WHY is my refund still not here?? 3rd time asking 😡 order #A99812";
    const auto a = wire::triage_to_json(run(text, 12000, 1)).dump();
    const auto b = wire::triage_to_json(run(text, 12000, 1)).dump();
    const Triager fresh(wire::builtin_playbook("default"), default_triage_models());
    Mention m;
    m.text = text;
    m.author.followers = 12000;
    const auto c = wire::triage_to_json(fresh.triage(m, {1, 0})).dump();
    CHECK(a == b);
    CHECK(a == c);
}

TEST_CASE("triage_into reuses one result and gives triage()'s answer; explain off leaves only the explanation out", "[triage]") {
    const char* texts[] = {
        "@acme WHY is my refund still not here?? 3rd time asking 😡 order #A99812 $45.00 tomorrow 10:30am",
        "thanks so much, the new charger works great!",
        "",
        "FREE FOLLOWERS click here bitcoin http://x.co/a http://y.co/b http://z.co/c",
        "my flight UA1234 from SFO to JFK was cancelled, stuck at the airport, lawyer is next \xff\xfe",
        "is there a way to change my delivery address?",
        "the heater caught fire in my kitchen, my son got burned. I am calling my lawyer",
    };
    Triage reused;
    for (int pass = 0; pass < 2; ++pass) {
        for (const char* text : texts) {
            Mention m;
            m.text = text;
            m.author.followers = 250000;
            TriageContext ctx;
            ctx.prior_contacts = pass;
            REQUIRE(parse_iso8601("2026-11-24T18:00:00Z", ctx.now_ms));
            const auto expected = wire::triage_to_json(default_triager().triage(m, ctx));
            default_triager().triage_into(m, ctx, reused);
            CHECK(wire::triage_to_json(reused) == expected);
            ctx.explain = false;
            default_triager().triage_into(m, ctx, reused);
            CHECK(reused.explanation.empty());
            auto lean = expected;
            lean["explanation"] = wire::triage_to_json(reused)["explanation"];
            CHECK(wire::triage_to_json(reused) == lean);
        }
    }
}

TEST_CASE("empty, huge and invalid UTF-8 input never crash", "[triage]") {
    const Triage empty = run("");
    CHECK(empty.sentiment.label == Polarity::Neutral);
    CHECK_FALSE(empty.complaint);
    std::string huge;
    for (int i = 0; i < 20000; ++i) huge += "WHY is my ORDER #123 still missing?!?! 😡 ";
    const Triage h = run(huge);
    CHECK(h.sentiment.label == Polarity::Negative);
    CHECK(h.urgency.score <= 100);
    const std::string bad = "my order \xff\xfe is \xc3 late \xe2\x82 \xf0\x9f\x98";
    const Triage b = run(bad);
    CHECK(b.complaint);
    CHECK_NOTHROW(wire::triage_to_json(b).dump());
    std::string zeros(1000, '\0');
    CHECK_NOTHROW(run(zeros));
}

TEST_CASE("the caller's clock resolves relative days and shortens the deadline by the wait so far", "[triage]") {
    Mention m;
    m.text = "my parcel was due yesterday and still nothing, I need it tomorrow";
    REQUIRE(parse_iso8601("2026-11-24T18:00:00Z", m.created_at_ms));
    TriageContext ctx;
    const Triage fresh = default_triager().triage(m, ctx);
    REQUIRE(parse_iso8601("2026-11-24T18:30:00Z", ctx.now_ms));
    const Triage later = default_triager().triage(m, ctx);
    CHECK(has_entity(later, "date", "2026-11-23"));
    CHECK(has_entity(later, "date", "2026-11-25"));
    CHECK(has_entity(fresh, "date", "yesterday"));
    CHECK(later.respond_within_minutes == std::max(1, fresh.respond_within_minutes - 30));
}

TEST_CASE("random bytes and random word salad never crash and always give printable JSON", "[triage]") {
    std::uint64_t state = 88172645463325252ULL; // xorshift64: deterministic
    auto next = [&state] {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    };
    const char* words[] = {"not", "never", "but", "BUT", "so", "least", "at", "kind", "of", "the", "shit", "thanks",
                           "for", "nothing", "#", "$", "12:30", "11/03", "UA1234", "#A1", "@acme", "😡", "🙃", "!!!",
                           "???", "again", "still", "waiting", "fire", "lawyer", "today", "x", "", "\xff", "\xe2\x82"};
    for (int i = 0; i < 1500; ++i) {
        std::string text;
        const std::size_t len = next() % 40;
        for (std::size_t k = 0; k < len; ++k) {
            if (i % 2) text.push_back(static_cast<char>(next() & 0xFF));
            else {
                text += words[next() % (sizeof(words) / sizeof(words[0]))];
                text.push_back(next() % 5 ? ' ' : ',');
            }
        }
        const Triage t = run(text, static_cast<std::int64_t>(next() % 100000), static_cast<int>(next() % 4));
        INFO(text);
        CHECK(t.sentiment.score >= -1.0);
        CHECK(t.sentiment.score <= 1.0);
        CHECK(t.urgency.score >= 0);
        CHECK(t.urgency.score <= 100);
        CHECK(t.category.confidence >= 0.0);
        CHECK(t.category.confidence <= 1.0);
        for (const auto& e : t.entities) CHECK(e.end <= text.size());
        CHECK_NOTHROW(wire::triage_to_json(t).dump());
    }
}
