// SQLite implementation of Store: WAL, versioned migrations (PRAGMA user_version). Durability is that of
// synchronous=FULL: the connection runs with synchronous=NORMAL (WAL synced before every checkpoint, the database
// before the WAL is reset) and sync() fsyncs the WAL after each commit, which is exactly what FULL adds, only
// moved after commit_written() so the pipeline can push events and go on while the disk flushes. sync() uses its
// own descriptor of the -wal file (fdatasync flushes the file, whichever descriptor wrote it), so it can run on a
// second thread; the WAL is never deleted while the writer connection is open, and a new WAL file (another inode)
// gets its directory synced once, as SQLite does.

#include "store.hpp"

#include <sqlite3.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <unordered_map>

namespace earshot::server {
namespace {

// Each entry migrates from version i to i+1. Never edit a shipped entry; append a new one.
const char* const kMigrations[] = {
    R"sql(
CREATE TABLE mentions(
  id TEXT PRIMARY KEY,
  created_seq INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  status TEXT NOT NULL,
  assignee TEXT NOT NULL DEFAULT '',
  category TEXT NOT NULL DEFAULT '',
  sentiment TEXT NOT NULL DEFAULT '',
  tier TEXT NOT NULL DEFAULT '',
  team TEXT NOT NULL DEFAULT '',
  complaint INTEGER NOT NULL DEFAULT 0,
  urgency INTEGER NOT NULL DEFAULT 0,
  author_key TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL,
  handle TEXT NOT NULL DEFAULT '',
  received_ms INTEGER NOT NULL,
  record TEXT NOT NULL);
CREATE UNIQUE INDEX mentions_created_seq ON mentions(created_seq);
CREATE INDEX mentions_seq ON mentions(seq);
CREATE INDEX mentions_status ON mentions(status, created_seq);
CREATE INDEX mentions_author ON mentions(author_key);
CREATE TABLE events(
  seq INTEGER PRIMARY KEY,
  type TEXT NOT NULL,
  mention_id TEXT NOT NULL DEFAULT '',
  at_ms INTEGER NOT NULL,
  message TEXT NOT NULL);
)sql",
    R"sql(
CREATE TABLE incident_actions(
  seq INTEGER PRIMARY KEY,
  incident_id TEXT NOT NULL,
  action TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  data TEXT NOT NULL);
)sql",
    R"sql(
CREATE TABLE epochs(
  n INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  start_seq INTEGER NOT NULL);
)sql",
};

[[noreturn]] void fail(sqlite3* db, const std::string& what) {
    throw std::runtime_error(what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

class Stmt {
public:
    Stmt(sqlite3* db, const char* sql) : db_(db) {
        if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st_, nullptr) != SQLITE_OK)
            fail(db, std::string("prepare ") + sql);
    }
    ~Stmt() { sqlite3_finalize(st_); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;

    Stmt& reset() {
        sqlite3_reset(st_);
        sqlite3_clear_bindings(st_);
        idx_ = 0;
        return *this;
    }
    Stmt& bind(const std::string& s) {
        sqlite3_bind_text(st_, ++idx_, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Stmt& bind(std::int64_t v) {
        sqlite3_bind_int64(st_, ++idx_, v);
        return *this;
    }
    bool step() {
        int rc = sqlite3_step(st_);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        fail(db_, "sqlite step");
    }
    void run() {
        step();
        sqlite3_reset(st_);
    }
    std::int64_t i64(int col) { return sqlite3_column_int64(st_, col); }
    std::string text(int col) {
        auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st_, col));
        return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(st_, col))) : std::string();
    }

private:
    sqlite3* db_;
    sqlite3_stmt* st_ = nullptr;
    int idx_ = 0;
};

sqlite3* open_db(const std::string& path, bool readonly) {
    sqlite3* db = nullptr;
    int flags = readonly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    flags |= SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
        std::string msg = "cannot open " + path + ": " + (db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        throw std::runtime_error(msg);
    }
    sqlite3_busy_timeout(db, 5000);
    return db;
}

