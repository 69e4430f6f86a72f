#include "earshot/detmath.hpp"
#include "earshot/insights.hpp"
#include "earshot/lint.hpp"

#include "../support/insights_synth.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace earshot;
using namespace earshot::insights;

namespace {
constexpr std::int64_t kMin = 60'000;
constexpr std::int64_t kHour = 60 * kMin;
constexpr std::int64_t kT0 = 1'795'478'400'000LL; // 2026-11-24T00:00Z

std::vector<Spike> run_detector(SpikeDetector& det, const std::vector<synth::Generated>& stream,
                                std::vector<std::pair<Spike, int>>* with_source = nullptr) {
    std::vector<Spike> all;
    for (const auto& g : stream) {
        std::vector<std::string> keys = {"category:" + g.facts.category};
        for (const auto& e : g.facts.entities) keys.push_back("entity:" + e.type + ":" + e.value);
        for (auto& s : det.observe(g.facts.at_ms, g.facts.author, keys)) {
            if (with_source) with_source->emplace_back(s, g.spike);
            all.push_back(s);
        }
    }
    return all;
}

} // namespace

TEST_CASE("deterministic math matches the known values", "[insights]") {
    CHECK(det_exp(0) == 1.0);
    CHECK(det_exp(1) == Approx(2.718281828459045).epsilon(1e-15));
    CHECK(det_exp(-20) == Approx(2.061153622438558e-9).epsilon(1e-13));
    CHECK(det_log(1) == 0.0);
    CHECK(det_log(10) == Approx(2.302585092994046).epsilon(1e-15));
    CHECK(det_log(1e-9) == Approx(-20.72326583694641).epsilon(1e-14));
    // P(X >= 3 | 1) = 1 - e^-1 (1 + 1 + 1/2)
    CHECK(det_exp(poisson_log_tail(3, 1.0)) == Approx(1 - 2.5 * 0.36787944117144233).epsilon(1e-12));
    CHECK(poisson_log_tail(0, 3.0) == 0.0);
    // far tail stays finite and tiny: P(X >= 60 | 2)
    CHECK(poisson_log_tail(60, 2.0) == Approx(-149.006).margin(0.01));
    CHECK(poisson_log_tail(200, 150.0) < 0);
    CHECK(round4(0.123456) == 0.1235);
    CHECK(round4(-0.00005) == -0.0001);
}

TEST_CASE("steady diurnal traffic over many categories pages no one", "[insights][spikes]") {
    synth::StreamSpec spec;
    spec.duration_ms = 3 * 24 * kHour;
    spec.seed = 7;
    SpikeDetector det;
    const auto spikes = run_detector(det, synth::generate(spec));
    for (const auto& s : spikes) INFO(s.key << " at +" << (s.at_ms - spec.start_ms) / kMin << " min obs " << s.observed << " exp " << s.expected);
    CHECK(spikes.size() <= 1); // budget 0.5 a day over three days; the union bound is conservative
    CHECK(det.alpha() < 1e-4);
}

TEST_CASE("a slow drift of one category is learned, not paged", "[insights][spikes]") {
    // billing grows from its share to three times it over two days: every hour a little more.
    SpikeDetector det;
    synth::Rng rng(3);
    std::int64_t n = 0;
    std::vector<Spike> spikes;
    for (std::int64_t t = kT0; t < kT0 + 48 * kHour; t += kMin) {
        const double progress = static_cast<double>(t - kT0) / (48.0 * kHour);
        const int other = rng.poisson(3.0);
        const int billing = rng.poisson(0.3 * (1.0 + 2.0 * progress));
        for (int i = 0; i < other + billing; ++i) {
            const std::string cat = i < billing ? "billing" : "c" + std::to_string(rng.pick(10));
            for (auto& s : det.observe(t + i, "@u" + std::to_string(++n), {"category:" + cat})) spikes.push_back(s);
        }
    }
    CHECK(spikes.empty());
}

TEST_CASE("a sudden 5x spike in a category is detected within ten minutes", "[insights][spikes]") {
    synth::StreamSpec spec;
    spec.duration_ms = 30 * kHour;
    spec.seed = 11;
    synth::SpikeSpec sp;
    sp.category = "delivery";
    sp.onset_ms = spec.start_ms + 26 * kHour; // 02:00 next day, the quiet hours
    sp.cause = "app crashes on the login screen since the update";
    spec.spikes.push_back(sp);
    sp.onset_ms = spec.start_ms + 15 * kHour; // and one at the afternoon peak
    sp.category = "billing";
    sp.cause = "charged a foreign transaction fee twice";
    spec.spikes.push_back(sp);
    SpikeDetector det;
    std::vector<std::pair<Spike, int>> src;
    run_detector(det, synth::generate(spec), &src);
    std::map<std::string, std::int64_t> first;
    for (const auto& [s, from] : src) {
        INFO(s.key << " +" << (s.at_ms - spec.start_ms) / kMin);
        if (!first.count(s.key)) first[s.key] = s.at_ms;
    }
    REQUIRE(first.count("category:billing"));
    CHECK(first["category:billing"] >= spec.spikes[1].onset_ms);
    CHECK(first["category:billing"] - spec.spikes[1].onset_ms <= 10 * kMin);
    REQUIRE(first.count("category:delivery"));
    CHECK(first["category:delivery"] >= spec.spikes[0].onset_ms);
    CHECK(first["category:delivery"] - spec.spikes[0].onset_ms <= 10 * kMin);
    CHECK(first.size() == 2);
}

