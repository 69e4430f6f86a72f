// Drafting quality and speed on the development set (build/release/devset/all.ndjson, made at build time).
// Quality: share of first-ranked drafts that pass the linter with no findings, fit their platform and contain none
// of the mention's personal data; share of distinct first drafts among 100 mentions of each category (as written,
// and with author names/handles removed, the harder case); a PII-injection run (generated cards, e-mails, phones,
// account and order numbers appended to real mentions) checking no public draft leaks them.
// Speed (one core): drafting (3 ranked drafts, each linted) per mention, next to triage and lint-only measured in
// the same run. Target: drafting <= 20 us per mention.
//   bench_drafting [--json]
#include "earshot/default_models.hpp"
#include "earshot/draft.hpp"
#include "earshot/lint.hpp"
#include "earshot/pii.hpp"
#include "earshot/triage.hpp"
#include "earshot/wire/mention_json.hpp"
#include "earshot/wire/playbook_json.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace earshot;

namespace {

struct Sample {
    Mention mention;
    Triage triage;
    ReplyContext ctx;
};

struct Quality {
    std::size_t with_drafts = 0, passed = 0, fits = 0, no_leak = 0, drafts = 0, leaks = 0;
    std::map<std::string, std::size_t> failing_rules;
};

Quality evaluate(const std::vector<Sample>& samples, const Drafter& drafter) {
    Quality q;
    for (const auto& s : samples) {
        auto drafts = drafter.draft(s.ctx);
        if (drafts.empty()) continue;
        ++q.with_drafts;
        const auto& d = drafts[0];
        if (d.lint.passed()) ++q.passed;
        for (const auto& f : d.lint.findings) ++q.failing_rules[f.rule];
        if (d.lint.length <= d.lint.limit) ++q.fits;
        bool leak = false;
        for (const auto& p : detect_pii(s.mention.text, drafter.linter().rules().pii))
            for (const auto& x : drafts)
                if (pii_appears_in(p, x.public_reply)) leak = true;
        q.drafts += drafts.size();
        if (!leak) ++q.no_leak;
        else ++q.leaks;
    }
    return q;
}

std::string luhn_card(std::uint64_t& s) {
    auto next = [&] {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<int>((s >> 33) % 10);
    };
    std::string d = "5";
    for (int i = 0; i < 14; ++i) d.push_back(static_cast<char>('0' + next()));
    for (char c = '0'; c <= '9'; ++c)
        if (luhn_valid(d + c)) return d + c;
    return d + "0";
}

} // namespace

