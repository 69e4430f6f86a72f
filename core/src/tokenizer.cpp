#include "earshot/tokenizer.hpp"

#include "earshot/utf8.hpp"

#include <algorithm>
#include <array>
#include <unordered_map>

namespace earshot {

const char* to_string(TokenKind kind) noexcept {
    switch (kind) {
    case TokenKind::Word: return "word";
    case TokenKind::Number: return "number";
    case TokenKind::Handle: return "handle";
    case TokenKind::Hashtag: return "hashtag";
    case TokenKind::Url: return "url";
    case TokenKind::Email: return "email";
    case TokenKind::Emoji: return "emoji";
    case TokenKind::Emoticon: return "emoticon";
    case TokenKind::Punct: return "punct";
    case TokenKind::Symbol: return "symbol";
    }
    return "unknown";
}

namespace {

constexpr bool is_ascii_alpha(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }
constexpr bool is_ascii_alnum(char32_t c) { return is_ascii_alpha(c) || is_digit(c); }

constexpr bool is_space(char32_t c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

/// Emoji base code points (pictographs, dingbats, symbols commonly used as emoji).
constexpr bool is_emoji_base(char32_t c) {
    return (c >= 0x1F000 && c <= 0x1FAFF) || (c >= 0x2600 && c <= 0x27BF) || (c >= 0x2300 && c <= 0x23FF) ||
           (c >= 0x2B00 && c <= 0x2BFF) || (c >= 0x2190 && c <= 0x21FF) || c == 0x3030 || c == 0x303D ||
           c == 0x3297 || c == 0x3299 || c == 0x2122 || c == 0x2139 || c == 0x203C || c == 0x2049 || c == 0x00A9 ||
           c == 0x00AE || (c >= 0x25A0 && c <= 0x25FF) || c == 0x2934 || c == 0x2935;
}
constexpr bool is_regional_indicator(char32_t c) { return c >= 0x1F1E6 && c <= 0x1F1FF; }
constexpr bool is_emoji_modifier(char32_t c) {
    return (c >= 0x1F3FB && c <= 0x1F3FF) || c == 0xFE0F || c == 0xFE0E || c == 0x20E3 || (c >= 0xE0020 && c <= 0xE007F);
}

/// Non-letter code points above ASCII: punctuation, symbols, spaces, marks we don't treat as letters.
constexpr bool is_unicode_punct(char32_t c) {
    return (c >= 0x80 && c <= 0xBF) || c == 0xD7 || c == 0xF7 || (c >= 0x2000 && c <= 0x206F) ||
           (c >= 0x20A0 && c <= 0x20CF) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF0F) ||
           (c >= 0xFE10 && c <= 0xFE1F) || (c >= 0xFE30 && c <= 0xFE4F) || c == utf8::kReplacement ||
           (c >= 0x2100 && c <= 0x218F) || c == 0x200B || c == 0xFEFF;
}
constexpr bool is_currency(char32_t c) { return c == '$' || c == 0xA3 || c == 0xA5 || c == 0x20AC || (c >= 0x20A0 && c <= 0x20CF); }

constexpr bool is_letter(char32_t c) {
    if (c < 0x80) return is_ascii_alpha(c);
    return !is_space(c) && !is_emoji_base(c) && !is_regional_indicator(c) && !is_emoji_modifier(c) && !is_unicode_punct(c) && c != 0x200D;
}
constexpr bool is_apostrophe(char32_t c) { return c == '\'' || c == 0x2019 || c == 0x2018; }

constexpr bool is_upper(char32_t c) {
    return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) ||
           (c >= 0x100 && c <= 0x17F && (c % 2 == 0)) || (c >= 0x391 && c <= 0x3A9) || (c >= 0x400 && c <= 0x42F);
}
constexpr bool is_lower(char32_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0xFF && c != 0xF7) ||
           (c >= 0x100 && c <= 0x17F && (c % 2 == 1)) || (c >= 0x3B1 && c <= 0x3C9) || (c >= 0x430 && c <= 0x45F);
}
constexpr char32_t lower(char32_t c) {
    if (c >= 'A' && c <= 'Z') return c + 32;
    if (c < 0x80) return c;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
    if (c >= 0x100 && c <= 0x17F && (c % 2 == 0)) return c + 1;
    if (c >= 0x391 && c <= 0x3A9) return c + 32;
    if (c >= 0x410 && c <= 0x42F) return c + 32;
    if (c >= 0x400 && c <= 0x40F) return c + 80;
    return c;
}

