// Counter-based random numbers: the value at a global index depends only on (seed, index),
// so every rank count and every map gives the same global array (Philox4x32-10, Random123).
#pragma once

#include <cstdint>

namespace pgas {

/// Uniform in [0, 1) with 53 random bits. Local.
double counter_uniform(std::uint64_t seed, std::uint64_t index) noexcept;
/// Standard normal (Box-Muller on two independent uniforms of the same counter). Local.
double counter_normal(std::uint64_t seed, std::uint64_t index) noexcept;

}  // namespace pgas
