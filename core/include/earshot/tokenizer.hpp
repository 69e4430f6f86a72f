#pragma once
// Social-media-aware tokenizer and normaliser.
//
// Keeps @handles, #hashtags, URLs, e-mail addresses, emoji (including ZWJ sequences, skin tones and flags)
// and ASCII emoticons as single tokens; records ALL-CAPS words, elongations ("sooooo") and runs of "!!!".
// Never fails: invalid UTF-8 is treated as U+FFFD, any input size is accepted.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace earshot {

enum class TokenKind : std::uint8_t {
    Word,     ///< letters/digits with inner apostrophes or hyphens ("don't", "check-in", "ua1234")
    Number,   ///< digits with inner separators ("45", "1,200.50", "10:30", "24/7")
    Handle,   ///< "@united"
    Hashtag,  ///< "#fail"
    Url,      ///< "https://t.co/x", "www.example.com", "bit.ly/abc"
    Email,    ///< "jane@example.com"
    Emoji,    ///< one emoji sequence ("😡", "👍🏽", "🇬🇧", "👨‍👩‍👧")
    Emoticon, ///< ":)", ":-(", "<3", "XD"
    Punct,    ///< a punctuation character, or a run of !/? ("!!!", "?!")
    Symbol,   ///< other symbols ("$", "€", "%", "#", "&")
};

const char* to_string(TokenKind kind) noexcept;

namespace token_flags {
inline constexpr std::uint8_t kAllCaps = 1;   ///< two or more letters, no lowercase letters and no digits
inline constexpr std::uint8_t kElongated = 2; ///< a letter repeated three or more times ("sooo")
inline constexpr std::uint8_t kHasDigit = 4;  ///< a word containing digits ("ua1234", "3rd")
inline constexpr std::uint8_t kCapitalized = 8; ///< first letter uppercase, rest not all uppercase
} // namespace token_flags

struct Token {
    TokenKind kind = TokenKind::Word;
    std::uint32_t begin = 0; ///< byte offset of the token in the original text
    std::uint32_t end = 0;   ///< one past the last byte
    std::uint8_t flags = 0;
    /// Normalised form: lowercase, curly quotes made straight, letter runs of 3+ collapsed to 2 ("sooooo" -> "soo").
    /// URLs and e-mails are kept verbatim (lowercased host not attempted); emoji and emoticons verbatim.
    std::string norm;
    /// 64-bit FNV-1a of norm (offset basis 14695981039346656037, prime 1099511628211): computed once here so every
    /// consumer (classifier features, category stems, entity names, insights grouping) can key words without
    /// hashing them again. Equal norms have equal hashes; compare norm too when a collision would matter.
    std::uint64_t hash = 0;

    bool all_caps() const noexcept { return flags & token_flags::kAllCaps; }
    bool elongated() const noexcept { return flags & token_flags::kElongated; }
    bool has_digit() const noexcept { return flags & token_flags::kHasDigit; }
    std::string_view raw(std::string_view text) const noexcept { return text.substr(begin, end - begin); }
};

/// Counts over a whole text, gathered while tokenising.
struct TextStats {
    std::uint32_t words = 0;            ///< Word tokens containing at least one letter
    std::uint32_t caps_words = 0;       ///< ALL-CAPS words of three or more letters
    std::uint32_t elongated_words = 0;
    std::uint32_t exclamation_runs = 0; ///< runs of two or more '!'
    std::uint32_t max_exclamations = 0; ///< longest run of '!'
    std::uint32_t exclamations = 0;     ///< total '!'
    std::uint32_t question_marks = 0;
    std::uint32_t emoji = 0;
    std::uint32_t emoticons = 0;
    std::uint32_t handles = 0;
    std::uint32_t hashtags = 0;
    std::uint32_t urls = 0;
    std::uint32_t invalid_utf8 = 0;     ///< bytes that were not valid UTF-8

    /// Shouting: at least three ALL-CAPS words, or most words (of at least three) in capitals.
    bool shouting() const noexcept {
        return caps_words >= 3 || (words >= 3 && caps_words * 2 > words);
    }
};

struct Tokenized {
    std::vector<Token> tokens;
    TextStats stats;
};

/// Tokenises text. Total: never throws except std::bad_alloc.
Tokenized tokenize(std::string_view text);
/// out = tokenize(text), reusing out's storage (no allocation once warm, except for tokens longer than 15 bytes).
void tokenize_into(std::string_view text, Tokenized& out);

/// tokenize(text + ' ' + words) given tk = tokenize(text) and text.size(): whitespace ends every token, so only
/// `words` is tokenised and its tokens appended (offsets shifted). `words` must be space-separated ASCII words
/// (e.g. the triage marker words "xxvneg2 xxcue1"); anything else falls back to tokenising the whole string.
Tokenized tokenize_with_suffix(const Tokenized& tk, std::string_view text, std::string_view words);
/// out = tokenize_with_suffix(tk, text, words), reusing out's storage (out must not be tk).
void tokenize_with_suffix_into(const Tokenized& tk, std::string_view text, std::string_view words, Tokenized& out);
/// True when tokenize(text + ' ' + words) is tokenize(text) followed by tokenize(words) (offsets shifted): words
/// are space-separated lowercase ASCII words and text does not end inside a UTF-8 sequence.
bool tokenize_suffix_is_separate(std::string_view text, std::string_view words) noexcept;
/// tokenize(words), remembered per thread for strings that repeat (bounded); valid until the next call.
const Tokenized& tokenize_words_memo(std::string_view words);

/// Collapses every run of the same character longer than max_run to max_run characters (ASCII letters only).
std::string collapse_repeats(std::string_view word, std::size_t max_run);

/// Lowercases ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic capitals; other bytes unchanged.
std::string to_lower(std::string_view text);

} // namespace earshot
