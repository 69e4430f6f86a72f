#include "earshot/commitments.hpp"

#include "reply_text.hpp"

#include <optional>

namespace earshot {

namespace detail {

namespace {

constexpr std::int64_t kMinute = 60'000;
constexpr std::int64_t kHour = 60 * kMinute;
constexpr std::int64_t kDay = 24 * kHour;

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Days since 1970-01-01 for a civil date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
}

int weekday_of(std::int64_t day) { return static_cast<int>(((day % 7) + 7 + 4) % 7); } // 0 = Sunday

int parse_small_number(const std::string& w) {
    static constexpr std::pair<std::string_view, int> kWords[] = {
        {"a", 1},       {"an", 1},       {"one", 1},      {"two", 2},       {"three", 3},   {"four", 4},
        {"five", 5},    {"six", 6},      {"seven", 7},    {"eight", 8},     {"nine", 9},    {"ten", 10},
        {"eleven", 11}, {"twelve", 12},  {"fifteen", 15}, {"twenty", 20},   {"thirty", 30}, {"forty-eight", 48},
        {"twenty-four", 24}, {"seventy-two", 72}, {"a couple of", 2}, {"couple", 2}, {"few", 3}, {"forty-five", 45}};
    for (auto [k, v] : kWords)
        if (k == w) return v;
    if (w.empty() || w.size() > 4) return -1;
    int v = 0;
    for (char c : w) {
        if (c < '0' || c > '9') return -1;
        v = v * 10 + (c - '0');
    }
    return v;
}

// Unit words -> milliseconds (business days are handled by the caller).
std::int64_t unit_ms(std::string_view u, bool& business) {
    business = false;
    if (u == "minute" || u == "minutes" || u == "min" || u == "mins" || u == "m") return kMinute;
    if (u == "hour" || u == "hours" || u == "hr" || u == "hrs" || u == "h") return kHour;
    if (u == "day" || u == "days" || u == "d") return kDay;
    if (u == "week" || u == "weeks" || u == "wk" || u == "wks") return 7 * kDay;
    return 0;
}

int weekday_word(std::string_view w) {
    static constexpr std::string_view kDays[7][2] = {{"sunday", "sun"},   {"monday", "mon"},  {"tuesday", "tue"},
                                                     {"wednesday", "wed"}, {"thursday", "thu"}, {"friday", "fri"},
                                                     {"saturday", "sat"}};
    for (int i = 0; i < 7; ++i)
        if (w == kDays[i][0] || w == kDays[i][1] || (i == 2 && w == "tues") || (i == 4 && (w == "thur" || w == "thurs")))
            return i;
    return -1;
}

int month_word(std::string_view w) {
    static constexpr std::string_view kMonths[12] = {"january", "february", "march",     "april",   "may",      "june",
                                                     "july",    "august",   "september", "october", "november", "december"};
    for (int i = 0; i < 12; ++i) {
        if (w == kMonths[i]) return i + 1;
        if (w.size() == 3 && kMonths[i].substr(0, 3) == w && w != "may") return i + 1;
        if (w == "sept" && i == 8) return 9;
    }
    return -1;
}

// Day of month from "30", "30th", "1st".
int day_of_month(std::string_view w) {
    int v = 0;
    std::size_t i = 0;
    while (i < w.size() && w[i] >= '0' && w[i] <= '9' && i < 2) v = v * 10 + (w[i++] - '0');
    if (i == 0) return -1;
    std::string_view rest = w.substr(i);
    if (!(rest.empty() || rest == "st" || rest == "nd" || rest == "rd" || rest == "th")) return -1;
    return v >= 1 && v <= 31 ? v : -1;
}

struct Clock {
    int minutes = -1; ///< minutes after local midnight
    std::size_t words = 0;
};

// "5pm", "5 pm", "5:30pm", "17:00", "5.30pm", "noon", "midday", "midnight"
Clock parse_clock(const std::vector<Word>& w, std::size_t i, std::size_t to) {
    Clock c;
    if (i >= to) return c;
    const std::string& a = w[i].norm;
    if (a == "noon" || a == "midday") return {12 * 60, 1};
    if (a == "midnight") return {23 * 60 + 59, 1};
    int h = 0;
    std::size_t k = 0;
    while (k < a.size() && k < 2 && a[k] >= '0' && a[k] <= '9') h = h * 10 + (a[k++] - '0');
    if (k == 0 || h > 23) return c;
    std::string suffix = a.substr(k);
    std::size_t used = 1;
    int m = 0;
    if (suffix.empty() && i + 2 < to && (std::string_view(w[i + 1].norm) == ":" || std::string_view(w[i + 1].norm) == ".") && w[i + 1].begin == w[i].end) {
        const std::string& b = w[i + 2].norm;
        if (b.size() >= 2 && b[0] >= '0' && b[0] <= '5' && b[1] >= '0' && b[1] <= '9') {
            m = (b[0] - '0') * 10 + (b[1] - '0');
            suffix = b.substr(2);
            used = 3;
        } else return c;
    } else if (!suffix.empty() && suffix != "am" && suffix != "pm") {
        return c;
    }
    if (suffix.empty() && i + used < to && (std::string_view(w[i + used].norm) == "am" || std::string_view(w[i + used].norm) == "pm")) {
        suffix = w[i + used].norm;
        ++used;
    }
    if (suffix == "am" || suffix == "pm") {
        if (h < 1 || h > 12) return c;
        if (suffix == "pm" && h != 12) h += 12;
        if (suffix == "am" && h == 12) h = 0;
    } else if (used == 1) {
        return c; // a bare number is not a time
    }
    c.minutes = h * 60 + m;
    c.words = used;
    return c;
}

// Words that can start a time expression (the first test of every branch in find_due): words that aren't one of
// these are skipped with one hash lookup instead of a string comparison per branch.
class DueTriggers {
public:
    DueTriggers() {
        static constexpr std::string_view kWords[] = {
            "within", "in",      "inside",  "end",       "close",   "eod",      "cob",    "tonight", "today",
            "tomorrow", "this",  "next",    "by",        "before",  "at",       "until",  "sunday",  "sun",
            "monday", "mon",     "tuesday", "tue",       "tues",    "wednesday", "wed",   "thursday", "thu",
            "thur",   "thurs",   "friday",  "fri",       "saturday", "sat"};
        for (auto w : kWords) {
            const std::uint64_t h = fnv1a(w);
            std::size_t k = slot(h);
            while (table_[k] != 0 && table_[k] != h) k = (k + 1) & (kSize - 1);
            table_[k] = h;
        }
    }
    bool contains(std::uint64_t h) const {
        for (std::size_t k = slot(h); table_[k] != 0; k = (k + 1) & (kSize - 1))
            if (table_[k] == h) return true;
        return false;
    }

private:
    static constexpr std::size_t kSize = 128;
    static std::size_t slot(std::uint64_t h) { return static_cast<std::size_t>(h ^ (h >> 32)) & (kSize - 1); }
    std::uint64_t table_[kSize] = {};
};

} // namespace

bool find_due(const std::vector<Word>& w, std::size_t from, std::size_t to, std::int64_t sent_ms, int offset_minutes,
              std::int64_t& due_ms, std::size_t& first, std::size_t& last) {
    if (to > w.size()) to = w.size();
    const std::int64_t offset = static_cast<std::int64_t>(offset_minutes) * kMinute;
    const std::int64_t local = sent_ms + offset;
    const std::int64_t today = floor_div(local, kDay);
    const int today_wd = weekday_of(today);
    auto end_of = [&](std::int64_t day) { return day * kDay + kDay - 1000 - offset; };
    auto at_clock = [&](std::int64_t day, int minutes) { return day * kDay + minutes * kMinute - offset; };
    auto add_business_days = [&](int n) {
        std::int64_t ms = local;
        while (n > 0) {
            ms += kDay;
            int wd = weekday_of(floor_div(ms, kDay));
            if (wd != 0 && wd != 6) --n;
        }
        return ms - offset;
    };
    auto is = [&](std::size_t k, std::string_view s) { return k < to && w[k].norm == s; };

    static const DueTriggers kTriggers;
    for (std::size_t i = from; i < to; ++i) {
        if (!kTriggers.contains(w[i].hash)) continue;
        const std::string_view t = w[i].norm;
        std::size_t k = i;
        // --- within/in [the] [next] N [business|working] unit; within the hour; in 24h ---
        if (t == "within" || t == "in" || t == "inside") {
            k = i + 1;
            if (is(k, "the")) ++k;
            if (is(k, "next")) ++k;
            if (is(k, "hour") && t == "within") {
                due_ms = sent_ms + kHour;
                first = i;
                last = k + 1;
                return true;
            }
            if (is(k, "day") && t == "within" && k > i + 1 && std::string_view(w[k - 1].norm) == "the") {
                due_ms = end_of(today);
                first = i;
                last = k + 1;
                return true;
            }
            if (k < to) {
                int n = -1;
                std::size_t unit_at = k + 1;
                std::string unit;
                const std::string& num = w[k].norm;
                if (is(k, "a") && is(k + 1, "couple") && is(k + 2, "of")) {
                    n = 2;
                    unit_at = k + 3;
                } else if (is(k, "half") && (is(k + 1, "an") || is(k + 1, "a")) && is(k + 2, "hour")) {
                    due_ms = sent_ms + 30 * kMinute;
                    first = i;
                    last = k + 3;
                    return true;
                } else {
                    n = parse_small_number(num);
                    if (n < 0) {
                        // "24h", "48hrs", "30mins"
                        std::size_t d = 0;
                        while (d < num.size() && num[d] >= '0' && num[d] <= '9') ++d;
                        if (d > 0 && d < num.size() && d <= 3) {
                            bool b = false;
                            if (unit_ms(std::string_view(num).substr(d), b)) {
                                n = parse_small_number(num.substr(0, d));
                                unit = num.substr(d);
                                unit_at = k; // the unit is inside this word
                            }
                        }
                    }
                }
                if (n > 0) {
                    bool business = false;
                    std::size_t u = unit_at;
                    if (unit.empty()) {
                        if (is(u, "business") || is(u, "working")) {
                            business = true;
                            ++u;
                        }
                        if (u < to) unit = w[u].norm;
                    }
                    bool dummy = false;
                    std::int64_t ms = unit_ms(unit, dummy);
                    if (ms > 0) {
                        if (business && ms == kDay) due_ms = add_business_days(n);
                        else due_ms = sent_ms + n * ms;
                        first = i;
                        last = (unit_at == k ? k : u) + 1;
                        return true;
                    }
                }
            }
        }
        // --- end of (the) day / today / week; eod; cob; close of business ---
        if ((t == "end" && is(i + 1, "of")) || t == "close") {
            k = i + 2;
            if (is(k, "the")) ++k;
            if (is(k, "day") || is(k, "today") || is(k, "business") || is(k, "play")) {
                due_ms = end_of(today);
                first = i;
                last = k + 1;
                return true;
            }
            if (is(k, "week")) {
                int delta = (5 - today_wd + 7) % 7;
                due_ms = end_of(today + delta);
                first = i;
                last = k + 1;
                return true;
            }
            if (is(k, "next") && is(k + 1, "week")) {
                int delta = (5 - today_wd + 7) % 7 + 7;
                due_ms = end_of(today + delta);
                first = i;
                last = k + 2;
                return true;
            }
        }
        if (t == "eod" || t == "cob" || t == "tonight") {
            due_ms = end_of(today);
            first = i;
            last = i + 1;
            return true;
        }
        // --- today / tomorrow [morning|afternoon|evening|by <clock>|<clock>] ---
        if (t == "today" || t == "tomorrow" || (t == "this" && (is(i + 1, "morning") || is(i + 1, "afternoon") ||
                                                                is(i + 1, "evening")))) {
            std::int64_t day = t == "tomorrow" ? today + 1 : today;
            k = t == "this" ? i : i + 1;
            int minutes = 24 * 60 - 1;
            if (is(k, "morning")) minutes = 12 * 60, ++k;
            else if (is(k, "afternoon")) minutes = 17 * 60, ++k;
            else if (is(k, "evening") || is(k, "night")) minutes = 21 * 60, ++k;
            else {
                std::size_t c0 = k;
                if (is(c0, "by") || is(c0, "at") || is(c0, "before")) ++c0;
                Clock c = parse_clock(w, c0, to);
                if (c.minutes >= 0) {
                    minutes = c.minutes;
                    k = c0 + c.words;
                }
            }
            due_ms = minutes == 24 * 60 - 1 ? end_of(day) : at_clock(day, minutes);
            first = i;
            last = k;
            return true;
        }
        // --- [this|next] weekday [<clock>] ---
        if (int wd = weekday_word(t); wd >= 0 || ((t == "next" || t == "this") && i + 1 < to &&
                                                   weekday_word(w[i + 1].norm) >= 0)) {
            bool next = false;
            k = i;
            if (t == "next" || t == "this") {
                next = t == "next";
                ++k;
                wd = weekday_word(w[k].norm);
            }
            int delta = (wd - today_wd + 7) % 7;
            if (next && delta == 0) delta = 7;
            std::int64_t day = today + delta;
            ++k;
            std::size_t c0 = k;
            if (is(c0, "by") || is(c0, "at") || is(c0, "before")) ++c0;
            Clock c = parse_clock(w, c0, to);
            if (c.minutes >= 0) {
                due_ms = at_clock(day, c.minutes);
                k = c0 + c.words;
            } else {
                due_ms = end_of(day);
            }
            first = (i > from && (std::string_view(w[i - 1].norm) == "by" || std::string_view(w[i - 1].norm) == "on" || std::string_view(w[i - 1].norm) == "before" ||
                                  std::string_view(w[i - 1].norm) == "until"))
                        ? i - 1
                        : i;
            last = k;
            return true;
        }
        // --- next week / this week ---
        if ((t == "next" || t == "this") && is(i + 1, "week")) {
            int delta = (5 - today_wd + 7) % 7 + (t == "next" ? 7 : 0);
            due_ms = end_of(today + delta);
            first = i;
            last = i + 2;
            return true;
        }
        // --- by/before/at <clock> [today|tomorrow] ---
        if (t == "by" || t == "before" || t == "at" || t == "until") {
            Clock c = parse_clock(w, i + 1, to);
            if (c.minutes >= 0) {
                k = i + 1 + c.words;
                std::int64_t day = today;
                if (is(k, "tomorrow")) {
                    day = today + 1;
                    ++k;
                } else if (is(k, "today") || is(k, "tonight")) {
                    ++k;
                } else if (k < to && weekday_word(w[k].norm) >= 0) {
                    int delta = (weekday_word(w[k].norm) - today_wd + 7) % 7;
                    day = today + delta;
                    ++k;
                } else if (at_clock(today, c.minutes) <= sent_ms) {
                    day = today + 1;
                }
                due_ms = at_clock(day, c.minutes);
                first = i;
                last = k;
                return true;
            }
            // by <month> <day> | by <day> <month> | by the 30th
            std::size_t j = i + 1;
            if (is(j, "the")) ++j;
            int month = -1, dom = -1;
            std::size_t used = 0;
            if (j < to && (month = month_word(w[j].norm)) > 0 && j + 1 < to && (dom = day_of_month(w[j + 1].norm)) > 0) {
                used = 2;
            } else if (j < to && (dom = day_of_month(w[j].norm)) > 0) {
                std::size_t q = j + 1;
                if (is(q, "of")) ++q;
                if (q < to && (month = month_word(w[q].norm)) > 0) used = q + 1 - j;
                else if (j > i + 1) used = 1, month = 0; // "by the 30th": this month or next
                else dom = -1;
            }
            if (dom > 0 && used > 0) {
                std::int64_t y = 0;
                unsigned m = 0, d = 0;
                civil_from_days(today, y, m, d);
                unsigned mm = month > 0 ? static_cast<unsigned>(month) : m;
                std::int64_t day = days_from_civil(y, mm, static_cast<unsigned>(dom));
                if (day < today) {
                    if (month > 0) day = days_from_civil(y + 1, mm, static_cast<unsigned>(dom));
                    else day = mm == 12 ? days_from_civil(y + 1, 1, static_cast<unsigned>(dom))
                                        : days_from_civil(y, mm + 1, static_cast<unsigned>(dom));
                }
                due_ms = end_of(day);
                first = i;
                last = j + used;
                return true;
            }
        }
    }
    return false;
}

} // namespace detail

