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

/// Decodes the code point starting at s[i]. Requires i < s.size().
Decoded decode(std::string_view s, std::size_t i) noexcept;

/// Appends the UTF-8 encoding of cp to out (invalid code points become U+FFFD).
void append(std::string& out, char32_t cp);

/// True when s is well-formed UTF-8.
bool valid(std::string_view s) noexcept;

/// Returns s with every invalid sequence replaced by U+FFFD.
std::string sanitize(std::string_view s);

/// Number of code points (invalid bytes count as one each).
std::size_t length(std::string_view s) noexcept;

} // namespace earshot::utf8