int main(int argc, char** argv) {
    bool json = argc > 1 && std::strcmp(argv[1], "--json") == 0;
    const Playbook pb = wire::builtin_playbook("default");
    const Triager triager(pb, default_triage_models());
    const Drafter drafter(pb.reply);
    std::vector<Sample> samples;
    {
        std::ifstream in("build/release/devset/all.ndjson");
        std::string line;
        while (std::getline(in, line)) {
            auto j = nlohmann::json::parse(line);
            Sample s;
            std::string err;
            if (!wire::mention_from_json(j, s.mention, err)) continue;
            samples.push_back(std::move(s));
        }
    }
    if (samples.empty()) {
        std::fprintf(stderr, "bench_drafting: run from the repository root after `make native` (needs build/release/devset)\n");
        return 1;
    }
    for (auto& s : samples) {
        s.triage = triager.triage(s.mention);
        s.ctx = make_reply_context(s.mention, s.triage, pb);
    }

    // --- quality on the development set ---
    const Quality q = evaluate(samples, drafter);

    // --- distinct first drafts among 100 mentions per category ---
    std::map<std::string, std::vector<const Sample*>> by_cat;
    for (const auto& s : samples)
        if (by_cat[s.triage.category.id].size() < 100 && !drafter.draft(s.ctx).empty())
            by_cat[s.triage.category.id].push_back(&s);
    std::map<std::string, std::pair<double, double>> distinct; // as written, anonymous
    for (const auto& [cat, list] : by_cat) {
        if (list.size() < 100) continue;
        std::set<std::string> a, b;
        for (const auto* s : list) {
            a.insert(drafter.draft(s->ctx)[0].public_reply);
            ReplyContext anon = s->ctx;
            anon.customer_handle.clear();
            anon.customer_name.clear();
            b.insert(drafter.draft(anon)[0].public_reply);
        }
        distinct[cat] = {a.size() / 100.0, b.size() / 100.0};
    }

    // --- PII injection: generated personal data appended to real complaints ---
    std::vector<Sample> injected;
    std::uint64_t seed = 42;
    std::size_t k = 0;
    for (const auto& s : samples) {
        if (!s.triage.complaint || injected.size() >= 1000) continue;
        Sample t;
        t.mention = s.mention;
        std::string card = luhn_card(seed);
        switch (k++ % 5) {
        case 0: t.mention.text += " card " + card.substr(0, 4) + " " + card.substr(4, 4) + " " + card.substr(8, 4) + " " + card.substr(12); break;
        case 1: t.mention.text += " email me at user" + std::to_string(1000 + k) + "@example.org"; break;
        case 2: t.mention.text += " call me on 07700 9" + std::to_string(10000 + k); break;
        case 3: t.mention.text += " account number " + std::to_string(40000000 + k * 7919); break;
        default: t.mention.text += " order #A" + std::to_string(1000000 + k * 31); break;
        }
        t.triage = triager.triage(t.mention);
        t.ctx = make_reply_context(t.mention, t.triage, pb);
        injected.push_back(std::move(t));
    }
    const Quality qi = evaluate(injected, drafter);

    // --- speed: drafting next to triage and lint-only, same run ---
    const std::size_t n = 60000;
    std::size_t sink = 0;
    auto t0 = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < n; ++i) sink += drafter.draft(samples[i % samples.size()].ctx).size();
    const double draft_us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() / n;
    t0 = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < n; ++i) sink += triager.triage(samples[i % samples.size()].mention).complaint;
    const double triage_us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() / n;
    const std::string reply = "Hi Jane, I'm sorry about the $45 charge. Our Billing team will check it and reply here within 2 hours. ^AB";
    t0 = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < n; ++i) sink += drafter.linter().lint(reply, samples[i % samples.size()].ctx).score;
    const double lint_us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() / n;
    t0 = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < 200; ++i) sink += Drafter(pb.reply).linter().limit("x");
    const double compile_us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() / 200;

    auto pct = [](std::size_t a, std::size_t b) { return b ? 100.0 * a / b : 0.0; };
    if (json) {
        nlohmann::json j = {{"mentions", samples.size()},
                            {"with_drafts", q.with_drafts},
                            {"first_draft_pass_rate", q.passed / double(q.with_drafts)},
                            {"fits_platform_rate", q.fits / double(q.with_drafts)},
                            {"no_pii_leak_rate", q.no_leak / double(q.with_drafts)},
                            {"injected_mentions", qi.with_drafts},
                            {"injected_no_leak_rate", qi.no_leak / double(qi.with_drafts)},
                            {"injected_pass_rate", qi.passed / double(qi.with_drafts)},
                            {"draft_us", draft_us},
                            {"triage_us", triage_us},
                            {"lint_us", lint_us},
                            {"compile_us", compile_us}};
        for (const auto& [cat, d] : distinct) j["distinct"][cat] = {{"as_written", d.first}, {"anonymous", d.second}};
        std::printf("%s\n", j.dump().c_str());
        return sink == 42 ? 1 : 0;
    }
    std::printf("development set: %zu mentions, %zu need a reply (%zu drafts, %.2f per mention)\n", samples.size(),
                q.with_drafts, q.drafts, double(q.drafts) / q.with_drafts);
    std::printf("first-ranked draft passes the linter with no findings: %zu/%zu = %.2f%% (target 100%%)\n", q.passed,
                q.with_drafts, pct(q.passed, q.with_drafts));
    for (const auto& [rule, count] : q.failing_rules) std::printf("    failing rule %s: %zu\n", rule.c_str(), count);
    std::printf("first-ranked draft fits its platform: %.2f%%\n", pct(q.fits, q.with_drafts));
    std::printf("no draft (any rank) repeats the mention's personal data: %.2f%%\n", pct(q.no_leak, q.with_drafts));
    std::printf("PII injection (%zu complaints + generated cards/e-mails/phones/accounts/orders): no leak %.2f%%, "
                "first draft clean %.2f%%\n",
                qi.with_drafts, pct(qi.no_leak, qi.with_drafts), pct(qi.passed, qi.with_drafts));
    std::printf("distinct first drafts among 100 mentions per category (target >= 0.90): as written / names removed\n");
    for (const auto& [cat, d] : distinct) std::printf("    %-16s %.2f / %.2f\n", cat.c_str(), d.first, d.second);
    std::printf("speed (1 core): drafting %.2f us/mention (3 ranked drafts, each linted; target <= 20 us) | triage %.2f "
                "us/mention | lint %.2f us/reply | compiling the rules %.0f us (once per playbook)\n",
                draft_us, triage_us, lint_us, compile_us);
    return sink == 42 ? 1 : 0;
}
