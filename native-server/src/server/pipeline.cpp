#include "pipeline.hpp"

#include <iostream>
#include <stdexcept>

namespace earshot::server {

std::int64_t WriteTxn::emit(const std::string& type, const std::string& mention_id, std::int64_t at_ms,
                            std::string message) {
    const std::int64_t seq = ++seq_;
    store_.append_event(seq, type, mention_id, at_ms, message);
    events_.push_back({seq, std::make_shared<const std::string>(std::move(message))});
    return seq;
}

Pipeline::Pipeline(Store& store, EventSink& sink, Metrics& metrics, bool push_before_sync)
    : store_(store), sink_(sink), metrics_(metrics), push_before_sync_(push_before_sync), seq_(store.head_seq()),
      committed_seq_(seq_) {
    if (push_before_sync_) sync_thread_ = std::thread([this] { run_sync(); });
    thread_ = std::thread([this] { run(); });
}

Pipeline::~Pipeline() { stop(); }

void Pipeline::submit(Task task, Done done) {
    {
        std::lock_guard lock(mu_);
        if (!stopping_) {
            queue_.emplace_back(std::move(task), std::move(done));
            metrics_.pipeline_depth.store(static_cast<std::int64_t>(queue_.size()));
            cv_.notify_one();
            return;
        }
    }
    done(std::make_exception_ptr(std::runtime_error("the server is shutting down")));
}

void Pipeline::stop() {
    {
        std::lock_guard lock(mu_);
        if (stopping_ && !thread_.joinable()) return;
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
    {
        std::lock_guard lock(sync_mu_);
        sync_stopping_ = true;
    }
    sync_cv_.notify_all();
    if (sync_thread_.joinable()) sync_thread_.join(); // after the last commit: its tasks complete first
}

void Pipeline::run_sync() {
    for (;;) {
        std::vector<Done> dones;
        {
            std::unique_lock lock(sync_mu_);
            sync_cv_.wait(lock, [&] { return sync_stopping_ || !sync_queue_.empty(); });
            if (sync_queue_.empty() && sync_stopping_) return;
            dones.swap(sync_queue_);
        }
        // One fsync makes every commit written so far durable (those of `dones` were written before they were
        // queued); then their tasks complete (202).
        std::exception_ptr err;
        const auto t0 = mono_ns();
        try {
            store_.sync();
        } catch (const std::exception& e) {
            std::cerr << "earshot serve: " << e.what() << "\n";
            err = std::make_exception_ptr(std::runtime_error(std::string("storage failed: ") + e.what()));
        }
        metrics_.sync_seconds.observe(static_cast<double>(mono_ns() - t0) / 1e9);
        for (auto& done : dones) {
            try {
                done(err);
            } catch (const std::exception& e) {
                std::cerr << "earshot serve: completion failed: " << e.what() << "\n";
            }
        }
    }
}

std::int64_t Pipeline::head() const {
    std::lock_guard lock(mu_);
    return committed_seq_;
}

void Pipeline::run() {
    std::int64_t commits = 0;
    for (;;) {
        std::vector<std::pair<Task, Done>> batch;
        {
            std::unique_lock lock(mu_);
            cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty() && stopping_) return;
            batch.swap(queue_);
            metrics_.pipeline_depth.store(0);
        }
        const auto t0 = mono_ns();
        std::vector<Event> events;
        std::vector<std::exception_ptr> errors(batch.size());
        const std::int64_t seq_before = seq_;
        bool committed = false;
        try {
            store_.begin();
            for (std::size_t i = 0; i < batch.size(); ++i) {
                const std::int64_t task_seq = seq_;
                const std::size_t task_events = events.size();
                store_.savepoint();
                try {
                    WriteTxn txn(store_, seq_, events);
                    batch[i].first(txn);
                    store_.release_savepoint();
                } catch (...) {
                    errors[i] = std::current_exception();
                    store_.rollback_savepoint();
                    seq_ = task_seq;
                    events.resize(task_events);
                }
            }
            if (push_before_sync_) {
                store_.commit_written();
            } else {
                store_.commit();
            }
            committed = true;
        } catch (const std::exception& e) {
            std::cerr << "earshot serve: store commit failed: " << e.what() << "\n";
            store_.rollback();
            seq_ = seq_before;
            events.clear();
            auto err = std::make_exception_ptr(std::runtime_error(std::string("storage failed: ") + e.what()));
            for (auto& x : errors)
                if (!x) x = err;
        }
        if (committed) {
            {
                std::lock_guard lock(mu_);
                committed_seq_ = seq_;
            }
            metrics_.events_total.fetch_add(events.size());
            sink_.publish(std::move(events));
        }
        metrics_.commit_seconds.observe(static_cast<double>(mono_ns() - t0) / 1e9);
        metrics_.commit_batch_total.fetch_add(1);
        if (committed) {
            // The replay log is bounded: events are kept for resume, records forever.
            if (++commits % 512 == 0) {
                try {
                    store_.begin();
                    store_.prune_events(seq_ - 200000);
                    store_.commit();
                } catch (const std::exception& e) {
                    store_.rollback();
                    std::cerr << "earshot serve: pruning the event log failed: " << e.what() << "\n";
                }
            }
        }
        // Failed tasks complete now; committed ones once durable: after the fsync thread's next fsync (the events
        // went out already), or at once when commit() fsynced.
        std::vector<Done> to_sync;
        for (std::size_t i = 0; i < batch.size(); ++i) {
            if (committed && !errors[i] && push_before_sync_) {
                to_sync.push_back(std::move(batch[i].second));
                continue;
            }
            try {
                batch[i].second(errors[i]);
            } catch (const std::exception& e) {
                std::cerr << "earshot serve: completion failed: " << e.what() << "\n";
            }
        }
        if (!to_sync.empty()) {
            {
                std::lock_guard lock(sync_mu_);
                for (auto& d : to_sync) sync_queue_.push_back(std::move(d));
            }
            sync_cv_.notify_one();
        }
    }
}

} // namespace earshot::server
