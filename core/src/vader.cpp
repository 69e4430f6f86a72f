// Faithful port of vader-sentiment 1.1.3 (npm, Apache-2.0; Hutto & Gilbert 2014). See vader.hpp.
// Comments name the JS function each piece mirrors, so the two can be compared line by line.

#include "earshot/vader.hpp"
#include "fnv1a.hpp"

#include "earshot/tokenizer.hpp"
#include "earshot/utf8.hpp"

#include <array>
#include <cmath>
#include <cstring>
#include <limits>

namespace earshot::data {
std::string_view vader_lexicon_tsv() noexcept; // generated at build time from the npm package
}

namespace earshot {
namespace {

constexpr double kBIncr = 0.293;
constexpr double kBDecr = -0.293;
constexpr double kCIncr = 0.733;
constexpr double kNScalar = -0.74;

using detail::fnv1a;

/// Open-addressing string -> double table (FNV-1a; never decides an output beyond membership).
class Table {
public:
    void add(std::string_view key, double value) {
        if ((count_ + 1) * 2 > slots_.size()) grow();
        insert(key, value);
    }
    const double* find(std::string_view key) const noexcept { return find(key, fnv1a(key)); }
    /// find() with fnv1a(key) computed by the caller (one hash for several tables).
    const double* find(std::string_view key, std::uint64_t hash) const noexcept {
        if (slots_.empty()) return nullptr;
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
            const Slot& s = slots_[i];
            if (s.len == kEmpty) return nullptr;
            if (s.len == key.size() && std::memcmp(keys_.data() + s.off, key.data(), key.size()) == 0) return &s.value;
        }
    }
    std::size_t size() const noexcept { return count_; }
    std::size_t memory() const noexcept { return slots_.capacity() * sizeof(Slot) + keys_.capacity(); }

private:
    static constexpr std::uint32_t kEmpty = 0xFFFFFFFFu;
    struct Slot {
        std::uint32_t off = 0;
        std::uint32_t len = kEmpty;
        double value = 0;
    };
    std::vector<Slot> slots_;
    std::string keys_;
    std::size_t count_ = 0;

    void insert(std::string_view key, double value) {
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = fnv1a(key) & mask;; i = (i + 1) & mask) {
            Slot& s = slots_[i];
            if (s.len == kEmpty) {
                s.off = static_cast<std::uint32_t>(keys_.size());
                s.len = static_cast<std::uint32_t>(key.size());
                s.value = value;
                keys_.append(key);
                ++count_;
                return;
            }
            if (s.len == key.size() && std::memcmp(keys_.data() + s.off, key.data(), key.size()) == 0) {
                s.value = value; // later entries win, as in a JS object literal
                return;
            }
        }
    }
    void grow() {
        std::vector<Slot> old = std::move(slots_);
        std::string old_keys = std::move(keys_);
        slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
        keys_.clear();
        keys_.reserve(old_keys.size() * 2);
        count_ = 0;
        for (const Slot& s : old)
            if (s.len != kEmpty) insert(std::string_view(old_keys).substr(s.off, s.len), s.value);
    }
};

double parse_number(std::string_view s) noexcept {
    // Lexicon values look like "-1.6", "3.2", "0.35": parse exactly as decimal (value = digits / 10^k).
    bool neg = false;
    std::size_t i = 0;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
    std::int64_t digits = 0;
    int frac = -1;
    for (; i < s.size(); ++i) {
        if (s[i] == '.') frac = 0;
        else if (s[i] >= '0' && s[i] <= '9') {
            digits = digits * 10 + (s[i] - '0');
            if (frac >= 0) ++frac;
        } else break;
    }
    double v = static_cast<double>(digits);
    double scale = 1;
    for (int k = 0; k < frac; ++k) scale *= 10;
    v /= scale; // correctly rounded: same double as JS parses from the literal
    return neg ? -v : v;
}