void exec(sqlite3* db, const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : "unknown error";
        sqlite3_free(err);
        throw std::runtime_error(std::string("sqlite: ") + msg + " (in: " + std::string(sql).substr(0, 60) + ")");
    }
}

/// A read connection with its prepared statements.
struct Reader {
    explicit Reader(const std::string& path) : db(open_db(path, true)) {}
    ~Reader() {
        get.reset();
        events.reset();
        author.reset();
        head.reset();
        sqlite3_close(db);
    }
    sqlite3* db;
    std::unique_ptr<Stmt> get, events, author, head;
};

class SqliteStore final : public Store {
public:
    explicit SqliteStore(const std::string& dir) {
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        if (ec) throw std::runtime_error("cannot create data directory " + dir + ": " + ec.message());
        path_ = (std::filesystem::path(dir) / "earshot.db").string();
        db_ = open_db(path_, false);
        exec(db_, "PRAGMA journal_mode=WAL");
        exec(db_, "PRAGMA synchronous=NORMAL"); // + sync() after every commit = FULL (see the top of the file)
        exec(db_, "PRAGMA foreign_keys=ON");
        migrate();
        ins_ = std::make_unique<Stmt>(db_,
            "INSERT INTO mentions(id,created_seq,seq,status,assignee,category,sentiment,tier,team,complaint,urgency,"
            "author_key,text,handle,received_ms,record) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        upd_ = std::make_unique<Stmt>(db_,
            "UPDATE mentions SET seq=?,status=?,assignee=?,category=?,sentiment=?,tier=?,team=?,complaint=?,"
            "urgency=?,record=? WHERE id=?");
        exists_ = std::make_unique<Stmt>(db_, "SELECT 1 FROM mentions WHERE id=?");
        load_ = std::make_unique<Stmt>(db_,
            "SELECT id,created_seq,seq,status,assignee,category,sentiment,tier,team,complaint,urgency,author_key,"
            "text,handle,received_ms,record FROM mentions WHERE id=?");
        ev_ = std::make_unique<Stmt>(db_, "INSERT INTO events(seq,type,mention_id,at_ms,message) VALUES(?,?,?,?,?)");
        last_ = std::make_unique<Stmt>(db_, "SELECT COALESCE(MAX(seq),0) FROM events");
        prune_ = std::make_unique<Stmt>(db_, "DELETE FROM events WHERE seq < ?");
        // The event log may have been pruned down to nothing while mentions exist: seq must never go back.
        Stmt maxm(db_, "SELECT COALESCE(MAX(seq),0) FROM mentions");
        maxm.step();
        last_->reset();
        last_->step();
        committed_head_ = std::max(maxm.i64(0), last_->i64(0));
        last_->reset();
        meta_seq_ = committed_head_;
    }

