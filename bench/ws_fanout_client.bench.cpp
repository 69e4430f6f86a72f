// The receiving side of bench/server.bench.mjs: one process that holds N WebSocket clients of `/live` on one
// epoll loop, so that 100 clients cost what reading their bytes costs (not 100 JSON parsers in node).
//
// Honest but cheap: every byte of every frame is read and scanned; each `"type":"event","seq":N` in a frame (an
// object or an array of objects; JSON strings escape quotes, so customer text can never fake the marker) records
// its receive time (CLOCK_MONOTONIC, the clock node's process.hrtime uses) per client and seq, and counts
// duplicates and seqs outside the expected range. Nothing is JSON-parsed.
//
//   bench_ws_fanout_client --port P --path /live --token T --clients N --base SEQ --capacity K
// stdin commands (one per line), answers on stdout:
//   count          -> "count <first copies received over all clients> <reconnects>"
//   report FILE    -> writes FILE: per client K little-endian doubles (receive time in ms, 0 = never), then
//                     answers "report <dups> <out_of_range> <reconnects> <bytes> <frames>"
// A client the server disconnects (slow-consumer cap) reconnects at once and resumes with `since` = the last seq
// it applied, as a real client does; what it then misses or gets twice is counted as lost or duplicated.
//   quit
// Prints "ready" once every client got its welcome. Not part of `make test`.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

namespace {

double now_ms() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

[[noreturn]] void die(const std::string& what) {
    std::fprintf(stderr, "ws_fanout_client: %s (%s)\n", what.c_str(), std::strerror(errno));
    std::exit(1);
}

constexpr std::string_view kMarker = "\"type\":\"event\",\"seq\":";
constexpr std::string_view kWelcome = "\"type\":\"welcome\"";

struct Client {
    int fd = -1;
    bool upgraded = false, welcomed = false, closed = false;
    std::int64_t last_seq = 0; // highest event seq applied: the resume point after a disconnect
    std::string in;          // unparsed bytes
    std::vector<double> recv; // by seq - base - 1
    std::uint64_t dups = 0, out_of_range = 0;
};

struct Options {
    int port = 0, clients = 100;
    std::string path = "/live", token;
    std::int64_t base = 0, capacity = 0;
};

void write_all(int fd, const std::string& s) {
    std::size_t off = 0;
    while (off < s.size()) {
        ssize_t n = ::write(fd, s.data() + off, s.size() - off);
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) continue; // tiny control frames: spin is fine
            return;
        }
        off += static_cast<std::size_t>(n);
    }
}

/// A masked client frame (opcode: 1 text, 10 pong).
std::string client_frame(int opcode, std::string_view payload) {
    std::string f;
    f += static_cast<char>(0x80 | opcode);
    if (payload.size() < 126) {
        f += static_cast<char>(0x80 | payload.size());
    } else {
        f += static_cast<char>(0x80 | 126);
        f += static_cast<char>((payload.size() >> 8) & 0xff);
        f += static_cast<char>(payload.size() & 0xff);
    }
    const unsigned char mask[4] = {0x12, 0x34, 0x56, 0x78};
    f.append(reinterpret_cast<const char*>(mask), 4);
    for (std::size_t i = 0; i < payload.size(); ++i) f += static_cast<char>(payload[i] ^ mask[i % 4]);
    return f;
}

class Loop {
public:
    explicit Loop(Options o) : o_(std::move(o)) {}