const Table& lexicon() {
    static const Table table = [] {
        Table t;
        std::string_view data = data::vader_lexicon_tsv();
        while (!data.empty()) {
            std::size_t nl = data.find('\n');
            std::string_view line = data.substr(0, nl);
            data = nl == std::string_view::npos ? std::string_view{} : data.substr(nl + 1);
            const std::size_t tab = line.find('\t');
            if (tab == std::string_view::npos) continue;
            t.add(line.substr(0, tab), parse_number(line.substr(tab + 1)));
        }
        return t;
    }();
    return table;
}

const Table& boosters() {
    static const Table table = [] {
        Table t;
        for (const char* w : {"absolutely", "amazingly", "awfully", "completely", "considerably", "decidedly",
                              "deeply", "effing", "enormously", "entirely", "especially", "exceptionally",
                              "extremely", "fabulously", "flipping", "flippin", "fricking", "frickin", "frigging",
                              "friggin", "fully", "fucking", "greatly", "hella", "highly", "hugely", "incredibly",
                              "intensely", "majorly", "more", "most", "particularly", "purely", "quite", "really",
                              "remarkably", "so", "substantially", "thoroughly", "totally", "tremendously", "uber",
                              "unbelievably", "unusually", "utterly", "very"})
            t.add(w, kBIncr);
        for (const char* w : {"almost", "barely", "hardly", "just enough", "kind of", "kinda", "kindof", "kind-of",
                              "less", "little", "marginally", "occasionally", "partly", "scarcely", "slightly",
                              "somewhat", "sort of", "sorta", "sortof", "sort-of"})
            t.add(w, kBDecr);
        return t;
    }();
    return table;
}

const Table& negations() {
    static const Table table = [] {
        Table t;
        for (const char* w :
             {"aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt", "ain't", "aren't", "can't",
              "couldn't", "daren't", "didn't", "doesn't", "dont", "hadnt", "hasnt", "havent", "isnt", "mightnt",
              "mustnt", "neither", "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't", "neednt",
              "needn't", "never", "none", "nope", "nor", "not", "nothing", "nowhere", "oughtnt", "shant", "shouldnt",
              "uhuh", "wasnt", "werent", "oughtn't", "shan't", "shouldn't", "uh-uh", "wasn't", "weren't", "without",
              "wont", "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite"})
            t.add(w, 1);
        return t;
    }();
    return table;
}

const Table& idioms() {
    static const Table table = [] {
        Table t;
        t.add("the shit", 3);
        t.add("the bomb", 3);
        t.add("bad ass", 1.5);
        t.add("yeah right", -2);
        t.add("cut the mustard", 2);
        t.add("kiss of death", -1.5);
        t.add("hand to mouth", -2);
        return t;
    }();
    return table;
}

bool is_ascii_punct(unsigned char c) noexcept {
    return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}

/// JavaScript's /\s/.
bool is_js_space(char32_t c) noexcept {
    return c == 9 || c == 10 || c == 11 || c == 12 || c == 13 || c == 32 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
           c == 0x3000 || c == 0xFEFF;
}

/// Length in UTF-16 code units (what JS's string.length counts); invalid bytes count one each.
std::size_t utf16_length(std::string_view s) noexcept {
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size();) {
        const auto d = utf8::decode(s, i);
        n += d.cp >= 0x10000 ? 2 : 1;
        i += d.len;
    }
    return n;
}

/// utf16_length(s) > 1, without decoding long strings (4+ bytes are always 2+ units: one code point is 1-4 bytes,
/// and a 4-byte one is 2 units).
bool more_than_one_unit(std::string_view s) noexcept { return s.size() >= 4 || utf16_length(s) > 1; }

bool in_punc_list(std::string_view p) noexcept {
    static constexpr std::array<std::string_view, 17> kList = {
        ".", "!", "?", ",", ";", ":", "-", "'", "\"", "!!", "!!!", "??", "???", "?!?", "!?!", "?!?!", "!?!?"};
    for (auto q : kList)
        if (q == p) return true;
    return false;
}

