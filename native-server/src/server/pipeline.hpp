#pragma once
// The commit pipeline: one thread owns the store's write side. It takes every queued write task, runs them in one
// transaction (each inside a savepoint, so one failing task does not undo the others), commits (group commit),
// publishes the events to the EventSink in seq order, fsyncs, and only then completes each task: a 202 is never
// sent before the data is durable (fsynced), and an event is never pushed before it is committed and written to
// the operating system (it survives kill -9 of the server). By default events go out before the fsync (it takes
// ~10 ms on a slow disk), which runs on a second thread while the pipeline goes on with the next transaction; one
// fsync covers every commit written before it, and then completes their tasks. With push_before_sync = false
// (--push-after-fsync) each commit is fsynced on the pipeline thread before its events go out.

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
    void run_sync();

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
    // fsync thread (push_before_sync_): completions of tasks whose commit is written but not yet fsynced
    std::mutex sync_mu_;
    std::condition_variable sync_cv_;
    std::vector<Done> sync_queue_;
    bool sync_stopping_ = false;
    std::thread sync_thread_;
    std::thread thread_;
};

} // namespace earshot::server
