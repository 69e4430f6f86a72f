#include "earshot/tokenizer.hpp"
#include "earshot/utf8.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

using namespace earshot;

namespace {
struct Tok {
    TokenKind kind;
    std::string text;
};
std::vector<Tok> toks(std::string_view s) {
    std::vector<Tok> out;
    for (const auto& t : tokenize(s).tokens) out.push_back({t.kind, std::string(t.raw(s))});
    return out;
}
const Token* find(const Tokenized& t, std::string_view text, std::string_view raw) {
    for (const auto& tok : t.tokens)
        if (tok.raw(text) == raw) return &tok;
    return nullptr;
}
} // namespace

TEST_CASE("handles, hashtags, urls and e-mails are single tokens", "[tokenizer]") {
    const std::string s = "@United_Air #fail see https://t.co/AbC123, www.example.com/x and bit.ly/xyz or mail jo.b+1@mail.example.co.uk.";
    const auto t = tokenize(s);
    REQUIRE(find(t, s, "@United_Air"));
    CHECK(find(t, s, "@United_Air")->kind == TokenKind::Handle);
    CHECK(find(t, s, "@United_Air")->norm == "@united_air");
    CHECK(find(t, s, "#fail")->kind == TokenKind::Hashtag);
    REQUIRE(find(t, s, "https://t.co/AbC123"));
    CHECK(find(t, s, "https://t.co/AbC123")->kind == TokenKind::Url);
    CHECK(find(t, s, "www.example.com/x")->kind == TokenKind::Url);
    CHECK(find(t, s, "bit.ly/xyz")->kind == TokenKind::Url);
    REQUIRE(find(t, s, "jo.b+1@mail.example.co.uk"));
    CHECK(find(t, s, "jo.b+1@mail.example.co.uk")->kind == TokenKind::Email);
    CHECK(t.stats.handles == 1);
    CHECK(t.stats.hashtags == 1);
    CHECK(t.stats.urls == 3);
}

TEST_CASE("a bare # or @ before digits is a symbol, not a hashtag", "[tokenizer]") {
    const auto v = toks("order #12345 @ 5pm");
    REQUIRE(v.size() == 5);
    CHECK(v[1].kind == TokenKind::Symbol);
    CHECK(v[1].text == "#");
    CHECK(v[2].kind == TokenKind::Number);
    CHECK(v[2].text == "12345");
    CHECK(v[3].kind == TokenKind::Symbol);
    CHECK(v[4].text == "5pm");
}

TEST_CASE("emoji sequences stay whole", "[tokenizer]") {
    const std::string s = "ugh 😡😡 👍🏽 🇬🇧 👨‍👩‍👧 ❤️ done";
    const auto t = tokenize(s);
    std::vector<std::string> emoji;
    for (const auto& tok : t.tokens)
        if (tok.kind == TokenKind::Emoji) emoji.emplace_back(tok.raw(s));
    REQUIRE(emoji.size() == 6);
    CHECK(emoji[0] == "😡");
    CHECK(emoji[1] == "😡");
    CHECK(emoji[2] == "👍🏽");
    CHECK(emoji[3] == "🇬🇧");
    CHECK(emoji[4] == "👨‍👩‍👧");
    CHECK(emoji[5] == "❤️");
    CHECK(t.stats.emoji == 6);
}

TEST_CASE("emoticons are recognised at word boundaries only", "[tokenizer]") {
    const auto v = toks("thanks :) but :-( and <3 XD; not in http://x.io/:D or a:b");
    std::vector<std::string> emo;
    for (const auto& t : v)
        if (t.kind == TokenKind::Emoticon) emo.push_back(t.text);
    CHECK(emo == std::vector<std::string>{":)", ":-(", "<3", "XD"});
}