namespace {

using detail::PhraseSet;
using detail::Word;

const PhraseSet& promise_cues() {
    static const PhraseSet set({"we'll", "we will", "i'll", "i will", "we're going to", "we are going to",
                                "i'm going to", "i am going to", "team will", "will be in touch", "will contact",
                                "will call", "will email", "will reply", "will get back", "will update",
                                "will follow up", "you'll hear", "you will hear", "you'll receive",
                                "you will receive", "you'll get", "you will get", "will reach you", "will arrive",
                                "will be", "should arrive", "should reach you", "expect", "will land",
                                "will be back", "will go out", "will ship", "will be refunded", "is on its way"});
    return set;
}

struct KindRule {
    const char* kind;
    std::vector<std::string> words;
};

const std::vector<std::pair<std::string, PhraseSet>>& kind_sets() {
    static const std::vector<std::pair<std::string, PhraseSet>> sets = [] {
        std::vector<std::pair<std::string, PhraseSet>> v;
        v.emplace_back("refund", PhraseSet({"refund*", "reimburs*", "money back", "pay you back", "repay*"}));
        v.emplace_back("call", PhraseSet({"call you", "call*", "phone you", "ring you", "give you a ring"}));
        v.emplace_back("replacement", PhraseSet({"replac*", "new one", "exchange"}));
        v.emplace_back("credit", PhraseSet({"credit*", "voucher*"}));
        v.emplace_back("delivery", PhraseSet({"deliver*", "arriv*", "ship*", "dispatch*", "on its way", "reach you",
                                              "courier", "parcel", "package"}));
        v.emplace_back("fix", PhraseSet({"fix*", "repair*", "resolv*", "restor*", "sort * out", "sort out",
                                         "back up", "working again", "unlock*", "reset"}));
        v.emplace_back("follow_up", PhraseSet({"email*", "e-mail*", "dm", "message", "get back", "update*",
                                               "reply", "follow up", "follow-up", "contact*", "hear from", "in touch",
                                               "look* into", "investigat*", "check*", "review*", "answer*",
                                               "let you know", "confirm*"}));
        return v;
    }();
    return sets;
}

std::string who_of(std::string_view text, const std::vector<Word>& w, std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
        if (std::string_view(w[i].norm) == "our") {
            for (std::size_t k = i + 1; k < to && k < i + 5; ++k)
                if (std::string_view(w[k].norm) == "team" || std::string_view(w[k].norm) == "desk" || std::string_view(w[k].norm) == "engineers" ||
                    std::string_view(w[k].norm) == "specialists")
                    return std::string(text.substr(w[i].begin, w[k].end - w[i].begin));
        }
    }
    for (std::size_t i = from; i < to; ++i) {
        const auto& n = w[i].norm;
        if (n == "i'll" || n == "i" || n == "i'm") return "I";
        if (n == "we'll" || n == "we" || n == "we're") return "we";
    }
    if (std::string_view(w[from].norm) == "you'll" || std::string_view(w[from].norm) == "you") return "you"; // "You'll get an e-mail..."
    return "we";
}

} // namespace