bool has_no_punct(std::string_view s) noexcept {
    for (unsigned char c : s)
        if (is_ascii_punct(c)) return false;
    return true;
}

/// is_upper_python: no ASCII lowercase letter and at least one ASCII uppercase letter.
bool is_upper(std::string_view w) noexcept {
    bool upper = false;
    for (unsigned char c : w) {
        if (c >= 'a' && c <= 'z') return false;
        if (c >= 'A' && c <= 'Z') upper = true;
    }
    return upper;
}

/// Appends lower(w) to out.
void append_lower(std::string_view w, std::string& out) {
    bool ascii = true;
    for (unsigned char c : w)
        if (c >= 0x80) ascii = false;
    if (!ascii) {
        out += to_lower(w);
        return;
    }
    for (char c : w) out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
}

/// negated([word]) with include_nt: the word is a negation word (case-sensitive), or contains "n't".
bool negated_word(std::string_view w) noexcept {
    return negations().find(w) != nullptr || w.find("n't") != std::string_view::npos;
}

struct Word {
    std::string_view raw;
    std::string_view low; ///< lowercase raw, in VaderScratch::lows
    const double* lex = nullptr;    // lexicon entry of low used by the current scoring pass
    const double* lex_plain = nullptr; // plain VADER lexicon entry of low
    const double* lex_cs = nullptr;    // customer-service lexicon entry of low (override, else plain)
    bool upper = false;
    bool booster = false; // boosters().find(low)
};

bool key_in(const Table& t, const std::vector<Word>& w, std::initializer_list<std::size_t> idx) {
    std::string key;
    bool first = true;
    for (std::size_t i : idx) {
        if (!first) key.push_back(' ');
        key.append(w[i].raw);
        first = false;
    }
    return t.find(key) != nullptr;
}

double idiom_value(const std::vector<Word>& w, std::initializer_list<std::size_t> idx, bool& found) {
    std::string key;
    bool first = true;
    for (std::size_t i : idx) {
        if (!first) key.push_back(' ');
        key.append(w[i].raw);
        first = false;
    }
    const double* v = idioms().find(key);
    found = v != nullptr;
    return v ? *v : 0;
}

double scalar_inc_dec(const Word& word, double valence, bool cap_diff) {
    double scalar = 0;
    if (!word.booster) return 0;
    if (const double* b = boosters().find(word.low)) {
        scalar = *b;
        if (valence < 0) scalar *= -1;
        if (cap_diff && word.upper) {
            if (valence > 0) scalar += kCIncr;
            else scalar -= kCIncr;
        }
    }
    return scalar;
}

double never_check(double valence, const std::vector<Word>& w, int start_i, std::size_t index) {
    if (start_i == 0) {
        if (negated_word(w[index - 1].raw)) valence *= kNScalar;
    }
    if (start_i == 1) {
        if (w[index - 2].raw == "never" && (w[index - 1].raw == "so" || w[index - 1].raw == "this")) valence *= 1.5;
        else if (negated_word(w[index - 2].raw)) valence *= kNScalar;
    }
    if (start_i == 2) {
        if ((w[index - 3].raw == "never" && (w[index - 2].raw == "so" || w[index - 2].raw == "this")) ||
            (w[index - 1].raw == "so" || w[index - 1].raw == "this"))
            valence *= 1.25;
        else if (negated_word(w[index - 3].raw)) valence *= kNScalar;
    }
    return valence;
}