bool is_tld(std::string_view t) {
    static constexpr std::array<std::string_view, 28> tlds{
        "com", "net", "org", "io", "co", "uk", "ly", "me", "gl", "gov", "edu", "de", "fr", "ca", "au",
        "us", "info", "biz", "app", "dev", "ai", "tv", "eu", "nl", "es", "it", "in", "be"};
    std::string low;
    for (char ch : t) low.push_back(static_cast<char>(lower(static_cast<unsigned char>(ch))));
    return std::find(tlds.begin(), tlds.end(), low) != tlds.end();
}

// Emoticons, longest first so that ":-)" wins over ":-".
constexpr std::array<std::string_view, 46> kEmoticons{
    ">:-(", ">:(", ":'-(", ":'(", ":'-)", ":')", ":-)))", ":)))", ":-))", ":))", ":-(((", ":(((", ":-((", ":((",
    ":-)", ":-(", ":-D", ":-P", ":-p", ":-/", ":-|", ":-O", ":-o", ":-*", ";-)", "</3", "^_^", "-_-", "T_T",
    "^^", ":)", ":(", ":D", ":P", ":p", ":/", ":|", ":O", ":o", ":*", ";)", "=)", "=(", "<3", "XD", "xD"};

/// Characters allowed after an emoticon: end, space, punctuation (not letters or digits).
bool emoticon_boundary_after(std::string_view s, std::size_t pos) {
    if (pos >= s.size()) return true;
    const auto c = static_cast<unsigned char>(s[pos]);
    return !(is_ascii_alnum(c));
}
bool boundary_before(std::string_view s, std::size_t pos) {
    if (pos == 0) return true;
    const auto c = static_cast<unsigned char>(s[pos - 1]);
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(' || c == '"' || c >= 0x80 || c == '.' ||
           c == '!' || c == '?' || c == ',';
}

/// A word's normalised bytes, built one at a time (a reused buffer; cheaper than std::string::push_back per byte).
class NormBuf {
public:
    void clear() noexcept { n_ = 0; }
    void push_back(char c) {
        if (n_ == buf_.size()) buf_.resize(buf_.size() * 2 + 32);
        buf_[n_++] = c;
    }
    void append_cp(char32_t cp) {
        if (cp < 0x80) {
            push_back(static_cast<char>(cp));
            return;
        }
        std::string tmp; // rare: short, no allocation
        utf8::append_multibyte(tmp, cp);
        for (char c : tmp) push_back(c);
    }
    std::string_view view() const noexcept { return {buf_.data(), n_}; }

private:
    std::string buf_;
    std::size_t n_ = 0;
};

class Scanner {
public:
    /// Tokenises into out, reusing its tokens (and their norm strings) from an earlier text.
    Scanner(std::string_view text, Tokenized& out) : s_(text), out_(out) {
        out_.stats = TextStats{};
        if (out_.tokens.capacity() < text.size() / 5 + 4) out_.tokens.reserve(text.size() / 5 + 4);
    }

    void run() {
        while (i_ < s_.size()) step();
        out_.tokens.resize(n_);
    }

private:
    std::string_view s_;
    std::size_t i_ = 0;
    Tokenized& out_;
    std::size_t n_ = 0;  ///< tokens written so far (out_.tokens may hold more, left from an earlier text)
    NormBuf norm_;       ///< word being normalised

    utf8::Decoded peek(std::size_t at) const { return utf8::decode(s_, at); }

    void push(TokenKind kind, std::size_t b, std::size_t e, std::string_view norm, std::uint8_t flags = 0) {
        if (n_ == out_.tokens.size()) out_.tokens.emplace_back();
        Token& t = out_.tokens[n_++];
        t.kind = kind;
        t.begin = static_cast<std::uint32_t>(b);
        t.end = static_cast<std::uint32_t>(e);
        t.flags = flags;
        t.norm.assign(norm.data(), norm.size());
        std::uint64_t h = 0xcbf29ce484222325ULL;
        for (const char c : norm) {
            h ^= static_cast<unsigned char>(c);
            h *= 0x100000001b3ULL;
        }
        t.hash = h;
    }

    std::size_t end_of_chunk(std::size_t from) const {
        std::size_t j = from;
        while (j < s_.size()) {
            const auto d = peek(j);
            if (is_space(d.cp)) break;
            j += d.len;
        }
        return j;
    }

    /// Trims trailing punctuation that usually ends a sentence rather than a URL/e-mail.
    std::size_t trim_trailing(std::size_t b, std::size_t e) const {
        while (e > b) {
            const char c = s_[e - 1];
            if (c == '.' || c == ',' || c == '!' || c == '?' || c == ')' || c == ']' || c == '"' || c == '\'' ||
                c == ';' || c == ':' || c == '>')
                --e;
            else
                break;
        }
        return e;
    }

    bool try_url() {
        const auto rest = s_.substr(i_);
        auto starts = [&](std::string_view p) {
            if (rest.size() < p.size()) return false;
            for (std::size_t k = 0; k < p.size(); ++k)
                if (static_cast<char>(lower(static_cast<unsigned char>(rest[k]))) != p[k]) return false;
            return true;
        };
        std::size_t e = 0;
        if (starts("http://") || starts("https://") || starts("www.")) {
            e = trim_trailing(i_, end_of_chunk(i_));
            if (e - i_ <= 7) return false;
        } else {
            // Bare domain with a known TLD: "bit.ly/abc", "example.com".
            std::size_t j = i_;
            while (j < s_.size() && (is_ascii_alnum(static_cast<unsigned char>(s_[j])) || s_[j] == '-')) ++j;
            if (j == i_ || j >= s_.size() || s_[j] != '.') return false;
            std::size_t k = j + 1;
            while (k < s_.size() && is_ascii_alpha(static_cast<unsigned char>(s_[k]))) ++k;
            if (k - j - 1 < 2 || !is_tld(s_.substr(j + 1, k - j - 1))) return false;
            if (k < s_.size() && (is_ascii_alnum(static_cast<unsigned char>(s_[k])))) return false;
            if (k < s_.size() && s_[k] == '@') return false;
            // Extend over more labels and a path.
            e = trim_trailing(i_, end_of_chunk(i_));
            if (e < k) e = k;
            if (!boundary_before(s_, i_)) return false;
        }
        push(TokenKind::Url, i_, e, s_.substr(i_, e - i_));
        ++out_.stats.urls;
        i_ = e;
        return true;
    }

    /// False when neither try_url nor try_email can succeed here: no "http"/"www" start, and the run of e-mail
    /// local-part characters holds no '.' and is not followed by '@' (a bare domain needs a '.' inside that run).
    bool may_be_url_or_email(char32_t c) const {
        if (c == 'h' || c == 'H' || c == 'w' || c == 'W') return true;
        std::size_t k = i_;
        while (k < s_.size()) {
            const auto b = static_cast<unsigned char>(s_[k]);
            if (b == '.') return true;
            if (!(is_ascii_alnum(b) || b == '_' || b == '-' || b == '+')) break;
            ++k;
        }
        return k < s_.size() && s_[k] == '@';
    }

    bool try_email() {
        // local@domain.tld, starting at a word boundary.
        if (!boundary_before(s_, i_)) return false;
        std::size_t j = i_;
        auto local_char = [](unsigned char c) { return is_ascii_alnum(c) || c == '.' || c == '_' || c == '-' || c == '+'; };
        while (j < s_.size() && local_char(static_cast<unsigned char>(s_[j]))) ++j;
        if (j == i_ || j >= s_.size() || s_[j] != '@') return false;
        std::size_t k = j + 1;
        while (k < s_.size() && (is_ascii_alnum(static_cast<unsigned char>(s_[k])) || s_[k] == '-' || s_[k] == '.')) ++k;
        while (k > j + 1 && s_[k - 1] == '.') --k;
        const auto dot = s_.substr(0, k).rfind('.');
        const std::size_t last_dot = dot == std::string_view::npos ? 0 : dot;
        if (last_dot <= j + 1 || last_dot + 2 > k) return false;
        push(TokenKind::Email, i_, k, to_lower(s_.substr(i_, k - i_)));
        i_ = k;
        return true;
    }

    bool try_emoticon() {
        if (!boundary_before(s_, i_)) return false;
        const auto rest = s_.substr(i_);
        for (auto e : kEmoticons) {
            if (rest.substr(0, e.size()) == e && emoticon_boundary_after(s_, i_ + e.size())) {
                push(TokenKind::Emoticon, i_, i_ + e.size(), e);
                ++out_.stats.emoticons;
                i_ += e.size();
                return true;
            }
        }
        return false;
    }

    void scan_handle_or_hashtag(TokenKind kind) {
        std::size_t j = i_ + 1;
        bool letter = false;
        while (j < s_.size()) {
            const auto d = peek(j);
            if (d.cp == '_' || is_digit(d.cp) || is_letter(d.cp)) {
                letter = letter || is_letter(d.cp) || d.cp == '_';
                j += d.len;
            } else {
                break;
            }
        }
        if (j == i_ + 1 || (kind == TokenKind::Hashtag && !letter)) {
            push(TokenKind::Symbol, i_, i_ + 1, s_.substr(i_, 1));
            ++i_;
            return;
        }
        push(kind, i_, j, to_lower(s_.substr(i_, j - i_)));
        if (kind == TokenKind::Handle) ++out_.stats.handles;
        else ++out_.stats.hashtags;
        i_ = j;
    }

    void scan_emoji() {
        std::size_t j = i_;
        auto d = peek(j);
        if (is_regional_indicator(d.cp)) {
            j += d.len;
            if (j < s_.size() && is_regional_indicator(peek(j).cp)) j += peek(j).len;
        } else {
            j += d.len;
            // Modifiers, variation selectors, keycaps, tags, and ZWJ-joined sequences.
            while (j < s_.size()) {
                d = peek(j);
                if (is_emoji_modifier(d.cp)) {
                    j += d.len;
                } else if (d.cp == 0x200D && j + d.len < s_.size()) {
                    const auto n = peek(j + d.len);
                    if (is_emoji_base(n.cp)) j += d.len + n.len;
                    else break;
                } else {
                    break;
                }
            }
        }
        push(TokenKind::Emoji, i_, j, s_.substr(i_, j - i_));
        ++out_.stats.emoji;
        i_ = j;
    }

    void scan_number_or_word() {
        std::size_t j = i_;
        bool letters = false, digits = false, upper = false, lowercase = false;
        std::uint32_t letter_count = 0;
        bool first_upper = false;
        NormBuf& norm = norm_;
        norm.clear();
        // Digits with inner separators first.
        const auto first = peek(j);
        if (is_digit(first.cp)) {
            while (j < s_.size()) {
                const char c = s_[j];
                if (is_digit(static_cast<unsigned char>(c))) {
                    norm.push_back(c);
                    ++j;
                } else if ((c == '.' || c == ',' || c == ':' || c == '/') && j + 1 < s_.size() &&
                           is_digit(static_cast<unsigned char>(s_[j + 1]))) {
                    norm.push_back(c);
                    ++j;
                } else {
                    break;
                }
            }
            digits = true;
            if (j >= s_.size() || !is_letter(peek(j).cp)) {
                push(TokenKind::Number, i_, j, norm.view());
                i_ = j;
                return;
            }
        }
        // Letters and digits, with inner apostrophes and hyphens.
        char32_t prev = 0;
        std::uint32_t run = 0;
        bool elongated = false;
        while (j < s_.size()) {
            const auto d = peek(j);
            const char32_t c = d.cp;
            if (is_letter(c) || is_digit(c)) {
                if (is_digit(c)) {
                    digits = true;
                } else {
                    letters = true;
                    ++letter_count;
                    if (is_upper(c)) {
                        upper = true;
                        if (letter_count == 1) first_upper = true;
                    } else if (is_lower(c)) {
                        lowercase = true;
                    }
                }
                const char32_t lc = lower(c);
                run = (lc == prev) ? run + 1 : 1;
                prev = lc;
                if (run >= 3 && !is_digit(c)) {
                    elongated = true;
                } else {
                    norm.append_cp(lc);
                }
                j += d.len;
            } else if ((is_apostrophe(c) || c == '-') && j + d.len < s_.size() && j > i_) {
                const auto n = peek(j + d.len);
                if (!(is_letter(n.cp) || is_digit(n.cp))) break;
                norm.push_back(c == '-' ? '-' : '\'');
                prev = 0;
                run = 0;
                j += d.len;
            } else {
                break;
            }
        }
        if (j == i_) { // not a word character after all: emit as a single symbol
            const auto d = peek(i_);
            push(TokenKind::Symbol, i_, i_ + d.len, s_.substr(i_, d.len));
            i_ += d.len;
            return;
        }
        std::uint8_t flags = 0;
        if (digits) flags |= token_flags::kHasDigit;
        if (elongated) flags |= token_flags::kElongated;
        if (letters && upper && !lowercase && letter_count >= 2 && !digits) flags |= token_flags::kAllCaps;
        if (first_upper && lowercase) flags |= token_flags::kCapitalized;
        if (letters) {
            ++out_.stats.words;
            if ((flags & token_flags::kAllCaps) && letter_count >= 3) ++out_.stats.caps_words;
            if (elongated) ++out_.stats.elongated_words;
        }
        push(letters ? TokenKind::Word : TokenKind::Number, i_, j, norm.view(), flags);
        i_ = j;
    }

    void scan_punct_run() {
        std::size_t j = i_;
        std::uint32_t bangs = 0, run_bangs = 0, questions = 0;
        while (j < s_.size() && (s_[j] == '!' || s_[j] == '?')) {
            if (s_[j] == '!') {
                ++bangs;
                ++run_bangs;
            } else {
                ++questions;
            }
            ++j;
        }
        out_.stats.exclamations += bangs;
        out_.stats.question_marks += questions;
        if (bangs >= 2) ++out_.stats.exclamation_runs;
        out_.stats.max_exclamations = std::max(out_.stats.max_exclamations, run_bangs);
        push(TokenKind::Punct, i_, j, s_.substr(i_, j - i_));
        i_ = j;
    }

    void step() {
        const auto d = peek(i_);
        const char32_t c = d.cp;
        if (c == utf8::kReplacement && d.len == 1) {
            ++out_.stats.invalid_utf8;
            i_ += 1;
            return;
        }
        if (is_space(c) || c == 0x200B || c == 0xFEFF || c < 0x20 || c == 0x7F) {
            i_ += d.len;
            return;
        }
        if (c == '@') {
            if (i_ + 1 < s_.size() && (is_letter(peek(i_ + 1).cp) || is_digit(peek(i_ + 1).cp) || s_[i_ + 1] == '_') &&
                boundary_before(s_, i_)) {
                scan_handle_or_hashtag(TokenKind::Handle);
            } else {
                push(TokenKind::Symbol, i_, i_ + 1, "@");
                ++i_;
            }
            return;
        }
        if (c == '#') {
            scan_handle_or_hashtag(TokenKind::Hashtag);
            return;
        }
        if (c == ':' || c == ';' || c == '<' || c == '>' || c == '^' || c == '=' || c == '-' || c == 'T' || c == 'X' ||
            c == 'x') {
            if (try_emoticon()) return;
        }
        if (is_ascii_alnum(c) && may_be_url_or_email(c)) {
            if (try_url() || try_email()) return;
        }
        if (is_emoji_base(c) || is_regional_indicator(c)) {
            scan_emoji();
            return;
        }
        if (is_letter(c) || is_digit(c)) {
            scan_number_or_word();
            return;
        }
        if (c == '!' || c == '?') {
            scan_punct_run();
            return;
        }
        if (is_emoji_modifier(c) || c == 0x200D) { // stray modifier: skip
            i_ += d.len;
            return;
        }
        const bool symbol = is_currency(c) || c == '%' || c == '&' || c == '+' || c == '=' || c == '*' || c == '/' ||
                            c == '<' || c == '>' || c == '^' || c == '~' || c == '|' || c == '\\' || c == '`';
        std::string_view norm;
        if (c == 0x2018 || c == 0x2019) norm = "'";
        else if (c == 0x201C || c == 0x201D) norm = "\"";
        else if (c == 0x2026) norm = "...";
        else norm = s_.substr(i_, d.len);
        push(symbol ? TokenKind::Symbol : TokenKind::Punct, i_, i_ + d.len, norm);
        i_ += d.len;
    }
};

} // namespace

