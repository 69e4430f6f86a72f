// Drafting quality and speed on the development set (build/release/devset/all.ndjson, made at build time).
// Quality: share of first-ranked drafts that pass the linter with no findings, fit their platform and contain none
// of the mention's personal data; share of distinct first drafts among 100 mentions of each category (as written,
// and with author names/handles removed, the harder case); a PII-injection run (generated cards, e-mails, phones,
// account and order numbers appended to real mentions) checking no public draft leaks them.
// Speed (one core): drafting (3 ranked drafts, each linted) per mention, next to triage and lint-only measured in
// the same run. Target: drafting <= 20 us per mention. Drafting starts from the reply context (triage excluded: the
// triage is computed before the timed loop). Each is given as thread CPU time (the number to read on a loaded
// machine), wall time and, where the kernel allows perf events, retired instructions per item.
//   bench_drafting [--json] [--iters N] [--speed-only]
//     N timed iterations per measurement (default 60000; small N for callgrind); --speed-only skips the quality part
//     (for profilers: `valgrind --tool=callgrind --toggle-collect='earshot::Drafter::draft*' ... --speed-only`).
#include "earshot/default_models.hpp"
#include "earshot/draft.hpp"
#include "earshot/lint.hpp"
#include "earshot/pii.hpp"
#include "earshot/triage.hpp"
#include "earshot/wire/mention_json.hpp"
#include "earshot/wire/playbook_json.hpp"

#include <nlohmann/json.hpp>

#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
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
        if (drafts.empty())
            continue;
        ++q.with_drafts;
        const auto& d = drafts[0];
        if (d.lint.passed())
            ++q.passed;
        for (const auto& f : d.lint.findings)
            ++q.failing_rules[f.rule];
        if (d.lint.length <= d.lint.limit)
            ++q.fits;
        bool leak = false;
        for (const auto& p : detect_pii(s.mention.text, drafter.linter().rules().pii))
            for (const auto& x : drafts)
                if (pii_appears_in(p, x.public_reply))
                    leak = true;
        q.drafts += drafts.size();
        if (!leak)
            ++q.no_leak;
        else
            ++q.leaks;
    }
    return q;
}

// Wall time, thread CPU time and retired instructions (user space) of a timed loop.
class Meter {
public:
    Meter() {
        perf_event_attr a{};
        a.type = PERF_TYPE_HARDWARE;
        a.size = sizeof(a);
        a.config = PERF_COUNT_HW_INSTRUCTIONS;
        a.disabled = 1;
        a.exclude_kernel = 1;
        a.exclude_hv = 1;
        fd_ = static_cast<int>(syscall(SYS_perf_event_open, &a, 0, -1, -1, 0));
    }
    ~Meter() {
        if (fd_ >= 0)
            close(fd_);
    }
    struct Result {
        double wall_us = 0, cpu_us = 0, instructions = -1; ///< per item; instructions -1: unavailable
    };
    template <class F> Result run(std::size_t n, F&& body) {
        if (fd_ >= 0) {
            ioctl(fd_, PERF_EVENT_IOC_RESET, 0);
            ioctl(fd_, PERF_EVENT_IOC_ENABLE, 0);
        }
        timespec c0{}, c1{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
        const auto w0 = std::chrono::steady_clock::now();
        for (std::size_t i = 0; i < n; ++i)
            body(i);
        const auto w1 = std::chrono::steady_clock::now();
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
        Result r;
        if (fd_ >= 0) {
            ioctl(fd_, PERF_EVENT_IOC_DISABLE, 0);
            long long count = 0;
            if (read(fd_, &count, sizeof(count)) == sizeof(count))
                r.instructions = double(count) / double(n);
        }
        r.wall_us = std::chrono::duration<double, std::micro>(w1 - w0).count() / double(n);
        r.cpu_us = ((c1.tv_sec - c0.tv_sec) * 1e6 + (c1.tv_nsec - c0.tv_nsec) / 1e3) / double(n);
        return r;
    }

private:
    int fd_ = -1;
};

std::string luhn_card(std::uint64_t& s) {
    auto next = [&] {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<int>((s >> 33) % 10);
    };
    std::string d = "5";
    for (int i = 0; i < 14; ++i)
        d.push_back(static_cast<char>('0' + next()));
    for (char c = '0'; c <= '9'; ++c)
        if (luhn_valid(d + c))
            return d + c;
    return d + "0";
}

} // namespace

