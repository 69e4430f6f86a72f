// HTTP routing and the REST handlers (docs/protocol.md). Handlers run on the connection's io thread; writes go
// through the commit pipeline and answer from its completion.

#include "app.hpp"
#include "records.hpp"
#include "static_files.hpp"

#include "earshot/wire/insights_json.hpp"

#include <atomic>
#include <iostream>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <unordered_set>

namespace earshot::server {
namespace {

// ---- small helpers ------------------------------------------------------------------------------------------

std::string url_decode(std::string_view s, bool plus_is_space) {
    auto hex = [](char h) -> int {
        if (h >= '0' && h <= '9') return h - '0';
        if (h >= 'a' && h <= 'f') return h - 'a' + 10;
        if (h >= 'A' && h <= 'F') return h - 'A' + 10;
        return -1;
    };
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '%' && i + 2 < s.size()) {
            const int a = hex(s[i + 1]), b = hex(s[i + 2]);
            if (a >= 0 && b >= 0) {
                out += static_cast<char>(a * 16 + b);
                i += 2;
                continue;
            }
        }
        out += (c == '+' && plus_is_space) ? ' ' : c;
    }
    return out;
}

std::map<std::string, std::string> parse_query(std::string_view q) {
    std::map<std::string, std::string> out;
    std::size_t pos = 0;
    while (pos <= q.size()) {
        auto amp = q.find('&', pos);
        auto part = q.substr(pos, amp == std::string_view::npos ? std::string_view::npos : amp - pos);
        if (!part.empty()) {
            auto eq = part.find('=');
            std::string k = url_decode(part.substr(0, eq), true);
            std::string v = eq == std::string_view::npos ? "" : url_decode(part.substr(eq + 1), true);
            out[k] = v;
        }
        if (amp == std::string_view::npos) break;
        pos = amp + 1;
    }
    return out;
}