Tokenized tokenize(std::string_view text) {
    Tokenized out;
    Scanner(text, out).run();
    return out;
}

void tokenize_into(std::string_view text, Tokenized& out) { Scanner(text, out).run(); }

Tokenized tokenize_with_suffix(const Tokenized& tk, std::string_view text, std::string_view words) {
    Tokenized out;
    tokenize_with_suffix_into(tk, text, words, out);
    return out;
}

bool tokenize_suffix_is_separate(std::string_view text, std::string_view words) noexcept {
    bool plain = true;
    for (char c : words)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ')) plain = false;
    // The last byte of text must not be able to start a token that continues past a space: an incomplete UTF-8
    // sequence at the very end is the one case where the text alone and the text + " ..." decode differently.
    std::size_t tail = text.size();
    while (tail > 0 && tail + 4 > text.size() && (static_cast<unsigned char>(text[tail - 1]) & 0xC0) == 0x80) --tail;
    if (tail > 0 && static_cast<unsigned char>(text[tail - 1]) >= 0xC0) {
        const unsigned char lead = static_cast<unsigned char>(text[tail - 1]);
        const std::size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        if (text.size() - (tail - 1) < need) plain = false;
    }
    return plain;
}

const Tokenized& tokenize_words_memo(std::string_view words) {
    // The same marker strings come back again and again: remember their tokenisations (bounded, per thread).
    thread_local std::unordered_map<std::string, Tokenized> memo;
    thread_local std::string key;
    key.assign(words.data(), words.size());
    auto it = memo.find(key);
    if (it == memo.end()) {
        if (memo.size() >= 4096) memo.clear();
        it = memo.emplace(key, tokenize(words)).first;
    }
    return it->second;
}

