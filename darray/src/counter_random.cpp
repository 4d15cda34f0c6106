#include "pgas/darray/counter_random.hpp"

#include <Random123/philox.h>

#include <algorithm>
#include <cmath>
#include <cstring>

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

// Philox4x32-10 written so that the compiler turns each round into vector multiplies:
// Random123's constants and round, on many counters at once. The values are
// Random123's exactly (tests compare the two on many indices and seeds).
constexpr std::uint64_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u;
constexpr std::uint64_t kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u;

// A double from an integer below 2^52 without an int-to-double instruction (AVX2 has none for
// 64-bit lanes): put it in the mantissa of 2^52 and subtract 2^52. Exact.
inline double small_to_double(std::uint64_t x) noexcept {
  const std::uint64_t bits = x | 0x4330000000000000ull;
  double d;
  std::memcpy(&d, &bits, sizeof d);
  return d - 0x1.0p52;
}

// Inlined into each clone below, so that it is compiled for that clone's instruction set. Every
// iteration is one independent counter, which GCC's loop vectorizer turns into SIMD lanes (the
// ten rounds unrolled inside). The 32-bit words live in 64-bit lanes: a 32 x 32 -> 64 multiply
// is then one vpmuludq, and no packing or widening is needed between rounds.
template <typename T>
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
inline void
fill_lanes(std::uint64_t seed, std::uint64_t first, std::int64_t n, T* out) noexcept {
  constexpr std::uint64_t kLow32 = 0xFFFFFFFFull;
  const std::uint64_t seed_lo = seed & kLow32, seed_hi = seed >> 32;
  for (std::int64_t j = 0; j < n; ++j) {
    const std::uint64_t g = first + static_cast<std::uint64_t>(j);
    std::uint64_t c0 = g & kLow32, c1 = g >> 32, c2 = 0, c3 = 0;
    std::uint64_t k0 = seed_lo, k1 = seed_hi;
    for (int round = 0; round < 10; ++round) {
      // Only the low 32 bits of a word are the word: the masks sit at the multiplies (where
      // the hardware's 32 x 32 -> 64 multiply ignores the high half anyway) and at the end,
      // not after every XOR.
      const std::uint64_t p0 = kM0 * (c0 & kLow32);
      const std::uint64_t p1 = kM1 * (c2 & kLow32);
      c0 = (p1 >> 32) ^ c1 ^ k0;
      c2 = (p0 >> 32) ^ c3 ^ k1;
      c1 = p1;
      c3 = p0;
      k0 = (k0 + kW0) & kLow32;
      k1 = (k1 + kW1) & kLow32;
    }
    c0 &= kLow32;
    c1 &= kLow32;
    // to_unit's 53 bits, split so that both parts convert exactly: hi * 2^-32 + (lo >> 11) *
    // 2^-53 is the same double as ((hi << 32 | lo) >> 11) * 2^-53.
    out[j] =
        static_cast<T>(small_to_double(c0) * 0x1.0p-32 + small_to_double(c1 >> 11) * 0x1.0p-53);
  }
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

// One build runs on any x86-64; where the CPU has AVX2 or AVX-512 the loader picks the wider
// clone (GCC function multi-versioning). Sanitizer builds keep the single portable version.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && \
    !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define PGAS_WIDE_CLONES \
  __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define PGAS_WIDE_CLONES
#endif

PGAS_WIDE_CLONES
void counter_uniform_fill(std::uint64_t seed, std::uint64_t first, std::int64_t n,
                          double* out) noexcept {
  fill_lanes(seed, first, n, out);
}

PGAS_WIDE_CLONES
void counter_uniform_fill(std::uint64_t seed, std::uint64_t first, std::int64_t n,
                          float* out) noexcept {
  fill_lanes(seed, first, n, out);
}

}  // namespace pgas
