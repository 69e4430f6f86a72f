// Tokenizer throughput on realistic short mentions (prints numbers; not a test).
#include "earshot/tokenizer.hpp"

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

int main() {
    const std::vector<std::string> samples = {
        "My bag has been missing for 3 days @united #lostluggage",
        "second time my order is late. great, another delay...",
        "WORST. SERVICE. EVER!!! 😡😡😡 @AcmeBank",
        "sooooo happy with the new app :) thanks @acme_support <3",
        "charged me $45.00 twice on 11/03 for order #A12345, call me on +1 (555) 123-4567 or jo@example.com",
        "flight UA1234 from SFO cancelled at 10:30am, no rebooking, stuck with 2 kids",
        "is the app down?? can't log in since 9am https://status.example.com/incident?id=5",
        "don’t re-book me on the 6:45 — I’ll miss the wedding!!!",
    };
    const std::size_t n = 1'000'000;
    std::size_t tokens = 0, bytes = 0;
    const auto t0 = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < n; ++i) {
        const auto& s = samples[i % samples.size()];
        tokens += earshot::tokenize(s).tokens.size();
        bytes += s.size();
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("tokenizer: %zu mentions in %.3f s = %.0f mentions/s, %.1f MB/s, %.1f M tokens/s (1 core)\n", n, secs,
                n / secs, bytes / secs / 1e6, tokens / secs / 1e6);
    return 0;
}