bool parse_int(const std::string& s, std::int64_t& out) {
    if (s.empty() || s.size() > 18) return false;
    std::int64_t v = 0;
    std::size_t i = 0;
    bool neg = false;
    if (s[0] == '-') {
        neg = true;
        i = 1;
        if (s.size() == 1) return false;
    }
    for (; i < s.size(); ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    out = neg ? -v : v;
    return true;
}

bool is_loopback(const std::string& addr) { return addr == "127.0.0.1" || addr == "::1" || addr.rfind("127.", 0) == 0; }

std::string new_id() {
    static std::atomic<std::uint64_t> counter{[] {
        std::random_device rd;
        return (static_cast<std::uint64_t>(rd()) << 20) & 0xffffffffffULL;
    }()};
    char buf[48];
    std::snprintf(buf, sizeof buf, "m-%llx-%llx", static_cast<unsigned long long>(now_ms()),
                  static_cast<unsigned long long>(counter.fetch_add(1)));
    return buf;
}

/// What a completion needs to answer later (after the request object is gone).
struct Later {
    Responder respond;
    unsigned version;
    bool keep_alive;
    void fail(std::exception_ptr ep) const {
        try {
            std::rethrow_exception(ep);
        } catch (const ApiError& e) {
            respond(error_response(e.status, e.code, e.what(), version, keep_alive));
        } catch (const std::exception& e) {
            respond(error_response(http::status::service_unavailable, "unavailable",
                                   std::string("The change could not be stored: ") + e.what() +
                                       ". Nothing was changed.",
                                   version, keep_alive));
        }
    }
    void ok_text(http::status s, std::string body) const {
        respond(json_response(s, std::move(body), version, keep_alive));
    }
};

// ---- request context --------------------------------------------------------------------------------------

struct Ctx {
    App& app;
    const Request& req;
    const std::string& remote;
    const Responder& respond;
    std::string agent;

    Response error(http::status s, const std::string& code, const std::string& msg) const {
        return error_response(s, code, msg, req.version(), req.keep_alive());
    }
    Response ok(http::status s, const json& body) const {
        return json_response(s, dump(body), req.version(), req.keep_alive());
    }
    Response ok_text(http::status s, std::string body) const {
        return json_response(s, std::move(body), req.version(), req.keep_alive());
    }
    void fail(const ApiError& e) const { respond(error(e.status, e.code, e.what())); }
    Later later() const { return Later{respond, req.version(), req.keep_alive()}; }
};

/// Parses a JSON object body (400 on anything else).
json parse_object_body(const Ctx& c) {
    json j = json::parse(c.req.body(), nullptr, false);
    if (j.is_discarded()) {
        try {
            json ignored = json::parse(c.req.body());
            (void)ignored;
        } catch (const json::parse_error& e) {
            throw ApiError(http::status::bad_request, "invalid_json",
                           "The body is not valid JSON (at byte " + std::to_string(e.byte) + ").");
        }
        throw ApiError(http::status::bad_request, "invalid_json", "The body is not valid JSON.");
    }
    if (!j.is_object()) throw ApiError(http::status::bad_request, "invalid_request", "The body must be a JSON object.");
    return j;
}

// ---- POST /api/mentions -----------------------------------------------------------------------------------

std::vector<json> parse_ingest_body(const Ctx& c) {
    const std::string& body = c.req.body();
    const std::string ct(c.req[http::field::content_type]);
    std::vector<json> items;
    auto parse_ndjson = [&](bool strict) -> bool {
        std::size_t pos = 0, line_no = 0;
        std::vector<json> out;
        while (pos < body.size()) {
            auto nl = body.find('\n', pos);
            std::string_view line(body.data() + pos, (nl == std::string::npos ? body.size() : nl) - pos);
            pos = nl == std::string::npos ? body.size() : nl + 1;
            ++line_no;
            while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
                line.remove_suffix(1);
            if (line.empty()) continue;
            json j = json::parse(line, nullptr, false);
            if (j.is_discarded()) {
                if (!strict) return false;
                throw ApiError(http::status::bad_request, "invalid_json",
                               "Line " + std::to_string(line_no) + " of the NDJSON body is not valid JSON.");
            }
            out.push_back(std::move(j));
        }
        items = std::move(out);
        return true;
    };
    if (ct.find("ndjson") != std::string::npos || ct.find("jsonlines") != std::string::npos) {
        parse_ndjson(true);
    } else {
        json j = json::parse(body, nullptr, false);
        if (j.is_discarded()) {
            if (body.find('\n') != std::string::npos && body.find_first_not_of(" \t\r\n") != std::string::npos &&
                parse_ndjson(false) && items.size() > 1) {
                // NDJSON sent without its content type
            } else {
                (void)parse_object_body(c); // throws the precise invalid_json error
            }
        } else if (j.is_array()) {
            items = j.get<std::vector<json>>();
        } else {
            items.push_back(std::move(j));
        }
    }
    if (items.empty())
        throw ApiError(http::status::bad_request, "invalid_request", "The body holds no mention to ingest.");
    if (items.size() > c.app.config.max_batch)
        throw ApiError(http::status::payload_too_large, "payload_too_large",
                       "One request may hold at most " + std::to_string(c.app.config.max_batch) + " mentions; this one holds " +
                           std::to_string(items.size()) + ".");
    return items;
}

/// Mentions per analysis chunk at least (smaller batches are analysed on the calling thread).
constexpr std::size_t kMinChunk = 8;

struct Prepared {
    MentionRow row;
    insights::MentionFacts facts; ///< what incidents observe (read here, on the workers, not on the commit thread)
    bool has_facts = false;
    // The record serialised once, without its closing brace and "seq" (appended on the commit thread once the seq
    // is known): the stored form, and the lighter `mention.created` form without the drafts.
    std::string full_head, event_head;
};

/// `head` + ,"seq":N}
std::string with_seq(const std::string& head, std::int64_t seq) {
    std::string s;
    s.reserve(head.size() + 32);
    s += head;
    s += ",\"seq\":";
    s += std::to_string(seq);
    s += '}';
    return s;
}

/// Analysis, record building and serialisation of one mention (pure CPU; runs on the analysis pool).
void prepare_one(App& app, const Mention& m, const std::string& key, int prior, std::int64_t received, Prepared& p) {
    const auto t0 = mono_ns();
    Analysis a = app.analyzer.analyze(m, prior, received);
    app.metrics.analyze_seconds.observe(static_cast<double>(mono_ns() - t0) / 1e9);
    p.row.id = m.id;
    p.row.author_key = key;
    p.row.text = m.text;
    p.row.handle = m.author.handle;
    p.row.received_ms = received;
    p.row.status = "open";
    p.row.assignee = "";
    p.row.category = a.category;
    p.row.sentiment = a.sentiment;
    p.row.tier = a.tier;
    p.row.team = a.team;
    p.row.complaint = a.complaint;
    p.row.urgency = a.urgency;
    json mention = app.analyzer.mention_to_json(m);
    mention["id"] = m.id;
    mention["triage"] = std::move(a.triage);
    std::string err;
    p.has_facts = wire::mention_facts_from_json(mention, p.facts, err);
    if (p.has_facts && p.facts.at_ms == 0) p.facts.at_ms = received;
    RecordText text = record_text(mention, a.drafts, received);
    p.event_head = std::move(text.event_head);
    p.full_head = std::move(text.full_head);
}

} // namespace

/// Builds the public aggregate (no customer text, handles, ids: only category counts with k >= 3).
Message known_issues_message(App& app) {
    const std::int64_t now = now_ms();
    json issues = json::array();
    for (const auto& cc : app.store.open_complaints_by_category(now - 3600 * 1000)) {
        if (cc.open < 3 || cc.category.empty() || cc.category == "other") continue;
        issues.push_back({{"category", cc.category},
                          {"label", app.analyzer.category_label(cc.category)},
                          {"open", cc.open},
                          {"last_hour", cc.last_hour},
                          {"status", cc.last_hour >= 5 ? "investigating" : "known"}});
    }
    // Acknowledged (status "known") and fixed (status "resolved") incidents: title, category, status, times only.
    json j = {{"type", "known_issues"}, {"issues", issues}, {"incidents", app.incidents.public_incidents()}};
    return std::make_shared<const std::string>(dump(j));
}

