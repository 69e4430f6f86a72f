#pragma once
// FNV-1a over bytes, 64-bit: the one string hash behind the core's internal tables, phrase lookups and the
// drafter's deterministic variation. The basis is the value these were built with (it is not FNV's published
// 14695981039346656037); keep it, since the drafter's wording choices and insights' map order depend on it.

#include <cstdint>
#include <string_view>

namespace earshot::detail {

inline constexpr std::uint64_t kFnvBasis = 1469598103934665603ULL;
inline constexpr std::uint64_t kFnvPrime = 1099511628211ULL;

inline std::uint64_t fnv1a(std::string_view s, std::uint64_t h = kFnvBasis) noexcept {
    for (unsigned char c : s) {
        h ^= c;
        h *= kFnvPrime;
    }
    return h;
}

} // namespace earshot::detail
