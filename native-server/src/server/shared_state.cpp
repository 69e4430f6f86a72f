#include "shared_state.hpp"

namespace earshot::server {

void SharedState::preload(std::vector<Event> recent, std::int64_t head) {
    std::lock_guard lock(mu_);
    ring_.clear();
    for (auto& e : recent) ring_.push_back(std::move(e));
    while (ring_.size() > capacity_) ring_.pop_front();
    head_ = head;
}

JoinResult SharedState::join(const std::shared_ptr<LiveClient>& client, std::optional<std::int64_t> since) {
    std::lock_guard lock(mu_);
    JoinResult r;
    r.head = head_;
    if (since && *since >= 0 && *since <= head_) {
        if (*since == head_) {
            r.resumed = true;
        } else if (!ring_.empty() && ring_.front().seq <= *since + 1 && ring_.back().seq == head_) {
            r.resumed = true;
            auto first = static_cast<std::size_t>(*since + 1 - ring_.front().seq);
            r.backlog.reserve(ring_.size() - first);
            for (std::size_t i = first; i < ring_.size(); ++i) r.backlog.push_back(ring_[i].message);
        }
    }
    agents_[client.get()] = client;
    return r;
}

void SharedState::leave(const LiveClient* client) {
    std::lock_guard lock(mu_);
    agents_.erase(client);
}

void SharedState::join_public(const std::shared_ptr<LiveClient>& client) {
    std::lock_guard lock(mu_);
    publics_[client.get()] = client;
}

void SharedState::leave_public(const LiveClient* client) {
    std::lock_guard lock(mu_);
    publics_.erase(client);
}

std::vector<std::shared_ptr<LiveClient>> SharedState::lock_all(bool agents, bool publics) {
    // Called with mu_ held: promote weak pointers; sends happen after the lock is released.
    std::vector<std::shared_ptr<LiveClient>> out;
    out.reserve((agents ? agents_.size() : 0) + (publics ? publics_.size() : 0));
    if (agents)
        for (auto& [k, w] : agents_)
            if (auto s = w.lock()) out.push_back(std::move(s));
    if (publics)
        for (auto& [k, w] : publics_)
            if (auto s = w.lock()) out.push_back(std::move(s));
    return out;
}

namespace {
/// The events of one commit as frames for every client: runs of events joined once into JSON arrays (within the
/// frame limits), so each client writes one buffer per frame instead of one per event.
std::vector<Outgoing> join_frames(const std::vector<Event>& events) {
    std::vector<Outgoing> out;
    std::size_t i = 0;
    while (i < events.size()) {
        std::size_t j = i, bytes = 0;
        while (j < events.size() && j - i < kMaxFrameEntries &&
               (j == i || bytes + events[j].message->size() <= kMaxFrameBytes))
            bytes += events[j++].message->size();
        if (j - i == 1) {
            out.push_back({events[i].message, false});
        } else {
            std::string joined;
            joined.reserve(bytes + (j - i) + 1);
            joined += '[';
            for (std::size_t k = i; k < j; ++k) {
                if (k > i) joined += ',';
                joined += *events[k].message;
            }
            joined += ']';
            out.push_back({std::make_shared<const std::string>(std::move(joined)), true});
        }
        i = j;
    }
    return out;
}
} // namespace

void SharedState::publish(std::vector<Event> events) {
    if (events.empty()) return;
    std::vector<Outgoing> frames = join_frames(events); // outside the lock
    std::vector<std::shared_ptr<LiveClient>> targets;
    {
        std::lock_guard lock(mu_);
        for (auto& e : events) {
            head_ = e.seq;
            ring_.push_back(std::move(e));
        }
        while (ring_.size() > capacity_) ring_.pop_front();
        targets = lock_all(true, false);
    }
    for (auto& t : targets) t->deliver(frames);
}

void SharedState::publish_ephemeral(Message message) {
    std::vector<std::shared_ptr<LiveClient>> targets;
    {
        std::lock_guard lock(mu_);
        targets = lock_all(true, false);
    }
    for (auto& t : targets) t->deliver({Outgoing{message, false}});
}

void SharedState::publish_public(Message message) {
    std::vector<std::shared_ptr<LiveClient>> targets;
    {
        std::lock_guard lock(mu_);
        if (public_message_ && *public_message_ == *message) return;
        public_message_ = message;
        targets = lock_all(false, true);
    }
    for (auto& t : targets) t->deliver({Outgoing{message, false}});
}

Message SharedState::public_message() const {
    std::lock_guard lock(mu_);
    return public_message_;
}

Message SharedState::presence_message(const std::string& agent, const std::string& mention_id,
                                      const std::string& state, std::int64_t head) const {
    json j = {{"type", "event"},
              {"event", "presence"},
              {"seq", head},
              {"ephemeral", true},
              {"data", {{"agent", agent}, {"mention_id", mention_id}, {"state", state}}}};
    return std::make_shared<const std::string>(dump(j));
}

Message SharedState::set_presence(const LiveClient* client, const std::string& agent, const std::string& mention_id,
                                  const std::string& state) {
    std::lock_guard lock(mu_);
    auto it = presence_.find(client);
    if (state == "idle") {
        if (it == presence_.end()) return nullptr;
        std::string old_mention = it->second.mention_id;
        presence_.erase(it);
        return presence_message(agent, mention_id.empty() ? old_mention : mention_id, "idle", head_);
    }
    if (it != presence_.end() && it->second.mention_id == mention_id && it->second.state == state) return nullptr;
    presence_[client] = {agent, mention_id, state};
    return presence_message(agent, mention_id, state, head_);
}

json SharedState::presence_list() const {
    std::lock_guard lock(mu_);
    json arr = json::array();
    for (auto& [k, p] : presence_) arr.push_back({{"agent", p.agent}, {"mention_id", p.mention_id}, {"state", p.state}});
    return arr;
}

std::int64_t SharedState::head() const {
    std::lock_guard lock(mu_);
    return head_;
}

std::size_t SharedState::client_count() const {
    std::lock_guard lock(mu_);
    return agents_.size();
}

void SharedState::shutdown_all() {
    std::vector<std::shared_ptr<LiveClient>> targets;
    {
        std::lock_guard lock(mu_);
        targets = lock_all(true, true);
    }
    for (auto& t : targets) t->shutdown();
}

} // namespace earshot::server