/// Analyses mentions on the analysis pool (split across its threads) and stores them through the pipeline;
/// done(ids, duplicates, seq) or done_err(exception), called on the pipeline thread.
void ingest_mentions(App& app, std::vector<Mention> mentions,
                     std::function<void(std::vector<std::string>, std::vector<std::string>, std::int64_t)> done,
                     std::function<void(std::exception_ptr)> done_err) {
    struct Job {
        std::vector<Mention> mentions;
        std::vector<std::string> keys;
        std::vector<int> priors;
        std::vector<Prepared> prepared;
        std::atomic<std::size_t> chunks_left{0};
        std::mutex mu;
        std::exception_ptr error;
    };
    const std::int64_t received = now_ms();
    auto job = std::make_shared<Job>();
    job->mentions = std::move(mentions);
    const std::size_t n = job->mentions.size();
    job->keys.resize(n);
    job->priors.resize(n);
    job->prepared.resize(n);
    // Prior contacts read the store: done here, in order, before the parallel part.
    std::unordered_map<std::string, int> batch_authors;
    for (std::size_t i = 0; i < n; ++i) {
        Mention& m = job->mentions[i];
        if (m.id.empty()) m.id = new_id();
        job->keys[i] = author_key(m);
        if (!job->keys[i].empty())
            job->priors[i] = static_cast<int>(app.store.count_by_author(job->keys[i])) + batch_authors[job->keys[i]]++;
    }

    auto submit = [&app, job, received, done = std::move(done), done_err = std::move(done_err)]() {
        if (job->error) return done_err(job->error);
        auto ids = std::make_shared<std::vector<std::string>>();
        auto dups = std::make_shared<std::vector<std::string>>();
        auto last_seq = std::make_shared<std::int64_t>(0);
        auto touched = std::make_shared<bool>(false);
        app.pipeline.submit(
            [job, ids, dups, last_seq, received, touched, &app](WriteTxn& txn) {
                std::vector<StoredMention> stored;
                for (auto& p : job->prepared) {
                    if (txn.store().exists(p.row.id)) {
                        dups->push_back(p.row.id);
                        continue;
                    }
                    stored.push_back({p.has_facts ? &p.facts : nullptr});
                    const std::int64_t seq = txn.next_seq();
                    p.row.seq = p.row.created_seq = seq;
                    p.row.record = with_seq(p.full_head, seq);
                    txn.store().insert_mention(p.row);
                    txn.emit("mention.created", p.row.id, received,
                             event_message(seq, "mention.created", with_seq(p.event_head, seq)));
                    ids->push_back(p.row.id);
                    *last_seq = seq;
                }
                // Incidents see each stored mention once, in seq order (their events follow the mention.created ones).
                app.incidents.observe(txn, stored, mono_ms(), *touched);
            },
            [ids, dups, last_seq, done, done_err, touched, &app](std::exception_ptr err) {
                if (err && *touched) app.incidents.rebuild(app.store); // undo what the failed task did in memory
                if (err) return done_err(err);
                app.metrics.ingest_total.fetch_add(ids->size());
                app.metrics.ingest_duplicates.fetch_add(dups->size());
                done(std::move(*ids), std::move(*dups), *last_seq);
            });
    };
    if (!app.workers || n < 2 * kMinChunk) {
        for (std::size_t i = 0; i < n; ++i)
            prepare_one(app, job->mentions[i], job->keys[i], job->priors[i], received, job->prepared[i]);
        submit();
        return;
    }
    // Split across the pool; the last chunk to finish hands the batch to the commit thread.
    const std::size_t chunks = std::min<std::size_t>(app.worker_count, n / kMinChunk);
    job->chunks_left = chunks;
    auto shared_submit = std::make_shared<decltype(submit)>(std::move(submit));
    for (std::size_t c = 0; c < chunks; ++c) {
        const std::size_t from = n * c / chunks, to = n * (c + 1) / chunks;
        net::post(*app.workers, [&app, job, from, to, received, shared_submit] {
            try {
                for (std::size_t i = from; i < to; ++i)
                    prepare_one(app, job->mentions[i], job->keys[i], job->priors[i], received, job->prepared[i]);
            } catch (...) {
                std::lock_guard lock(job->mu);
                if (!job->error) job->error = std::current_exception();
            }
            if (job->chunks_left.fetch_sub(1) == 1) (*shared_submit)();
        });
    }
}

