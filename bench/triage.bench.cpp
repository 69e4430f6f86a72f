// Full triage throughput (one core): tokenise, VADER + cues, three linear models, few-shot categories, entities,
// signals, urgency, tier, team, deadline; then the same with the explanation text. Texts: the development set (all
// splits). Prints numbers;
// bench/triage_speed.bench.mjs runs this next to the wasm build and npm vader-sentiment.
//   bench_triage [N=1000000] [--json] [--lean]
#include "earshot/default_models.hpp"
#include "earshot/triage.hpp"
#include "earshot/vader.hpp"
#include "earshot/wire/playbook_json.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    std::size_t n = 1'000'000;
    bool json = false, lean = false;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--json") == 0) json = true;
        else if (std::strcmp(argv[i], "--lean") == 0) lean = true; // skip the run with explanation text (profiling)
        else n = std::stoul(argv[i]);
    }
    std::vector<earshot::Mention> mentions;
    std::ifstream in("build/release/devset/all.ndjson");
    std::string line;
    while (std::getline(in, line)) {
        const auto j = nlohmann::json::parse(line);
        earshot::Mention m;
        m.text = j["text"].get<std::string>();
        m.author.followers = j["author"]["followers"].get<std::int64_t>();
        mentions.push_back(std::move(m));
    }
    if (mentions.empty()) {
        std::fprintf(stderr, "bench_triage: run from the repository root after `make native` (needs build/release/devset)\n");
        return 1;
    }
    const auto t_load = std::chrono::steady_clock::now();
    const earshot::Triager triager(earshot::wire::builtin_playbook("default"), earshot::default_triage_models());
    const std::size_t memory = earshot::default_models_memory_bytes();
    const double load_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t_load).count();
    // Bulk form: one reused Triage (no allocation per mention once warm), explanation text not built (it is built
    // on request: ctx.explain, as `earshot classify` and the server do); then the same with the explanation text.
    struct Run {
        double secs = 0, cpu = 0;
        std::size_t complaints = 0, bytes = 0;
    };
    auto run = [&](std::size_t count, bool explain) {
        Run r;
        earshot::Triage t;
        earshot::TriageContext ctx;
        ctx.explain = explain;
        const std::clock_t c0 = std::clock(); // CPU time: wall clock is meaningless on a loaded machine
        const auto t0 = std::chrono::steady_clock::now();
        for (std::size_t i = 0; i < count; ++i) {
            const auto& m = mentions[i % mentions.size()];
            triager.triage_into(m, ctx, t);
            r.complaints += t.complaint;
            r.bytes += m.text.size();
        }
        r.secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        r.cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
        return r;
    };
    const Run a = run(n, false);
    const std::size_t n_explained = lean ? 0 : std::max<std::size_t>(1, n / 5);
    const Run b = run(n_explained, true);
    auto per = [](std::size_t count, double s) { return s > 0 ? count / s : 0.0; };
    if (json) {
        std::printf("{\"mentions\":%zu,\"seconds\":%.4f,\"per_second\":%.0f,\"cpu_seconds\":%.4f,\"per_cpu_second\":%.0f,"
                    "\"complaints\":%zu,\"memory_bytes\":%zu,\"load_ms\":%.1f,\"explained_mentions\":%zu,"
                    "\"explained_per_second\":%.0f,\"explained_per_cpu_second\":%.0f}\n",
                    n, a.secs, per(n, a.secs), a.cpu, per(n, a.cpu), a.complaints, memory, load_ms, n_explained,
                    per(n_explained, b.secs), per(n_explained, b.cpu));
    } else {
        std::printf("triage: %zu mentions in %.2f s = %.0f mentions/s (1 core, %.1f MB/s), %zu complaints\n", n, a.secs,
                    per(n, a.secs), a.bytes / a.secs / 1e6, a.complaints);
        std::printf("CPU time: %.2f s = %.0f mentions per CPU-second (target >= 500,000)\n", a.cpu, per(n, a.cpu));
        std::printf("with explanation text: %zu mentions, %.0f mentions/s, %.0f per CPU-second\n", n_explained,
                    per(n_explained, b.secs), per(n_explained, b.cpu));
        std::printf("models + lexicon memory: %.2f MB (target <= 20 MB); load %.1f ms\n", memory / 1e6, load_ms);
    }
    return 0;
}
