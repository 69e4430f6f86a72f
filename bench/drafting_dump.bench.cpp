// Output fingerprint of drafting, linting, PII detection and commitments over the development set, for checking
// that a speed change alters nothing: run before and after and diff the output (not a timing program).
//   bench_drafting_dump [--triage-cache FILE] > before.txt   (from the repository root, after `make native`)
// With --triage-cache the triages are read from FILE when it exists (else computed and written there), so the
// fingerprint stays comparable while triage itself changes underneath. Triages always go through their JSON form.
// Covers: every draft (all ranks, public and private text, lint findings with spans/why/fix/replacement) under the
// default rules, formal tone and other platforms; the airline playbook; generated PII appended to complaints; the
// linter on agent-style replies (canned bad replies, the customer's own words as a reply, every draft against a
// neighbour's context); PII detection/redaction of each mention; commitments of each first draft.
#include "earshot/commitments.hpp"
#include "earshot/default_models.hpp"
#include "earshot/draft.hpp"
#include "earshot/lint.hpp"
#include "earshot/pii.hpp"
#include "earshot/triage.hpp"
#include "earshot/wire/mention_json.hpp"
#include "earshot/wire/playbook_json.hpp"
#include "earshot/wire/triage_json.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

using namespace earshot;

namespace {

nlohmann::json lint_json(const LintReport& r) {
    nlohmann::json fs = nlohmann::json::array();
    for (const auto& f : r.findings)
        fs.push_back({f.rule, f.begin, f.end, f.text, f.why, f.fix, f.has_replacement, f.replacement});
    return {{"score", r.score}, {"length", r.length}, {"limit", r.limit}, {"findings", fs}};
}

nlohmann::json drafts_json(const std::vector<Draft>& ds) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& d : ds)
        a.push_back({{"rank", d.rank},
                     {"kind", d.kind},
                     {"public", d.public_reply},
                     {"private", d.private_reply},
                     {"channel", d.channel},
                     {"lint", lint_json(d.lint)}});
    return a;
}

// Triage through its JSON form, from the cache when one was loaded.
struct TriageCache {
    std::vector<nlohmann::json> stored;
    std::vector<nlohmann::json> made;
    std::size_t next = 0;
    Triage get(const Triager& t, const Mention& m) {
        nlohmann::json j = next < stored.size() ? stored[next] : wire::triage_to_json(t.triage(m));
        ++next;
        made.push_back(j);
        Triage out;
        std::string err;
        if (!wire::triage_from_json(j, out, err)) {
            std::fprintf(stderr, "bench_drafting_dump: bad cached triage: %s\n", err.c_str());
            std::exit(1);
        }
        return out;
    }
};

void out(const nlohmann::json& j) { std::printf("%s\n", j.dump().c_str()); }

const char* kCanned[] = {
    "No problem! We apologise for any inconvenience. Please DM us your account number, password and address.",
    "Sorry if you feel that way. Our system had a glitch, the courier lost it. We'll look into it soon.",
    "PLEASE CALM DOWN!!! We will fix it ASAP :) ^AB",
    "Hi, we're sorry. Here's a $20 voucher and a free upgrade for the trouble. ^AB",
    "Please contact our support team via email. ^AB",
    "Thanks for reaching out! Feel free to DM us so we can take a look. Our team will reply within 2 hours. ^AB",
    "Hi Jane, I'm sorry about the $45 charge. Our Billing team will check it and reply here within 2 hours. ^AB",
    "As previously stated, your card 4111 1111 1111 1111 was charged. Call 020 7946 0958 or email a@b.com.",
    "We'll call you tomorrow by 5pm and a refund will reach you by Friday. See https://example.com/help ^JS",
    "Hi @jane_d \xF0\x9F\x98\x8A sorry about that, we'll sort it out next week! Have a great day \xE2\x80\x94 Team",
    "Unfortunately that's company policy. There is nothing we can do. Please fill in the form at www.example.com/form",
    "Thank you so much for the kind words! We'd love to hear more. ^AB",
    "I'm really sorry your order ORD-123456 hasn't arrived; our Delivery team will trace it within 24 hours. ^AB",
    "Could you send us your order number, email address, phone number and postcode so we can check? ^AB",
    "We never ask for your PIN or CVV. Please don't share them. Our team will help within the hour. ^AB",
    "",
    "ok",
};

} // namespace