double idioms_check(double valence, const std::vector<Word>& w, std::size_t i) {
    bool found = false;
    for (auto seq : {std::initializer_list<std::size_t>{i - 1, i}, {i - 2, i - 1, i}, {i - 2, i - 1},
                     {i - 3, i - 2, i - 1}, {i - 3, i - 2}}) {
        const double v = idiom_value(w, seq, found);
        if (found) {
            valence = v;
            break;
        }
    }
    if (w.size() - 1 > i) {
        const double v = idiom_value(w, {i, i + 1}, found);
        if (found) valence = v;
    }
    if (w.size() - 1 > i + 1) {
        const double v = idiom_value(w, {i, i + 1, i + 2}, found);
        if (found) valence = v;
    }
    if (key_in(boosters(), w, {i - 3, i - 2}) || key_in(boosters(), w, {i - 2, i - 1})) valence += kBDecr;
    return valence;
}

double least_check(double valence, const std::vector<Word>& w, std::size_t index) {
    if (index > 1 && w[index - 1].low == "least" && !w[index - 1].lex) {
        if (w[index - 2].low != "at" && w[index - 2].low != "very") valence *= kNScalar;
    } else if (index > 0 && w[index - 1].low == "least" && !w[index - 1].lex) {
        valence *= kNScalar;
    }
    return valence;
}

double round_to(double x, double scale) { return std::round(x * scale) / scale; }

} // namespace

double vader_lexicon_valence(std::string_view lower_token, bool* found) noexcept {
    const double* v = lexicon().find(lower_token);
    if (found) *found = v != nullptr;
    return v ? *v : 0;
}

std::size_t vader_lexicon_size() noexcept { return lexicon().size(); }
std::size_t vader_lexicon_memory_bytes() noexcept {
    return lexicon().memory() + boosters().memory() + negations().memory() + idioms().memory();
}

