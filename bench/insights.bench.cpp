// Insights quality and cost (prints numbers; not a test):
//  1. detection delay of 5x category spikes and of cause-entity spikes injected over diurnal background traffic;
//  2. false incidents per simulated day of steady traffic;
//  3. grouping precision/recall (pairwise) on the labeled set bench/data/insights_grouping.tsv;
//  4. cost of Insights::observe next to the tokenizer (a peer measured in the same run; the triage comparison is
//     added where the Triager is available).
#include "earshot/default_models.hpp"
#include "earshot/insights.hpp"
#include "earshot/insights_triage.hpp"
#include "earshot/tokenizer.hpp"
#include "earshot/triage.hpp"
#include "earshot/wire/playbook_json.hpp"

#include "../tests/support/insights_synth.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <time.h>

using namespace earshot;
using namespace earshot::insights;

namespace {

constexpr std::int64_t kMin = 60'000, kHour = 60 * kMin, kDay = 24 * kHour;

/// The configuration every section runs with (defaults unless --grouping changes some).
InsightsConfig g_config;

/// "max_candidates=4,postings_per_feature=6,compare_members=4,join_similarity=0.3,entity_join_similarity=0.12"
bool parse_grouping(const std::string& spec) {
    std::stringstream ss(spec);
    std::string kv;
    auto& g = g_config.grouping;
    while (std::getline(ss, kv, ',')) {
        const auto eq = kv.find('=');
        if (eq == std::string::npos) return false;
        const std::string k = kv.substr(0, eq);
        const double v = std::stod(kv.substr(eq + 1));
        if (k == "max_candidates") g.max_candidates = static_cast<std::size_t>(v);
        else if (k == "postings_per_feature") g.postings_per_feature = static_cast<std::size_t>(v);
        else if (k == "compare_members") g.compare_members = static_cast<int>(v);
        else if (k == "join_similarity") g.join_similarity = v;
        else if (k == "entity_join_similarity") g.entity_join_similarity = v;
        else if (k == "near_duplicate_bits") g.near_duplicate_bits = static_cast<int>(v);
        else return false;
    }
    return true;
}

/// Thread CPU time and wall time.
struct Stamp {
    double cpu = 0, wall = 0;
    static Stamp now() {
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        Stamp s;
        s.cpu = static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
        s.wall = std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
        return s;
    }
};
struct Clock {
    double cpu = 0, wall = 0;
    void add(const Stamp& a, const Stamp& b) {
        cpu += b.cpu - a.cpu;
        wall += b.wall - a.wall;
    }
};

double pct(std::vector<double> v, double q) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
}

struct DelayResult {
    std::vector<double> delays;
    int missed = 0;
};

/// Time from onset to the first incident containing an injected mention (opened at or after the onset).
double run_injection(const synth::StreamSpec& spec, std::int64_t onset) {
    Insights in(g_config);
    std::set<std::string> injected;
    double delay = -1;
    for (const auto& g : synth::generate(spec)) {
        if (g.spike >= 0) injected.insert(g.facts.id);
        const auto u = in.observe(g.facts);
        // An incident holding injected mentions, opened (or raised again by a spike) at or after the onset.
        if (delay < 0 && !u.spikes.empty() && g.facts.at_ms >= onset)
            for (const auto* list : {&u.opened, &u.updated})
                for (const auto& id : *list) {
                    const auto* inc = in.incident(id);
                    bool has = false;
                    for (const auto& m : inc->mention_ids) has |= injected.count(m) > 0;
                    if (has && inc->spike.at_ms >= onset && delay < 0)
                        delay = static_cast<double>(inc->spike.at_ms - onset) / kMin;
                }
        if (delay >= 0 || g.facts.at_ms > onset + 60 * kMin) break;
    }
    return delay;
}