TEST_CASE("ALL-CAPS words, elongations and exclamation runs are recorded", "[tokenizer]") {
    const std::string s = "This is sooooo BAD, WORST airline EVER!!! Why??? ok!";
    const auto t = tokenize(s);
    CHECK(t.stats.caps_words == 3); // BAD, WORST, EVER
    CHECK(t.stats.shouting());
    CHECK(t.stats.elongated_words == 1);
    CHECK(t.stats.exclamation_runs == 1);
    CHECK(t.stats.max_exclamations == 3);
    CHECK(t.stats.exclamations == 4);
    CHECK(t.stats.question_marks == 3);
    const auto* so = find(t, s, "sooooo");
    REQUIRE(so);
    CHECK(so->elongated());
    CHECK(so->norm == "soo");
    CHECK(collapse_repeats(so->norm, 1) == "so");
    CHECK(find(t, s, "BAD")->all_caps());
    CHECK(find(t, s, "BAD")->norm == "bad");
    CHECK_FALSE(find(t, s, "This")->all_caps());
}

TEST_CASE("a calm sentence is not shouting", "[tokenizer]") {
    CHECK_FALSE(tokenize("My flight UA 1234 to NYC was delayed by an hour.").stats.shouting());
    CHECK_FALSE(tokenize("OK thanks").stats.shouting());
}

TEST_CASE("words keep inner apostrophes and hyphens; numbers keep separators", "[tokenizer]") {
    const auto v = toks("don’t re-book the 10:30 flight, it cost $1,200.50 (24/7 help) UA1234");
    CHECK(v[0].text == "don’t");
    CHECK(tokenize("don’t").tokens[0].norm == "don't");
    CHECK(v[1].text == "re-book");
    CHECK(v[3].text == "10:30");
    CHECK(v[3].kind == TokenKind::Number);
    bool money = false;
    for (std::size_t i = 0; i + 1 < v.size(); ++i)
        if (v[i].text == "$" && v[i].kind == TokenKind::Symbol && v[i + 1].text == "1,200.50") money = true;
    CHECK(money);
    CHECK(v.back().text == "UA1234");
    CHECK(tokenize("UA1234").tokens[0].has_digit());
}

TEST_CASE("offsets point into the original text", "[tokenizer]") {
    const std::string s = "  Héllo   WÖRLD 😡 !!";
    for (const auto& tok : tokenize(s).tokens) {
        REQUIRE(tok.end <= s.size());
        REQUIRE(tok.begin < tok.end);
    }
    const auto t = tokenize(s);
    CHECK(t.tokens[0].norm == "héllo");
    CHECK(t.tokens[1].norm == "wörld");
    CHECK(t.tokens[1].all_caps());
}

TEST_CASE("invalid UTF-8 never crashes and is counted", "[tokenizer]") {
    const std::string s = "bad \xC3 byte \xFF\xFE and \xE2\x82 cut \xF0\x9F\x98";
    const auto t = tokenize(s);
    CHECK(t.stats.invalid_utf8 >= 4);
    for (const auto& tok : t.tokens) CHECK(utf8::valid(tok.norm));
    CHECK(find(t, s, "byte"));
}

TEST_CASE("empty and whitespace-only input give no tokens", "[tokenizer]") {
    CHECK(tokenize("").tokens.empty());
    CHECK(tokenize(" \t\n  ").tokens.empty());
}

TEST_CASE("a 1 MB input and random bytes are handled", "[tokenizer]") {
    std::string big;
    while (big.size() < (1u << 20)) big += "WHY is my ORDER #123 still missing?!?! sooooo angry 😡 https://x.co/a ";
    const auto t = tokenize(big);
    CHECK(t.tokens.size() > 100000);
    CHECK(t.stats.emoji > 10000);

    std::mt19937 rng(42);
    for (int round = 0; round < 200; ++round) {
        std::string junk(static_cast<std::size_t>(rng() % 4096), '\0');
        for (auto& c : junk) c = static_cast<char>(rng() & 0xFF);
        const auto r = tokenize(junk);
        for (const auto& tok : r.tokens) REQUIRE(tok.end <= junk.size());
    }
}

TEST_CASE("utf8 helpers", "[utf8]") {
    CHECK(utf8::valid("héllo 😡"));
    CHECK_FALSE(utf8::valid("\xC3("));
    CHECK(utf8::sanitize("a\xFFz") == "a\xEF\xBF\xBDz");
    CHECK(utf8::length("héllo 😡") == 7);
    CHECK(to_lower("ÀÉÎ ΑΒΓ АБВ Ünïcode") == "àéî αβγ абв ünïcode");
}