namespace {
const Table& cs_overrides() {
    // Customer-service calibration (vader_polarity_cs): words VADER rates positive that are neutral requests in
    // support conversations ("please help", "customer care"), and service-failure words it does not know.
    static const Table table = [] {
        Table t;
        const std::pair<const char*, double> entries[] = {
            {"help", 0.2}, {"please", 0.1}, {"pls", 0.1}, {"plz", 0.1}, {"support", 0.2}, {"care", 0.3},
            {"like", 0.2}, {"hope", 0.4}, {"want", 0}, {"ok", 0.2}, {"okay", 0.2}, {"sure", 0.3}, {"free", 0.4},
            {"well", 0.2}, {"pretty", 0.3}, {"kind", 0.4}, {"save", 0.4}, {"safe", 0.5}, {"credit", 0.1},
            {"lol", 0.2}, {"haha", 0.4}, {"lmao", 0.2}, {"joke", -1.6}, {"jokes", -1.2}, {"kidding", -0.8},
            {"luck", 0.3}, {"clear", 0.3}, {"trust", 0.6}, {"promise", 0.1}, {"promised", -0.6}, {"chance", 0},
            {"matter", 0}, {"true", 0.4}, {"welcome", 0.8}, {"yes", 0.4}, {"fine", 0.2}, {"top", 0.2},
            {"win", 0.9}, {"better", 0.3}, {"agree", 0.6}, {"pay", -0.2}, {"apology", -0.3}, {"apologize", -0.2},
            {"sorry", -0.5}, {"interesting", 0.3}, {"funny", -0.2}, {"wow", 0.3}, {"excuse", -0.6},
            {"late", -1.2}, {"later", -0.1}, {"stranded", -1.8}, {"canceled", -1.1}, {"cancelled", -1.1},
            {"cancelation", -0.8}, {"cancellation", -0.8}, {"waiting", -0.7}, {"waited", -0.8}, {"wait", -0.3},
            {"hold", -0.3}, {"refund", -0.6}, {"refunds", -0.4}, {"overcharged", -2.0}, {"overcharging", -2.0},
            {"nope", -1.0}, {"unresolved", -1.5}, {"cracked", -1.2}, {"crashed", -1.5}, {"crashes", -1.3},
            {"crashing", -1.3}, {"broke", -1.5}, {"faulty", -1.8}, {"defective", -2.0}, {"unhelpful", -2.0},
            {"nobody", -0.8}, {"ignoring", -1.3}, {"ignored", -1.4}, {"hours", -0.3}, {"hrs", -0.3},
            {"days", -0.2}, {"weeks", -0.4}, {"still", -0.4}, {"again", -0.4}, {"why", -0.4}, {"rebook", -0.5},
            {"rebooked", -0.6}, {"diverted", -0.8}, {"leaking", -1.2}, {"downgraded", -1.5}, {"bumped", -1.0},
            {"oversold", -1.5}, {"overbooked", -1.5}, {"misplaced", -1.2}, {"delays", -1.3}, {"delayed", -1.4},
            {"missing", -1.5}, {"fees", -0.5}, {"fee", -0.5}, {"outage", -1.5}, {"glitch", -1.2}, {"bug", -0.8},
            {"declined", -1.0}, {"locked", -0.8}, {"hacked", -1.5}, {"unauthorized", -1.5}, {"disconnected", -1.2},
            {"rude", -2.3}, {"ripoff", -2.5}, {"scam", -2.3}, {"bs", -2.0}, {"cold", -0.6}, {"wrong", -2.1},
            {"useless", -2.2}, {"pathetic", -2.9}, {"incompetent", -2.4}, {"unacceptable", -2.4},
            {"ridiculous", -2.0}, {"disappointed", -2.3}, {"disappointing", -2.3}, {"hung", -0.6},
            {"tarmac", -0.4}, {"lost", -1.6}, {"stuck", -1.4}, {"overdue", -1.2}, {"unanswered", -1.5},
            {"unreachable", -1.3}, {"unavailable", -0.8}, {"smh", -1.6}, {"meh", -0.8},
            {"ugh", -2.0}, {"argh", -2.0}, {"wtf", -2.8}, {"seriously", -1.0}, {"errors", -1.5}, {"charged", -1.0},
            {"expensive", -1.0}, {"overpriced", -1.8}, {"dirty", -1.6}, {"filthy", -2.2}, {"smelly", -1.5},
            {"broken", -2.2}, {"damaged", -2.0}, {"spoiled", -1.6}, {"expired", -1.0}, {"stale", -1.2}, {"favourite", 2.0}, {"favourites", 1.8},
            {"legend", 1.8}, {"legends", 1.8}, {"superstar", 2.2}, {"lifesaver", 2.2}, {"gorgeous", 3.0}};
        for (const auto& [w, v] : entries) t.add(w, v);
        return t;
    }();
    return table;
}

VaderScores vader_polarity_impl(std::string_view text, std::vector<VaderWord>* out_words, bool cs);

void split_words(std::string_view text, std::vector<Word>& w);
VaderScores score_words(std::string_view text, const std::vector<Word>& w, std::vector<double>& sentiments,
                        std::vector<VaderWord>* out_words);

struct VaderScratch {
    std::vector<Word> words;
    std::vector<double> sentiments;
    std::string lows; ///< the words' lowercase forms, back to back (Word::low views into it)
    std::vector<std::pair<std::uint32_t, std::uint32_t>> low_at; ///< per word: offset and length in lows
};
thread_local VaderScratch t_vader;

void use_lexicon(std::vector<Word>& w, bool cs) noexcept {
    for (Word& x : w) x.lex = cs ? x.lex_cs : x.lex_plain;
}

} // namespace

VaderScores vader_polarity(std::string_view text, std::vector<VaderWord>* out_words) {
    return vader_polarity_impl(text, out_words, false);
}
VaderScores vader_polarity_cs(std::string_view text, std::vector<VaderWord>* out_words) {
    return vader_polarity_impl(text, out_words, true);
}

void vader_polarity_both(std::string_view text, VaderScores& plain, VaderScores& cs, std::vector<VaderWord>* cs_words) {
    VaderScratch& sc = t_vader;
    split_words(text, sc.words);
    use_lexicon(sc.words, false);
    plain = score_words(text, sc.words, sc.sentiments, nullptr);
    use_lexicon(sc.words, true);
    cs = score_words(text, sc.words, sc.sentiments, cs_words);
}