void detection(double per_day) {
    std::printf("\n== detection delay, background %.0f complaints/day over 12 categories (diurnal 0.4x..1.6x)\n", per_day);
    const auto cats = synth::default_categories();
    std::map<std::string, DelayResult> by_cat;
    DelayResult all, entity;
    std::uint64_t seed = 100;
    const int hours[] = {3, 9, 15, 21};
    for (std::size_t ci = 0; ci < cats.size(); ci += 2)
        for (int h : hours) {
            synth::StreamSpec spec;
            spec.mentions_per_day = per_day;
            spec.seed = ++seed;
            spec.duration_ms = kDay + (h + 2) * kHour;
            synth::SpikeSpec sp;
            sp.category = cats[ci].id;
            sp.onset_ms = spec.start_ms + kDay + h * kHour + 17 * kMin;
            sp.multiplier = 5.0;
            sp.cause = "the " + cats[ci].nouns[0] + " problem everyone is hitting since noon, error code 7731";
            spec.spikes.push_back(sp);
            const double d = run_injection(spec, sp.onset_ms);
            auto& r = by_cat[cats[ci].id];
            if (d < 0) {
                ++r.missed;
                ++all.missed;
            } else {
                r.delays.push_back(d);
                all.delays.push_back(d);
            }
            // entity spike: one flight number, 1 complaint a minute, in the same stream shape
            synth::StreamSpec es = spec;
            es.seed += 1000;
            es.spikes[0].cause = "flight cancelled, everyone stuck at the gate";
            es.spikes[0].category = "delays";
            es.spikes[0].multiplier = 1.0;
            es.spikes[0].min_rate_per_minute = 1.0;
            es.spikes[0].entities = {{"flight_number", "QQ" + std::to_string(seed), "QQ" + std::to_string(seed)}};
            const double de = run_injection(es, sp.onset_ms);
            if (de < 0) ++entity.missed;
            else entity.delays.push_back(de);
        }
    for (const auto& c : cats) {
        auto it = by_cat.find(c.id);
        if (it == by_cat.end()) continue;
        const auto& r = it->second;
        std::printf("  category %-9s share %4.1f%% (%5.2f/min mean): median %5.1f min, max %5.1f min, missed %d of %zu\n",
                    c.id.c_str(), c.share * 100, per_day * c.share / 1440, pct(r.delays, 0.5), pct(r.delays, 1.0), r.missed,
                    r.delays.size() + static_cast<std::size_t>(r.missed));
    }
    const auto within10 = std::count_if(all.delays.begin(), all.delays.end(), [](double d) { return d <= 10; });
    std::printf("  5x category spikes: %zu runs, median %.1f min, p90 %.1f min, detected within 10 min: %ld of %zu (target <= 10 min)\n",
                all.delays.size() + static_cast<std::size_t>(all.missed), pct(all.delays, 0.5), pct(all.delays, 0.9),
                static_cast<long>(within10), all.delays.size() + static_cast<std::size_t>(all.missed));
    const auto e10 = std::count_if(entity.delays.begin(), entity.delays.end(), [](double d) { return d <= 10; });
    std::printf("  flight-number spikes at 1/min: median %.1f min, p90 %.1f min, within 10 min: %ld of %zu\n",
                pct(entity.delays, 0.5), pct(entity.delays, 0.9), static_cast<long>(e10),
                entity.delays.size() + static_cast<std::size_t>(entity.missed));
}

void false_alarms(double per_day, int days) {
    synth::StreamSpec spec;
    spec.mentions_per_day = per_day;
    spec.duration_ms = days * kDay;
    spec.seed = 4242;
    Insights in(g_config);
    std::size_t n = 0;
    for (const auto& g : synth::generate(spec)) {
        in.observe(g.facts);
        ++n;
    }
    // the first day is warm-up for a fresh detector; count everything anyway
    std::printf("  %5.0f complaints/day, %d days (%zu mentions): %zu false incidents = %.2f per day (target < 1)\n", per_day,
                days, n, in.incidents().size(), static_cast<double>(in.incidents().size()) / days);
    for (const auto& i : in.incidents())
        std::printf("      %s %s (%s) opened day %.2f: observed %d expected %.2f in %d min\n", i.id.c_str(), i.title.c_str(),
                    i.anchor.c_str(), static_cast<double>(i.opened_at_ms - spec.start_ms) / kDay, i.spike.observed,
                    i.spike.expected, i.spike.window_minutes);
}