namespace {

void post_mentions(Ctx& c) {
    const auto t0 = mono_ns();
    std::vector<json> items = parse_ingest_body(c);
    std::vector<Mention> mentions(items.size());
    std::unordered_set<std::string> ids;
    for (std::size_t i = 0; i < items.size(); ++i) {
        std::string err;
        if (!c.app.analyzer.parse_mention(items[i], mentions[i], err)) {
            c.app.metrics.ingest_rejected.fetch_add(1);
            throw ApiError(http::status::bad_request, "invalid_mention",
                           (items.size() > 1 ? "mention " + std::to_string(i) + ": " : std::string()) + err);
        }
        const auto& id = mentions[i].id;
        if (!id.empty()) {
            if (id.size() > 200)
                throw ApiError(http::status::bad_request, "invalid_mention",
                               "mention " + std::to_string(i) + ": id: must be at most 200 bytes");
            if (!ids.insert(id).second)
                throw ApiError(http::status::bad_request, "invalid_mention",
                               "mention " + std::to_string(i) + ": id: '" + id + "' appears twice in this request");
        }
    }
    Responder respond = c.respond;
    const unsigned version = c.req.version();
    const bool keep = c.req.keep_alive();
    App& app = c.app;
    ingest_mentions(
        app, std::move(mentions),
        [respond, version, keep, t0, &app](std::vector<std::string> ids_out, std::vector<std::string> dups,
                                           std::int64_t seq) {
            app.metrics.ingest_seconds.observe(static_cast<double>(mono_ns() - t0) / 1e9);
            json body = {{"accepted", ids_out.size()}, {"ids", ids_out}, {"seq", seq}};
            if (!dups.empty()) body["duplicates"] = dups;
            respond(json_response(http::status::accepted, dump(body), version, keep));
        },
        [l = c.later()](std::exception_ptr e) { l.fail(e); });
}

// ---- GET /api/mentions ------------------------------------------------------------------------------------

void list_mentions(Ctx& c, std::string_view query) {
    auto q = parse_query(query);
    ListQuery lq;
    static const std::set<std::string> known = {"status", "category", "sentiment", "tier", "team", "assignee",
                                                "q",      "since",    "limit",     "cursor"};
    for (auto& [k, v] : q)
        if (!known.count(k))
            throw ApiError(http::status::bad_request, "invalid_request",
                           "Unknown query parameter '" + k +
                               "'; use status, category, sentiment, tier, team, assignee, q, since, limit, cursor.");
    auto opt = [&](const char* k, std::optional<std::string>& out) {
        auto it = q.find(k);
        if (it != q.end()) out = it->second;
    };
    opt("status", lq.status);
    opt("category", lq.category);
    opt("sentiment", lq.sentiment);
    opt("tier", lq.tier);
    opt("team", lq.team);
    opt("assignee", lq.assignee);
    opt("q", lq.q);
    if (lq.assignee && *lq.assignee == "none") lq.assignee = "";
    if (lq.status && *lq.status != "open" && *lq.status != "pending" && *lq.status != "resolved")
        throw ApiError(http::status::bad_request, "invalid_request", "status must be open, pending or resolved.");
    auto num = [&](const char* k, std::int64_t lo, std::int64_t hi, std::int64_t& out) {
        auto it = q.find(k);
        if (it == q.end()) return;
        if (!parse_int(it->second, out) || out < lo || out > hi)
            throw ApiError(http::status::bad_request, "invalid_request",
                           std::string(k) + " must be an integer from " + std::to_string(lo) + " to " +
                               std::to_string(hi) + ".");
    };
    std::int64_t limit = 50;
    num("limit", 1, 500, limit);
    lq.limit = static_cast<int>(limit);
    num("since", 0, INT64_MAX / 2, lq.since);
    num("cursor", 1, INT64_MAX / 2, lq.cursor);
    ListResult r = c.app.store.list(lq);
    std::string body = "{\"mentions\":[";
    for (std::size_t i = 0; i < r.records.size(); ++i) {
        if (i) body += ",";
        body += r.records[i];
    }
    body += "],\"next_cursor\":" + (r.next_cursor ? "\"" + std::to_string(r.next_cursor) + "\"" : std::string("null")) +
            ",\"total\":" + std::to_string(r.total) + "}";
    c.respond(c.ok_text(http::status::ok, std::move(body)));
}

// ---- PATCH /api/mentions/{id} -----------------------------------------------------------------------------

bool transition_allowed(const std::string& from, const std::string& to) {
    if (from == to) return true;
    if (to == "open") return true;                        // reopen
    if (from == "open") return to == "pending" || to == "resolved";
    if (from == "pending") return to == "resolved";
    return false;                                          // resolved -> pending
}

void patch_mention(Ctx& c, const std::string& id) {
    json body = parse_object_body(c);
    static const std::set<std::string> known = {"status", "assignee", "note", "agent"};
    for (auto& [k, v] : body.items())
        if (!known.count(k))
            throw ApiError(http::status::bad_request, "invalid_request",
                           "Unknown field '" + k + "'; PATCH accepts status, assignee and note.");
    std::optional<std::string> status, assignee, note;
    std::string agent = c.agent;
    auto str = [&](const char* k, std::optional<std::string>& out, std::size_t max) {
        if (!body.contains(k) || body[k].is_null()) return;
        if (!body[k].is_string())
            throw ApiError(http::status::bad_request, "invalid_request", std::string(k) + " must be a string.");
        out = body[k].get<std::string>();
        if (out->size() > max)
            throw ApiError(http::status::bad_request, "invalid_request",
                           std::string(k) + " must be at most " + std::to_string(max) + " bytes.");
    };
    str("status", status, 20);
    str("assignee", assignee, 64);
    str("note", note, 10000);
    std::optional<std::string> agent_field;
    str("agent", agent_field, 64);
    if (agent_field && !agent_field->empty()) agent = *agent_field;
    if (status && *status != "open" && *status != "pending" && *status != "resolved")
        throw ApiError(http::status::bad_request, "invalid_request", "status must be open, pending or resolved.");
    if (!status && !assignee && !note)
        throw ApiError(http::status::bad_request, "invalid_request",
                       "Nothing to change: send status, assignee and/or note.");

    auto result = std::make_shared<std::string>();
    const std::int64_t at = now_ms();
    c.app.pipeline.submit(
        [=](WriteTxn& txn) {
            auto row = txn.store().load_for_update(id);
            if (!row) throw ApiError(http::status::not_found, "not_found", "No mention has the id '" + id + "'.");
            json rec = json::parse(row->record);
            json changed = json::array();
            if (status && rec.value("status", "open") != *status) {
                if (!transition_allowed(rec.value("status", "open"), *status))
                    throw ApiError(http::status::conflict, "conflict",
                                   "A " + rec.value("status", "open") + " mention cannot become " + *status +
                                       "; reopen it first.");
                rec["status"] = *status;
                changed.push_back("status");
            }
            if (assignee && rec.value("assignee", "") != *assignee) {
                rec["assignee"] = *assignee;
                changed.push_back("assignee");
            }
            if (note) {
                rec["notes"].push_back({{"agent", agent}, {"text", *note}, {"at", iso_ms(at)}});
                changed.push_back("notes");
            }
            if (changed.empty()) {
                *result = row->record;
                return;
            }
            const std::int64_t seq = txn.next_seq();
            rec["seq"] = seq;
            row->seq = seq;
            index_from_record(rec, *row);
            row->record = dump(rec);
            txn.store().update_mention(*row);
            json data = rec;
            data["changed"] = changed;
            txn.emit("mention.updated", id, at, event_message(seq, "mention.updated", dump(data)));
            *result = row->record;
        },
        [l = c.later(), result](std::exception_ptr err) {
            if (err) return l.fail(err);
            l.ok_text(http::status::ok, *result);
        });
}

// ---- POST /api/mentions/{id}/replies ----------------------------------------------------------------------

void post_reply(Ctx& c, const std::string& id) {
    json body = parse_object_body(c);
    if (!body.contains("text") || !body["text"].is_string() || body["text"].get<std::string>().empty())
        throw ApiError(http::status::bad_request, "invalid_request", "text: the reply text (a non-empty string) is required.");
    const std::string text = body["text"].get<std::string>();
    if (text.size() > 20000)
        throw ApiError(http::status::bad_request, "invalid_request", "text: a reply may be at most 20000 bytes.");
    std::string agent = c.agent;
    if (body.contains("agent")) {
        if (!body["agent"].is_string())
            throw ApiError(http::status::bad_request, "invalid_request", "agent must be a string.");
        if (!body["agent"].get<std::string>().empty()) agent = body["agent"].get<std::string>().substr(0, 64);
    }
    auto current = c.app.store.get(id);
    if (!current) throw ApiError(http::status::not_found, "not_found", "No mention has the id '" + id + "'.");
    const std::int64_t at = now_ms();
    ReplyCheck check = c.app.analyzer.check_reply(json::parse(*current), text, at);
    auto result = std::make_shared<std::string>();
    c.app.pipeline.submit(
        [=](WriteTxn& txn) {
            auto row = txn.store().load_for_update(id);
            if (!row) throw ApiError(http::status::not_found, "not_found", "No mention has the id '" + id + "'.");
            json rec = json::parse(row->record);
            const std::int64_t reply_seq = txn.next_seq();
            json reply = {{"id", "r-" + std::to_string(reply_seq)},
                          {"agent", agent},
                          {"text", text},
                          {"lint", check.lint},
                          {"commitments", check.commitments.is_null() ? json::array() : check.commitments},
                          {"sent_at", iso_ms(at)}};
            rec["replies"].push_back(reply);
            if (check.commitments.is_array())
                for (const auto& cm : check.commitments) {
                    json x = cm;
                    if (x.is_object()) x["reply_id"] = reply["id"];
                    rec["commitments"].push_back(x);
                }
            json data = {{"mention_id", id}, {"reply", reply}};
            txn.emit("reply.sent", id, at, event_message(reply_seq, "reply.sent", dump(data)));
            const std::int64_t seq = txn.next_seq();
            rec["seq"] = seq;
            row->seq = seq;
            index_from_record(rec, *row);
            row->record = dump(rec);
            txn.store().update_mention(*row);
            json upd = rec;
            upd["changed"] = json::array({"replies", "commitments"});
            txn.emit("mention.updated", id, at, event_message(seq, "mention.updated", dump(upd)));
            *result = "{\"reply\":" + dump(reply) + ",\"mention\":" + row->record + "}";
        },
        [l = c.later(), result](std::exception_ptr err) {
            if (err) return l.fail(err);
            l.ok_text(http::status::created, *result);
        });
}

// ---- misc ---------------------------------------------------------------------------------------------------

void stats(Ctx& c) {
    StoreStats s = c.app.store.stats();
    auto obj = [](const auto& pairs) {
        json j = json::object();
        for (auto& [k, v] : pairs) j[k.empty() ? "none" : k] = v;
        return j;
    };
    json body = {{"total", s.total},
                 {"by_status", obj(s.by_status)},
                 {"by_category", obj(s.by_category)},
                 {"by_sentiment", obj(s.by_sentiment)},
                 {"seq", c.app.state.head()},
                 {"clients", c.app.state.client_count()}};
    c.respond(c.ok(http::status::ok, body));
}

bool authorize(Ctx& c) {
    std::string agent;
    switch (check_bearer(c.app.auth, std::string(c.req[http::field::authorization]), agent)) {
    case AuthResult::Ok:
        c.agent = agent;
        return true;
    case AuthResult::Missing:
        c.respond(c.error(http::status::unauthorized, "unauthorized",
                          "This endpoint needs an agent token: send 'Authorization: Bearer <token>'."));
        return false;
    case AuthResult::Unknown:
        c.respond(c.error(http::status::forbidden, "forbidden", "This agent token is not known to the server."));
        return false;
    }
    return false;
}

void method_not_allowed(Ctx& c, const char* allowed) {
    auto res = c.error(http::status::method_not_allowed, "method_not_allowed",
                       std::string("This path accepts ") + allowed + ".");
    res.set(http::field::allow, allowed);
    c.respond(std::move(res));
}

// ---- /api/incidents ----------------------------------------------------------------------------------------

/// Runs an incident write on the pipeline; answers with its JSON and refreshes the public feed.
void incident_write(Ctx& c, std::function<json(WriteTxn&, bool&)> fn, http::status ok_status) {
    auto result = std::make_shared<json>();
    auto touched = std::make_shared<bool>(false);
    App& app = c.app;
    app.pipeline.submit(
        [fn = std::move(fn), result, touched](WriteTxn& txn) { *result = fn(txn, *touched); },
        [l = c.later(), result, touched, ok_status, &app](std::exception_ptr err) {
            if (err && *touched) app.incidents.rebuild(app.store); // undo what the failed task did in memory
            if (err) return l.fail(err);
            l.ok_text(ok_status, dump(*result));
            try {
                app.state.publish_public(known_issues_message(app));
            } catch (const std::exception& e) {
                std::cerr << "earshot serve: known issues: " << e.what() << "\n";
            }
        });
}

void list_incidents(Ctx& c, std::string_view query) {
    auto q = parse_query(query);
    std::optional<insights::IncidentStatus> status;
    for (auto& [k, v] : q) {
        if (k != "status")
            throw ApiError(http::status::bad_request, "invalid_request", "Unknown query parameter '" + k + "'; use status.");
        insights::IncidentStatus s{};
        if (!insights::parse_incident_status(v, s))
            throw ApiError(http::status::bad_request, "invalid_request", "status must be open, acknowledged or fixed.");
        status = s;
    }
    json items = c.app.incidents.list(status);
    const auto total = items.size();
    c.respond(c.ok(http::status::ok, {{"incidents", std::move(items)}, {"total", total}}));
}

std::string body_agent(const Ctx& c, const json& body) {
    if (body.contains("agent") && body["agent"].is_string() && !body["agent"].get<std::string>().empty())
        return body["agent"].get<std::string>().substr(0, 64);
    return c.agent;
}

json optional_object_body(const Ctx& c) {
    if (c.req.body().find_first_not_of(" \t\r\n") == std::string::npos) return json::object();
    return parse_object_body(c);
}

void route_incident(Ctx& c, const std::string& rest, http::verb method) {
    // rest: "{id}", "{id}/acknowledge", "{id}/fix", "{id}/outreach", "{id}/outreach/{mention_id}/sent"
    const auto slash = rest.find('/');
    const std::string id = rest.substr(0, slash);
    const std::string sub = slash == std::string::npos ? "" : rest.substr(slash + 1);
    if (id.empty()) return c.respond(c.error(http::status::not_found, "not_found", "No incident id given."));
    auto unknown = [&] {
        c.respond(c.error(http::status::not_found, "not_found", "No incident has the id '" + id + "'."));
    };
    const std::int64_t at = now_ms();
    if (sub.empty()) {
        if (method != http::verb::get) return method_not_allowed(c, "GET");
        auto j = c.app.incidents.get(id);
        if (!j) return unknown();
        return c.respond(c.ok(http::status::ok, *j));
    }
    if (sub == "outreach") {
        if (method != http::verb::get) return method_not_allowed(c, "GET");
        auto j = c.app.incidents.outreach(id);
        if (!j) return unknown();
        return c.respond(c.ok(http::status::ok, *j));
    }
    if (sub == "acknowledge") {
        if (method != http::verb::post) return method_not_allowed(c, "POST");
        const std::string agent = body_agent(c, optional_object_body(c));
        App& app = c.app;
        return incident_write(
            c, [&app, id, at, agent](WriteTxn& txn, bool& touched) { return app.incidents.acknowledge(txn, id, at, agent, touched); },
            http::status::ok);
    }
    if (sub == "fix") {
        if (method != http::verb::post) return method_not_allowed(c, "POST");
        json body = parse_object_body(c);
        if (!body.contains("note") || !body["note"].is_string())
            throw ApiError(http::status::bad_request, "invalid_request",
                           "note: a note of what was changed (a non-empty string) is required.");
        std::string note = body["note"].get<std::string>();
        if (note.find_first_not_of(" \t\r\n") == std::string::npos)
            throw ApiError(http::status::bad_request, "invalid_request", "note: must not be empty.");
        if (note.size() > 2000)
            throw ApiError(http::status::bad_request, "invalid_request", "note: must be at most 2000 bytes.");
        insights::OutreachStyle style;
        for (const char* k : {"brand", "signature", "status_url"}) {
            if (!body.contains(k)) continue;
            if (!body[k].is_string() || body[k].get<std::string>().size() > 200)
                throw ApiError(http::status::bad_request, "invalid_request", std::string(k) + " must be a string of at most 200 bytes.");
        }
        if (body.contains("brand")) style.brand = body["brand"].get<std::string>();
        if (body.contains("signature")) style.signature = body["signature"].get<std::string>();
        if (body.contains("status_url")) style.status_url = body["status_url"].get<std::string>();
        const std::string agent = body_agent(c, body);
        App& app = c.app;
        return incident_write(
            c,
            [&app, id, at, note, style, agent](WriteTxn& txn, bool& touched) {
                return app.incidents.fix(txn, id, at, note, style, agent, touched);
            },
            http::status::ok);
    }
    const std::string op = "outreach/", sent = "/sent";
    if (sub.rfind(op, 0) == 0 && sub.size() > op.size() + sent.size() &&
        sub.compare(sub.size() - sent.size(), sent.size(), sent) == 0) {
        if (method != http::verb::post) return method_not_allowed(c, "POST");
        const std::string mention_id = sub.substr(op.size(), sub.size() - op.size() - sent.size());
        const std::string agent = body_agent(c, optional_object_body(c));
        App& app = c.app;
        return incident_write(
            c,
            [&app, id, mention_id, at, agent](WriteTxn& txn, bool& touched) {
                return app.incidents.mark_sent(txn, id, mention_id, at, agent, touched);
            },
            http::status::ok);
    }
    return c.respond(c.error(http::status::not_found, "not_found", "There is no API endpoint /api/incidents/" + rest + "."));
}

void route(Ctx& c) {
    const std::string target(c.req.target());
    const auto qpos = target.find('?');
    const std::string path = url_decode(std::string_view(target).substr(0, qpos), false);
    const std::string_view query = qpos == std::string::npos ? std::string_view() : std::string_view(target).substr(qpos + 1);
    const auto method = c.req.method();

    if (path == "/healthz") {
        if (c.app.shutting_down)
            return c.respond(c.ok(http::status::service_unavailable, {{"ok", false}, {"reason", "shutting down"}}));
        return c.respond(c.ok(http::status::ok, {{"ok", true}, {"seq", c.app.state.head()}, {"core", c.app.analyzer.describe()}}));
    }
    if (path == "/metrics") {
        Response res{http::status::ok, c.req.version()};
        res.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
        res.set(http::field::cache_control, "no-store");
        res.keep_alive(c.req.keep_alive());
        res.body() = c.app.metrics.render(c.app.state.head());
        res.prepare_payload();
        return c.respond(std::move(res));
    }

    const bool api = path.rfind("/api/", 0) == 0 || path == "/api";
    if (api) {
        int retry = 1;
        if (!c.app.http_limiter.allow(c.remote, retry)) {
            c.app.metrics.rate_limited.fetch_add(1);
            auto res = c.error(http::status::too_many_requests, "rate_limited",
                               "Too many requests from this client; retry in " + std::to_string(retry) + " s.");
            res.set(http::field::retry_after, std::to_string(retry));
            return c.respond(std::move(res));
        }
    }

    if (path == "/api/public/known-issues") {
        if (method != http::verb::get) return method_not_allowed(c, "GET");
        // Computed fresh (rate-limited like every API call) and pushed to the public feed if it changed.
        Message m = known_issues_message(c.app);
        c.app.state.publish_public(m);
        return c.respond(c.ok_text(http::status::ok, *m));
    }
    if (path == "/api/demo/token") {
        if (!c.app.config.demo || c.app.demo_token.empty() || !is_loopback(c.remote))
            return c.respond(c.error(http::status::not_found, "not_found", "No such endpoint."));
        return c.respond(c.ok(http::status::ok, {{"token", c.app.demo_token}}));
    }
    if (api) {
        if (c.app.shutting_down && method != http::verb::get)
            return c.respond(c.error(http::status::service_unavailable, "unavailable",
                                     "The server is shutting down; retry shortly."));
        if (!authorize(c)) return;
        if (path == "/api/mentions") {
            if (method == http::verb::post) return post_mentions(c);
            if (method == http::verb::get) return list_mentions(c, query);
            return method_not_allowed(c, "GET, POST");
        }
        if (path == "/api/stats") {
            if (method != http::verb::get) return method_not_allowed(c, "GET");
            return stats(c);
        }
        if (path == "/api/lint") {
            if (method != http::verb::post) return method_not_allowed(c, "POST");
            json body = parse_object_body(c);
            if (!body.contains("text") || !body["text"].is_string())
                throw ApiError(http::status::bad_request, "invalid_request", "text: a string is required.");
            json rec = json::object();
            if (body.contains("mention_id") && body["mention_id"].is_string()) {
                auto cur = c.app.store.get(body["mention_id"].get<std::string>());
                if (!cur) throw ApiError(http::status::not_found, "not_found", "No mention has that id.");
                rec = json::parse(*cur);
            }
            ReplyCheck check = c.app.analyzer.check_reply(rec, body["text"].get<std::string>(), now_ms());
            return c.respond(c.ok(http::status::ok, {{"lint", check.lint}, {"commitments", check.commitments}}));
        }
        if (path == "/api/incidents") {
            if (method != http::verb::get) return method_not_allowed(c, "GET");
            return list_incidents(c, query);
        }
        if (path.rfind("/api/incidents/", 0) == 0) return route_incident(c, path.substr(15), method);
        const std::string prefix = "/api/mentions/";
        if (path.rfind(prefix, 0) == 0) {
            std::string rest = path.substr(prefix.size());
            const std::string replies = "/replies";
            if (rest.size() > replies.size() && rest.compare(rest.size() - replies.size(), replies.size(), replies) == 0) {
                if (method != http::verb::post) return method_not_allowed(c, "POST");
                return post_reply(c, rest.substr(0, rest.size() - replies.size()));
            }
            if (rest.empty()) return c.respond(c.error(http::status::not_found, "not_found", "No mention id given."));
            if (method == http::verb::get) {
                auto rec = c.app.store.get(rest);
                if (!rec) return c.respond(c.error(http::status::not_found, "not_found", "No mention has the id '" + rest + "'."));
                return c.respond(c.ok_text(http::status::ok, *rec));
            }
            if (method == http::verb::patch) return patch_mention(c, rest);
            return method_not_allowed(c, "GET, PATCH");
        }
        return c.respond(c.error(http::status::not_found, "not_found", "There is no API endpoint " + path + "."));
    }

    if (method == http::verb::get || method == http::verb::head) {
        Response res;
        if (serve_static(c.app.config.web_root, c.app.config.widget_dir, c.req, path, res)) return c.respond(std::move(res));
        return c.respond(c.error(http::status::not_found, "not_found", "Nothing is served at " + path + "."));
    }
    return c.respond(c.error(http::status::method_not_allowed, "method_not_allowed", "Static files accept GET and HEAD."));
}

} // namespace

void handle_request(App& app, Request&& req, const std::string& remote, const Responder& respond) {
    Ctx c{app, req, remote, respond, {}};
    try {
        route(c);
    } catch (const ApiError& e) {
        c.fail(e);
    } catch (const std::exception& e) {
        std::cerr << "earshot serve: " << req.method_string() << " " << req.target() << " failed: " << e.what() << "\n";
        respond(c.error(http::status::internal_server_error, "internal",
                        "The server failed to handle this request; it has been logged."));
    }
}

bool origin_allowed(const App& app, const std::string& origin, const std::string& host) {
    if (!app.config.allowed_origins.empty()) {
        for (const auto& o : app.config.allowed_origins)
            if (o == "*" || o == origin) return true;
        return false;
    }
    if (origin == "http://" + host || origin == "https://" + host) return true;
    for (const char* local : {"http://localhost", "http://127.0.0.1", "http://[::1]"}) {
        const std::string l = local;
        if (origin == l || (origin.rfind(l + ":", 0) == 0)) return true;
    }
    return false;
}

} // namespace earshot::server
