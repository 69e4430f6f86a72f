#include "metrics.hpp"

#include <cstdio>

namespace earshot::server {

void Histogram::observe(double seconds) noexcept {
    std::size_t i = 0;
    while (i < kBounds.size() && seconds > kBounds[i]) ++i;
    buckets_[i].fetch_add(1, std::memory_order_relaxed);
    count_.fetch_add(1, std::memory_order_relaxed);
    sum_ns_.fetch_add(static_cast<std::uint64_t>(seconds * 1e9), std::memory_order_relaxed);
}

void Histogram::write(std::string& out, const std::string& name, const std::string& help) const {
    out += "# HELP " + name + " " + help + "\n# TYPE " + name + " histogram\n";
    std::uint64_t cumulative = 0;
    char buf[160];
    for (std::size_t i = 0; i < kBounds.size(); ++i) {
        cumulative += buckets_[i].load(std::memory_order_relaxed);
        std::snprintf(buf, sizeof buf, "%s_bucket{le=\"%g\"} %llu\n", name.c_str(), kBounds[i],
                      static_cast<unsigned long long>(cumulative));
        out += buf;
    }
    cumulative += buckets_[kBounds.size()].load(std::memory_order_relaxed);
    std::snprintf(buf, sizeof buf, "%s_bucket{le=\"+Inf\"} %llu\n%s_sum %.6f\n%s_count %llu\n", name.c_str(),
                  static_cast<unsigned long long>(cumulative), name.c_str(),
                  static_cast<double>(sum_ns_.load(std::memory_order_relaxed)) / 1e9, name.c_str(),
                  static_cast<unsigned long long>(count_.load(std::memory_order_relaxed)));
    out += buf;
}

namespace {
template <class T>
void metric(std::string& out, const char* name, const char* type, const char* help, T value) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n" + name + " " +
           std::to_string(value) + "\n";
}
} // namespace

std::string Metrics::render(std::int64_t head_seq) const {
    std::string out;
    metric(out, "earshot_ingest_total", "counter", "Mentions stored.", ingest_total.load());
    metric(out, "earshot_ingest_duplicates_total", "counter", "Mentions skipped because their id was already stored.",
           ingest_duplicates.load());
    metric(out, "earshot_ingest_rejected_total", "counter", "Ingest requests rejected as invalid.",
           ingest_rejected.load());
    metric(out, "earshot_events_total", "counter", "Durable events published.", events_total.load());
    metric(out, "earshot_event_seq", "gauge", "Sequence number of the newest event.", head_seq);
    metric(out, "earshot_ws_clients", "gauge", "Connected agent WebSocket clients.", ws_clients.load());
    metric(out, "earshot_ws_public_clients", "gauge", "Connected public-feed WebSocket clients.",
           ws_public_clients.load());
    metric(out, "earshot_ws_send_queue_max_bytes", "gauge", "Largest per-client send queue (bytes).",
           ws_queue_max_bytes.load());
    metric(out, "earshot_ws_dropped_slow_total", "counter", "Clients disconnected because their send queue was full.",
           ws_dropped_slow.load());
    metric(out, "earshot_ws_frames_sent_total", "counter", "WebSocket frames written.", ws_messages_sent.load());
    metric(out, "earshot_pipeline_depth", "gauge", "Write tasks waiting for the commit thread.", pipeline_depth.load());
    metric(out, "earshot_rate_limited_total", "counter", "Requests refused with 429.", rate_limited.load());
    metric(out, "earshot_commit_batches_total", "counter", "Group commits.", commit_batch_total.load());
    out += "# HELP earshot_http_responses_total HTTP responses by status class.\n"
           "# TYPE earshot_http_responses_total counter\n";
    for (std::size_t i = 1; i < http_by_class.size(); ++i)
        out += "earshot_http_responses_total{code=\"" + std::to_string(i) + "xx\"} " +
               std::to_string(http_by_class[i].load()) + "\n";
    http_seconds.write(out, "earshot_http_request_seconds", "Time to handle an HTTP request.");
    ingest_seconds.write(out, "earshot_ingest_seconds", "POST /api/mentions from body read to durable 202.");
    commit_seconds.write(out, "earshot_store_commit_seconds", "One group commit (transaction written; includes the fsync only with --push-after-fsync).");
    sync_seconds.write(out, "earshot_store_sync_seconds", "One fsync of the write-ahead log (makes every commit written before it durable; then the 202s go out).");
    analyze_seconds.write(out, "earshot_analyze_seconds", "Triage and drafting of one mention.");
    return out;
}

} // namespace earshot::server