namespace {
VaderScores vader_polarity_impl(std::string_view text, std::vector<VaderWord>* out_words, bool cs) {
    VaderScratch& sc = t_vader;
    split_words(text, sc.words);
    use_lexicon(sc.words, cs);
    return score_words(text, sc.words, sc.sentiments, out_words);
}
} // namespace

namespace {
/// SentiText.get_words_and_emoticons, with both lexicons looked up once per word.
void split_words(std::string_view text, std::vector<Word>& w) {
    // SentiText.get_words_and_emoticons: split on /\s/, drop 1-unit tokens, strip one PUNC_LIST run from either
    // end when what remains is punctuation-free and longer than one unit (that is what the words_punc_dict does).
    w.clear();
    std::string& lows = t_vader.lows;
    auto& low_at = t_vader.low_at;
    lows.clear();
    low_at.clear();
    std::size_t start = 0;
    auto flush = [&](std::size_t end) {
        std::string_view tok = text.substr(start, end - start);
        if (more_than_one_unit(tok)) {
            std::size_t lead = 0;
            while (lead < tok.size() && is_ascii_punct(static_cast<unsigned char>(tok[lead]))) ++lead;
            std::size_t trail = 0;
            while (trail < tok.size() && is_ascii_punct(static_cast<unsigned char>(tok[tok.size() - 1 - trail])))
                ++trail;
            std::string_view mapped = tok;
            if (lead > 0 && lead < tok.size()) {
                std::string_view rest = tok.substr(lead);
                if (in_punc_list(tok.substr(0, lead)) && has_no_punct(rest) && more_than_one_unit(rest)) mapped = rest;
            }
            if (mapped == tok && trail > 0 && trail < tok.size()) {
                std::string_view rest = tok.substr(0, tok.size() - trail);
                if (in_punc_list(tok.substr(tok.size() - trail)) && has_no_punct(rest) && more_than_one_unit(rest))
                    mapped = rest;
            }
            Word word;
            word.raw = mapped;
            const std::size_t off = lows.size();
            append_lower(mapped, lows);
            const std::string_view low(lows.data() + off, lows.size() - off); // valid until the next append
            const std::uint64_t h = fnv1a(low);
            word.lex_plain = lexicon().find(low, h);
            word.lex_cs = cs_overrides().find(low, h);
            if (!word.lex_cs) word.lex_cs = word.lex_plain;
            word.booster = boosters().find(low, h) != nullptr;
            word.upper = is_upper(mapped);
            low_at.emplace_back(static_cast<std::uint32_t>(off), static_cast<std::uint32_t>(lows.size() - off));
            w.push_back(word);
        }
    };
    for (std::size_t i = 0; i < text.size();) {
        const auto d = utf8::decode(text, i);
        if (is_js_space(d.cp)) {
            flush(i);
            start = i + d.len;
        }
        i += d.len;
    }
    flush(text.size());
    for (std::size_t k = 0; k < w.size(); ++k) w[k].low = std::string_view(lows.data() + low_at[k].first, low_at[k].second);
}

/// polarity_scores over words already split (w[i].lex selects the lexicon of this pass).
VaderScores score_words(std::string_view text, const std::vector<Word>& w, std::vector<double>& sentiments,
                        std::vector<VaderWord>* out_words) {
    // idioms_check can only match when a word starts an idiom or a booster bigram; skip it otherwise (same result).
    bool idiom_words = false;
    for (const Word& x : w)
        if (x.raw == "the" || x.raw == "bad" || x.raw == "yeah" || x.raw == "cut" || x.raw == "kiss" || x.raw == "hand" ||
            x.raw == "kind" || x.raw == "sort" || x.raw == "just")
            idiom_words = true;

    // allcap_differential
    std::size_t caps = 0;
    for (const Word& x : w)
        if (x.upper) ++caps;
    const std::size_t cap_differential = w.size() - caps;
    const bool cap_diff = cap_differential > 0 && cap_differential < w.size();

    // polarity_scores / sentiment_valence
    sentiments.clear();
    for (std::size_t i = 0; i < w.size(); ++i) {
        const Word& item = w[i];
        if ((i < w.size() - 1 && item.low == "kind" && w[i + 1].low == "of") || item.booster) {
            sentiments.push_back(0);
            continue;
        }
        double valence = 0;
        if (item.lex) {
            valence = *item.lex;
            if (item.upper && cap_diff) {
                if (valence > 0) valence += kCIncr;
                else valence -= kCIncr;
            }
            for (int start_i = 0; start_i < 3; ++start_i) {
                const std::size_t s_i = static_cast<std::size_t>(start_i);
                if (i > s_i && !w[i - (s_i + 1)].lex) {
                    double s = scalar_inc_dec(w[i - (s_i + 1)], valence, cap_diff);
                    if (start_i == 1 && s != 0) s *= 0.95;
                    else if (start_i == 2 && s != 0) s *= 0.9;
                    valence += s;
                    valence = never_check(valence, w, start_i, i);
                    if (start_i == 2 && idiom_words) valence = idioms_check(valence, w, i);
                }
            }
            valence = least_check(valence, w, i);
        }
        sentiments.push_back(valence);
    }

    // but_check
    std::size_t but = w.size();
    for (std::size_t i = 0; i < w.size() && but == w.size(); ++i)
        if (w[i].raw == "but") but = i;
    for (std::size_t i = 0; i < w.size() && but == w.size(); ++i)
        if (w[i].raw == "BUT") but = i;
    if (but != w.size()) {
        for (std::size_t i = 0; i < sentiments.size(); ++i) {
            if (i < but) sentiments[i] *= 0.5;
            else if (i > but) sentiments[i] *= 1.5;
        }
    }

    if (out_words) {
        out_words->clear();
        for (std::size_t i = 0; i < w.size(); ++i)
            if (sentiments[i] != 0) out_words->push_back({w[i].raw, sentiments[i]});
    }

    // score_valence
    VaderScores r;
    if (sentiments.empty()) return r;
    double sum = 0;
    for (double s : sentiments) sum += s;
    std::size_t ep = 0, qm = 0;
    for (char c : text) {
        if (c == '!') ++ep;
        else if (c == '?') ++qm;
    }
    if (ep > 4) ep = 4;
    const double ep_amp = static_cast<double>(ep) * 0.292;
    double qm_amp = 0;
    if (qm > 1) qm_amp = qm <= 3 ? static_cast<double>(qm) * 0.18 : 0.96;
    const double amp = ep_amp + qm_amp;
    if (sum > 0) sum += amp;
    else if (sum < 0) sum -= amp;
    double compound = sum / std::sqrt(sum * sum + 15);
    if (compound < -1) compound = -1;
    if (compound > 1) compound = 1;

    double pos_sum = 0, neg_sum = 0, neu = 0;
    for (double s : sentiments) {
        if (s > 0) pos_sum += s + 1;
        else if (s < 0) neg_sum += s - 1;
        else neu += 1;
    }
    if (pos_sum > std::fabs(neg_sum)) pos_sum += amp;
    else if (pos_sum < std::fabs(neg_sum)) neg_sum -= amp;
    const double total = pos_sum + std::fabs(neg_sum) + neu;
    r.pos = round_to(std::fabs(pos_sum / total), 1000);
    r.neg = round_to(std::fabs(neg_sum / total), 1000);
    r.neu = round_to(std::fabs(neu / total), 1000);
    r.compound = round_to(compound, 10000);
    return r;
}
} // namespace

} // namespace earshot