int main(int argc, char** argv) {
    std::string cache_path;
    for (int a = 1; a + 1 < argc; ++a)
        if (std::string(argv[a]) == "--triage-cache") cache_path = argv[a + 1];
    TriageCache cache;
    if (!cache_path.empty()) {
        std::ifstream in(cache_path);
        std::string line;
        while (std::getline(in, line)) cache.stored.push_back(nlohmann::json::parse(line));
    }
    std::vector<Mention> mentions;
    {
        std::ifstream in("build/release/devset/all.ndjson");
        std::string line;
        while (std::getline(in, line)) {
            Mention m;
            std::string err;
            if (wire::mention_from_json(nlohmann::json::parse(line), m, err)) mentions.push_back(std::move(m));
        }
    }
    if (mentions.empty()) {
        std::fprintf(stderr, "bench_drafting_dump: run from the repository root after `make native`\n");
        return 1;
    }
    const Playbook pb = wire::builtin_playbook("default");
    const Triager triager(pb, default_triage_models());
    const Drafter drafter(pb.reply);
    ReplyRules formal_rules = pb.reply;
    formal_rules.tone = "formal";
    formal_rules.signature = "{agent} at {brand}";
    const Drafter formal(formal_rules);
    const PiiDetector pii(pb.reply.pii);

    std::vector<ReplyContext> ctxs;
    std::vector<Triage> triages;
    for (const auto& m : mentions) {
        triages.push_back(cache.get(triager, m));
        ctxs.push_back(make_reply_context(m, triages.back(), pb));
    }
    static const char* kPlatforms[] = {"facebook", "instagram", "threads", "bluesky", "email", "review", "dm"};
    for (std::size_t i = 0; i < mentions.size(); ++i) {
        const ReplyContext& ctx = ctxs[i];
        const auto ds = drafter.draft(ctx);
        out({{"i", i}, {"drafts", drafts_json(ds)}});
        if (i % 3 == 0) out({{"i", i}, {"formal", drafts_json(formal.draft(ctx))}});
        if (i % 5 == 1) {
            ReplyContext c = ctx;
            c.platform = kPlatforms[(i / 5) % std::size(kPlatforms)];
            out({{"i", i}, {"platform", c.platform}, {"drafts", drafts_json(drafter.draft(c))}});
        }
        if (i % 11 == 2) out({{"i", i}, {"overload", drafts_json(drafter.draft(mentions[i], triages[i], pb))}});
        if (i % 97 == 3) out({{"i", i}, {"free", drafts_json(draft_replies(ctx, pb.reply))}});
        // the linter on other texts
        const ReplyContext& other = ctxs[(i * 7 + 3) % ctxs.size()];
        out({{"i", i}, {"lint_own_words", lint_json(drafter.linter().lint(mentions[i].text, ctx))}});
        if (!ds.empty()) out({{"i", i}, {"lint_cross", lint_json(drafter.linter().lint(ds.back().public_reply, other))}});
        if (i % 4 == 0)
            for (const char* r : kCanned) out({{"i", i}, {"canned", lint_json(drafter.linter().lint(r, ctx))}});
        // PII and commitments
        nlohmann::json ps = nlohmann::json::array();
        for (const auto& p : pii.detect(mentions[i].text))
            ps.push_back({to_string(p.kind), p.begin, p.end, p.text, p.value});
        out({{"i", i}, {"pii", ps}, {"redacted", redact(mentions[i].text, pb.reply.pii)}});
        if (!ds.empty()) {
            nlohmann::json cs = nlohmann::json::array();
            for (const auto& c : extract_commitments(ds[0].public_reply + " " + ds[0].private_reply,
                                                     1795000000000LL + static_cast<std::int64_t>(i) * 3600000))
                cs.push_back({c.text, c.begin, c.end, c.kind, c.who, c.has_due, c.due_at_ms, c.due_text});
            out({{"i", i}, {"commitments", cs}});
        }
    }
    // generated personal data appended to complaints
    std::uint64_t s = 42;
    auto next = [&] {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<int>((s >> 33) % 10);
    };
    std::size_t k = 0;
    for (std::size_t i = 0; i < mentions.size() && k < 1500; ++i) {
        if (!triages[i].complaint) continue;
        Mention m = mentions[i];
        std::string card = "4";
        for (int d = 0; d < 14; ++d) card.push_back(static_cast<char>('0' + next()));
        for (char c = '0'; c <= '9'; ++c)
            if (luhn_valid(card + c)) {
                card += c;
                break;
            }
        switch (k++ % 6) {
        case 0: m.text += " card " + card; break;
        case 1: m.text += " email me at Some.One" + std::to_string(k) + "@Example.org"; break;
        case 2: m.text += " call me on +44 7700 9" + std::to_string(10000 + k); break;
        case 3: m.text += " account number " + std::to_string(40000000 + k * 7919); break;
        case 4: m.text += " order #A" + std::to_string(1000000 + k * 31); break;
        default: m.text += " I live at " + std::to_string(k % 300 + 1) + " Baker Street, SW1A 1AA"; break;
        }
        const Triage t = cache.get(triager, m);
        const ReplyContext c = make_reply_context(m, t, pb);
        out({{"inj", k}, {"drafts", drafts_json(drafter.draft(c))}});
        if (k % 3 == 0) out({{"inj", k}, {"lint_own_words", lint_json(drafter.linter().lint(m.text, c))}});
    }
    // the airline playbook
    try {
        const Playbook air = wire::builtin_playbook("airline");
        const Triager at(air, default_triage_models());
        const Drafter ad(air.reply);
        for (std::size_t i = 0; i < mentions.size(); i += 2) {
            const Triage t = cache.get(at, mentions[i]);
            out({{"air", i}, {"drafts", drafts_json(ad.draft(make_reply_context(mentions[i], t, air)))}});
        }
    } catch (const std::exception& e) {
        out({{"air_error", e.what()}});
    }
    if (!cache_path.empty() && cache.stored.empty()) {
        std::ofstream o(cache_path);
        for (const auto& j : cache.made) o << j.dump() << "\n";
    }
    return 0;
}
