#include "earshot/pii.hpp"

#include "reply_text.hpp"

#include <algorithm>

namespace earshot {

namespace {

using detail::PhraseMatch;
using detail::PhraseSet;
using detail::Word;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_alpha(char c) { return is_upper(c) || is_lower(c); }
bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }

std::string digits_of(std::string_view s) {
    std::string d;
    for (char c : s)
        if (is_digit(c)) d.push_back(c);
    return d;
}

// Keyword kinds, in tie-break priority order.
enum class Kw { None, Card, Account, Order, Booking, Phone };

// All keyword lists in one phrase set (one pass over the words); kinds[i] is the kind of phrase i.
struct Keywords {
    PhraseSet set;
    std::vector<Kw> kinds;
    bool digitless_shapes = false; ///< some account/order pattern can match a word without digits
    explicit Keywords(const PiiRules& r) {
        for (const auto* list : {&r.account_patterns, &r.order_patterns})
            for (const auto& shape : *list)
                if (shape.find('#') == std::string::npos &&
                    std::none_of(shape.begin(), shape.end(), [](char c) { return c >= '0' && c <= '9'; }))
                    digitless_shapes = true;
        std::vector<std::string> all;
        auto add = [&](const std::vector<std::string>& list, Kw k) {
            for (const auto& p : list) {
                if (std::find(all.begin(), all.end(), p) != all.end()) continue; // first list wins
                all.push_back(p);
                kinds.push_back(k);
            }
        };
        add(r.card_keywords, Kw::Card);
        add(r.account_keywords, Kw::Account);
        add(r.order_keywords, Kw::Order);
        add(r.booking_keywords, Kw::Booking);
        add(r.phone_keywords, Kw::Phone);
        set = PhraseSet(all);
        // PhraseSet drops empty phrases; keep kinds aligned with its phrase indices
        if (static_cast<std::size_t>(set.size()) != kinds.size()) {
            std::vector<Kw> aligned;
            std::size_t k = 0;
            for (std::size_t i = 0; i < all.size(); ++i) {
                if (detail::split_words(all[i]).empty() && all[i].find('*') == std::string::npos) continue;
                aligned.push_back(kinds[i]);
                ++k;
            }
            kinds = std::move(aligned);
        }
    }
};

struct KwHit {
    Kw kind;
    PhraseMatch m;
};

struct Detector {
    std::string_view text;
    const PiiRules& rules;
    const std::vector<Word>& words;
    const Keywords& keywords;
    mutable std::vector<KwHit> hits; ///< keyword matches, found on the first keyword_before call
    mutable bool hits_found = false;
    std::vector<PiiSpan> spans;

    bool digitless_shapes = false; ///< some account/order pattern can match a word without digits

    Detector(std::string_view t, const PiiRules& r, const Keywords& kw, const std::vector<Word>& w)
        : text(t), rules(r), words(w), keywords(kw), digitless_shapes(kw.digitless_shapes) {}

    void find_hits() const {
        hits_found = true;
        std::vector<PhraseMatch> ms;
        keywords.set.find(words, ms);
        for (const auto& m : ms)
            if (static_cast<std::size_t>(m.phrase) < keywords.kinds.size())
                hits.push_back({keywords.kinds[static_cast<std::size_t>(m.phrase)], m});
    }

    bool overlaps(std::size_t b, std::size_t e) const {
        for (const auto& s : spans)
            if (b < s.end && s.begin < e) return true;
        return false;
    }

    void add(PiiKind kind, std::size_t b, std::size_t e, std::string value) {
        PiiSpan s;
        s.kind = kind;
        s.begin = static_cast<std::uint32_t>(b);
        s.end = static_cast<std::uint32_t>(e);
        s.text = std::string(text.substr(b, e - b));
        s.value = std::move(value);
        spans.push_back(std::move(s));
    }

