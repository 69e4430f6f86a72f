#include "model.hpp"

#include <algorithm>
#include <cctype>
#include <limits>
#include <set>

namespace earshot::widget {

using nlohmann::json;

namespace {

std::string str(const json& j, const char* key, std::string def = {}) {
    if (!j.is_object()) return def;
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return def;
    if (it->is_string()) return it->get<std::string>();
    if (it->is_number_integer()) return std::to_string(it->get<std::int64_t>());
    if (it->is_number()) return std::to_string(it->get<double>());
    if (it->is_boolean()) return it->get<bool>() ? "true" : "false";
    return def;
}

double num(const json& j, const char* key, double def = 0) {
    if (!j.is_object()) return def;
    auto it = j.find(key);
    if (it == j.end()) return def;
    if (it->is_number()) return it->get<double>();
    if (it->is_string()) {
        try {
            return std::stod(it->get<std::string>());
        } catch (...) {
            return def;
        }
    }
    return def;
}

std::int64_t time_ms(const json& j, const char* key) {
    if (!j.is_object()) return 0;
    auto it = j.find(key);
    if (it == j.end()) return 0;
    if (it->is_number()) return it->get<std::int64_t>();
    std::int64_t ms = 0;
    if (it->is_string() && parse_iso8601(it->get<std::string>(), ms)) return ms;
    return 0;
}

std::string lower(std::string s) {
    for (auto& c : s) c = c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c;
    return s;
}

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

/// Case-insensitive (ASCII) substring test; the needle is already lower-case. Runs over every record on a search
/// keystroke, so it skips ahead on the first character instead of comparing at every position.
bool icontains(const std::string& hay, const std::string& needle_lower) {
    const std::size_t n = needle_lower.size();
    if (n == 0) return true;
    if (hay.size() < n) return false;
    const char c0 = needle_lower[0];
    const char c1 = c0 >= 'a' && c0 <= 'z' ? static_cast<char>(c0 - ('a' - 'A')) : c0;
    const char* h = hay.data();
    const std::size_t last = hay.size() - n;
    for (std::size_t p = 0; p <= last; ++p) {
        if (h[p] != c0 && h[p] != c1) continue;
        std::size_t k = 1;
        while (k < n && ascii_lower(h[p + k]) == needle_lower[k]) ++k;
        if (k == n) return true;
    }
    return false;
}

std::vector<std::string> strings(const json& j) {
    std::vector<std::string> out;
    if (j.is_array()) {
        for (const auto& v : j) {
            if (v.is_string()) out.push_back(v.get<std::string>());
            else if (v.is_object()) out.push_back(str(v, "name", str(v, "id", str(v, "text", v.dump()))));
        }
    } else if (j.is_object()) {
        for (auto it = j.begin(); it != j.end(); ++it) {
            const auto& v = it.value();
            if (v.is_boolean() && !v.get<bool>()) continue;
            if (v.is_number() && v.get<double>() == 0) continue;
            if (v.is_null()) continue;
            out.push_back(it.key());
        }
    }
    return out;
}

} // namespace

const char* to_string(Connection c) {
    switch (c) {
    case Connection::Offline: return "offline";
    case Connection::Connecting: return "connecting";
    case Connection::Live: return "live";
    case Connection::Reconnecting: return "reconnecting";
    case Connection::Unauthorized: return "unauthorized";
    }
    return "?";
}

std::int64_t Record::deadline_ms() const {
    if (!triage.present || triage.respond_within_minutes <= 0 || mention.created_at_ms == 0) return 0;
    return mention.created_at_ms + std::int64_t(triage.respond_within_minutes) * 60'000;
}

Triage triage_from_json(const json& t) {
    Triage out;
    if (!t.is_object()) return out;
    out.present = true;
    if (auto s = t.find("sentiment"); s != t.end()) {
        if (s->is_object()) {
            out.sentiment = str(*s, "label", "neutral");
            out.sentiment_score = num(*s, "score");
        } else if (s->is_string()) {
            out.sentiment = s->get<std::string>();
        }
    }
    if (auto c = t.find("complaint"); c != t.end()) {
        if (c->is_boolean()) out.complaint = c->get<bool>();
        else if (c->is_object()) out.complaint = c->value("is_complaint", c->value("value", false));
    }
    if (auto c = t.find("category"); c != t.end()) {
        if (c->is_object()) {
            out.category_id = str(*c, "id");
            out.category_label = str(*c, "label", out.category_id);
            out.category_confidence = num(*c, "confidence");
        } else if (c->is_string()) {
            out.category_id = out.category_label = c->get<std::string>();
        }
    }
    if (auto u = t.find("urgency"); u != t.end()) {
        if (u->is_object()) {
            out.urgency = num(*u, "score");
            if (auto r = u->find("reasons"); r != u->end()) out.urgency_reasons = strings(*r);
        } else if (u->is_number()) {
            out.urgency = u->get<double>();
        }
        if (out.urgency > 1.0) out.urgency /= 100.0; // tolerate a 0..100 scale
    }
    out.tier = str(t, "tier");
    out.team = str(t, "team");
    out.respond_within_minutes = static_cast<int>(num(t, "respond_within_minutes"));
    if (auto e = t.find("entities"); e != t.end() && e->is_array()) {
        for (const auto& x : *e) {
            Entity en;
            en.type = str(x, "type");
            en.text = str(x, "text");
            en.value = str(x, "value", en.text);
            en.begin = static_cast<int>(num(x, "begin"));
            en.end = static_cast<int>(num(x, "end"));
            out.entities.push_back(std::move(en));
        }
    }
    if (auto s = t.find("signals"); s != t.end()) out.signals = strings(*s);
    if (auto e = t.find("explanation"); e != t.end()) {
        if (e->is_string()) out.explanation = e->get<std::string>();
        else if (e->is_array()) {
            for (const auto& x : *e) {
                // The core's shape: {"label": "sentiment", "because": ["...", ...]} -> "sentiment: ..., ..."
                std::string line;
                if (x.is_object()) {
                    line = str(x, "label") + ": ";
                    const auto because = x.contains("because") ? strings(x["because"]) : std::vector<std::string>{};
                    for (std::size_t i = 0; i < because.size(); ++i) line += (i ? ", " : "") + because[i];
                } else {
                    line = x.is_string() ? x.get<std::string>() : x.dump();
                }
                out.explanation += (out.explanation.empty() ? "" : "\n") + line;
            }
        } else if (!e->is_null()) out.explanation = e->dump();
    }
    return out;
}

bool record_from_json(const json& j, Record& out, std::string& error) {
    if (!j.is_object()) {
        error = "a mention record must be a JSON object";
        return false;
    }
    const json& m = j.contains("mention") && j["mention"].is_object() ? j["mention"] : j;
    auto text = m.find("text");
    if (text == m.end() || !text->is_string() || text->get<std::string>().empty()) {
        error = "a mention needs a non-empty \"text\"";
        return false;
    }
    Record r;
    r.mention.id = str(m, "id");
    r.mention.platform = str(m, "platform", "x");
    r.mention.text = text->get<std::string>();
    r.mention.created_at = str(m, "created_at");
    r.mention.created_at_ms = time_ms(m, "created_at");
    r.mention.url = str(m, "url");
    r.mention.lang = str(m, "lang");
    r.mention.in_reply_to = str(m, "in_reply_to");
    if (auto a = m.find("author"); a != m.end()) {
        if (a->is_object()) {
            r.mention.author.handle = str(*a, "handle");
            r.mention.author.name = str(*a, "name");
            r.mention.author.followers = static_cast<std::int64_t>(num(*a, "followers"));
        } else if (a->is_string()) {
            r.mention.author.handle = a->get<std::string>();
        }
    }
    if (r.mention.author.followers == 0) r.mention.author.followers = static_cast<std::int64_t>(num(m, "followers"));
    if (auto t = j.find("triage"); t != j.end()) r.triage = triage_from_json(*t);
    if (auto d = j.find("drafts"); d != j.end() && d->is_array()) {
        for (const auto& x : *d) {
            if (x.is_string()) r.drafts.push_back({"draft", x.get<std::string>(), "", ""});
            else if (x.is_object())
                r.drafts.push_back({str(x, "label", str(x, "kind", str(x, "style", "draft"))), str(x, "text", str(x, "public_reply")),
                                    str(x, "private_reply"), str(x, "channel")});
        }
    }
    r.status = str(j, "status", "open");
    r.assignee = str(j, "assignee");
    if (auto rs = j.find("replies"); rs != j.end() && rs->is_array()) {
        for (const auto& x : *rs) {
            SentReply sr;
            sr.text = x.is_string() ? x.get<std::string>() : str(x, "text");
            sr.author = str(x, "author", str(x, "agent"));
            sr.at_ms = time_ms(x, "sent_at");
            if (sr.at_ms == 0) sr.at_ms = time_ms(x, "at");
            if (sr.at_ms == 0) sr.at_ms = time_ms(x, "created_at");
            r.replies.push_back(std::move(sr));
        }
    }
    if (auto cs = j.find("commitments"); cs != j.end() && cs->is_array()) {
        for (const auto& x : *cs) {
            Commitment c;
            c.text = x.is_string() ? x.get<std::string>() : str(x, "text", str(x, "what"));
            c.due_ms = time_ms(x, "due_at");
            if (c.due_ms == 0) c.due_ms = time_ms(x, "due");
            const auto st = str(x, "status");
            c.done = st == "done" || st == "kept" || st == "fulfilled" || (x.is_object() && x.value("done", false));
            r.commitments.push_back(std::move(c));
        }
    }
    r.label = str(j, "label", str(m, "label"));
    out = std::move(r);
    return true;
}

json record_to_json(const Record& r) {
    json j;
    j["id"] = r.mention.id;
    j["platform"] = r.mention.platform;
    j["author"] = {{"handle", r.mention.author.handle}, {"name", r.mention.author.name},
                   {"followers", r.mention.author.followers}};
    j["text"] = r.mention.text;
    if (!r.mention.created_at.empty()) j["created_at"] = r.mention.created_at;
    if (r.triage.present) {
        const auto& t = r.triage;
        json ents = json::array();
        for (const auto& e : t.entities)
            ents.push_back({{"type", e.type}, {"text", e.text}, {"value", e.value}, {"begin", e.begin}, {"end", e.end}});
        j["triage"] = {{"sentiment", {{"label", t.sentiment}, {"score", t.sentiment_score}}},
                       {"complaint", t.complaint},
                       {"category", {{"id", t.category_id}, {"label", t.category_label}, {"confidence", t.category_confidence}}},
                       {"urgency", {{"score", t.urgency}, {"reasons", t.urgency_reasons}}},
                       {"tier", t.tier},
                       {"team", t.team},
                       {"respond_within_minutes", t.respond_within_minutes},
                       {"entities", ents},
                       {"signals", t.signals},
                       {"explanation", t.explanation}};
    }
    json drafts = json::array();
    for (const auto& d : r.drafts) {
        json x = {{"kind", d.label}, {"public_reply", d.text}};
        if (!d.private_text.empty()) x["private_reply"] = d.private_text, x["channel"] = d.channel;
        drafts.push_back(std::move(x));
    }
    j["drafts"] = drafts;
    j["status"] = r.status;
    j["assignee"] = r.assignee;
    json replies = json::array();
    for (const auto& s : r.replies) replies.push_back({{"text", s.text}, {"author", s.author}, {"sent_at", format_iso8601(s.at_ms)}});
    j["replies"] = replies;
    if (!r.label.empty()) j["label"] = r.label;
    return j;
}

std::size_t Model::upsert(Record r) {
    if (r.mention.id.empty()) r.mention.id = "local-" + std::to_string(++local_ids_);
    auto it = index_.find(r.mention.id);
    if (it != index_.end()) {
        records_[it->second] = std::move(r);
        touch(it->second);
        return it->second;
    }
    const auto i = records_.size();
    index_.emplace(r.mention.id, i);
    records_.push_back(std::move(r));
    touch(i);
    return i;
}

Record* Model::find(const std::string& id) {
    auto it = index_.find(id);
    return it == index_.end() ? nullptr : &records_[it->second];
}

const Record* Model::find(const std::string& id) const {
    auto it = index_.find(id);
    return it == index_.end() ? nullptr : &records_[it->second];
}

void Model::clear() {
    records_.clear();
    index_.clear();
    rows_.clear();
    order_.clear();
    pass_.clear();
    changed_.clear();
    changed_mark_.clear();
    job_ = Job{};
    selected_id.clear();
    touch();
}

void Model::touch(std::size_t index) {
    ++revision_;
    if (dirty_ || index >= records_.size()) return; // a full rebuild is due anyway
    if (changed_mark_.size() < records_.size()) changed_mark_.resize(records_.size(), 0);
    if (changed_mark_[index]) return;
    changed_mark_[index] = 1;
    changed_.push_back(static_cast<std::uint32_t>(index));
}

Model::Key Model::key_of(std::uint32_t i, SortKey by) const {
    const auto& r = records_[i];
    const double urgency = r.triage.urgency == r.triage.urgency ? r.triage.urgency : 0.0; // NaN sorts as 0
    const double created = static_cast<double>(r.mention.created_at_ms);                 // ms fit a double exactly
    switch (by) {
    case SortKey::Deadline: {
        const auto d = r.deadline_ms();
        return {d == 0 ? std::numeric_limits<double>::infinity() : static_cast<double>(d), -urgency, i}; // unknown last
    }
    case SortKey::Urgency: return {-urgency, created, i};
    case SortKey::Newest: return {-created, 0, i};
    case SortKey::Oldest: return {created, 0, i};
    }
    return {0, 0, i};
}

namespace {
bool key_less(double a1, double a2, std::uint32_t ai, double b1, double b2, std::uint32_t bi) {
    if (a1 != b1) return a1 < b1;
    if (a2 != b2) return a2 < b2;
    return ai < bi;
}
template <class K> bool kless(const K& a, const K& b) { return key_less(a.k1, a.k2, a.i, b.k1, b.k2, b.i); }

/// `next` only ever removes rows that `prev` let through (so only rows that passed need checking again).
bool narrows(const Filter& prev, const Filter& next) {
    auto tighter = [](const std::string& p, const std::string& n) { return p == n || p.empty(); };
    return tighter(prev.category, next.category) && tighter(prev.sentiment, next.sentiment) && tighter(prev.tier, next.tier) &&
           tighter(prev.team, next.team) && tighter(prev.status, next.status) && tighter(prev.assignee, next.assignee) &&
           (next.open_only || !prev.open_only) && lower(next.search).find(lower(prev.search)) != std::string::npos;
}

constexpr std::size_t kRun = 1024; ///< the sort job sorts runs of this many keys, then merges them pairwise
} // namespace

bool Model::passes(const Record& r, const Filter& f, const std::string& needle) const {
    const auto& t = r.triage;
    if (f.open_only && !r.open()) return false;
    if (!f.category.empty() && t.category_label != f.category) return false;
    if (!f.sentiment.empty() && t.sentiment != f.sentiment) return false;
    if (!f.tier.empty() && t.tier != f.tier) return false;
    if (!f.team.empty() && t.team != f.team) return false;
    if (!f.status.empty() && r.status != f.status) return false;
    if (!f.assignee.empty() && r.assignee != f.assignee) return false;
    if (!needle.empty() && !icontains(r.mention.text, needle) && !icontains(r.mention.author.handle, needle) &&
        !icontains(r.mention.author.name, needle))
        return false;
    return true;
}

namespace {
void add_value(std::vector<std::string>& v, const std::string& x) {
    if (x.empty()) return;
    auto it = std::lower_bound(v.begin(), v.end(), x);
    if (it == v.end() || *it != x) v.insert(it, x);
}
} // namespace

void Model::note_values(const Record& r) {
    add_value(categories_, r.triage.category_label);
    add_value(teams_, r.triage.team);
    add_value(tiers_, r.triage.tier);
    add_value(assignees_, r.assignee);
}

bool Model::settled() const {
    return job_.phase == Phase::Idle && !dirty_ && sort == last_sort_ && filter == last_filter_ && changed_.empty();
}

const char* Model::busy() const {
    if (job_.phase == Phase::Idle) return nullptr;
    return job_.phase == Phase::Filter ? "filtering" : "sorting";
}

const std::vector<std::uint32_t>& Model::rows() {
    while (!advance(std::numeric_limits<std::size_t>::max())) {
    }
    return rows_;
}

void Model::start_job() {
    Job& j = job_;
    j = Job{};
    j.n = static_cast<std::uint32_t>(records_.size());
    j.sort = sort;
    j.filter = filter;
    if (dirty_) { // everything: keys, order, filter verdicts and the distinct values, for every record
        dirty_ = false;
        j.data = j.resort = j.refilter = true;
        for (auto i : changed_)
            if (i < changed_mark_.size()) changed_mark_[i] = 0; // covered by the job
        changed_.clear();
    } else {
        j.resort = sort != last_sort_;
        j.refilter = !(filter == last_filter_);
        j.narrowing = j.refilter && narrows(last_filter_, filter);
    }
    j.phase = j.resort ? Phase::Keys : Phase::Filter;
    if (j.resort) j.keys.resize(j.n);
    if (j.refilter) {
        j.pass.assign(j.n, 0);
        j.needle = lower(j.filter.search);
    }
}

void Model::run_job(std::size_t& units) {
    Job& j = job_;
    auto spend = [&](std::size_t k) { units = units > k ? units - k : 0; };
    while (units > 0 && j.phase != Phase::Idle) {
        switch (j.phase) {
        case Phase::Keys: {
            const std::uint32_t start = j.pos;
            const std::uint32_t end = static_cast<std::uint32_t>(std::min<std::size_t>(j.n, j.pos + std::min<std::size_t>(units, j.n)));
            for (; j.pos < end; ++j.pos) {
                j.keys[j.pos] = key_of(j.pos, j.sort);
                if (j.data) {
                    const auto& r = records_[j.pos];
                    add_value(j.categories, r.triage.category_label);
                    add_value(j.teams, r.triage.team);
                    add_value(j.tiers, r.triage.tier);
                    add_value(j.assignees, r.assignee);
                }
            }
            spend(end - start + 1); // ~1 unit per record
            if (j.pos >= j.n) {
                j.phase = Phase::Runs;
                j.pos = 0;
            }
            break;
        }
        case Phase::Runs: { // sort runs of kRun keys
            if (j.pos < j.n) {
                const std::size_t hi = std::min<std::size_t>(j.n, j.pos + kRun);
                std::sort(j.keys.begin() + j.pos, j.keys.begin() + static_cast<std::ptrdiff_t>(hi), kless<Key>);
                spend((hi - j.pos) * 8);
                j.pos = static_cast<std::uint32_t>(hi);
            }
            if (j.pos >= j.n) {
                j.phase = Phase::Merge;
                j.width = kRun;
                j.tmp.resize(j.n);
                j.lo = j.out = j.a = 0;
                j.b = std::min<std::size_t>(kRun, j.n);
            }
            break;
        }
        case Phase::Merge: { // bottom-up merge passes, resumable at any element
            if (j.width >= j.n) {
                j.tmp = {};
                j.phase = j.refilter ? Phase::Filter : Phase::Idle;
                j.pos = 0;
                break;
            }
            const std::size_t mid = std::min<std::size_t>(j.lo + j.width, j.n), hi = std::min<std::size_t>(j.lo + 2 * j.width, j.n);
            while (units > 0 && j.out < hi) {
                if (j.a < mid && (j.b >= hi || !kless(j.keys[j.b], j.keys[j.a]))) j.tmp[j.out++] = j.keys[j.a++];
                else j.tmp[j.out++] = j.keys[j.b++];
                --units;
            }
            if (j.out == hi) {
                j.lo = hi;
                if (j.lo >= j.n) {
                    std::swap(j.keys, j.tmp);
                    j.width *= 2;
                    j.lo = 0;
                }
                j.a = j.out = j.lo;
                j.b = std::min<std::size_t>(j.lo + j.width, j.n);
            }
            break;
        }
        case Phase::Filter: {
            const std::uint32_t end = static_cast<std::uint32_t>(std::min<std::size_t>(j.n, j.pos + std::min<std::size_t>(units, j.n)));
            std::size_t cost = 0;
            for (; j.pos < end; ++j.pos) {
                const bool pending = j.pos < changed_mark_.size() && changed_mark_[j.pos];
                if (j.narrowing && !pending && j.pos < pass_.size() && !pass_[j.pos]) continue; // was out, stays out
                const auto& r = records_[j.pos];
                j.pass[j.pos] = passes(r, j.filter, j.needle) ? 1 : 0;
                cost += 1 + (j.needle.empty() ? 0 : r.mention.text.size() / 32);
            }
            spend(cost);
            if (j.pos >= j.n) j.phase = Phase::Idle;
            break;
        }
        case Phase::Idle: break;
        }
    }
    if (j.phase != Phase::Idle) return;
    // done: install the new order / verdicts / values
    if (j.resort) {
        order_ = std::move(j.keys);
        last_sort_ = j.sort;
    }
    if (j.refilter) {
        pass_ = std::move(j.pass);
        last_filter_ = j.filter;
    }
    if (j.data) {
        categories_ = std::move(j.categories);
        teams_ = std::move(j.teams);
        tiers_ = std::move(j.tiers);
        assignees_ = std::move(j.assignees);
    }
    // records added while the job ran (index >= n) are in changed_ and merge in below
    pass_.resize(records_.size(), 0);
    job_ = Job{};
    rows_stale_ = true;
}

bool Model::advance(std::size_t units) {
    if (job_.phase != Phase::Idle) {
        // the target moved while the job ran: start again (a job that was redoing everything stays one)
        if (dirty_ || sort != job_.sort || !(filter == job_.filter)) {
            dirty_ = dirty_ || job_.data;
            job_ = Job{};
        }
    }
    if (job_.phase == Phase::Idle && (dirty_ || sort != last_sort_ || !(filter == last_filter_))) start_job();
    if (job_.phase != Phase::Idle) {
        run_job(units);
        if (job_.phase != Phase::Idle) return false;
    }
    apply_changes();
    return settled();
}

void Model::apply_changes() {
    if (!changed_.empty()) {
        // re-key the touched records: drop their old places, sort the new keys (k log k) and merge (linear)
        const auto needle = lower(last_filter_.search);
        pass_.resize(records_.size(), 0);
        changed_mark_.resize(records_.size(), 0);
        std::erase_if(order_, [&](const Key& k) { return changed_mark_[k.i] != 0; });
        std::vector<Key> fresh;
        fresh.reserve(changed_.size());
        for (auto i : changed_) {
            fresh.push_back(key_of(i, last_sort_));
            pass_[i] = passes(records_[i], last_filter_, needle) ? 1 : 0;
            note_values(records_[i]);
            changed_mark_[i] = 0;
        }
        changed_.clear();
        std::sort(fresh.begin(), fresh.end(), kless<Key>);
        const auto mid = order_.size();
        order_.insert(order_.end(), fresh.begin(), fresh.end());
        std::inplace_merge(order_.begin(), order_.begin() + static_cast<std::ptrdiff_t>(mid), order_.end(), kless<Key>);
        rows_stale_ = true;
    }
    if (!rows_stale_) return;
    rows_stale_ = false;
    rows_.clear();
    for (const auto& k : order_)
        if (pass_[k.i]) rows_.push_back(k.i);
    ++rows_revision_;
}

bool Model::apply_event(const json& ev, std::string& error) {
    if (!ev.is_object()) {
        error = "event is not an object";
        return false;
    }
    const std::string name = str(ev, "event", str(ev, "type"));
    const json empty = json::object();
    const json& data = ev.contains("data") ? ev["data"] : empty;
    const auto seq = static_cast<std::int64_t>(num(ev, "seq", -1));
    if (name == "mention.created" || name == "mention.updated" || name == "reply.sent") {
        const json& rec = data.contains("record") ? data["record"] : (data.contains("mention") && data.contains("triage") ? data : data);
        Record r;
        if (name == "reply.sent" && !rec.contains("text")) {
            // {"mention_id","reply":{...}}: append to an existing record
            Record* existing = find(str(data, "mention_id", str(data, "id")));
            if (!existing) {
                error = "reply.sent for an unknown mention";
                return false;
            }
            SentReply sr;
            const json& rp = data.contains("reply") ? data["reply"] : data;
            sr.text = str(rp, "text");
            sr.author = str(rp, "author", str(rp, "agent"));
            sr.at_ms = time_ms(rp, "sent_at");
            // the widget may already show this reply (sent from here); the record follows as mention.updated
            const bool dup = std::any_of(existing->replies.begin(), existing->replies.end(),
                                         [&](const SentReply& x) { return x.text == sr.text && x.author == sr.author; });
            if (!dup) existing->replies.push_back(std::move(sr));
            touch(*existing);
        } else {
            if (!record_from_json(rec, r, error)) return false;
            // mention.created comes without drafts (docs/protocol.md): keep drafts the widget already has
            if (!rec.contains("drafts"))
                if (const Record* known = find(r.mention.id)) r.drafts = known->drafts;
            upsert(std::move(r));
        }
    } else if (name == "presence") {
        PresenceEntry p;
        p.agent = str(data, "agent");
        p.mention_id = str(data, "mention_id");
        p.state = str(data, "state", "viewing");
        if (p.agent.empty()) {
            error = "presence without agent";
            return false;
        }
        std::erase_if(presence, [&](const PresenceEntry& e) { return e.agent == p.agent; });
        if (p.state != "left" && p.state != "away" && p.state != "idle") presence.push_back(std::move(p));
    } else if (name.rfind("incident.", 0) == 0) {
        const std::string id = str(data, "id");
        json inc = data;
        if (data.contains("delta") && data["delta"].is_boolean() && data["delta"].get<bool>()) {
            // A delta (docs/protocol.md): the incident without its long arrays, plus the mention ids that joined
            // and the volume buckets that changed since the previous event; merged into what this widget holds.
            auto old = std::find_if(incidents.begin(), incidents.end(), [&](const json& e) { return str(e, "id") == id; });
            json ids = old != incidents.end() && old->contains("mention_ids") && (*old)["mention_ids"].is_array()
                           ? (*old)["mention_ids"] : json::array();
            if (auto a = data.find("mention_ids_added"); a != data.end() && a->is_array())
                for (const auto& x : *a) ids.push_back(x);
            json volume = old != incidents.end() && old->contains("volume") && (*old)["volume"].is_array()
                              ? (*old)["volume"] : json::array();
            if (auto v = data.find("volume_changed"); v != data.end() && v->is_array())
                for (const auto& p : *v) {
                    if (!p.is_object() || !p.contains("at_ms") || !p["at_ms"].is_number()) continue;
                    const auto at = p["at_ms"].get<std::int64_t>();
                    auto pos = std::find_if(volume.begin(), volume.end(), [&](const json& q) {
                        return !(q.is_object() && q.contains("at_ms") && q["at_ms"].is_number() && q["at_ms"].get<std::int64_t>() < at);
                    });
                    if (pos != volume.end() && pos->is_object() && pos->contains("at_ms") && (*pos)["at_ms"] == p["at_ms"]) *pos = p;
                    else volume.insert(pos, p);
                }
            if (old != incidents.end() && old->contains("affected")) inc["affected"] = (*old)["affected"];
            inc["mention_ids"] = std::move(ids);
            inc["volume"] = std::move(volume);
            inc.erase("mention_ids_added");
            inc.erase("volume_changed");
            inc.erase("delta");
        }
        std::erase_if(incidents, [&](const json& e) { return str(e, "id") == id && !id.empty(); });
        incidents.push_back(std::move(inc));
    } else if (name.empty()) {
        error = "event without a name";
        return false;
    }
    // unknown event names are ignored (newer servers), but their seq still counts; ephemeral events (presence)
    // carry the head seq at the time and are not a resume point
    const bool ephemeral = ev.contains("ephemeral") && ev["ephemeral"].is_boolean() && ev["ephemeral"].get<bool>();
    if (!ephemeral && name != "presence" && seq > last_seq) last_seq = seq;
    return true;
}

} // namespace earshot::widget