int main(int argc, char** argv) {
    bool json = false, speed_only = false;
    std::size_t iters = 60000;
    for (int a = 1; a < argc; ++a) {
        if (std::strcmp(argv[a], "--json") == 0)
            json = true;
        else if (std::strcmp(argv[a], "--speed-only") == 0)
            speed_only = true;
        else if (std::strcmp(argv[a], "--iters") == 0 && a + 1 < argc)
            iters = std::strtoull(argv[++a], nullptr, 10);
    }
    if (iters == 0)
        iters = 1;
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
            if (!wire::mention_from_json(j, s.mention, err))
                continue;
            samples.push_back(std::move(s));
        }
    }
    if (samples.empty()) {
        std::fprintf(stderr,
                     "bench_drafting: run from the repository root after `make native` (needs build/release/devset)\n");
        return 1;
    }
    for (auto& s : samples) {
        s.triage = triager.triage(s.mention);
        s.ctx = make_reply_context(s.mention, s.triage, pb);
    }

    // --- quality on the development set ---
    Quality q, qi;
    std::map<std::string, std::pair<double, double>> distinct; // as written, anonymous
    if (!speed_only) {
        q = evaluate(samples, drafter);

        // --- distinct first drafts among 100 mentions per category ---
        std::map<std::string, std::vector<const Sample*>> by_cat;
        for (const auto& s : samples)
            if (by_cat[s.triage.category.id].size() < 100 && !drafter.draft(s.ctx).empty())
                by_cat[s.triage.category.id].push_back(&s);
        for (const auto& [cat, list] : by_cat) {
            if (list.size() < 100)
                continue;
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
            if (!s.triage.complaint || injected.size() >= 1000)
                continue;
            Sample t;
            t.mention = s.mention;
            std::string card = luhn_card(seed);
            switch (k++ % 5) {
            case 0:
                t.mention.text += " card " + card.substr(0, 4) + " " + card.substr(4, 4) + " " + card.substr(8, 4) +
                                  " " + card.substr(12);
                break;
            case 1:
                t.mention.text += " email me at user" + std::to_string(1000 + k) + "@example.org";
                break;
            case 2:
                t.mention.text += " call me on 07700 9" + std::to_string(10000 + k);
                break;
            case 3:
                t.mention.text += " account number " + std::to_string(40000000 + k * 7919);
                break;
            default:
                t.mention.text += " order #A" + std::to_string(1000000 + k * 31);
                break;
            }
            t.triage = triager.triage(t.mention);
            t.ctx = make_reply_context(t.mention, t.triage, pb);
            injected.push_back(std::move(t));
        }
        qi = evaluate(injected, drafter);
    }

    // --- speed: drafting next to triage and lint-only, same run ---
    const std::size_t n = iters;
    std::size_t sink = 0;
    Meter meter;
    const auto draft_t =
        meter.run(n, [&](std::size_t i) { sink += drafter.draft(samples[i % samples.size()].ctx).size(); });
    const auto triage_t =
        meter.run(n, [&](std::size_t i) { sink += triager.triage(samples[i % samples.size()].mention).complaint; });
    const std::string reply =
        "Hi Jane, I'm sorry about the $45 charge. Our Billing team will check it and reply here within 2 hours. ^AB";
    const auto lint_t = meter.run(
        n, [&](std::size_t i) { sink += drafter.linter().lint(reply, samples[i % samples.size()].ctx).score; });
    const auto compile_t = meter.run(200, [&](std::size_t) { sink += Drafter(pb.reply).linter().limit("x"); });
    const double draft_us = draft_t.cpu_us, triage_us = triage_t.cpu_us, lint_us = lint_t.cpu_us,
                 compile_us = compile_t.cpu_us;

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
                            {"compile_us", compile_us},
                            {"draft_wall_us", draft_t.wall_us},
                            {"triage_wall_us", triage_t.wall_us},
                            {"lint_wall_us", lint_t.wall_us},
                            {"draft_instructions", draft_t.instructions},
                            {"triage_instructions", triage_t.instructions},
                            {"lint_instructions", lint_t.instructions}};
        for (const auto& [cat, d] : distinct)
            j["distinct"][cat] = {{"as_written", d.first}, {"anonymous", d.second}};
        std::printf("%s\n", j.dump().c_str());
        return sink == 42 ? 1 : 0;
    }
    if (!speed_only) {
        std::printf("development set: %zu mentions, %zu need a reply (%zu drafts, %.2f per mention)\n", samples.size(),
                    q.with_drafts, q.drafts, double(q.drafts) / q.with_drafts);
        std::printf("first-ranked draft passes the linter with no findings: %zu/%zu = %.2f%% (target 100%%)\n",
                    q.passed, q.with_drafts, pct(q.passed, q.with_drafts));
        for (const auto& [rule, count] : q.failing_rules)
            std::printf("    failing rule %s: %zu\n", rule.c_str(), count);
        std::printf("first-ranked draft fits its platform: %.2f%%\n", pct(q.fits, q.with_drafts));
        std::printf("no draft (any rank) repeats the mention's personal data: %.2f%%\n", pct(q.no_leak, q.with_drafts));
        std::printf("PII injection (%zu complaints + generated cards/e-mails/phones/accounts/orders): no leak %.2f%%, "
                    "first draft clean %.2f%%\n",
                    qi.with_drafts, pct(qi.no_leak, qi.with_drafts), pct(qi.passed, qi.with_drafts));
        std::printf(
            "distinct first drafts among 100 mentions per category (target >= 0.90): as written / names removed\n");
        for (const auto& [cat, d] : distinct)
            std::printf("    %-16s %.2f / %.2f\n", cat.c_str(), d.first, d.second);
    }
    std::printf(
        "speed (1 core, thread CPU time): drafting %.2f us/mention (3 ranked drafts, each linted; triage "
        "excluded; target <= 20 us) | triage %.2f us/mention | lint %.2f us/reply | compiling the rules %.0f us "
        "(once per playbook)\n",
        draft_us, triage_us, lint_us, compile_us);
    std::printf("    wall time: drafting %.2f us | triage %.2f us | lint %.2f us\n", draft_t.wall_us, triage_t.wall_us,
                lint_t.wall_us);
    if (draft_t.instructions >= 0)
        std::printf("    instructions: drafting %.0f /mention | triage %.0f /mention | lint %.0f /reply\n",
                    draft_t.instructions, triage_t.instructions, lint_t.instructions);
    return sink == 42 ? 1 : 0;
}