    ~SqliteStore() override {
        readers_.clear();
        ins_.reset();
        upd_.reset();
        exists_.reset();
        load_.reset();
        ev_.reset();
        last_.reset();
        prune_.reset();
        act_.reset();
        if (wal_fd_ >= 0) ::close(wal_fd_);
        if (db_) {
            sqlite3_exec(db_, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
            sqlite3_close(db_);
        }
    }

    void begin() override { exec(db_, "BEGIN IMMEDIATE"); }
    void commit() override {
        commit_written();
        sync();
    }
    void commit_written() override {
        exec(db_, "COMMIT");
        std::lock_guard lock(head_mu_);
        committed_head_ = pending_head_ > committed_head_ ? pending_head_ : committed_head_;
    }
    void sync() override {
        std::lock_guard lock(sync_mu_);
        const std::string wal = path_ + "-wal";
        struct stat st {};
        if (::stat(wal.c_str(), &st) != 0) {
            if (errno == ENOENT) return; // no WAL: every commit is already in the (synced) database file
            throw std::runtime_error("cannot stat " + wal + ": " + std::strerror(errno));
        }
        if (wal_fd_ < 0 || st.st_ino != wal_ino_ || st.st_dev != wal_dev_) {
            if (wal_fd_ >= 0) ::close(wal_fd_);
            wal_fd_ = ::open(wal.c_str(), O_RDONLY | O_CLOEXEC);
            if (wal_fd_ < 0) throw std::runtime_error("cannot open " + wal + ": " + std::strerror(errno));
            wal_ino_ = st.st_ino;
            wal_dev_ = st.st_dev;
            // a new file: its directory entry must be durable too
            const std::string dir = std::filesystem::path(path_).parent_path().string();
            const int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (dfd >= 0) {
                ::fsync(dfd);
                ::close(dfd);
            }
        }
        if (::fdatasync(wal_fd_) != 0)
            throw std::runtime_error("syncing the write-ahead log failed: " + std::string(std::strerror(errno)));
    }
    void rollback() override {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        pending_head_ = committed_head_;
        meta_seq_ = committed_head_;
    }
    void savepoint() override { exec(db_, "SAVEPOINT item"); }
    void release_savepoint() override { exec(db_, "RELEASE item"); }
    void rollback_savepoint() override {
        exec(db_, "ROLLBACK TO item");
        exec(db_, "RELEASE item");
    }

    std::int64_t last_seq() override { return meta_seq_; }

    bool exists(const std::string& id) override {
        exists_->reset().bind(id);
        bool found = exists_->step();
        exists_->reset();
        return found;
    }

    std::optional<MentionRow> load_for_update(const std::string& id) override {
        load_->reset().bind(id);
        std::optional<MentionRow> out;
        if (load_->step()) out = row_from(*load_);
        load_->reset();
        return out;
    }

    void insert_mention(const MentionRow& r) override {
        ins_->reset()
            .bind(r.id)
            .bind(r.created_seq)
            .bind(r.seq)
            .bind(r.status)
            .bind(r.assignee)
            .bind(r.category)
            .bind(r.sentiment)
            .bind(r.tier)
            .bind(r.team)
            .bind(std::int64_t{r.complaint ? 1 : 0})
            .bind(std::int64_t{r.urgency})
            .bind(r.author_key)
            .bind(r.text)
            .bind(r.handle)
            .bind(r.received_ms)
            .bind(r.record)
            .run();
        bump(r.seq);
    }

    void update_mention(const MentionRow& r) override {
        upd_->reset()
            .bind(r.seq)
            .bind(r.status)
            .bind(r.assignee)
            .bind(r.category)
            .bind(r.sentiment)
            .bind(r.tier)
            .bind(r.team)
            .bind(std::int64_t{r.complaint ? 1 : 0})
            .bind(std::int64_t{r.urgency})
            .bind(r.record)
            .bind(r.id)
            .run();
        bump(r.seq);
    }

    void append_event(std::int64_t seq, const std::string& type, const std::string& mention_id, std::int64_t at_ms,
                      const std::string& message) override {
        ev_->reset().bind(seq).bind(type).bind(mention_id).bind(at_ms).bind(message).run();
        bump(seq);
    }

    void append_incident_action(const IncidentAction& a) override {
        if (!act_)
            act_ = std::make_unique<Stmt>(db_, "INSERT INTO incident_actions(seq,incident_id,action,at_ms,data) VALUES(?,?,?,?,?)");
        act_->reset().bind(a.seq).bind(a.incident_id).bind(a.action).bind(a.at_ms).bind(a.data).run();
        bump(a.seq);
    }

    void scan_mentions(const std::function<void(std::int64_t, std::int64_t, const std::string&)>& fn) override {
        auto r = reader();
        Stmt st(r->db, "SELECT created_seq, received_ms, record FROM mentions ORDER BY created_seq");
        while (st.step()) fn(st.i64(0), st.i64(1), st.text(2));
    }

    std::vector<IncidentAction> incident_actions() override {
        auto r = reader();
        Stmt st(r->db, "SELECT seq, incident_id, action, at_ms, data FROM incident_actions ORDER BY seq");
        std::vector<IncidentAction> out;
        while (st.step()) out.push_back({st.i64(0), st.text(1), st.text(2), st.i64(3), st.text(4)});
        return out;
    }

    void prune_events(std::int64_t below) override { prune_->reset().bind(below).run(); }

    std::optional<std::string> get(const std::string& id) override {
        auto r = reader();
        if (!r->get) r->get = std::make_unique<Stmt>(r->db, "SELECT record FROM mentions WHERE id=?");
        r->get->reset().bind(id);
        std::optional<std::string> out;
        if (r->get->step()) out = r->get->text(0);
        r->get->reset();
        return out;
    }

    ListResult list(const ListQuery& q) override {
        std::string where = " WHERE 1=1";
        std::vector<std::string> args;
        auto eq = [&](const char* col, const std::optional<std::string>& v) {
            if (!v) return;
            where += std::string(" AND ") + col + "=?";
            args.push_back(*v);
        };
        eq("status", q.status);
        eq("category", q.category);
        eq("sentiment", q.sentiment);
        eq("tier", q.tier);
        eq("team", q.team);
        eq("assignee", q.assignee);
        if (q.q && !q.q->empty()) {
            where += " AND (instr(lower(text), lower(?)) > 0 OR instr(lower(handle), lower(?)) > 0)";
            args.push_back(*q.q);
            args.push_back(*q.q);
        }
        std::string count_sql = "SELECT COUNT(*) FROM mentions" + where;
        std::string count_where_args_end = where;
        if (q.since >= 0) where += " AND seq > " + std::to_string(q.since);
        count_sql = "SELECT COUNT(*) FROM mentions" + where;
        std::string page_where = where;
        if (q.cursor > 0) page_where += " AND created_seq < " + std::to_string(q.cursor);
        std::string sql = "SELECT record, created_seq FROM mentions" + page_where + " ORDER BY created_seq DESC LIMIT " +
                          std::to_string(q.limit + 1);
        auto r = reader();
        ListResult out;
        {
            Stmt st(r->db, sql.c_str());
            for (auto& a : args) st.bind(a);
            std::int64_t last_created = 0;
            while (st.step()) {
                if (static_cast<int>(out.records.size()) == q.limit) {
                    out.next_cursor = last_created;
                    break;
                }
                out.records.push_back(st.text(0));
                last_created = st.i64(1);
            }
        }
        {
            Stmt st(r->db, count_sql.c_str());
            for (auto& a : args) st.bind(a);
            if (st.step()) out.total = st.i64(0);
        }
        return out;
    }

    std::vector<StoredEvent> events_after(std::int64_t seq, std::size_t limit) override {
        auto r = reader();
        if (!r->events)
            r->events = std::make_unique<Stmt>(r->db, "SELECT seq, message FROM events WHERE seq > ? ORDER BY seq LIMIT ?");
        r->events->reset().bind(seq).bind(static_cast<std::int64_t>(limit));
        std::vector<StoredEvent> out;
        while (r->events->step()) out.push_back({r->events->i64(0), r->events->text(1)});
        r->events->reset();
        return out;
    }

    StoreStats stats() override {
        auto r = reader();
        StoreStats s;
        {
            Stmt st(r->db, "SELECT COUNT(*) FROM mentions");
            if (st.step()) s.total = st.i64(0);
        }
        auto group = [&](const char* col, auto& out) {
            std::string sql = std::string("SELECT ") + col + ", COUNT(*) FROM mentions GROUP BY " + col;
            Stmt st(r->db, sql.c_str());
            while (st.step()) out.emplace_back(st.text(0), st.i64(1));
        };
        group("status", s.by_status);
        group("category", s.by_category);
        group("sentiment", s.by_sentiment);
        return s;
    }

    std::int64_t count_by_author(const std::string& author_key) override {
        if (author_key.empty()) return 0;
        auto r = reader();
        if (!r->author) r->author = std::make_unique<Stmt>(r->db, "SELECT COUNT(*) FROM mentions WHERE author_key=?");
        r->author->reset().bind(author_key);
        std::int64_t n = r->author->step() ? r->author->i64(0) : 0;
        r->author->reset();
        return n;
    }

    std::vector<CategoryCount> open_complaints_by_category(std::int64_t hour_ago_ms) override {
        auto r = reader();
        Stmt st(r->db,
                "SELECT category, COUNT(*), SUM(received_ms >= ?) FROM mentions WHERE status != 'resolved' AND "
                "complaint = 1 GROUP BY category ORDER BY COUNT(*) DESC");
        st.bind(hour_ago_ms);
        std::vector<CategoryCount> out;
        while (st.step()) out.push_back({st.text(0), st.i64(1), st.i64(2)});
        return out;
    }

    std::int64_t head_seq() override {
        std::lock_guard lock(head_mu_);
        return committed_head_;
    }

private:
    static MentionRow row_from(Stmt& s) {
        MentionRow r;
        r.id = s.text(0);
        r.created_seq = s.i64(1);
        r.seq = s.i64(2);
        r.status = s.text(3);
        r.assignee = s.text(4);
        r.category = s.text(5);
        r.sentiment = s.text(6);
        r.tier = s.text(7);
        r.team = s.text(8);
        r.complaint = s.i64(9) != 0;
        r.urgency = static_cast<int>(s.i64(10));
        r.author_key = s.text(11);
        r.text = s.text(12);
        r.handle = s.text(13);
        r.received_ms = s.i64(14);
        r.record = s.text(15);
        return r;
    }

    void bump(std::int64_t seq) {
        if (seq > meta_seq_) meta_seq_ = seq;
        pending_head_ = meta_seq_;
    }

    void migrate() {
        Stmt v(db_, "PRAGMA user_version");
        v.step();
        auto version = static_cast<std::size_t>(v.i64(0));
        v.reset();
        const std::size_t target = sizeof(kMigrations) / sizeof(kMigrations[0]);
        if (version > target)
            throw std::runtime_error("the data directory was written by a newer earshot (schema " +
                                     std::to_string(version) + ", this build knows " + std::to_string(target) + ")");
        for (; version < target; ++version) {
            exec(db_, "BEGIN IMMEDIATE");
            try {
                exec(db_, kMigrations[version]);
                exec(db_, ("PRAGMA user_version=" + std::to_string(version + 1)).c_str());
                exec(db_, "COMMIT");
            } catch (...) {
                sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
                throw;
            }
        }
    }

    std::vector<Epoch> start_epoch(const std::string& id) override {
        const std::int64_t head = head_seq();
        begin();
        try {
            Stmt ins(db_, "INSERT INTO epochs(id,start_seq) VALUES(?,?)");
            ins.bind(id).bind(head);
            ins.run();
            commit();
        } catch (...) {
            rollback();
            throw;
        }
        std::vector<Epoch> out;
        Stmt all(db_, "SELECT id,start_seq FROM epochs ORDER BY n");
        while (all.step()) out.push_back({all.text(0), all.i64(1)});
        all.reset();
        return out;
    }

    /// A read connection for this thread (created on first use; readers never block the writer in WAL mode).
    Reader* reader() {
        std::lock_guard lock(readers_mu_);
        auto& slot = readers_[std::this_thread::get_id()];
        if (!slot) slot = std::make_unique<Reader>(path_);
        return slot.get();
    }

    std::string path_;
    sqlite3* db_ = nullptr;
    std::unique_ptr<Stmt> ins_, upd_, exists_, load_, ev_, last_, prune_, act_;
    std::int64_t meta_seq_ = 0;    // highest seq written (including uncommitted), writer thread only
    std::int64_t pending_head_ = 0; // writer thread only
    std::mutex head_mu_;
    std::int64_t committed_head_ = 0;
    std::mutex readers_mu_;
    std::mutex sync_mu_; // sync(): our own descriptor of the -wal file
    int wal_fd_ = -1;
    ino_t wal_ino_ = 0;
    dev_t wal_dev_ = 0;
    std::unordered_map<std::thread::id, std::unique_ptr<Reader>> readers_;
};

} // namespace

std::unique_ptr<Store> open_sqlite_store(const std::string& dir) { return std::make_unique<SqliteStore>(dir); }

} // namespace earshot::server
