// The batched counter generator (what rand uses) gives Random123's Philox4x32-10 values
// exactly: the same (seed, index) -> value as the scalar counter_uniform, for every index range
// and seed, in double and float; and Random123's published known answer pins the scalar one.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "pgas/darray/counter_random.hpp"

namespace pgas {
namespace {

std::vector<std::int64_t> indices_from(std::int64_t first, std::int64_t n, std::int64_t step) {
  std::vector<std::int64_t> out(static_cast<std::size_t>(n));
  for (std::int64_t j = 0; j < n; ++j) out[static_cast<std::size_t>(j)] = first + j * step;
  return out;
}

TEST(CounterRandom, KnownAnswerOfPhilox4x32_10) {
  // Random123's kat_vectors: philox4x32 10 rounds, counter 0 and key 0 give 6627e8d5
  // e169c58d ...; counter_uniform keeps the first two words' top 53 bits.
  const std::uint64_t bits = (std::uint64_t{0x6627e8d5u} << 32 | 0xe169c58du) >> 11;
  EXPECT_EQ(counter_uniform(0, 0), static_cast<double>(bits) * 0x1.0p-53);
}

TEST(CounterRandom, BatchedFillEqualsTheScalarGenerator) {
  const std::uint64_t seeds[] = {0, 1, 42, 0xFFFFFFFFull, 0x123456789ABCDEF0ull, ~0ull};
  // Lengths around the lane width, a long consecutive run, indices past 2^32, a stride.
  const std::vector<std::vector<std::int64_t>> cases = {
      indices_from(0, 1, 1),           indices_from(5, 15, 1),
      indices_from(7, 16, 1),          indices_from(0, 33, 1),
      indices_from(0, 5000, 1),        indices_from((std::int64_t{1} << 32) - 9, 40, 1),
      indices_from(3, 101, 97),        indices_from(std::int64_t{1} << 40, 17, 12345)};
  for (const std::uint64_t seed : seeds) {
    for (const auto& index : cases) {
      const auto n = static_cast<std::int64_t>(index.size());
      std::vector<double> d(index.size(), -1.0);
      std::vector<float> f(index.size(), -1.0f);
      counter_uniform_fill(seed, index.data(), n, d.data());
      counter_uniform_fill(seed, index.data(), n, f.data());
      for (std::size_t j = 0; j < index.size(); ++j) {
        const double expected = counter_uniform(seed, static_cast<std::uint64_t>(index[j]));
        ASSERT_EQ(d[j], expected) << "seed " << seed << " index " << index[j];
        ASSERT_EQ(f[j], static_cast<float>(expected)) << "seed " << seed << " index " << index[j];
      }
    }
  }
}

TEST(CounterRandom, BatchedFillWritesExactlyN) {
  std::vector<double> out(20, -1.0);
  const auto index = indices_from(0, 20, 1);
  counter_uniform_fill(9, index.data(), 3, out.data());
  EXPECT_GE(out[2], 0.0);
  EXPECT_EQ(out[3], -1.0) << "cells past n are left alone";
  counter_uniform_fill(9, index.data(), 0, out.data() + 5);
  EXPECT_EQ(out[5], -1.0);
}

}  // namespace
}  // namespace pgas
