#include "pgas/darray/counter_random.hpp"

#include <Random123/philox.h>

#include <algorithm>
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

// Philox4x32-10 written lane-wise so that the compiler turns each round into vector
// multiplies: Random123's constants and round, on kLanes counters at once. The values are
// Random123's exactly (tests compare the two on many indices and seeds).
constexpr std::uint32_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u;
constexpr std::uint32_t kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u;
constexpr int kLanes = 16;

// Inlined into each clone below, so that it is compiled for that clone's instruction set.
template <typename T>
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
inline void fill_lanes(std::uint64_t seed, const std::int64_t* index, std::int64_t n, T* out) noexcept {
  const auto seed_lo = static_cast<std::uint32_t>(seed);
  const auto seed_hi = static_cast<std::uint32_t>(seed >> 32);
  for (std::int64_t base = 0; base < n; base += kLanes) {
    const int lanes = static_cast<int>(std::min<std::int64_t>(kLanes, n - base));
    std::uint32_t c0[kLanes], c1[kLanes], c2[kLanes], c3[kLanes];
    for (int l = 0; l < kLanes; ++l) {
      // Lanes past the end repeat the first index; their results are not stored.
      const auto g = static_cast<std::uint64_t>(index[base + (l < lanes ? l : 0)]);
      c0[l] = static_cast<std::uint32_t>(g);
      c1[l] = static_cast<std::uint32_t>(g >> 32);
      c2[l] = 0u;
      c3[l] = 0u;
    }
    std::uint32_t k0 = seed_lo, k1 = seed_hi;
    for (int round = 0; round < 10; ++round) {
      for (int l = 0; l < kLanes; ++l) {
        const std::uint64_t p0 = static_cast<std::uint64_t>(kM0) * c0[l];
        const std::uint64_t p1 = static_cast<std::uint64_t>(kM1) * c2[l];
        const std::uint32_t next0 = static_cast<std::uint32_t>(p1 >> 32) ^ c1[l] ^ k0;
        const std::uint32_t next2 = static_cast<std::uint32_t>(p0 >> 32) ^ c3[l] ^ k1;
        c1[l] = static_cast<std::uint32_t>(p1);
        c3[l] = static_cast<std::uint32_t>(p0);
        c0[l] = next0;
        c2[l] = next2;
      }
      k0 += kW0;
      k1 += kW1;
    }
    // to_unit's 53 bits, split so that both parts convert exactly: hi * 2^-32 + (lo >> 11) *
    // 2^-53 is the same double as ((hi << 32 | lo) >> 11) * 2^-53.
    double unit[kLanes];
    for (int l = 0; l < kLanes; ++l) {
      unit[l] = static_cast<double>(c0[l]) * 0x1.0p-32 +
                static_cast<double>(static_cast<std::int32_t>(c1[l] >> 11)) * 0x1.0p-53;
    }
    for (int l = 0; l < lanes; ++l) out[base + l] = static_cast<T>(unit[l]);
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
#define PGAS_WIDE_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define PGAS_WIDE_CLONES
#endif

PGAS_WIDE_CLONES
void counter_uniform_fill(std::uint64_t seed, const std::int64_t* index, std::int64_t n,
                          double* out) noexcept {
  fill_lanes(seed, index, n, out);
}

PGAS_WIDE_CLONES
void counter_uniform_fill(std::uint64_t seed, const std::int64_t* index, std::int64_t n,
                          float* out) noexcept {
  fill_lanes(seed, index, n, out);
}

}  // namespace pgas
