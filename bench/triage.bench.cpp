// Full triage throughput (one core): tokenise, VADER + cues, three linear models, few-shot categories, entities,
// signals, urgency, tier, team, deadline, explanation. Texts: the development set (all splits). Prints numbers;
// bench/triage_speed.bench.mjs runs this next to the wasm build and npm vader-sentiment.
//   bench_triage [N=1000000] [--json]
#include "earshot/default_models.hpp"
#include "earshot/triage.hpp"
#include "earshot/vader.hpp"
#include "earshot/wire/playbook_json.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    std::size_t n = 1'000'000;
    bool json = false;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--json") == 0) json = true;
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
    std::size_t complaints = 0, bytes = 0;
    const std::clock_t c0 = std::clock(); // CPU time: wall clock is meaningless on a loaded machine
    const auto t0 = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < n; ++i) {
        const auto& m = mentions[i % mentions.size()];
        complaints += triager.triage(m).complaint;
        bytes += m.text.size();
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    if (json) {
        std::printf("{\"mentions\":%zu,\"seconds\":%.4f,\"per_second\":%.0f,\"cpu_seconds\":%.4f,\"per_cpu_second\":%.0f,"
                    "\"complaints\":%zu,\"memory_bytes\":%zu,\"load_ms\":%.1f}\n",
                    n, secs, n / secs, cpu, cpu > 0 ? n / cpu : 0.0, complaints, memory, load_ms);
    } else {
        std::printf("triage: %zu mentions in %.2f s = %.0f mentions/s (1 core, %.1f MB/s), %zu complaints\n", n, secs,
                    n / secs, bytes / secs / 1e6, complaints);
        std::printf("CPU time: %.2f s = %.0f mentions per CPU-second (target >= 500,000)\n", cpu, cpu > 0 ? n / cpu : 0.0);
        std::printf("models + lexicon memory: %.2f MB (target <= 20 MB); load %.1f ms\n", memory / 1e6, load_ms);
    }
    return 0;
}
