#pragma once
// UTF-8 decoding that never fails: invalid sequences decode to U+FFFD and consume one byte.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace earshot::utf8 {

inline constexpr char32_t kReplacement = 0xFFFD;

struct Decoded {
    char32_t cp;      ///< code point, or kReplacement for an invalid sequence
    std::uint8_t len; ///< bytes consumed (1..4, never 0)
};

/// decode() of a multi-byte (or invalid) sequence; use decode().
Decoded decode_multibyte(std::string_view s, std::size_t i) noexcept;
/// append() of a code point >= 0x80; use append().
void append_multibyte(std::string& out, char32_t cp);

/// Decodes the code point starting at s[i]. Requires i < s.size().
inline Decoded decode(std::string_view s, std::size_t i) noexcept {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) return {b0, 1}; // ASCII inline: most text is
    return decode_multibyte(s, i);
}

/// Appends the UTF-8 encoding of cp to out (invalid code points become U+FFFD).
inline void append(std::string& out, char32_t cp) {
    if (cp < 0x80) out.push_back(static_cast<char>(cp));
    else append_multibyte(out, cp);
}

/// True when s is well-formed UTF-8.
bool valid(std::string_view s) noexcept;

/// Returns s with every invalid sequence replaced by U+FFFD.
std::string sanitize(std::string_view s);

/// Number of code points (invalid bytes count as one each).
std::size_t length(std::string_view s) noexcept;

} // namespace earshot::utf8
