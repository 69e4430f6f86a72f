#include "earshot/detmath.hpp"

#include <cstring>
#include <cstdint>
#include <limits>

namespace earshot {
namespace {

/// std::bit_cast is missing from Emscripten 3.1.6's libc++.
template <class To, class From>
To bit_cast(const From& from) noexcept {
    static_assert(sizeof(To) == sizeof(From));
    To to;
    std::memcpy(&to, &from, sizeof(To));
    return to;
}


constexpr double kLn2Hi = 6.93147180369123816490e-01; // upper bits of ln 2 (exact times small integers)
constexpr double kLn2Lo = 1.90821492927058770002e-10; // ln 2 - kLn2Hi
constexpr double kLog2e = 1.44269504088896338700e+00;

/// 2^k for k in [-1022, 1023] built from the bit pattern.
double pow2(int k) noexcept {
    return bit_cast<double>(static_cast<std::uint64_t>(k + 1023) << 52);
}

/// floor for |x| < 2^52 without libm.
double floor_small(double x) noexcept {
    const double t = static_cast<double>(static_cast<std::int64_t>(x));
    return t > x ? t - 1.0 : t;
}

} // namespace

double det_exp(double x) noexcept {
    if (x != x) return x;
    if (x > 709.782712893384) return std::numeric_limits<double>::infinity();
    if (x < -745.1332191019412) return 0.0;
    // x = k ln2 + r, |r| <= ln2/2
    const double kf = floor_small(x * kLog2e + 0.5);
    const int k = static_cast<int>(kf);
    const double r = (x - kf * kLn2Hi) - kf * kLn2Lo;
    // Taylor series of e^r to degree 13 (|r| <= 0.347: truncation error < 1e-17 relative).
    double p = 1.0 / 6227020800.0;
    p = p * r + 1.0 / 479001600.0;
    p = p * r + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    if (k > 1023) return p * pow2(1023) * pow2(k - 1023);
    if (k < -1022) return p * pow2(-1022) * pow2(k + 1022);
    return p * pow2(k);
}

double det_log(double x) noexcept {
    if (x != x || x < 0) return std::numeric_limits<double>::quiet_NaN();
    if (x == 0) return -std::numeric_limits<double>::infinity();
    if (x == std::numeric_limits<double>::infinity()) return x;
    int e = 0;
    if (x < 2.2250738585072014e-308) { // subnormal: scale up first
        x *= 18014398509481984.0;     // 2^54
        e = -54;
    }
    std::uint64_t bits = bit_cast<std::uint64_t>(x);
    e += static_cast<int>((bits >> 52) & 0x7ff) - 1023;
    bits = (bits & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL; // mantissa in [1, 2)
    double m = bit_cast<double>(bits);
    if (m > 1.4142135623730951) {
        m *= 0.5;
        ++e;
    }
    // log m = 2 atanh(s), s = (m-1)/(m+1), |s| <= 0.1716
    const double s = (m - 1.0) / (m + 1.0);
    const double s2 = s * s;
    double p = 1.0 / 23.0;
    p = p * s2 + 1.0 / 21.0;
    p = p * s2 + 1.0 / 19.0;
    p = p * s2 + 1.0 / 17.0;
    p = p * s2 + 1.0 / 15.0;
    p = p * s2 + 1.0 / 13.0;
    p = p * s2 + 1.0 / 11.0;
    p = p * s2 + 1.0 / 9.0;
    p = p * s2 + 1.0 / 7.0;
    p = p * s2 + 1.0 / 5.0;
    p = p * s2 + 1.0 / 3.0;
    p = p * s2 + 1.0;
    return static_cast<double>(e) * kLn2Hi + (2.0 * s * p + static_cast<double>(e) * kLn2Lo);
}

double det_sigmoid(double x) noexcept {
    if (x >= 0) return 1.0 / (1.0 + det_exp(-x));
    const double z = det_exp(x);
    return z / (1.0 + z);
}

} // namespace earshot