    // Index of the first word starting at or after byte b.
    std::size_t word_at(std::size_t b) const {
        auto it = std::lower_bound(words.begin(), words.end(), b,
                                   [](const Word& w, std::size_t pos) { return w.begin < pos; });
        return static_cast<std::size_t>(it - words.begin());
    }

    // The nearest keyword ending at most three words before word w0.
    Kw keyword_before(std::size_t w0) const {
        if (!hits_found) find_hits();
        Kw best = Kw::None;
        std::size_t best_last = 0, best_len = 0;
        for (const auto& h : hits) {
            if (h.m.last > w0 || w0 - h.m.last > 3) continue;
            // a sentence end between keyword and number breaks the link
            bool broken = false;
            for (std::size_t k = h.m.last; k < w0; ++k)
                if (words[k].punct && (std::string_view(words[k].norm) == "." || std::string_view(words[k].norm) == "!" || std::string_view(words[k].norm) == "?")) broken = true;
            if (broken) continue;
            std::size_t len = h.m.last - h.m.first;
            if (best == Kw::None || h.m.last > best_last || (h.m.last == best_last && len > best_len)) {
                best = h.kind;
                best_last = h.m.last;
                best_len = len;
            }
        }
        return best;
    }

    // --- e-mail addresses ---
    void emails() {
        for (std::size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
            std::size_t b = at;
            while (b > 0) {
                char c = text[b - 1];
                if (is_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-') --b;
                else break;
            }
            while (b < at && (text[b] == '.' || text[b] == '-')) ++b;
            if (b == at) continue;
            std::size_t e = at + 1;
            std::size_t last_dot = 0;
            while (e < text.size()) {
                char c = text[e];
                if (is_alnum(c) || c == '-') ++e;
                else if (c == '.' && e + 1 < text.size() && is_alnum(text[e + 1])) {
                    last_dot = e;
                    ++e;
                } else break;
            }
            if (last_dot == 0 || e - last_dot - 1 < 2) continue;
            bool tld_alpha = true;
            for (std::size_t k = last_dot + 1; k < e; ++k)
                if (!is_alpha(text[k])) tld_alpha = false;
            if (!tld_alpha || overlaps(b, e)) continue;
            add(PiiKind::Email, b, e, detail::lower_ascii(text.substr(b, e - b)));
        }
    }

    // --- IBAN: two letters, two check digits, 11-30 letters/digits, optionally in groups of four ---
    void ibans() {
        // An IBAN starts with two capitals and two digits: four letters/digits in a row, so inside one word that
        // has at least two of each (split_words counted them). Candidates before from are done.
        std::size_t from = 0;
        for (const Word& w : words) {
            if (w.digits < 2 || w.upper < 2) continue;
            for (std::size_t i = std::max<std::size_t>(w.begin, from); i + 4 <= w.end && i + 15 <= text.size(); ++i)
                iban_at(i, from);
        }
    }

    // The IBAN check at i; on a match sets from past it and moves i to its end.
    void iban_at(std::size_t& i, std::size_t& from) {
        {
            if (!is_digit(text[i + 3]) || !is_digit(text[i + 2]) || !is_upper(text[i]) || !is_upper(text[i + 1])) return;
            if (i > 0 && is_alnum(text[i - 1])) return;
            std::string compact;
            std::size_t e = i, last_good = i;
            std::string best;
            while (e < text.size() && compact.size() < 34) {
                char c = text[e];
                if (is_digit(c) || is_upper(c)) {
                    compact.push_back(c);
                    ++e;
                    if (compact.size() >= 15) {
                        // mod-97 check on the rearranged number
                        std::string r = compact.substr(4) + compact.substr(0, 4);
                        int mod = 0;
                        for (char d : r) {
                            if (is_digit(d)) mod = (mod * 10 + (d - '0')) % 97;
                            else mod = (mod * 100 + (d - 'A' + 10)) % 97;
                        }
                        bool boundary = e >= text.size() || !is_alnum(text[e]) || text[e] == ' ';
                        if (mod == 1 && boundary) {
                            last_good = e;
                            best = compact;
                        }
                    }
                } else if (c == ' ' && e + 1 < text.size() && (is_digit(text[e + 1]) || is_upper(text[e + 1]))) {
                    ++e;
                } else break;
            }
            if (!best.empty() && (last_good >= text.size() || !is_alnum(text[last_good])) && !overlaps(i, last_good)) {
                add(PiiKind::Iban, i, last_good, best);
                i = last_good;
                from = last_good + 1;
            }
        }
    }

    // --- numbers written with digits and separators ---
    // The first ASCII digit at or after from (text.size() if none). Every digit lies inside a word, so only words
    // with digits are searched; wi walks forward with from.
    std::size_t next_digit(std::size_t from, std::size_t& wi) const {
        for (; wi < words.size(); ++wi) {
            const Word& w = words[wi];
            if (w.end <= from || w.digits == 0) continue;
            for (std::size_t p = std::max<std::size_t>(from, w.begin); p < w.end; ++p)
                if (is_digit(text[p])) return p;
        }
        return text.size();
    }

    void numbers() {
        std::size_t i = 0, wi = 0;
        const std::size_t n = text.size();
        while (i < n) {
            i = next_digit(i, wi);
            if (i >= n) break;
            std::size_t b = i;
            // glued to a letter before it: a code ("UA1234"), handled by codes()
            bool glued = b > 0 && (is_alpha(text[b - 1]) || text[b - 1] == '_' ||
                                   (text[b - 1] == '-' && b > 1 && is_alpha(text[b - 2])));
            bool plus = false, paren = false;
            if (b > 0 && text[b - 1] == '(') {
                --b;
                paren = true;
            }
            if (b > 0 && text[b - 1] == '+') {
                --b;
                plus = true;
            }
            std::size_t e = i;
            int seps = 0;
            int groups = 1;
            int group_len[3] = {0, 0, 0}; // the first three groups' lengths (only those are read)
            std::string seps_seen;
            while (e < n) {
                char c = text[e];
                if (is_digit(c)) {
                    if (groups <= 3) ++group_len[groups - 1];
                    ++e;
                    continue;
                }
                // one or two separator characters (two only with a parenthesis) followed by a digit
                std::size_t k = e;
                std::string sep;
                while (k < n && k - e < 3 && (text[k] == ' ' || text[k] == '-' || text[k] == '.' || text[k] == '/' ||
                                              text[k] == '(' || text[k] == ')'))
                    sep.push_back(text[k++]);
                if (sep.empty() || k >= n || !is_digit(text[k])) break;
                bool has_paren = sep.find_first_of("()") != std::string::npos;
                if (sep.size() > 1 && !has_paren) break;
                if (has_paren) paren = true;
                seps_seen += sep;
                ++seps;
                ++groups;
                e = k;
            }
            i = e;
            if (glued) continue;
            // glued to a letter after it ("24h", "3pm", "12B"): not a bare number
            if (e < n && (is_alpha(text[e]) || text[e] == '_')) continue;
            // followed by "%" or preceded by a currency sign: an amount
            if (e < n && text[e] == '%') continue;
            {
                std::size_t p = b;
                while (p > 0 && text[p - 1] == ' ') --p;
                if (p > 0 && text[p - 1] == '$') continue;
                if (p >= 2 && static_cast<unsigned char>(text[p - 2]) == 0xC2 &&
                    static_cast<unsigned char>(text[p - 1]) == 0xA3)
                    continue; // £
                if (p >= 3 && static_cast<unsigned char>(text[p - 3]) == 0xE2 &&
                    static_cast<unsigned char>(text[p - 2]) == 0x82 && static_cast<unsigned char>(text[p - 1]) == 0xAC)
                    continue; // €
            }
            std::string digits = digits_of(text.substr(b, e - b));
            const int nd = static_cast<int>(digits.size());
            if (overlaps(b, e)) continue;
            // dates: 2026-11-24, 24/11/2026, 24.11.26
            if (groups == 3 && seps_seen.find_first_of("()") == std::string::npos &&
                ((group_len[0] == 4 && group_len[1] <= 2 && group_len[2] <= 2) ||
                 (group_len[0] <= 2 && group_len[1] <= 2 && (group_len[2] == 4 || group_len[2] == 2))) &&
                seps_seen.find(' ') == std::string::npos)
                continue;
            // US social security number
            if (groups == 3 && group_len[0] == 3 && group_len[1] == 2 && group_len[2] == 4 && seps_seen == "--") {
                add(PiiKind::NationalId, b, e, digits);
                continue;
            }
            // a keyword decides only for numbers of 7+ digits (phone) or min_id_digits+ (ids); cards need 12+
            const Kw kw = nd >= std::min(7, rules.min_id_digits) ? keyword_before(word_at(b)) : Kw::None;
            if (kw == Kw::Card && nd >= 12 && nd <= 19) {
                add(PiiKind::Card, b, e, digits);
                continue;
            }
            if ((kw == Kw::Account || kw == Kw::Order || kw == Kw::Booking) && nd >= rules.min_id_digits) {
                add(kw == Kw::Account ? PiiKind::Account : kw == Kw::Order ? PiiKind::Order : PiiKind::Booking, b, e,
                    digits);
                continue;
            }
            if (nd >= 13 && nd <= 19 && luhn_valid(digits) && !plus && !paren &&
                seps_seen.find_first_not_of(" -") == std::string::npos) {
                add(PiiKind::Card, b, e, digits);
                continue;
            }
            if (nd >= 7 && nd <= 15) {
                bool phone_shape = plus || paren || (nd >= 9 && nd <= 13 && seps >= 1) ||
                                   ((nd == 10 || nd == 11) && (digits[0] == '0' || digits[0] == '1'));
                if (kw == Kw::Phone || phone_shape) {
                    add(PiiKind::Phone, b, e, digits);
                    continue;
                }
            }
            if (nd >= rules.long_number_digits) add(PiiKind::IdNumber, b, e, digits);
        }
    }

    static bool shape_match(std::string_view shape, std::string_view s) {
        if (shape.size() != s.size()) return false;
        for (std::size_t k = 0; k < s.size(); ++k) {
            char p = shape[k], c = s[k];
            if (p == '#') {
                if (!is_digit(c)) return false;
            } else if (p == 'A') {
                if (!is_upper(c)) return false;
            } else if (p == '?') {
                if (!is_alnum(c)) return false;
            } else if (p != c) return false;
        }
        return true;
    }

    static std::string upper_alnum(std::string_view s) {
        std::string out;
        for (char c : s)
            if (is_alnum(c)) out.push_back(is_lower(c) ? static_cast<char>(c - 32) : c);
        return out;
    }

    // --- codes: words mixing letters and digits, account/order shapes, booking references ---
    void codes() {
        for (std::size_t wi = 0; wi < words.size(); ++wi) {
            const Word& w = words[wi];
            if (w.punct || !w.ascii) continue;
            // no digit and fewer than five capitals: neither a booking code nor a code below, and no shape can
            // match unless one is digit-free (split_words counted them)
            if (w.digits == 0 && w.upper < 5 && !digitless_shapes) continue;
            std::string_view raw = text.substr(w.begin, w.end - w.begin);
            if (overlaps(w.begin, w.end)) continue;
            int nd = w.digits, nl = w.letters, nu = w.upper;
            if (raw.size() >= 0xFFFF) { // the word's counts may have saturated
                nd = nl = nu = 0;
                for (char c : raw) {
                    if (is_digit(c)) ++nd;
                    if (is_alpha(c)) ++nl;
                    if (is_upper(c)) ++nu;
                }
            }
            bool matched = false;
            for (const auto& shape : rules.account_patterns)
                if (shape_match(shape, raw)) {
                    add(PiiKind::Account, w.begin, w.end, upper_alnum(raw));
                    matched = true;
                    break;
                }
            if (matched) continue;
            for (const auto& shape : rules.order_patterns)
                if (shape_match(shape, raw)) {
                    add(PiiKind::Order, w.begin, w.end, upper_alnum(raw));
                    matched = true;
                    break;
                }
            if (matched) continue;
            // the keyword matters only for a booking-code shape or an id with min_id_digits digits
            const bool booking_shape = raw.size() >= 5 && raw.size() <= 8 && nu == nl && nl >= 1 &&
                                       nd + nl == static_cast<int>(raw.size());
            const bool id_shape = nd > 0 && nl > 0 && nd >= rules.min_id_digits;
            const Kw kw = booking_shape || id_shape ? keyword_before(wi) : Kw::None;
            // a booking code: 5-8 capitals/digits with a digit, or exactly six capitals in a text that isn't shouting
            const bool shouted = wi > 0 && !words[wi - 1].punct && is_upper(text[words[wi - 1].begin]) &&
                                 words[wi - 1].end - words[wi - 1].begin > 1 && is_upper(text[words[wi - 1].begin + 1]);
            if (kw == Kw::Booking && raw.size() >= 5 && raw.size() <= 8 && nu == nl && nl >= 1 &&
                nd + nl == static_cast<int>(raw.size()) && (nd > 0 || (raw.size() == 6 && !shouted))) {
                add(PiiKind::Booking, w.begin, w.end, upper_alnum(raw));
                continue;
            }
            if (nd == 0 || nl == 0) continue; // bare numbers are numbers()'s; words are words
            if ((kw == Kw::Account || kw == Kw::Order || kw == Kw::Booking) && nd >= rules.min_id_digits) {
                add(kw == Kw::Account ? PiiKind::Account : kw == Kw::Order ? PiiKind::Order : PiiKind::Booking,
                    w.begin, w.end, upper_alnum(raw));
                continue;
            }
            if (nd >= rules.long_number_digits) add(PiiKind::IdNumber, w.begin, w.end, upper_alnum(raw));
        }
    }

    static bool street_suffix(std::string_view lower) {
        static constexpr std::string_view kSuffix[] = {
            "street", "st",    "road",   "rd",   "avenue", "ave",    "lane",    "ln",    "drive",  "dr",
            "boulevard", "blvd", "court", "ct",  "way",    "place",  "pl",      "terrace", "close", "crescent",
            "square", "sq",    "parkway", "pkwy", "highway", "hwy",  "row",     "mews",  "gardens", "grove",
            "strasse", "straße", "circle", "cir", "trail",  "hill",   "park",    "walk",  "view"};
        for (auto s : kSuffix)
            if (s == lower) return true;
        return false;
    }

    bool capitalized(const Word& w) const { return !w.punct && is_upper(text[w.begin]); }

    // UK postcode at word index k ("SW1A" "1AA"); returns the number of words (2) or 0.
    std::size_t uk_postcode(std::size_t k) const {
        if (k + 1 >= words.size()) return 0;
        if (words[k].upper == 0 || words[k + 1].digits == 0) return 0; // needs "A9..." and "9AA"
        std::string_view a = text.substr(words[k].begin, words[k].end - words[k].begin);
        std::string_view b = text.substr(words[k + 1].begin, words[k + 1].end - words[k + 1].begin);
        auto outward = [](std::string_view s) {
            if (s.size() < 2 || s.size() > 4) return false;
            std::size_t p = 0;
            while (p < s.size() && is_upper(s[p])) ++p;
            if (p < 1 || p > 2 || p >= s.size() || !is_digit(s[p])) return false;
            for (std::size_t q = p + 1; q < s.size(); ++q)
                if (!is_upper(s[q]) && !is_digit(s[q])) return false;
            return true;
        };
        bool inward = b.size() == 3 && is_digit(b[0]) && is_upper(b[1]) && is_upper(b[2]);
        return outward(a) && inward ? 2 : 0;
    }

    void addresses() {
        if (!rules.addresses) return;
        for (std::size_t wi = 0; wi < words.size(); ++wi) {
            const Word& w = words[wi];
            if (w.punct) continue;
            if (w.digits == 0 && w.upper == 0) continue; // neither a house number nor a postcode starts here
            std::string_view raw = text.substr(w.begin, w.end - w.begin);
            // house number: 1-5 digits, optionally one letter ("221B")
            std::size_t p = 0;
            while (p < raw.size() && is_digit(raw[p])) ++p;
            bool number = p >= 1 && p <= 5 && (p == raw.size() || (p + 1 == raw.size() && is_alpha(raw[p])));
            if (number) {
                std::size_t k = wi + 1;
                std::size_t names = 0;
                while (k < words.size() && names < 4 && capitalized(words[k]) && !street_suffix(words[k].norm)) {
                    ++names;
                    ++k;
                }
                if (names >= 1 && k < words.size() && capitalized(words[k]) && street_suffix(words[k].norm)) {
                    std::size_t end_word = k + 1;
                    if (end_word < words.size() && std::string_view(words[end_word].norm) == "." &&
                        words[end_word].begin == words[k].end)
                        end_word++;
                    // ", Apt 4" / ", Springfield" / ", SW1A 1AA" / ", CA 94105"
                    for (int extra = 0; extra < 3; ++extra) {
                        std::size_t q = end_word;
                        if (q < words.size() && std::string_view(words[q].norm) == ",") ++q;
                        if (q >= words.size()) break;
                        if (std::size_t pc = uk_postcode(q)) {
                            end_word = q + pc;
                            continue;
                        }
                        const std::string& nq = words[q].norm;
                        if ((nq == "apt" || nq == "apartment" || nq == "unit" || nq == "flat" || nq == "suite") &&
                            q + 1 < words.size() && !words[q + 1].punct) {
                            end_word = q + 2;
                            continue;
                        }
                        if (capitalized(words[q]) && words[q].norm.size() >= 2) {
                            std::string_view rq = text.substr(words[q].begin, words[q].end - words[q].begin);
                            bool state = rq.size() == 2 && is_upper(rq[0]) && is_upper(rq[1]) && q + 1 < words.size() &&
                                         digits_of(text.substr(words[q + 1].begin, words[q + 1].end - words[q + 1].begin)).size() == 5;
                            if (state) {
                                end_word = q + 2;
                                continue;
                            }
                            bool alpha = true;
                            for (char c : rq)
                                if (!is_alpha(c)) alpha = false;
                            if (alpha && std::string_view(words[q - 1].norm) == ",") {
                                end_word = q + 1;
                                continue;
                            }
                        }
                        break;
                    }
                    std::size_t b = w.begin, e = words[end_word - 1].end;
                    if (!overlaps(b, e)) add(PiiKind::Address, b, e, detail::lower_ascii(text.substr(b, e - b)));
                    wi = end_word - 1;
                    continue;
                }
            }
            if (std::size_t pc = uk_postcode(wi)) {
                std::size_t b = w.begin, e = words[wi + pc - 1].end;
                if (!overlaps(b, e)) add(PiiKind::Address, b, e, upper_alnum(text.substr(b, e - b)));
                wi += pc - 1;
            }
        }
    }
};

} // namespace

const char* to_string(PiiKind kind) noexcept {
    switch (kind) {
    case PiiKind::Card: return "card";
    case PiiKind::Email: return "email";
    case PiiKind::Phone: return "phone";
    case PiiKind::Account: return "account";
    case PiiKind::Order: return "order";
    case PiiKind::Booking: return "booking";
    case PiiKind::Iban: return "iban";
    case PiiKind::NationalId: return "national_id";
    case PiiKind::Address: return "address";
    case PiiKind::IdNumber: return "id_number";
    }
    return "unknown";
}

const char* redaction_label(PiiKind kind) noexcept {
    switch (kind) {
    case PiiKind::Card: return "[card number]";
    case PiiKind::Email: return "[email]";
    case PiiKind::Phone: return "[phone number]";
    case PiiKind::Account: return "[account number]";
    case PiiKind::Order: return "[order number]";
    case PiiKind::Booking: return "[booking reference]";
    case PiiKind::Iban: return "[bank account]";
    case PiiKind::NationalId: return "[id number]";
    case PiiKind::Address: return "[address]";
    case PiiKind::IdNumber: return "[number]";
    }
    return "[redacted]";
}

const char* describe(PiiKind kind) noexcept {
    switch (kind) {
    case PiiKind::Card: return "card number";
    case PiiKind::Email: return "e-mail address";
    case PiiKind::Phone: return "phone number";
    case PiiKind::Account: return "account number";
    case PiiKind::Order: return "order number";
    case PiiKind::Booking: return "booking reference";
    case PiiKind::Iban: return "bank account number";
    case PiiKind::NationalId: return "ID number";
    case PiiKind::Address: return "address";
    case PiiKind::IdNumber: return "reference number";
    }
    return "personal data";
}

bool luhn_valid(std::string_view digits) noexcept {
    if (digits.empty()) return false;
    int sum = 0;
    bool dbl = false;
    for (std::size_t k = digits.size(); k-- > 0;) {
        char c = digits[k];
        if (!is_digit(c)) return false;
        int d = c - '0';
        if (dbl) {
            d *= 2;
            if (d > 9) d -= 9;
        }
        sum += d;
        dbl = !dbl;
    }
    return sum % 10 == 0;
}

struct PiiDetector::Impl {
    PiiRules rules;
    Keywords keywords;
    explicit Impl(const PiiRules& r) : rules(r), keywords(rules) {}
};

PiiDetector::PiiDetector(const PiiRules& rules) : impl_(std::make_unique<Impl>(rules)) {}
PiiDetector::~PiiDetector() = default;
PiiDetector::PiiDetector(PiiDetector&&) noexcept = default;
PiiDetector& PiiDetector::operator=(PiiDetector&&) noexcept = default;
const PiiRules& PiiDetector::rules() const noexcept { return impl_->rules; }

namespace {

bool same_rules(const PiiRules& a, const PiiRules& b) {
    // every field of PiiRules (PiiRulesFields below makes a new field a compile error until it is compared here)
    return a.account_keywords == b.account_keywords && a.order_keywords == b.order_keywords &&
           a.booking_keywords == b.booking_keywords && a.account_patterns == b.account_patterns &&
           a.order_patterns == b.order_patterns && a.phone_keywords == b.phone_keywords &&
           a.card_keywords == b.card_keywords && a.min_id_digits == b.min_id_digits &&
           a.long_number_digits == b.long_number_digits && a.addresses == b.addresses;
}
struct PiiRulesFields {
    std::vector<std::string> a, b, c, d, e, f, g;
    int h = 0, i = 0;
    bool j = true;
};
static_assert(sizeof(PiiRulesFields) == sizeof(PiiRules), "same_rules() must compare every field of PiiRules");

} // namespace

std::vector<PiiSpan> detect_pii(std::string_view text, const PiiRules& rules) {
    // The rules compiled last on this thread are kept: callers that pass the same rules every time (the help
    // widget, the wasm redact binding, `earshot redact`) compile them once instead of per text (~19 us).
    thread_local std::unique_ptr<PiiDetector> last;
    if (!last || !same_rules(last->rules(), rules)) last = std::make_unique<PiiDetector>(rules);
    return last->detect(text);
}

namespace {

// Without a digit, an '@' or a run of 5+ capitals (a booking code) nothing can match.
bool may_hold_pii(std::string_view text) {
    int caps = 0;
    for (char c : text) {
        if ((c >= '0' && c <= '9') || c == '@') return true;
        caps = (c >= 'A' && c <= 'Z') ? caps + 1 : 0;
        if (caps >= 5) return true;
    }
    return false;
}

std::vector<PiiSpan> run_detector(std::string_view text, const PiiRules& rules, const Keywords& keywords,
                                  const std::vector<Word>& words) {
    Detector d(text, rules, keywords, words);
    d.emails();
    d.ibans();
    d.numbers();
    d.codes();
    d.addresses();
    std::sort(d.spans.begin(), d.spans.end(), [](const PiiSpan& a, const PiiSpan& b) { return a.begin < b.begin; });
    return std::move(d.spans);
}

} // namespace

std::vector<PiiSpan> PiiDetector::detect(std::string_view text) const {
    if (!may_hold_pii(text)) return {};
    return run_detector(text, impl_->rules, impl_->keywords, detail::split_words(text));
}

std::vector<PiiSpan> detail::PiiAccess::detect(const PiiDetector& d, std::string_view text,
                                               const std::vector<Word>& words) {
    if (!may_hold_pii(text)) return {};
    return run_detector(text, d.impl_->rules, d.impl_->keywords, words);
}

std::string redact(std::string_view text, const std::vector<PiiSpan>& spans) {
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    for (const auto& s : spans) {
        if (s.begin < pos || s.end > text.size()) continue;
        out.append(text.substr(pos, s.begin - pos));
        out.append(redaction_label(s.kind));
        pos = s.end;
    }
    out.append(text.substr(pos));
    return out;
}

std::string redact(std::string_view text, const PiiRules& rules) { return redact(text, detect_pii(text, rules)); }

bool pii_appears_in(const PiiSpan& span, std::string_view text) {
    std::uint32_t b = 0, e = 0;
    return find_pii_in(span, text, b, e);
}

bool find_pii_in(const PiiSpan& span, std::string_view text, std::uint32_t& begin, std::uint32_t& end) {
    switch (span.kind) {
    case PiiKind::Email:
    case PiiKind::Address: {
        if (span.text.empty()) return false;
        auto pos = detail::lower_ascii(text).find(detail::lower_ascii(span.text));
        if (pos == std::string::npos) return false;
        begin = static_cast<std::uint32_t>(pos);
        end = static_cast<std::uint32_t>(pos + span.text.size());
        return true;
    }
    default: break;
    }
    const bool numeric = !span.value.empty() && std::all_of(span.value.begin(), span.value.end(), is_digit);
    if (numeric) {
        if (span.value.size() < 5) return false;
        // every run of digits and separators in text, compared without separators
        std::size_t i = 0;
        while (i < text.size()) {
            if (!is_digit(text[i])) {
                ++i;
                continue;
            }
            const std::size_t b = i;
            std::size_t last_digit = i;
            std::string run;
            while (i < text.size()) {
                if (is_digit(text[i])) {
                    last_digit = i;
                    run.push_back(text[i++]);
                } else if ((text[i] == ' ' || text[i] == '-' || text[i] == '.' || text[i] == '/' || text[i] == '(' ||
                            text[i] == ')') &&
                           i + 1 < text.size() && (is_digit(text[i + 1]) || text[i + 1] == '(' || text[i + 1] == ' '))
                    ++i;
                else break;
            }
            if (run.find(span.value) != std::string::npos) {
                begin = static_cast<std::uint32_t>(b);
                end = static_cast<std::uint32_t>(last_digit + 1);
                return true;
            }
        }
        return false;
    }
    if (span.value.size() < 4) return false;
    // codes: compare uppercase letters/digits word by word
    for (const auto& w : detail::split_words(text)) {
        if (w.punct) continue;
        std::string u;
        for (char c : w.norm)
            if (is_alnum(c)) u.push_back(is_lower(c) ? static_cast<char>(c - 32) : c);
        if (u.size() >= span.value.size() && u.find(span.value) != std::string::npos) {
            begin = w.begin;
            end = w.end;
            return true;
        }
    }
    return false;
}

} // namespace earshot
