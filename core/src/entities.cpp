#include "earshot/entities.hpp"

#include <algorithm>

namespace earshot {
namespace {

bool is_upper_ascii(char c) { return c >= 'A' && c <= 'Z'; }
bool is_digit_ascii(char c) { return c >= '0' && c <= '9'; }

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

bool any_of_words(std::string_view w, std::initializer_list<std::string_view> list) {
    for (std::string_view x : list)
        if (w == x) return true;
    return false;
}

bool is_month(std::string_view w) {
    if (w.size() < 3 || w.size() > 9) return false; // cheap rejection: most words are not months
    switch (w[0]) { // only the names with this first letter
    case 'j': return any_of_words(w, {"jan", "january", "jun", "june", "jul", "july"});
    case 'f': return any_of_words(w, {"feb", "february"});
    case 'm': return any_of_words(w, {"mar", "march", "may"});
    case 'a': return any_of_words(w, {"apr", "april", "aug", "august"});
    case 's': return any_of_words(w, {"sep", "sept", "september"});
    case 'o': return any_of_words(w, {"oct", "october"});
    case 'n': return any_of_words(w, {"nov", "november"});
    case 'd': return any_of_words(w, {"dec", "december"});
    default: return false;
    }
}
bool is_weekday(std::string_view w) {
    if (w.size() < 3 || w.size() > 9) return false;
    switch (w[0]) {
    case 'm': case 't': case 'w': case 'f': case 's': break;
    default: return false;
    }
    return any_of_words(w, {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue",
                            "tues", "wed", "thu", "thurs", "fri", "sat", "sun"});
}
bool is_relative_day(std::string_view w) {
    if (w.size() < 5 || (w[0] != 't' && w[0] != 'y')) return false;
    return any_of_words(w, {"today", "tonight", "tomorrow", "yesterday"});
}

/// [A-Z]{2}\d{1,4} or [A-Z]\d\d{1,4} (airline designator + number): "UA1234", "B6 123" handled separately.
bool looks_like_flight(std::string_view raw) {
    if (raw.size() < 3 || raw.size() > 7) return false;
    std::size_t letters = 0;
    while (letters < raw.size() && is_upper_ascii(raw[letters])) ++letters;
    if (letters != 2) return false;
    for (std::size_t i = 2; i < raw.size(); ++i)
        if (!is_digit_ascii(raw[i])) return false;
    return raw.size() - 2 >= 1 && raw.size() - 2 <= 4;
}

/// 6 alphanumerics with at least one letter and one digit, all caps (PNR-style booking references).
bool looks_like_pnr(std::string_view raw) {
    if (raw.size() != 6) return false;
    bool letter = false, digit = false;
    for (char c : raw) {
        if (is_upper_ascii(c)) letter = true;
        else if (is_digit_ascii(c)) digit = true;
        else return false;
    }
    return letter && digit;
}

/// "10:30am", "6pm", "7:05PM" -> "10:30 am", "6 pm", "7:05 pm".
bool looks_like_clock(std::string_view raw, std::string& value) {
    std::size_t i = 0;
    while (i < raw.size() && is_digit_ascii(raw[i])) ++i;
    if (i == 0 || i > 2) return false;
    std::size_t j = i;
    if (j < raw.size() && raw[j] == ':') {
        if (j + 3 > raw.size() || !is_digit_ascii(raw[j + 1]) || !is_digit_ascii(raw[j + 2])) return false;
        j += 3;
    }
    if (raw.size() - j != 2) return false;
    const char a = static_cast<char>(raw[j] | 0x20), m = static_cast<char>(raw[j + 1] | 0x20);
    if ((a != 'a' && a != 'p') || m != 'm') return false;
    value = std::string(raw.substr(0, j)) + (a == 'a' ? " am" : " pm");
    return true;
}

bool seq_match_ci(const std::vector<const Token*>& words, std::size_t i, const std::vector<std::string>& pat) {
    if (i + pat.size() > words.size()) return false;
    for (std::size_t k = 0; k < pat.size(); ++k)
        if (words[i + k]->norm != pat[k]) return false;
    return true;
}

std::vector<std::string> norms_of(std::string_view s) {
    std::vector<std::string> out;
    for (const Token& t : tokenize(s).tokens)
        if (t.kind == TokenKind::Word || t.kind == TokenKind::Number) out.push_back(t.norm);
    return out;
}

} // namespace

EntityGazetteer::EntityGazetteer(const Playbook& pb) {
    auto build = [](const std::vector<std::string>& list, std::vector<Name>& out) {
        for (const std::string& n : list) {
            Name x;
            x.words = norms_of(n);
            if (x.words.empty()) continue;
            x.name = n;
            x.code = n.size() <= 4 && std::all_of(n.begin(), n.end(), [](char c) { return is_upper_ascii(c); });
            out.push_back(std::move(x));
        }
    };
    build(pb.products, products);
    build(pb.places, places);
    for (std::uint32_t i = 0; i < products.size(); ++i) by_first_word.emplace_back(products[i].words.front(), i);
    for (std::uint32_t i = 0; i < places.size(); ++i) by_first_word.emplace_back(places[i].words.front(), 1u << 31 | i);
    std::sort(by_first_word.begin(), by_first_word.end());
}

std::vector<Entity> extract_entities(std::string_view text, const Tokenized& tk, const Playbook& pb) {
    return extract_entities(text, tk, pb, EntityGazetteer(pb));
}

std::vector<Entity> extract_entities(std::string_view text, const Tokenized& tk, const Playbook& pb,
                                     const EntityGazetteer& gz) {
    std::vector<Entity> out;
    extract_entities_into(text, tk, pb, gz, out);
    return out;
}

void extract_entities_into(std::string_view text, const Tokenized& tk, const Playbook&, const EntityGazetteer& gz,
                           std::vector<Entity>& out) {
    out.clear();
    const auto& toks = tk.tokens;
    auto add = [&](const char* type, std::uint32_t b, std::uint32_t e, std::string value) {
        for (const Entity& x : out)
            if (b < x.end && x.begin < e) return; // first claim wins
        out.push_back({type, std::string(text.substr(b, e - b)), std::move(value), b, e});
    };
    auto prev_word = [&](std::size_t i, std::size_t back) -> std::string_view {
        std::size_t seen = 0;
        for (std::size_t k = i; k-- > 0;) {
            if (toks[k].kind == TokenKind::Word || toks[k].kind == TokenKind::Number) {
                if (++seen == back) return toks[k].norm;
            }
        }
        return {};
    };

    for (std::size_t i = 0; i < toks.size(); ++i) {
        const Token& t = toks[i];
        const std::string_view raw = t.raw(text);
        // "#A12345" (hashtag with digits) and "# 12345" / "#12345" (symbol + number): order or booking numbers.
        if (t.kind == TokenKind::Hashtag && t.has_digit()) {
            add("order_number", t.begin, t.end, upper(raw.substr(1)));
            continue;
        }
        if (t.kind == TokenKind::Hashtag) {
            bool digit = false;
            for (char c : raw) digit = digit || is_digit_ascii(c);
            if (digit) {
                add("order_number", t.begin, t.end, upper(raw.substr(1)));
                continue;
            }
        }
        if (t.kind == TokenKind::Symbol && t.norm == "#" && i + 1 < toks.size() && toks[i + 1].begin == t.end &&
            (toks[i + 1].kind == TokenKind::Number || (toks[i + 1].kind == TokenKind::Word && toks[i + 1].has_digit()))) {
            const std::string_view before = prev_word(i, 1);
            const char* type = (before == "flight") ? "flight_number" : "order_number";
            add(type, t.begin, toks[i + 1].end, upper(toks[i + 1].raw(text)));
            ++i;
            continue;
        }
        // Amounts: "$45", "$45.00", "£20", "€ 15", "45 dollars", "USD 45".
        if (t.kind == TokenKind::Symbol && (t.norm == "$" || t.norm == "£" || t.norm == "€") && i + 1 < toks.size() &&
            toks[i + 1].kind == TokenKind::Number) {
            const char* cur = t.norm == "$" ? "USD" : t.norm == "£" ? "GBP" : "EUR";
            std::string v(toks[i + 1].raw(text));
            v.erase(std::remove(v.begin(), v.end(), ','), v.end());
            add("amount", t.begin, toks[i + 1].end, v + " " + cur);
            ++i;
            continue;
        }
        if (t.kind == TokenKind::Number) {
            std::string v(raw);
            const bool has_colon = v.find(':') != std::string::npos;
            const bool has_slash = v.find('/') != std::string::npos;
            // times "10:30", "10:30am", "6 pm"
            std::string_view next = i + 1 < toks.size() ? std::string_view(toks[i + 1].norm) : std::string_view{};
            const bool ampm = next == "am" || next == "pm" || next == "a.m" || next == "p.m";
            if (has_colon && v.size() <= 5) {
                if (ampm) {
                    add("time", t.begin, toks[i + 1].end, v + " " + std::string(next));
                    ++i;
                } else {
                    add("time", t.begin, t.end, v);
                }
                continue;
            }
            if (ampm && v.size() <= 2) {
                add("time", t.begin, toks[i + 1].end, v + " " + std::string(next));
                ++i;
                continue;
            }
            // dates "11/03", "11/03/2026", "2026-11-24"
            if (has_slash && v.size() >= 3 && v.size() <= 10 && v != "24/7") {
                add("date", t.begin, t.end, v);
                continue;
            }
            // "3 days", "2 hours", "45 minutes"
            if (any_of_words(next, {"hours", "hour", "hrs", "hr", "days", "day", "weeks", "week", "months", "month",
                                    "minutes", "minute", "mins", "min"})) {
                add("duration", t.begin, toks[i + 1].end, v + " " + std::string(next));
                ++i;
                continue;
            }
            if (any_of_words(next, {"dollars", "bucks", "usd", "pounds", "gbp", "euros", "eur"})) {
                std::string cur = (next == "pounds" || next == "gbp") ? "GBP" : (next == "euros" || next == "eur") ? "EUR" : "USD";
                v.erase(std::remove(v.begin(), v.end(), ','), v.end());
                add("amount", t.begin, toks[i + 1].end, v + " " + cur);
                ++i;
                continue;
            }
            // "order 123456", "flight 221", "booking 884422"
            const std::string_view before = prev_word(i, 1);
            const std::string_view before2 = prev_word(i, 2);
            auto after_word = [&](std::initializer_list<std::string_view> ws) {
                return any_of_words(before, ws) || (any_of_words(before, {"number", "no", "num", "#"}) && any_of_words(before2, ws));
            };
            if (after_word({"flight", "flt"})) {
                add("flight_number", t.begin, t.end, v);
                continue;
            }
            if (after_word({"order", "ticket", "case", "claim", "ref", "reference", "tracking", "account", "invoice"}) && v.size() >= 4) {
                add("order_number", t.begin, t.end, v);
                continue;
            }
            if (after_word({"booking", "confirmation", "reservation", "pnr"}) && v.size() >= 4) {
                add("booking_reference", t.begin, t.end, v);
                continue;
            }
            if (is_month(next) && v.size() <= 2) {
                add("date", t.begin, toks[i + 1].end, v + " " + std::string(next));
                ++i;
                continue;
            }
        }
        if (t.kind == TokenKind::Word) {
            if (std::string tv; looks_like_clock(raw, tv)) {
                add("time", t.begin, t.end, tv);
                continue;
            }
            if (looks_like_flight(raw)) {
                add("flight_number", t.begin, t.end, std::string(raw));
                continue;
            }
            if (t.has_digit()) { // a PNR has digits too: words without any skip the look-back
                const std::string_view before = prev_word(i, 1);
                const std::string_view before2 = prev_word(i, 2);
                if (looks_like_pnr(raw) && any_of_words(before, {"ref", "reference", "code", "number", "#"}) &&
                    any_of_words(before2, {"booking", "confirmation", "reservation"})) {
                    add("booking_reference", t.begin, t.end, upper(raw));
                    continue;
                }
                if (any_of_words(before, {"order", "ref", "reference", "case", "ticket", "tracking", "claim", "invoice"})) {
                    add("order_number", t.begin, t.end, upper(raw));
                    continue;
                }
                if ((looks_like_pnr(raw) || raw.size() >= 5) &&
                    any_of_words(before, {"booking", "confirmation", "reservation", "pnr", "locator", "code"})) {
                    add("booking_reference", t.begin, t.end, upper(raw));
                    continue;
                }
            }
            if (is_month(t.norm) && i + 1 < toks.size() && toks[i + 1].kind == TokenKind::Number && toks[i + 1].norm.size() <= 2 &&
                (t.norm.size() > 3 || t.norm != "may" || t.kind == TokenKind::Word)) {
                if (!(t.norm == "may" && !(raw[0] == 'M'))) {
                    add("date", t.begin, toks[i + 1].end, t.norm + " " + toks[i + 1].norm);
                    ++i;
                    continue;
                }
            }
            if (is_weekday(t.norm) && t.norm.size() > 3) {
                add("date", t.begin, t.end, t.norm);
                continue;
            }
            if (is_relative_day(t.norm)) {
                add("date", t.begin, t.end, t.norm);
                continue;
            }
        }
        if (t.kind == TokenKind::Email) add("email", t.begin, t.end, t.norm);
        if (t.kind == TokenKind::Url) add("url", t.begin, t.end, std::string(raw));
    }

    // Products and places from the playbook (case-insensitive word sequences; short all-caps codes like "JFK" must
    // be written in capitals to count).
    thread_local std::vector<const Token*> t_words;
    std::vector<const Token*>& words = t_words;
    words.clear();
    for (const Token& t : toks)
        if (t.kind == TokenKind::Word || t.kind == TokenKind::Number) words.push_back(&t);
    // Names whose first word is here (by_first_word), tried in the order of a scan of every name at every word:
    // products, then places, each in playbook order, then by position.
    thread_local std::vector<std::pair<std::uint32_t, std::uint32_t>> t_hits; // (list << 31 | name, word index)
    auto& hits = t_hits;
    hits.clear();
    if (!gz.by_first_word.empty()) {
        for (std::size_t i = 0; i < words.size(); ++i) {
            const std::string& w = words[i]->norm;
            auto it = std::lower_bound(gz.by_first_word.begin(), gz.by_first_word.end(), w,
                                       [](const std::pair<std::string, std::uint32_t>& e, const std::string& k) { return e.first < k; });
            for (; it != gz.by_first_word.end() && it->first == w; ++it) {
                const std::uint32_t code = it->second;
                const auto& n = (code >> 31) ? gz.places[code & 0x7FFFFFFFu] : gz.products[code];
                if (seq_match_ci(words, i, n.words)) hits.emplace_back(code, static_cast<std::uint32_t>(i));
            }
        }
        std::sort(hits.begin(), hits.end());
    }
    for (const auto& [code, i] : hits) {
        const auto& n = (code >> 31) ? gz.places[code & 0x7FFFFFFFu] : gz.products[code];
        const std::uint32_t b = words[i]->begin, e = words[i + n.words.size() - 1]->end;
        if (n.code && text.substr(b, e - b) != n.name) continue;
        add((code >> 31) ? "place" : "product", b, e, n.name);
    }
    // Airport-style codes after from/to/at ("from SFO to JFK") even when the playbook does not list them.
    for (std::size_t i = 1; i < words.size(); ++i) {
        const std::string_view raw = words[i]->raw(text);
        if (raw.size() == 3 && std::all_of(raw.begin(), raw.end(), [](char c) { return is_upper_ascii(c); }) &&
            any_of_words(words[i - 1]->norm, {"from", "to", "at", "in", "via"}))
            add("place", words[i]->begin, words[i]->end, std::string(raw));
    }
    std::sort(out.begin(), out.end(), [](const Entity& a, const Entity& b) { return a.begin < b.begin; });
}

} // namespace earshot