void grouping(const std::string& path) {
    std::ifstream f(path);
    if (!f) {
        std::printf("\n== grouping: cannot open %s\n", path.c_str());
        return;
    }
    struct Row {
        std::string cluster, category, text;
        std::vector<EntityRef> entities;
    };
    std::vector<Row> rows;
    std::string line;
    while (std::getline(f, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> cols;
        std::stringstream ss(line);
        std::string c;
        while (std::getline(ss, c, '\t')) cols.push_back(c);
        if (cols.size() < 4) continue;
        Row r{cols[0], cols[1], cols[3], {}};
        std::stringstream es(cols[2]);
        std::string e;
        while (std::getline(es, e, ';'))
            if (auto colon = e.find(':'); colon != std::string::npos)
                r.entities.push_back({e.substr(0, colon), e.substr(colon + 1), e.substr(colon + 1)});
        rows.push_back(r);
    }
    // Realistic word weights: a few hours of background first (categories other than the labeled causes' words).
    Grouper g(g_config.grouping);
    synth::StreamSpec spec;
    spec.duration_ms = 6 * kHour;
    std::int64_t t = spec.start_ms;
    for (const auto& bg : synth::generate(spec)) {
        t = bg.facts.at_ms;
        g.add(t, bg.facts.category, extract_features(bg.facts.text, bg.facts.entities));
    }
    // Feed the labeled rows interleaved (round-robin over clusters), one a minute.
    synth::Rng rng(9);
    std::vector<std::size_t> order(rows.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.pick(i)]);
    std::vector<std::uint64_t> got(rows.size());
    for (auto i : order) got[i] = g.add(t += kMin, rows[i].category, extract_features(rows[i].text, rows[i].entities)).group;
    long tp = 0, fp = 0, fn = 0;
    for (std::size_t i = 0; i < rows.size(); ++i)
        for (std::size_t j = i + 1; j < rows.size(); ++j) {
            const bool truth = rows[i].cluster != "-" && rows[i].cluster == rows[j].cluster;
            const bool pred = got[i] == got[j];
            tp += truth && pred;
            fp += !truth && pred;
            fn += truth && !pred;
        }
    const double p = tp + fp ? static_cast<double>(tp) / static_cast<double>(tp + fp) : 1.0;
    const double r = tp + fn ? static_cast<double>(tp) / static_cast<double>(tp + fn) : 1.0;
    std::set<std::string> clusters;
    for (const auto& row : rows)
        if (row.cluster != "-") clusters.insert(row.cluster);
    std::printf("\n== grouping on %zu labeled complaints (%zu same-cause clusters + one-offs), pairwise after 6 h of background\n",
                rows.size(), clusters.size());
    std::printf("  precision %.3f, recall %.3f, F1 %.3f (true pairs %ld, predicted pairs %ld)\n", p, r,
                p + r > 0 ? 2 * p * r / (p + r) : 0.0, tp + fn, tp + fp);
    for (const auto& c : clusters) {
        std::set<std::uint64_t> gs;
        int n = 0;
        for (std::size_t i = 0; i < rows.size(); ++i)
            if (rows[i].cluster == c) {
                gs.insert(got[i]);
                ++n;
            }
        if (gs.size() > 1) std::printf("    %-18s %d complaints split into %zu groups\n", c.c_str(), n, gs.size());
    }
}

