#include "pgas/darray/counter_random.hpp"

#include <Random123/philox.h>

#include <cmath>

namespace pgas {
namespace {

r123::Philox4x32::ctr_type draw(std::uint64_t seed, std::uint64_t index) noexcept {
  r123::Philox4x32 rng;
  const r123::Philox4x32::ctr_type ctr = {
      {static_cast<std::uint32_t>(index), static_cast<std::uint32_t>(index >> 32), 0u, 0u}};
  const r123::Philox4x32::key_type key = {
      {static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
  return rng(ctr, key);
}

// 53 bits of two 32-bit words as a double in [0, 1).
double to_unit(std::uint32_t hi, std::uint32_t lo) noexcept {
  const std::uint64_t bits = (static_cast<std::uint64_t>(hi) << 32 | lo) >> 11;
  return static_cast<double>(bits) * 0x1.0p-53;
}

}  // namespace

double counter_uniform(std::uint64_t seed, std::uint64_t index) noexcept {
  const auto r = draw(seed, index);
  return to_unit(r[0], r[1]);
}

double counter_normal(std::uint64_t seed, std::uint64_t index) noexcept {
  const auto r = draw(seed, index);
  const double u1 = 1.0 - to_unit(r[0], r[1]);  // (0, 1]: log is finite
  const double u2 = to_unit(r[2], r[3]);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

}  // namespace pgas
