#include "earshot/mention.hpp"


namespace earshot {
namespace {

constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool digits(const std::string& s, std::size_t at, std::size_t n, int& out) {
    if (at + n > s.size()) return false;
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    out = v;
    return true;
}

} // namespace

bool parse_iso8601(const std::string& s, std::int64_t& out_ms) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, ms = 0;
    if (!digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
        !digits(s, 8, 2, d))
        return false;
    if (mo < 1 || mo > 12 || d < 1 || d > 31) return false;
    std::size_t i = 10;
    std::int64_t offset_min = 0;
    if (i < s.size()) {
        if (s[i] != 'T' && s[i] != 't' && s[i] != ' ') return false;
        ++i;
        if (!digits(s, i, 2, h) || i + 2 >= s.size() || s[i + 2] != ':' || !digits(s, i + 3, 2, mi)) return false;
        i += 5;
        if (i < s.size() && s[i] == ':') {
            if (!digits(s, i + 1, 2, sec)) return false;
            i += 3;
            if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
                ++i;
                int scale = 100;
                bool any = false;
                while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
                    ms += (s[i] - '0') * scale;
                    scale /= 10;
                    ++i;
                    any = true;
                }
                if (!any) return false;
            }
        }
        if (h > 23 || mi > 59 || sec > 60) return false;
        if (i < s.size()) {
            if (s[i] == 'Z' || s[i] == 'z') {
                ++i;
            } else if (s[i] == '+' || s[i] == '-') {
                int oh = 0, om = 0;
                if (!digits(s, i + 1, 2, oh)) return false;
                std::size_t j = i + 3;
                if (j < s.size() && s[j] == ':') ++j;
                if (!digits(s, j, 2, om)) return false;
                offset_min = (oh * 60 + om) * (s[i] == '-' ? -1 : 1);
                i = j + 2;
            } else {
                return false;
            }
        }
        if (i != s.size()) return false;
    }
    const std::int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
    out_ms = ((days * 86400 + h * 3600 + mi * 60 + sec) - offset_min * 60) * 1000 + ms;
    return true;
}

std::string format_iso8601(std::int64_t ms) {
    std::int64_t secs = ms / 1000;
    if (ms < 0 && ms % 1000) --secs;
    std::int64_t days = secs / 86400;
    std::int64_t rem = secs % 86400;
    if (rem < 0) {
        rem += 86400;
        --days;
    }
    // civil_from_days
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y0 = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = y0 + (m <= 2);
    std::string out;
    auto put = [&out](std::int64_t v, int width) {
        const std::string digits = std::to_string(v < 0 ? -v : v);
        if (v < 0) out.push_back('-');
        for (int k = static_cast<int>(digits.size()); k < width; ++k) out.push_back('0');
        out += digits;
    };
    put(y, 4);
    out.push_back('-');
    put(m, 2);
    out.push_back('-');
    put(d, 2);
    out.push_back('T');
    put(rem / 3600, 2);
    out.push_back(':');
    put(rem % 3600 / 60, 2);
    out.push_back(':');
    put(rem % 60, 2);
    out.push_back('Z');
    return out;
}

} // namespace earshot