TEST_CASE("many small categories stay quiet until one of them really spikes", "[insights][spikes]") {
    SpikeDetector det;
    synth::Rng rng(5);
    std::vector<Spike> spikes;
    std::int64_t n = 0;
    const std::int64_t onset = kT0 + 30 * kHour;
    for (std::int64_t t = kT0; t < kT0 + 32 * kHour; t += kMin) {
        const int k = rng.poisson(4.0); // 200 categories, ~29 a day each
        for (int i = 0; i < k; ++i) {
            const std::string cat = "cat" + std::to_string(rng.pick(200));
            for (auto& s : det.observe(t + i, "@u" + std::to_string(++n), {"category:" + cat})) spikes.push_back(s);
        }
        if (t >= onset && t < onset + 15 * kMin && true)
            for (auto& s : det.observe(t + 30'000, "@v" + std::to_string(++n), {"category:cat42"})) spikes.push_back(s);
    }
    REQUIRE(spikes.size() == 1);
    CHECK(spikes[0].key == "category:cat42");
    CHECK(spikes[0].at_ms - onset <= 10 * kMin);
    CHECK(spikes[0].observed >= det.config().min_count);
}

TEST_CASE("one loud author is not a spike; the same count from distinct authors is", "[insights][spikes]") {
    SpikeConfig cfg;
    cfg.warmup_minutes = 0;
    cfg.warmup_mentions = 0;
    SpikeDetector det(cfg);
    for (int i = 0; i < 300; ++i) det.observe(kT0 + i * kMin, "@bg" + std::to_string(i), {"category:other"});
    const std::int64_t t = kT0 + 300 * kMin;
    std::vector<Spike> s1;
    for (int i = 0; i < 8; ++i)
        for (auto& s : det.observe(t + i * kMin, "@angry", {"entity:flight_number:UA1"})) s1.push_back(s);
    CHECK(s1.empty());
    std::vector<Spike> s2;
    for (int i = 0; i < 8; ++i)
        for (auto& s : det.observe(t + 10 * kMin + i * kMin, "@p" + std::to_string(i), {"entity:flight_number:UA2"}))
            s2.push_back(s);
    REQUIRE(s2.size() == 1);
    CHECK(s2[0].key == "entity:flight_number:UA2");
    CHECK(s2[0].observed == cfg.min_count);
    CHECK(det.in_alarm("entity:flight_number:UA2"));
    CHECK_FALSE(det.in_alarm("entity:flight_number:UA1"));
}

TEST_CASE("features keep content stems and cause entities", "[insights][grouping]") {
    const auto f = extract_features("My flight UA1234 is DELAYED again!!! @airline https://t.co/x",
                                    {{"flight_number", "UA1234", "UA1234"}, {"order_number", "A1", "#A1"}});
    const std::set<std::string> stems(f.stems.begin(), f.stems.end());
    CHECK(stems.count("flight"));
    CHECK(stems.count("delay"));
    CHECK(stems.count("ua1234"));
    CHECK_FALSE(stems.count("my"));
    CHECK_FALSE(stems.count("again"));
    CHECK(f.cause_entities == std::vector<std::string>{"flight_number:UA1234"});
    CHECK(extract_features("delays", {}).stems == extract_features("delayed", {}).stems);
    CHECK(extract_features("charges", {}).stems == extract_features("charged", {}).stems);
}

TEST_CASE("the memoising feature extractor gives the same features as extract_features", "[insights][grouping]") {
    std::vector<std::pair<std::string, std::vector<EntityRef>>> texts = {
        {"My flight UA1234 is DELAYED again!!! @airline https://t.co/x", {{"flight_number", "UA1234", "UA1234"}}},
        {"my flight ua1234 is delayed AGAIN", {{"flight_number", "ua1234", "ua1234"}, {"order_number", "A1", "#A1"}}},
        {"#FailWhale #2024 www.example.com bit.ly/abc mail me at jane@example.com, @bob_x: sooo baaad", {}},
        {"I can\u2019t log in \u2014 it\u2019s been 3 days. Caf\u00e9 na\u00efve \u00fcber \u65e5\u672c\u8a9e \U0001F620", {}},
        {"charged charges charging CHARGED twice!!! double-charged, e-mail", {{"amount", "$45", "$45"}, {"amount", "$45", "45"}}},
        {std::string(70, 'a') + " longword " + std::string(64, 'b') + " end", {}},
        {"", {}},
    };
    // the same words again in other cases and orders, and a synthetic stream
    texts.push_back({"DELAYED my FLIGHT is again ua1234", {}});
    synth::StreamSpec spec;
    spec.duration_ms = kHour;
    for (const auto& g : synth::generate(spec)) texts.push_back({g.facts.text, g.facts.entities});
    FeatureExtractor ex;
    for (int round = 0; round < 2; ++round) // cold memo, then warm
        for (const auto& [text, ents] : texts) {
            INFO(text);
            const auto ref = extract_features(text, ents);
            const auto& got = ex.extract(text, ents);
            CHECK(got.ids == ref.ids);
            CHECK(got.stem_ids == ref.stem_ids);
            CHECK(got.simhash == ref.simhash);
            CHECK(got.cause_entities == ref.cause_entities);
            CHECK(got.entity_ids == ref.entity_ids);
            CHECK(got.stems.empty());
            REQUIRE(got.words.size() == ref.stems.size());
            for (std::size_t i = 0; i < got.words.size(); ++i) {
                CHECK(ex.stem(got.words[i]) == ref.stems[i]);
                CHECK(ex.surface(got.words[i]) == ref.surface[i]);
            }
        }
    // Features from an extractor carry no surface strings: the grouper needs the extractor with them.
    Grouper g;
    const auto f = ex.extract("the checkout page is broken", {});
    CHECK_THROWS_AS(g.add(kT0, "app", f), std::invalid_argument);
    CHECK(g.live_groups() == 0);
    const auto a = g.add(kT0, "app", f, &ex);
    CHECK(a.created);
    CHECK(g.top_terms(a.group, 1).size() == 1);
}

TEST_CASE("hand-made groups of related complaints are clustered together and apart", "[insights][grouping]") {
    Grouper g;
    const std::vector<std::vector<std::pair<std::string, std::vector<EntityRef>>>> groups = {
        {{"app crashes every time I open the login screen", {}},
         {"since the update the app crashes on login", {}},
         {"login screen crashes the app, cannot get in", {}},
         {"your app keeps crashing at login after updating", {}}},
        {{"charged twice for the same order this morning", {}},
         {"double charged on my card, two identical charges", {}},
         {"why was I charged twice?? two charges on my statement", {}}},
        {{"flight UA1234 delayed again, no information at the gate", {{"flight_number", "UA1234", "UA1234"}}},
         {"still sitting at the gate for UA1234", {{"flight_number", "UA1234", "UA1234"}}},
         {"UA1234 now 3 hours late, missed my connection", {{"flight_number", "UA1234", "UA1234"}}}},
    };
    const std::vector<std::string> cats = {"app", "billing", "delays"};
    // A few hours of ordinary traffic first, so word weights are those of a real stream.
    synth::StreamSpec spec;
    spec.duration_ms = 3 * kHour;
    spec.categories.erase(spec.categories.begin(), spec.categories.begin() + 4); // none about these causes
    for (const auto& bg : synth::generate(spec)) g.add(bg.facts.at_ms, bg.facts.category, extract_features(bg.facts.text, bg.facts.entities));
    const std::vector<std::pair<std::string, std::string>> unrelated = {
        {"the new seats are really uncomfortable", "delays"},
        {"my parcel was left in the rain", "app"},
        {"loyalty points never credited for my trip", "billing"},
    };
    std::int64_t t = kT0 + 3 * kHour;
    std::vector<std::vector<std::uint64_t>> ids(groups.size());
    // interleave the groups so the grouper sees them mixed
    for (std::size_t i = 0; i < 4; ++i)
        for (std::size_t k = 0; k < groups.size(); ++k)
            if (i < groups[k].size()) {
                ids[k].push_back(g.add(t += kMin, cats[k], extract_features(groups[k][i].first, groups[k][i].second)).group);
                if (i == 1) {
                    const auto& u = unrelated[k];
                    const auto a = g.add(t += kMin, u.second, extract_features(u.first, {}));
                    CHECK(a.created);
                }
            }
    std::set<std::uint64_t> distinct;
    for (const auto& v : ids) {
        INFO("group of " << v.size());
        CHECK(std::set<std::uint64_t>(v.begin(), v.end()).size() == 1);
        distinct.insert(v.front());
    }
    CHECK(distinct.size() == groups.size());
    const auto terms = g.top_terms(ids[0].front(), 3);
    REQUIRE(!terms.empty());
    std::set<std::string> tset;
    for (const auto& [w, n] : terms) tset.insert(w);
    INFO(terms[0].first << " " << (terms.size() > 1 ? terms[1].first : "") << " " << (terms.size() > 2 ? terms[2].first : ""));
    CHECK((tset.count("crashes") + tset.count("login") + tset.count("app")) >= 2);
}

TEST_CASE("near-duplicates are flagged", "[insights][grouping]") {
    Grouper g;
    const auto a = g.add(kT0, "app", extract_features("RT this: the checkout page is broken for everyone since noon", {}));
    const auto b = g.add(kT0 + kMin, "app", extract_features("the checkout page is broken for everyone since noon!!", {}));
    CHECK(a.group == b.group);
    CHECK(b.near_duplicate);
}

namespace {
const Incident& flight_incident(const Insights& in) {
    for (const auto& i : in.incidents())
        if (i.opened_at_ms >= kT0 + 26 * kHour) return i;
    FAIL("no incident opened after the onset");
    return in.incidents().front();
}

/// A day of background traffic, then a flight number that many distinct customers complain about.
std::int64_t g_fifth_injected_at = 0;

Insights stream_with_flight_incident(std::int64_t& onset, std::vector<std::string>* spike_ids = nullptr) {
    synth::StreamSpec spec;
    spec.duration_ms = 28 * kHour;
    spec.seed = 21;
    synth::SpikeSpec sp;
    sp.category = "delays";
    sp.onset_ms = spec.start_ms + 26 * kHour;
    sp.duration_ms = 90 * kMin;
    sp.cause = "flight cancelled, stuck at the gate with no rebooking";
    sp.entities = {{"flight_number", "UA1234", "UA1234"}, {"place", "Heathrow", "Heathrow"}};
    sp.min_rate_per_minute = 0.5;
    spec.spikes.push_back(sp);
    onset = sp.onset_ms;
    Insights in;
    int injected = 0;
    for (auto& g : synth::generate(spec)) {
        if (g.spike >= 0 && ++injected == 5) g_fifth_injected_at = g.facts.at_ms;
        if (g.spike >= 0 && spike_ids) spike_ids->push_back(g.facts.id);
        if (g.spike >= 0 && spike_ids && spike_ids->size() == 1) {
            g.facts.entities.push_back({"booking_reference", "QX7P2L", "QX7P2L"});
            g.facts.entities.push_back({"email", "jane@example.com", "jane@example.com"});
            g.facts.text += " booking QX7P2L, mail me at jane@example.com";
        }
        in.observe(g.facts);
    }
    return in;
}
} // namespace

TEST_CASE("a flight-number spike opens one titled incident with its affected customers", "[insights][incidents]") {
    std::int64_t onset = 0;
    std::vector<std::string> spike_ids;
    Insights in = stream_with_flight_incident(onset, &spike_ids);
    for (const auto& i : in.incidents())
        INFO(i.id << " " << i.title << " anchor " << i.anchor << " opened +" << (i.opened_at_ms - onset) / kMin);
    // The 28 hours of background may raise one false incident (the budget is 0.5 a day); never more.
    REQUIRE(in.incidents().size() >= 1);
    CHECK(in.incidents().size() <= 2);
    const auto& inc = flight_incident(in);
    CHECK(inc.id.rfind("INC-000", 0) == 0);
    CHECK(inc.status == IncidentStatus::Open);
    CHECK(inc.category == "delays");
    CHECK(inc.team == "operations");
    CHECK(inc.opened_at_ms >= onset);
    // opened as soon as a handful of distinct customers name the flight: by the 5th injected mention
    CHECK(inc.opened_at_ms <= g_fifth_injected_at);
    CHECK(inc.first_seen_ms <= inc.opened_at_ms);
    CHECK(inc.first_seen_ms >= onset);
    CHECK(inc.title.find("UA1234") != std::string::npos);
    REQUIRE(!inc.entities.empty());
    CHECK(inc.entities.front().entity.value == "UA1234");
    // nearly every injected complaint is in the incident, and few background ones are
    const std::set<std::string> injected(spike_ids.begin(), spike_ids.end());
    std::size_t hit = 0;
    for (const auto& id : inc.mention_ids) hit += injected.count(id);
    CHECK(hit >= injected.size() * 9 / 10);
    CHECK(inc.mention_ids.size() - hit <= inc.mention_ids.size() / 10);
    CHECK(inc.affected.size() >= 30);
    CHECK(!inc.volume.empty());
    CHECK(inc.last_seen_ms >= inc.first_seen_ms);
}

TEST_CASE("a new cause described alike in a small category opens an incident on its topic within minutes",
          "[insights][incidents][spikes]") {
    // Two days of 5,000 complaints a day; then the smallest category (3.5% of traffic, ~0.1 a minute in the morning)
    // gets a 5x spike of one cause. Its category count alone needs a long while to stand out; the topic (the words
    // the affected customers share) is new, so a handful of distinct customers are enough.
    synth::StreamSpec spec;
    spec.mentions_per_day = 5000;
    spec.duration_ms = 2 * 24 * kHour + 11 * kHour;
    spec.seed = 31;
    synth::SpikeSpec sp;
    sp.category = "account";
    sp.onset_ms = spec.start_ms + 2 * 24 * kHour + 9 * kHour + 17 * kMin;
    sp.cause = "password reset email never arrives, error code 7731 on the login page";
    spec.spikes.push_back(sp);
    Insights in;
    std::set<std::string> injected;
    const Incident* found = nullptr;
    for (const auto& g : synth::generate(spec)) {
        if (g.spike >= 0) injected.insert(g.facts.id);
        const auto u = in.observe(g.facts);
        for (const auto& id : u.opened) {
            const auto* inc = in.incident(id);
            INFO(inc->id << " " << inc->title << " anchor " << inc->anchor << " opened +"
                         << (inc->opened_at_ms - spec.start_ms) / kMin << " min");
            CHECK(inc->opened_at_ms >= sp.onset_ms); // steady traffic before the onset pages no one
            if (!found && inc->opened_at_ms >= sp.onset_ms) found = inc;
        }
        if (found) break;
    }
    REQUIRE(found != nullptr);
    CHECK(found->anchor.rfind("topic:", 0) == 0);
    CHECK(found->opened_at_ms - sp.onset_ms <= 15 * kMin);
    CHECK(found->category == "account");
    std::size_t hit = 0;
    for (const auto& id : found->mention_ids) hit += injected.count(id);
    CHECK(hit >= 4);
    CHECK(hit == found->mention_ids.size()); // only the cause's complaints, no background
    const std::string title = found->title;
    CHECK((title.find("7731") != std::string::npos || title.find("reset") != std::string::npos ||
           title.find("error") != std::string::npos));
}

TEST_CASE("incident status moves open -> acknowledged -> fixed, bad transitions change nothing", "[insights][incidents]") {
    std::int64_t onset = 0;
    Insights in = stream_with_flight_incident(onset);
    REQUIRE(!in.incidents().empty());
    const std::string id = flight_incident(in).id;
    std::string err;
    CHECK_FALSE(in.acknowledge("INC-9999", onset, &err));
    CHECK(err.find("INC-9999") != std::string::npos);
    CHECK(in.acknowledge(id, onset + 2 * kHour, &err));
    CHECK(in.incident(id)->status == IncidentStatus::Acknowledged);
    CHECK_THROWS_AS(in.fix(id, onset + 3 * kHour, "   "), std::invalid_argument);
    CHECK(in.incident(id)->status == IncidentStatus::Acknowledged);
    CHECK_THROWS_AS(in.fix("nope", onset, "x"), std::invalid_argument);
    const auto plan = in.fix(id, onset + 3 * kHour, "We rebooked every passenger of UA1234 on the 18:05 departure.");
    CHECK(in.incident(id)->status == IncidentStatus::Fixed);
    CHECK(in.incident(id)->fix_note == "We rebooked every passenger of UA1234 on the 18:05 departure.");
    CHECK_FALSE(in.acknowledge(id, onset + 4 * kHour, &err));
    CHECK(plan.drafts.size() == in.incident(id)->affected.size());
    // follow-up tracking
    const auto who = plan.drafts.front().author;
    CHECK(in.mark_followed_up(id, who, onset + 4 * kHour));
    CHECK_FALSE(in.mark_followed_up(id, "@nobody_here", onset + 4 * kHour));
    CHECK(in.incident(id)->followed_up() == 1);
}

TEST_CASE("outreach drafts are personal, fit their platform and leak no personal data", "[insights][outreach]") {
    std::int64_t onset = 0;
    Insights in = stream_with_flight_incident(onset);
    REQUIRE(!in.incidents().empty());
    const auto& inc = flight_incident(in);
    OutreachStyle style;
    style.brand = "Acme Air";
    style.signature = "^AG";
    const auto plan = in.fix(inc.id, onset + 3 * kHour, "We rebooked every passenger of UA1234 on the 18:05 departure", style);
    REQUIRE(plan.drafts.size() >= 30);
    const ReplyLinter linter;
    std::set<std::string> texts;
    std::size_t public_replies = 0;
    for (const auto& d : plan.drafts) {
        INFO(d.platform << ": " << d.text);
        if (d.channel == "public_reply") {
            texts.insert(d.text);
            ++public_replies;
        }
        // their own words and the day they wrote
        const AffectedCustomer* mine = nullptr;
        for (const auto& a : inc.affected)
            if (a.author == d.author) mine = &a;
        REQUIRE(mine);
        CHECK(d.mention_id == mine->mention_id);
        CHECK(d.text.find(mine->case_summary.substr(0, mine->case_summary.find(' '))) != std::string::npos);
        CHECK(d.text.find("25 Nov") != std::string::npos);
        std::size_t cps = 0;
        for (unsigned char c : d.text) cps += (c & 0xC0) != 0x80;
        CHECK(cps <= d.max_chars);
        CHECK(d.text.find("UA1234") != std::string::npos); // their own case
        CHECK(d.text.find("18:05") != std::string::npos);  // the note
        CHECK(d.text.find("QX7P2L") == std::string::npos);
        CHECK(d.text.find("jane@example.com") == std::string::npos);
        CHECK(d.text.find("^AG") != std::string::npos);
        // the drafting area's reply linter finds nothing to fault (their case as context, PII in it included)
        ReplyContext ctx;
        ctx.platform = d.platform;
        ctx.mention_text = mine->case_summary + " UA1234 booking QX7P2L jane@example.com";
        ctx.customer_handle = d.author;
        ctx.mention_id = d.mention_id;
        ctx.complaint = true;
        ctx.sentiment = -0.6;
        ctx.category_id = "delays";
        ctx.category_label = "Delays";
        ctx.brand = "Acme Air";
        for (const auto& e : mine->entities) ctx.entities.push_back({e.type, e.text, e.value});
        ctx.entities.push_back({"booking_reference", "QX7P2L", "QX7P2L"});
        ctx.entities.push_back({"email", "jane@example.com", "jane@example.com"});
        const auto lr = linter.lint(d.text, ctx);
        for (const auto& f : lr.findings) INFO(f.rule << ": " << f.text);
        CHECK(lr.passed());
        if (d.channel == "public_reply" && d.author[0] == '@') CHECK(d.text.rfind(d.author + " ", 0) == 0);
        // no other affected customer's handle appears in this draft
        for (const auto& a : inc.affected)
            if (a.author != d.author && a.author.size() > 8) CHECK(d.text.find(a.author + " ") == std::string::npos);
    }
    CHECK(public_replies > 0);
    CHECK(texts.size() == public_replies); // each public reply is addressed to its customer
    const auto& post = plan.status_post;
    INFO(post.text);
    CHECK(post.channel == "status_post");
    CHECK(post.text.find('@') == std::string::npos);
    CHECK(post.text.find("UA1234") != std::string::npos);
    std::size_t cps = 0;
    for (unsigned char c : post.text) cps += (c & 0xC0) != 0x80;
    CHECK(cps <= 280);
}

TEST_CASE("long fix notes are shortened to fit a tweet", "[insights][outreach]") {
    Incident inc;
    inc.id = "INC-0042";
    inc.category = "billing";
    inc.category_label = "Billing";
    inc.terms = {"fee", "charged"};
    AffectedCustomer a;
    a.author = "@averyveryverylonghandle_2026";
    a.platform = "x";
    a.mention_id = "m1";
    a.at_ms = kT0;
    a.case_summary = "charged foreign fee twice";
    a.entities = {{"amount", "35.00 USD", "$35"}, {"order_number", "A12345", "#A12345"}};
    inc.affected.push_back(a);
    std::string note;
    for (int i = 0; i < 30; ++i) note += "we corrected the fee calculation ";
    const auto plan = plan_outreach(inc, note, {});
    REQUIRE(plan.drafts.size() == 1);
    const auto& d = plan.drafts[0];
    std::size_t cps = 0;
    for (unsigned char c : d.text) cps += (c & 0xC0) != 0x80;
    CHECK(cps <= 280);
    CHECK(d.text.rfind("@averyveryverylonghandle_2026 ", 0) == 0);
    CHECK(d.text.find("A12345") == std::string::npos);
    CHECK(d.text.find("$35") == std::string::npos); // amounts only in private channels
    CHECK(d.text.find("24 Nov") != std::string::npos);
    CHECK(platform_reply_limit("x") == 280);
    ReplyContext ctx;
    ctx.platform = "x";
    ctx.mention_text = "charged foreign fee twice $35 order #A12345";
    ctx.customer_handle = a.author;
    ctx.complaint = true;
    ctx.sentiment = -0.5;
    const auto lr = lint(d.text, ctx);
    for (const auto& f : lr.findings) INFO(f.rule << ": " << f.text);
    CHECK(lr.passed());
}

TEST_CASE("the process report on a small stream matches numbers worked out by hand", "[insights][report]") {
    InsightsConfig cfg;
    cfg.aggregates.bucket_ms = kHour;
    Insights in(cfg);
    auto m = [&](std::string id, std::int64_t at_min, std::string author, std::string cat, std::string team,
                 std::string tier, int urgency, int within, bool complaint = true, int sentiment = -1) {
        MentionFacts f;
        f.id = id;
        f.at_ms = kT0 + at_min * kMin;
        f.author = author;
        f.category = cat;
        f.team = team;
        f.tier = tier;
        f.urgency = urgency;
        f.respond_within_minutes = within;
        f.complaint = complaint;
        f.sentiment = sentiment;
        f.platform = "x";
        f.text = "text of " + id;
        in.observe(f);
    };
    m("a", 0, "@ann", "billing", "billing", "easy", 0, 240);     // reply after 30 min: met
    m("b", 10, "@bob", "billing", "billing", "medium", 50, 120); // reply after 150 min: missed
    m("c", 20, "@ann", "delivery", "logistics", "hard", 100, 60); // repeat (ann); no reply, deadline 80 < now: missed
    m("d", 70, "@cid", "delivery", "logistics", "easy", 25, 240); // no reply, deadline 310 > now 200: pending
    m("e", 90, "@dee", "praise", "support", "easy", 0, 0, false, 1); // not a complaint, no reply expected
    m("f", 100, "@bob", "billing", "billing", "easy", 0, 240);    // repeat (bob); reply after 10 min: met
    CHECK(in.record_reply("a", kT0 + 30 * kMin));
    CHECK(in.record_reply("b", kT0 + 160 * kMin));
    CHECK(in.record_reply("f", kT0 + 110 * kMin));
    CHECK(in.record_reply("f", kT0 + 150 * kMin)); // a later reply is not the first
    CHECK_FALSE(in.record_reply("zzz", kT0));
    CHECK_THROWS_AS(in.observe(MentionFacts{}), std::invalid_argument);
    MentionFacts dup;
    dup.id = "a";
    CHECK_THROWS_AS(in.observe(dup), std::invalid_argument);
    CHECK(in.mention_count() == 6);

    const auto r = in.report(kT0 + 200 * kMin);
    CHECK(r.totals.total == 6);
    CHECK(r.totals.complaints == 5);
    CHECK(r.totals.negative == 5);
    CHECK(r.totals.positive == 1);
    CHECK(r.totals.by_category.at("billing") == 3);
    CHECK(r.totals.by_team.at("logistics") == 2);
    CHECK(r.series.size() == 2); // 00:00 and 01:00 buckets
    CHECK(r.series[0].second.total == 3);
    CHECK(r.series[1].second.total == 3);
    // volume: billing 3, delivery 2
    REQUIRE(r.top_by_volume.size() == 2);
    CHECK(r.top_by_volume[0].id == "billing");
    CHECK(r.top_by_volume[0].mentions == 3);
    CHECK(r.top_by_volume[0].affected == 2);
    // cost: billing (1+0)*1 + (1+2)*2 + (1+0)*1 = 8; delivery (1+4)*3 + (1+1)*1 = 17
    REQUIRE(r.top_by_cost.size() == 2);
    CHECK(r.top_by_cost[0].id == "delivery");
    CHECK(r.top_by_cost[0].cost == 17);
    CHECK(r.top_by_cost[1].cost == 8);
    // replies: expecting 5 (a b c d f); replied 3 (30, 150, 10 min); met a,f; missed b,c; pending d
    CHECK(r.replies.expecting_reply == 5);
    CHECK(r.replies.replied == 3);
    CHECK(r.replies.met == 2);
    CHECK(r.replies.missed == 2);
    CHECK(r.replies.pending == 1);
    CHECK(r.replies.met_share == 0.5);
    CHECK(r.replies.median_first_reply_minutes == 30);
    CHECK(r.replies.p90_first_reply_minutes == 150);
    const auto find = [](const std::vector<ReplyStats>& v, const std::string& k) {
        for (const auto& s : v)
            if (s.key == k) return s;
        return ReplyStats{};
    };
    CHECK(find(r.replies_by_tier, "easy").met == 2);
    CHECK(find(r.replies_by_tier, "easy").pending == 1);
    CHECK(find(r.replies_by_tier, "hard").missed == 1);
    CHECK(find(r.replies_by_team, "billing").met_share == Approx(2.0 / 3).margin(1e-4));
    CHECK(find(r.replies_by_team, "logistics").met_share == 0);
    // repeat contacts: c (ann again) and f (bob again) of 5 complaints
    CHECK(r.repeat_contacts == 2);
    CHECK(r.repeat_contact_rate == 0.4);
    // trends: period 0..100 min, midpoint 50: billing previous 2 (a, b), recent 1 (f); delivery 1 and 1
    REQUIRE(r.trends.size() == 2);
    CHECK(r.trends[0].category == "billing");
    CHECK(r.trends[0].previous == 2);
    CHECK(r.trends[0].recent == 1);
    CHECK(r.trends[0].change == -0.5);
}

TEST_CASE("before/after volume is reported for each fixed incident", "[insights][report]") {
    std::int64_t onset = 0;
    Insights in = stream_with_flight_incident(onset);
    REQUIRE(!in.incidents().empty());
    const auto id = flight_incident(in).id;
    const std::int64_t fixed_at = onset + 45 * kMin; // the spike runs 90 minutes
    in.fix(id, fixed_at, "rebooked everyone");
    ReportOptions opt;
    opt.before_after_ms = 45 * kMin;
    const auto r = in.report(onset + 2 * kHour, opt);
    REQUIRE(r.before_after.size() == 1);
    CHECK(r.before_after[0].incident_id == id);
    CHECK(r.before_after[0].before > 10);
    CHECK(r.before_after[0].before + r.before_after[0].after <= in.incident(id)->mentions);
    int fixed_rows = 0;
    for (const auto& row : r.incidents_by_volume)
        if (row.id == id) fixed_rows += row.status == "fixed";
    CHECK(fixed_rows == 1);
}

#include "earshot/mention.hpp"
#include "earshot/wire/insights_json.hpp"

TEST_CASE("insights JSON: incidents carry title, category, entities, first_seen and opened_at; public form hides customers",
          "[insights][wire]") {
    std::int64_t onset = 0;
    Insights in = stream_with_flight_incident(onset);
    const auto& inc = flight_incident(in);
    const auto j = wire::report_to_json(in.report(onset + 2 * kHour), in.incidents());
    REQUIRE(j["incidents"].is_array());
    REQUIRE(j["incidents"].size() == in.incidents().size());
    const nlohmann::json* ji = nullptr;
    for (const auto& x : j["incidents"])
        if (x["id"] == inc.id) ji = &x;
    REQUIRE(ji);
    CHECK((*ji)["title"] == inc.title);
    CHECK((*ji)["category"] == "delays");
    CHECK((*ji)["entities"][0]["value"] == "UA1234");
    CHECK((*ji)["first_seen"] == format_iso8601(inc.first_seen_ms));
    CHECK((*ji)["opened_at"] == format_iso8601(inc.opened_at_ms));
    CHECK((*ji)["opened_at_ms"] == inc.opened_at_ms);
    CHECK((*ji)["outreach"]["affected"] == inc.affected.size());
    CHECK(j["replies"]["expecting_reply"].get<int>() > 0);
    const auto pub = wire::incident_public_to_json(inc).dump();
    CHECK(pub.find("@user") == std::string::npos);
    CHECK(pub.find("QX7P2L") == std::string::npos);
    CHECK(pub.find("affected") == std::string::npos);
    CHECK(pub.find("UA1234") != std::string::npos);
}

TEST_CASE("insights JSON: mention lines with or without triage are read; bad lines are refused", "[insights][wire]") {
    MentionFacts f;
    std::string err;
    REQUIRE(wire::mention_facts_from_json(nlohmann::json::parse(R"({"id":"m1","platform":"x","author":{"handle":"@jo"},
        "text":"UA1234 cancelled","created_at":"2026-11-24T18:40:00Z","replied_at":"2026-11-24T19:00:00Z",
        "triage":{"category":{"id":"delays","label":"Delays"},"team":"ops","sentiment":{"label":"negative","score":-0.6},
        "complaint":true,"urgency":{"score":70},"tier":"hard","respond_within_minutes":60,
        "entities":[{"type":"flight_number","value":"UA1234","text":"UA1234"}]}})"), f, err));
    CHECK(f.id == "m1");
    CHECK(f.author == "@jo");
    CHECK(f.at_ms == 1795545600000LL);
    CHECK(f.replied_at_ms == 1795545600000LL + 20 * kMin);
    CHECK(f.category == "delays");
    CHECK(f.category_label == "Delays");
    CHECK(f.sentiment == -1);
    CHECK(f.urgency == 70);
    CHECK(f.tier == "hard");
    CHECK(f.respond_within_minutes == 60);
    REQUIRE(f.entities.size() == 1);
    CHECK(f.entities[0].value == "UA1234");
    MentionFacts untouched;
    untouched.id = "keep";
    CHECK_FALSE(wire::mention_facts_from_json(nlohmann::json::parse(R"({"id":"x"})"), untouched, err));
    CHECK(err.find("text") != std::string::npos);
    CHECK_FALSE(wire::mention_facts_from_json(nlohmann::json::parse(R"({"id":"x","text":"t","created_at":"soon"})"), untouched, err));
    CHECK(err.find("created_at") != std::string::npos);
    CHECK(untouched.id == "keep");
}