    void run() {
        ep_ = epoll_create1(0);
        if (ep_ < 0) die("epoll_create1");
        clients_.resize(static_cast<std::size_t>(o_.clients));
        for (auto& c : clients_) {
            c.recv.assign(static_cast<std::size_t>(o_.capacity), 0.0);
            c.last_seq = o_.base;
        }
        for (std::size_t i = 0; i < clients_.size(); ++i) connect_one(i);
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.u64 = kStdin;
        ::fcntl(0, F_SETFL, ::fcntl(0, F_GETFL) | O_NONBLOCK);
        epoll_ctl(ep_, EPOLL_CTL_ADD, 0, &ev);
        std::vector<epoll_event> events(256);
        std::vector<char> buf(1 << 20);
        for (;;) {
            int n = epoll_wait(ep_, events.data(), static_cast<int>(events.size()), -1);
            if (n < 0) {
                if (errno == EINTR) continue;
                die("epoll_wait");
            }
            for (int k = 0; k < n; ++k) {
                if (events[k].data.u64 == kStdin) {
                    if (!on_stdin()) return;
                    continue;
                }
                Client& c = clients_[events[k].data.u64];
                for (;;) {
                    ssize_t r = ::read(c.fd, buf.data(), buf.size());
                    if (r > 0) {
                        const double t = now_ms();
                        bytes_ += static_cast<std::uint64_t>(r);
                        c.in.append(buf.data(), static_cast<std::size_t>(r));
                        consume(c, t);
                        if (static_cast<std::size_t>(r) < buf.size()) break;
                        continue;
                    }
                    if (r < 0 && (errno == EAGAIN || errno == EINTR)) break;
                    close_client(c);
                    reconnect(events[k].data.u64);
                    break;
                }
            }
        }
    }

private:
    static constexpr std::uint64_t kStdin = ~0ULL;

    /// A dropped client (e.g. the server's slow-consumer cap) comes back like a real one: a new connection whose
    /// hello resumes from the last seq it applied. Events it then receives twice count as duplicates.
    void reconnect(std::size_t i) {
        Client& c = clients_[i];
        ++reconnects_;
        c.in.clear();
        c.upgraded = false;
        c.closed = false;
        connect_one(i);
    }

    void connect_one(std::size_t i) {
        Client& c = clients_[i];
        c.fd = ::socket(AF_INET, SOCK_STREAM, 0);
        if (c.fd < 0) die("socket");
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<std::uint16_t>(o_.port));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(c.fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0) die("connect");
        int one = 1;
        setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        write_all(c.fd, "GET " + o_.path + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(o_.port) +
                            "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                            "dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        ::fcntl(c.fd, F_SETFL, ::fcntl(c.fd, F_GETFL) | O_NONBLOCK);
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.u64 = i;
        if (epoll_ctl(ep_, EPOLL_CTL_ADD, c.fd, &ev) < 0) die("epoll_ctl");
    }

    void close_client(Client& c) {
        if (c.closed) return;
        c.closed = true;
        ++closed_;
        epoll_ctl(ep_, EPOLL_CTL_DEL, c.fd, nullptr);
        ::close(c.fd);
    }

    void consume(Client& c, double t) {
        std::size_t pos = 0;
        if (!c.upgraded) {
            auto end = c.in.find("\r\n\r\n");
            if (end == std::string::npos) return;
            if (c.in.compare(0, 12, "HTTP/1.1 101") != 0) {
                std::fprintf(stderr, "ws_fanout_client: upgrade refused: %s\n", c.in.substr(0, c.in.find('\r')).c_str());
                close_client(c);
                return;
            }
            c.upgraded = true;
            pos = end + 4;
            std::string hello = "{\"type\":\"hello\",\"token\":\"" + o_.token + "\",\"since\":" + std::to_string(c.last_seq) +
                                ",\"agent\":\"bench" + std::to_string(&c - clients_.data()) + "\"}";
            write_all(c.fd, client_frame(1, hello));
        }
        const auto* p = reinterpret_cast<const unsigned char*>(c.in.data());
        const std::size_t size = c.in.size();
        for (;;) {
            if (size - pos < 2) break;
            const unsigned opcode = p[pos] & 0x0f;
            std::uint64_t len = p[pos + 1] & 0x7f;
            std::size_t hdr = 2;
            if (len == 126) {
                if (size - pos < 4) break;
                len = (std::uint64_t{p[pos + 2]} << 8) | p[pos + 3];
                hdr = 4;
            } else if (len == 127) {
                if (size - pos < 10) break;
                len = 0;
                for (int k = 0; k < 8; ++k) len = (len << 8) | p[pos + 2 + k];
                hdr = 10;
            }
            if (size - pos - hdr < len) break;
            std::string_view payload(c.in.data() + pos + hdr, static_cast<std::size_t>(len));
            pos += hdr + static_cast<std::size_t>(len);
            ++frames_;
            if (opcode == 0x8) {
                close_client(c);
                reconnect(static_cast<std::size_t>(&c - clients_.data()));
                return;
            }
            if (opcode == 0x9) {
                write_all(c.fd, client_frame(0xA, payload));
                continue;
            }
            if (opcode == 0xA) continue;
            scan(c, payload, t);
        }
        c.in.erase(0, pos);
    }

