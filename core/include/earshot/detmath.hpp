#pragma once
// Deterministic math: exp and log computed with + - * / and exact bit manipulation only, so native (glibc) and
// WebAssembly (musl) builds give bit-identical results. libm's exp/log/pow may differ in the last ulp between the
// two and must never decide a printed value or a trained model. Accuracy: within a few ulp of the true value.

namespace earshot {

/// e^x. Returns +inf above ~709.78, 0 below ~-745.13, NaN for NaN.
double det_exp(double x) noexcept;
/// Natural logarithm. Returns -inf for 0, NaN for negative or NaN, +inf for +inf.
double det_log(double x) noexcept;
/// 1 / (1 + e^-x), deterministic.
double det_sigmoid(double x) noexcept;

} // namespace earshot
