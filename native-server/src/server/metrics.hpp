#pragma once
// Server metrics, exported at GET /metrics in the Prometheus text format. Lock-free counters and fixed-bucket
// histograms, updated from any thread.

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

namespace earshot::server {

class Histogram {
public:
    static constexpr std::array<double, 14> kBounds{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                    0.025,  0.05,    0.1,    0.25,  0.5,    1.0,  2.5};
    void observe(double seconds) noexcept;
    void write(std::string& out, const std::string& name, const std::string& help) const;

private:
    std::array<std::atomic<std::uint64_t>, kBounds.size() + 1> buckets_{};
    std::atomic<std::uint64_t> count_{0};
    std::atomic<std::uint64_t> sum_ns_{0};
};

struct Metrics {
    std::atomic<std::uint64_t> ingest_total{0};        // mentions stored
    std::atomic<std::uint64_t> ingest_duplicates{0};   // mentions skipped (id already stored)
    std::atomic<std::uint64_t> ingest_rejected{0};     // requests rejected as invalid
    std::atomic<std::uint64_t> events_total{0};        // durable events published
    std::atomic<std::uint64_t> ws_dropped_slow{0};     // clients disconnected for a full send queue
    std::atomic<std::uint64_t> ws_messages_sent{0};    // frames written
    std::atomic<std::int64_t> ws_clients{0};
    std::atomic<std::int64_t> ws_public_clients{0};
    std::atomic<std::int64_t> ws_queue_max_bytes{0};   // largest per-client queue seen since the last scrape
    std::atomic<std::int64_t> pipeline_depth{0};       // write tasks waiting for the commit thread
    std::atomic<std::uint64_t> rate_limited{0};
    std::array<std::atomic<std::uint64_t>, 6> http_by_class{}; // index = status / 100
    Histogram http_seconds;       // request handling (read complete -> response ready)
    Histogram ingest_seconds;     // POST /api/mentions: body read -> 202 (analysis + durable commit)
    Histogram commit_seconds;     // one group commit (written; fsync included with --push-after-fsync)
    Histogram sync_seconds;       // one fsync of the write-ahead log (covers every commit written before it)
    Histogram analyze_seconds;    // triage + drafts of one mention
    std::atomic<std::uint64_t> commit_batch_total{0};

    std::string render(std::int64_t head_seq) const;
};

} // namespace earshot::server