void tokenize_with_suffix_into(const Tokenized& tk, std::string_view text, std::string_view words, Tokenized& out) {
    if (!tokenize_suffix_is_separate(text, words)) {
        std::string joined(text);
        joined += ' ';
        joined += words;
        tokenize_into(joined, out);
        return;
    }
    const Tokenized& more = tokenize_words_memo(words);
    out.tokens.assign(tk.tokens.begin(), tk.tokens.end());
    out.stats = tk.stats;
    const auto off = static_cast<std::uint32_t>(text.size() + 1);
    out.tokens.reserve(out.tokens.size() + more.tokens.size());
    for (const Token& t : more.tokens) {
        out.tokens.push_back(t);
        out.tokens.back().begin += off;
        out.tokens.back().end += off;
    }
    TextStats& a = out.stats;
    const TextStats& b = more.stats;
    a.words += b.words;
    a.caps_words += b.caps_words;
    a.elongated_words += b.elongated_words;
    a.exclamation_runs += b.exclamation_runs;
    a.max_exclamations = std::max(a.max_exclamations, b.max_exclamations);
    a.exclamations += b.exclamations;
    a.question_marks += b.question_marks;
    a.emoji += b.emoji;
    a.emoticons += b.emoticons;
    a.handles += b.handles;
    a.hashtags += b.hashtags;
    a.urls += b.urls;
    a.invalid_utf8 += b.invalid_utf8;
}

std::string collapse_repeats(std::string_view word, std::size_t max_run) {
    std::string out;
    out.reserve(word.size());
    std::size_t run = 0;
    char prev = 0;
    for (char c : word) {
        run = (c == prev) ? run + 1 : 1;
        prev = c;
        if (run <= max_run || !is_ascii_alpha(static_cast<unsigned char>(c))) out.push_back(c);
    }
    return out;
}

std::string to_lower(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
            ++i;
            continue;
        }
        const auto d = utf8::decode(text, i);
        if (d.cp == utf8::kReplacement && d.len == 1) {
            utf8::append(out, utf8::kReplacement);
        } else {
            utf8::append(out, lower(d.cp));
        }
        i += d.len;
    }
    return out;
}

} // namespace earshot