namespace {
bool same_tokens(const Tokenized& a, const Tokenized& b) {
    if (a.tokens.size() != b.tokens.size()) return false;
    for (std::size_t i = 0; i < a.tokens.size(); ++i) {
        const Token& x = a.tokens[i];
        const Token& y = b.tokens[i];
        if (x.kind != y.kind || x.begin != y.begin || x.end != y.end || x.flags != y.flags || x.norm != y.norm) return false;
    }
    const TextStats& s = a.stats;
    const TextStats& t = b.stats;
    return s.words == t.words && s.caps_words == t.caps_words && s.elongated_words == t.elongated_words &&
           s.exclamation_runs == t.exclamation_runs && s.max_exclamations == t.max_exclamations &&
           s.exclamations == t.exclamations && s.question_marks == t.question_marks && s.emoji == t.emoji &&
           s.emoticons == t.emoticons && s.handles == t.handles && s.hashtags == t.hashtags && s.urls == t.urls &&
           s.invalid_utf8 == t.invalid_utf8;
}
} // namespace

TEST_CASE("tokenize_with_suffix equals tokenising the joined text", "[tokenizer]") {
    const std::string words = "xxvneg2 xxrneg3 xxcue1 xxshout";
    std::vector<std::string> texts = {"", " ", "still waiting!!!", "WHERE IS MY ORDER", "ends with an emoji 😡",
                                      "ends mid-emoji \xF0\x9F\x98", "stray \x80", "lead \xC3", "http://x.co/a.",
                                      "mail me: jo@x.com", "@", "#", ":", ":-", "<", "check-", "don'", "sooooo",
                                      "👨‍👩‍👧", "👨\xE2\x80\x8D", "tab\t", "a\xE2\x80\xA8", "$", "10:", "1,", "x."};
    std::mt19937 rng(7);
    const std::string alphabet = "aZ9 !?@#:-'./\t\x80\xC3\xE2\xF0\x9F\x98\xA1";
    for (int n = 0; n < 3000; ++n) {
        std::string t;
        const int len = static_cast<int>(rng() % 12);
        for (int k = 0; k < len; ++k) t.push_back(alphabet[rng() % alphabet.size()]);
        texts.push_back(t);
    }
    for (const std::string& t : texts) {
        INFO(t);
        CHECK(same_tokens(tokenize_with_suffix(tokenize(t), t, words), tokenize(t + " " + words)));
    }
    // Not plain marker words: still correct (falls back to a full tokenisation).
    CHECK(same_tokens(tokenize_with_suffix(tokenize("hi"), "hi", "@you #TAG"), tokenize("hi @you #TAG")));
}

TEST_CASE("tokens carry the 64-bit FNV-1a hash of their normal form, and tokenize_into reuses storage", "[tokenizer]") {
    auto fnv = [](std::string_view s) {
        std::uint64_t h = 14695981039346656037ULL;
        for (unsigned char c : s) {
            h ^= c;
            h *= 1099511628211ULL;
        }
        return h;
    };
    const Tokenized a = tokenize("Sooooo ANGRY @Acme #fail 😡 https://t.co/x my order 1,200.50 isn't here!!!");
    REQUIRE(a.tokens.size() > 8);
    for (const Token& t : a.tokens) CHECK(t.hash == fnv(t.norm));
    CHECK(tokenize("sooo").tokens[0].hash == tokenize("SOOOOOO").tokens[0].hash);
    Tokenized reused = tokenize("a much longer text that leaves many tokens behind in the reused result");
    tokenize_into("Sooooo ANGRY @Acme #fail 😡 https://t.co/x my order 1,200.50 isn't here!!!", reused);
    REQUIRE(reused.tokens.size() == a.tokens.size());
    for (std::size_t i = 0; i < a.tokens.size(); ++i) {
        CHECK(reused.tokens[i].norm == a.tokens[i].norm);
        CHECK(reused.tokens[i].hash == a.tokens[i].hash);
        CHECK(reused.tokens[i].kind == a.tokens[i].kind);
        CHECK(reused.tokens[i].flags == a.tokens[i].flags);
    }
    CHECK(reused.stats.words == a.stats.words);
    CHECK(reused.stats.caps_words == a.stats.caps_words);
}
