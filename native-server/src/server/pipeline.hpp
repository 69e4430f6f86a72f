#pragma once
// The commit pipeline: one thread owns the store's write side. It takes every queued write task, runs them in one
// transaction (each inside a savepoint, so one failing task does not undo the others), commits (group commit),
// publishes the events to the EventSink in seq order, fsyncs, and only then completes each task: a 202 is never
// sent before the data is durable (fsynced), and an event is never pushed before it is committed and written to
// the operating system (it survives kill -9 of the server). By default events go out while the fsync runs (it
// takes ~10 ms on a slow disk); with push_before_sync = false (--push-after-fsync) they wait for it too.

#include "metrics.hpp"
#include "shared_state.hpp"
#include "store.hpp"

#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace earshot::server {

/// Handed to a write task: the store and the events the task emits.
class WriteTxn {
public:
    WriteTxn(Store& store, std::int64_t& seq, std::vector<Event>& events) : store_(store), seq_(seq), events_(events) {}
    Store& store() { return store_; }
    /// The seq the next emit() will use.
    std::int64_t next_seq() const { return seq_ + 1; }
    /// Stores and queues an event whose message was built with next_seq(); returns its seq.
    std::int64_t emit(const std::string& type, const std::string& mention_id, std::int64_t at_ms,
                      std::string message);

private:
    Store& store_;
    std::int64_t& seq_;
    std::vector<Event>& events_;
};

class Pipeline {
public:
    using Task = std::function<void(WriteTxn&)>;
    /// Called on the pipeline thread after the commit (error = null) or after the task failed (its exception).
    using Done = std::function<void(std::exception_ptr error)>;

    Pipeline(Store& store, EventSink& sink, Metrics& metrics, bool push_before_sync = true);
    ~Pipeline();

    /// Queues a task. After stop() has been called, the task fails at once with a "shutting down" error.
    void submit(Task task, Done done);
    /// Finishes every queued task, then stops the thread.
    void stop();
    std::int64_t head() const;

private:
    void run();

    Store& store_;
    EventSink& sink_;
    Metrics& metrics_;
    const bool push_before_sync_;
    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::vector<std::pair<Task, Done>> queue_;
    bool stopping_ = false;
    std::int64_t seq_ = 0;
    std::int64_t committed_seq_ = 0;
    std::thread thread_;
};

} // namespace earshot::server