void cost() {
    synth::StreamSpec spec;
    spec.mentions_per_day = 50000;
    spec.duration_ms = 1 * kDay;
    spec.seed = 77;
    const auto stream = synth::generate(spec);
    std::vector<Mention> mentions;
    for (const auto& g : stream) {
        Mention m;
        m.id = g.facts.id;
        m.platform = g.facts.platform;
        m.author.handle = g.facts.author;
        m.text = g.facts.text;
        m.created_at_ms = g.facts.at_ms;
        mentions.push_back(std::move(m));
    }
    // The Triager (default playbook and models) on the same mentions, then insights fed with its output. The two are
    // timed in alternating chunks of 1,000 mentions so both see the same machine load; thread CPU time and wall time.
    const Triager triager(wire::builtin_playbook("default"), default_triage_models());
    std::vector<MentionFacts> facts;
    facts.reserve(mentions.size());
    Insights in(g_config);
    Clock triage_t, ins_t;
    // triage in its bulk form (one reused result, no explanation text), as the server and the CLI run it
    Triage tout;
    TriageContext tctx;
    tctx.explain = false;
    for (std::size_t start = 0; start < mentions.size(); start += 1000) {
        const std::size_t end = std::min(mentions.size(), start + 1000);
        const Stamp s0 = Stamp::now();
        for (std::size_t i = start; i < end; ++i) {
            triager.triage_into(mentions[i], tctx, tout);
            facts.push_back(facts_from_triage(mentions[i], tout));
        }
        const Stamp s1 = Stamp::now();
        for (std::size_t i = start; i < end; ++i) in.observe(facts[i]);
        const Stamp s2 = Stamp::now();
        triage_t.add(s0, s1);
        ins_t.add(s1, s2);
    }
    Clock agg_t;
    {
        Aggregates agg;
        const Stamp s0 = Stamp::now();
        for (const auto& f : facts) agg.observe(f);
        agg_t.add(s0, Stamp::now());
    }
    // The parts alone, on the same facts: feature extraction, grouping (features given), spike tests.
    Clock feat_t, group_t, spike_t, ref_feat_t;
    std::vector<Features> feats;
    feats.reserve(facts.size());
    {
        const Stamp s0 = Stamp::now();
        for (const auto& f : facts) feats.push_back(extract_features(f.text, f.entities));
        ref_feat_t.add(s0, Stamp::now());
        // What Insights does: the memoising extractor (features kept for the grouper run below)
        FeatureExtractor ex;
        const Stamp s0b = Stamp::now();
        for (const auto& f : facts) ex.extract(f.text, f.entities);
        feat_t.add(s0b, Stamp::now());
        for (std::size_t i = 0; i < facts.size(); ++i) feats[i] = ex.extract(facts[i].text, facts[i].entities);
        Grouper g(g_config.grouping);
        const Stamp s1 = Stamp::now();
        for (std::size_t i = 0; i < facts.size(); ++i) g.add(facts[i].at_ms, facts[i].category, feats[i], &ex);
        group_t.add(s1, Stamp::now());
        std::printf("  (grouper: %zu live groups after the day)\n", g.live_groups());
        SpikeDetector det;
        std::vector<SpikeDetector::KeyRef> keys;
        const Stamp s2 = Stamp::now();
        for (const auto& f : facts) {
            keys.clear();
            keys.push_back({{"category:", f.category, {}, {}}, -1});
            for (const auto& e : f.entities)
                if (is_cause_entity(e.type)) keys.push_back({{"entity:", e.type, ":", e.value}, -1});
            det.observe(f.at_ms, f.author, keys.data(), keys.size());
        }
        spike_t.add(s2, Stamp::now());
    }
    std::size_t complaints = 0;
    for (const auto& f : facts) complaints += f.complaint ? 1 : 0;
    const double n = static_cast<double>(mentions.size());
    std::printf("\n== cost on %zu mentions (50,000 a day for one day; %zu complaints by triage), one core, same run\n",
                mentions.size(), complaints);
    std::printf("  %-26s %9s %10s %10s %12s\n", "", "mentions/s", "us/mention", "wall us", "% of triage");
    auto row = [&](const char* name, const Clock& c) {
        std::printf("  %-26s %9.0f %10.2f %10.2f %11.2f%%\n", name, n / c.cpu, 1e6 * c.cpu / n, 1e6 * c.wall / n,
                    100.0 * c.cpu / triage_t.cpu);
    };
    row("Triager::triage_into (peer)", triage_t);
    row("Insights::observe", ins_t);
    row("Aggregates::observe", agg_t);
    row("  FeatureExtractor", feat_t);
    row("  (extract_features, ref)", ref_feat_t);
    row("  Grouper::add", group_t);
    row("  SpikeDetector::observe", spike_t);
    std::printf("  (%% of triage CPU time; target: the whole Insights::observe < 10%%, aim <= 5%%; %zu incidents)\n",
                in.incidents().size());
}

} // namespace

int main(int argc, char** argv) {
    // bench_insights [--only detect|false|group|cost]... [GROUPING.tsv]
    std::string data = EARSHOT_BENCH_DATA_DIR "/insights_grouping.tsv";
    std::set<std::string> only;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--only" && i + 1 < argc) only.insert(argv[++i]);
        else if (a == "--grouping" && i + 1 < argc) {
            if (!parse_grouping(argv[++i])) {
                std::fprintf(stderr, "bench_insights: bad --grouping '%s'\n", argv[i]);
                return 2;
            }
        }
        else if (a == "--help" || a == "-h") {
            std::printf("usage: bench_insights [--only detect|false|group|cost]... [--grouping k=v,...] [GROUPING.tsv]\n"
                        "  --grouping: GroupingConfig fields for every section (max_candidates, postings_per_feature,\n"
                        "              compare_members, join_similarity, entity_join_similarity, near_duplicate_bits)\n");
            return 0;
        } else data = a;
    }
    auto on = [&](const char* s) { return only.empty() || only.count(s) > 0; };
    std::printf("earshot insights benchmark (synthetic streams: tests/support/insights_synth.hpp)\n");
    if (on("detect")) {
        detection(5000);
        detection(20000);
    }
    if (on("false")) {
        std::printf("\n== false incidents on steady traffic (no injected spikes)\n");
        false_alarms(5000, 14);
        false_alarms(20000, 7);
    }
    if (on("group")) grouping(data);
    if (on("cost")) cost();
    return 0;
}
