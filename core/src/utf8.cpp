#include "earshot/utf8.hpp"

namespace earshot::utf8 {

Decoded decode_multibyte(std::string_view s, std::size_t i) noexcept {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) return {b0, 1};
    auto cont = [&](std::size_t k) -> int {
        if (i + k >= s.size()) return -1;
        const auto b = static_cast<unsigned char>(s[i + k]);
        return (b & 0xC0) == 0x80 ? (b & 0x3F) : -1;
    };
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        const int c1 = cont(1);
        if (c1 < 0) return {kReplacement, 1};
        return {static_cast<char32_t>(((b0 & 0x1F) << 6) | c1), 2};
    }
    if (b0 >= 0xE0 && b0 <= 0xEF) {
        const int c1 = cont(1), c2 = cont(2);
        if (c1 < 0 || c2 < 0) return {kReplacement, 1};
        const char32_t cp = ((b0 & 0x0F) << 12) | (c1 << 6) | c2;
        if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) return {kReplacement, 1};
        return {cp, 3};
    }
    if (b0 >= 0xF0 && b0 <= 0xF4) {
        const int c1 = cont(1), c2 = cont(2), c3 = cont(3);
        if (c1 < 0 || c2 < 0 || c3 < 0) return {kReplacement, 1};
        const char32_t cp = ((b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3;
        if (cp < 0x10000 || cp > 0x10FFFF) return {kReplacement, 1};
        return {cp, 4};
    }
    return {kReplacement, 1};
}

void append_multibyte(std::string& out, char32_t cp) {
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = kReplacement;
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

bool valid(std::string_view s) noexcept {
    for (std::size_t i = 0; i < s.size();) {
        const auto d = decode(s, i);
        if (d.cp == kReplacement && !(d.len == 3 && s.substr(i, 3) == "\xEF\xBF\xBD")) return false;
        i += d.len;
    }
    return true;
}

std::string sanitize(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const auto d = decode(s, i);
        if (d.cp == kReplacement && d.len == 1) {
            append(out, kReplacement);
        } else {
            out.append(s.substr(i, d.len));
        }
        i += d.len;
    }
    return out;
}

std::size_t length(std::string_view s) noexcept {
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size(); ++n) i += decode(s, i).len;
    return n;
}

} // namespace earshot::utf8
