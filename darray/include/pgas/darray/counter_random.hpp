// Counter-based random numbers: the value at a global index depends only on (seed, index),
// so every rank count and every map gives the same global array (Philox4x32-10, Random123).
#pragma once

#include <cstdint>

namespace pgas {

/// Uniform in [0, 1) with 53 random bits. Local.
double counter_uniform(std::uint64_t seed, std::uint64_t index) noexcept;
/// Standard normal (Box-Muller on two independent uniforms of the same counter). Local.
double counter_normal(std::uint64_t seed, std::uint64_t index) noexcept;

/// out[j] = counter_uniform(seed, first + j) for 0 <= j < n: the same values, many counters at
/// a time (SIMD lanes), which is what makes rand as fast as NumPy's generator. Local.
void counter_uniform_fill(std::uint64_t seed, std::uint64_t first, std::int64_t n,
                          double* out) noexcept;
/// The same, rounded to float (as static_cast<float>(counter_uniform(...))). Local.
void counter_uniform_fill(std::uint64_t seed, std::uint64_t first, std::int64_t n,
                          float* out) noexcept;

}  // namespace pgas