    void scan(Client& c, std::string_view s, double t) {
        std::size_t found = 0;
        const char* at = s.data();
        const char* end = s.data() + s.size();
        while (at < end) {
            const void* hit = memmem(at, static_cast<std::size_t>(end - at), kMarker.data(), kMarker.size());
            if (!hit) break;
            const char* q = static_cast<const char*>(hit) + kMarker.size();
            std::int64_t v = 0;
            while (q < end && *q >= '0' && *q <= '9') v = v * 10 + (*q++ - '0');
            at = q;
            ++found;
            if (v > c.last_seq) c.last_seq = v;
            const std::int64_t idx = v - o_.base - 1;
            if (idx < 0 || idx >= o_.capacity) {
                ++c.out_of_range;
                continue;
            }
            double& slot = c.recv[static_cast<std::size_t>(idx)];
            if (slot != 0.0) {
                ++c.dups;
            } else {
                slot = t;
                ++received_;
            }
        }
        (void)found;
        if (!c.welcomed && s.find(kWelcome) != std::string_view::npos) {
            c.welcomed = true;
            if (++welcomed_ == clients_.size()) {
                std::fputs("ready\n", stdout);
                std::fflush(stdout);
            }
        }
    }

    bool on_stdin() {
        char buf[4096];
        ssize_t r = ::read(0, buf, sizeof buf);
        if (r <= 0) return r < 0 && errno == EAGAIN;
        cmd_.append(buf, static_cast<std::size_t>(r));
        std::size_t nl;
        while ((nl = cmd_.find('\n')) != std::string::npos) {
            std::string line = cmd_.substr(0, nl);
            cmd_.erase(0, nl + 1);
            if (line == "count") {
                std::printf("count %llu %zu\n", static_cast<unsigned long long>(received_), reconnects_);
            } else if (line.rfind("report ", 0) == 0) {
                std::FILE* f = std::fopen(line.substr(7).c_str(), "wb");
                if (!f) die("open report file");
                std::uint64_t dups = 0, oor = 0;
                for (const auto& c : clients_) {
                    std::fwrite(c.recv.data(), sizeof(double), c.recv.size(), f);
                    dups += c.dups;
                    oor += c.out_of_range;
                }
                std::fclose(f);
                std::printf("report %llu %llu %zu %llu %llu\n", static_cast<unsigned long long>(dups),
                            static_cast<unsigned long long>(oor), reconnects_, static_cast<unsigned long long>(bytes_),
                            static_cast<unsigned long long>(frames_));
            } else if (line == "quit") {
                return false;
            }
            std::fflush(stdout);
        }
        return true;
    }

    Options o_;
    int ep_ = -1;
    std::vector<Client> clients_;
    std::size_t welcomed_ = 0, closed_ = 0, reconnects_ = 0;
    std::uint64_t received_ = 0, bytes_ = 0, frames_ = 0;
    std::string cmd_;
};

} // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i], v = argv[i + 1];
        if (k == "--port") o.port = std::atoi(v.c_str());
        else if (k == "--path") o.path = v;
        else if (k == "--token") o.token = v;
        else if (k == "--clients") o.clients = std::atoi(v.c_str());
        else if (k == "--base") o.base = std::atoll(v.c_str());
        else if (k == "--capacity") o.capacity = std::atoll(v.c_str());
        else {
            std::fprintf(stderr, "ws_fanout_client: unknown option %s\n", k.c_str());
            return 2;
        }
    }
    if (o.port <= 0 || o.capacity <= 0 || o.clients <= 0) {
        std::fprintf(stderr, "usage: bench_ws_fanout_client --port P --token T --clients N --base SEQ --capacity K\n");
        return 2;
    }
    Loop(o).run();
    return 0;
}
