#pragma once
// Shared by `earshot train` and `earshot eval`: reading a labeled data file, parsing n-gram ranges, progress output.

#include "command.hpp"

#include "../common/files.hpp"

#include "earshot/wire/classifier_json.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>

#include <unistd.h>

namespace earshot::cli {

inline std::string read_file_or_stdin(const std::string& path) {
    if (path == "-") return io::read_all(std::cin);
    try {
        return io::read_file(path);
    } catch (const std::runtime_error& e) {
        throw CliError(e.what());
    }
}

inline wire::DataFormat data_format(const std::string& format, const std::string& path) {
    auto ends = [&](const char* suf) {
        const std::string s(suf);
        return path.size() >= s.size() && path.compare(path.size() - s.size(), s.size(), s) == 0;
    };
    if (format == "csv") return wire::DataFormat::Csv;
    if (format == "ndjson" || format == "jsonl") return wire::DataFormat::Ndjson;
    if (!format.empty()) throw CliError("unknown --format \"" + format + "\" (use csv or ndjson)");
    if (ends(".csv") || ends(".CSV")) return wire::DataFormat::Csv;
    if (ends(".ndjson") || ends(".jsonl") || ends(".json")) return wire::DataFormat::Ndjson;
    throw CliError("cannot tell the format of " + path + " from its name; pass --format csv or --format ndjson");
}

inline wire::LabeledData load_labeled(const std::string& path, const std::string& format, const std::string& text_field,
                                      const std::string& label_field) {
    const auto fmt = data_format(format, path);
    const std::string data = read_file_or_stdin(path);
    std::string err;
    auto d = wire::read_labeled(data, fmt, text_field, label_field, &err);
    if (!d) throw CliError((path == "-" ? std::string("stdin") : path) + ": " + err);
    return std::move(*d);
}

/// "2-5" / "2" / "0" -> [min, max]; 0 disables.
inline void parse_range(const std::string& s, const char* what, std::uint8_t& lo, std::uint8_t& hi) {
    unsigned a = 0, b = 0;
    char dash = 0;
    std::istringstream in(s);
    if (!(in >> a)) throw CliError(std::string(what) + ": expected MIN-MAX like 2-5 (or 0 to disable), got \"" + s + "\"");
    b = a;
    if (in >> dash) {
        if (dash != '-' || !(in >> b)) throw CliError(std::string(what) + ": expected MIN-MAX like 2-5, got \"" + s + "\"");
    }
    if (a > 10 || b > 10 || a > b) throw CliError(std::string(what) + ": range out of bounds: \"" + s + "\"");
    lo = static_cast<std::uint8_t>(a);
    hi = static_cast<std::uint8_t>(b);
}

/// Progress on stderr: a redrawn bar on a terminal, otherwise a plain line now and then.
class Progress {
public:
    explicit Progress(bool quiet) : quiet_(quiet), tty_(::isatty(2) == 1) {}
    void update(const std::string& label, int done, int total, const std::string& extra) {
        if (quiet_ || total <= 0) return;
        if (tty_) {
            constexpr int width = 30;
            const int filled = done * width / total;
            std::fprintf(stderr, "\r%s [%s%s] %d/%d %s\033[K", label.c_str(), std::string(filled, '#').c_str(),
                         std::string(width - filled, '.').c_str(), done, total, extra.c_str());
            if (done == total) std::fputc('\n', stderr);
            std::fflush(stderr);
        } else {
            const int step = total >= 4 ? total / 4 : 1;
            if (done == total || done % step == 0 || done == 1)
                std::fprintf(stderr, "%s %d/%d %s\n", label.c_str(), done, total, extra.c_str());
        }
    }
    void line(const std::string& s) {
        if (!quiet_) std::fprintf(stderr, "%s\n", s.c_str());
    }

private:
    bool quiet_;
    bool tty_;
};

inline double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

inline std::string fixed(double v, int decimals = 4) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

} // namespace earshot::cli