std::vector<Commitment> extract_commitments(std::string_view reply, std::int64_t sent_at_ms,
                                            const CommitmentOptions& options) {
    std::vector<Commitment> out;
    const auto words = detail::split_words(reply);
    for (auto [from, to] : detail::sentences(reply, words)) {
        if (from >= to) continue;
        if (std::string_view(words[to - 1].norm) == "?") continue; // a question promises nothing
        if (!promise_cues().any(words, from, to)) continue;
        Commitment c;
        c.begin = words[from].begin;
        c.end = words[to - 1].end;
        c.text = std::string(reply.substr(c.begin, c.end - c.begin));
        c.kind = "other";
        for (const auto& [kind, set] : kind_sets())
            if (set.any(words, from, to)) {
                c.kind = kind;
                break;
            }
        c.who = who_of(reply, words, from, to);
        std::int64_t due = 0;
        std::size_t f = 0, l = 0;
        if (detail::find_due(words, from, to, sent_at_ms, options.utc_offset_minutes, due, f, l) && l > f) {
            c.has_due = true;
            c.due_at_ms = due;
            c.due_text = std::string(reply.substr(words[f].begin, words[l - 1].end - words[f].begin));
        }
        out.push_back(std::move(c));
    }
    return out;
}

bool find_due_time(std::string_view text, std::int64_t sent_at_ms, const CommitmentOptions& options,
                   std::int64_t& due_at_ms, std::uint32_t& begin, std::uint32_t& end) {
    const auto words = detail::split_words(text);
    std::size_t f = 0, l = 0;
    std::int64_t due = 0;
    if (!detail::find_due(words, 0, words.size(), sent_at_ms, options.utc_offset_minutes, due, f, l) || l <= f)
        return false;
    due_at_ms = due;
    begin = words[f].begin;
    end = words[l - 1].end;
    return true;
}

} // namespace earshot
