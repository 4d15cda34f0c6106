// The batched counter generator (what rand uses) gives Random123's Philox4x32-10 values
// exactly: the same (seed, index) -> value as the scalar counter_uniform, for every index range
// and seed, in double and float; and Random123's published known answer pins the scalar one.
#include <gtest/gtest.h>

#include <cstdint>
#include <utility>
#include <vector>

#include "darray_testing.hpp"
#include "pgas/darray/counter_random.hpp"
#include "pgas/darray/local_cells.hpp"

namespace pgas {
namespace {

TEST(CounterRandom, KnownAnswerOfPhilox4x32_10) {
  // Random123's kat_vectors: philox4x32 10 rounds, counter 0 and key 0 give 6627e8d5
  // e169c58d ...; counter_uniform keeps the first two words' top 53 bits.
  const std::uint64_t bits = (std::uint64_t{0x6627e8d5u} << 32 | 0xe169c58du) >> 11;
  EXPECT_EQ(counter_uniform(0, 0), static_cast<double>(bits) * 0x1.0p-53);
}

TEST(CounterRandom, BatchedFillEqualsTheScalarGenerator) {
  const std::uint64_t seeds[] = {0, 1, 42, 0xFFFFFFFFull, 0x123456789ABCDEF0ull, ~0ull};
  // Lengths around the SIMD widths, a long run, counters crossing 2^32 and far past it.
  const std::pair<std::uint64_t, std::int64_t> runs[] = {
      {0, 1},           {5, 15},         {7, 16}, {0, 33}, {0, 5000}, {(1ull << 32) - 9, 40},
      {1ull << 40, 17}, {~0ull - 20, 21}};
  for (const std::uint64_t seed : seeds) {
    for (const auto& [first, n] : runs) {
      std::vector<double> d(static_cast<std::size_t>(n), -1.0);
      std::vector<float> f(static_cast<std::size_t>(n), -1.0f);
      counter_uniform_fill(seed, first, n, d.data());
      counter_uniform_fill(seed, first, n, f.data());
      for (std::int64_t j = 0; j < n; ++j) {
        const double expected = counter_uniform(seed, first + static_cast<std::uint64_t>(j));
        const auto k = static_cast<std::size_t>(j);
        ASSERT_EQ(d[k], expected) << "seed " << seed << " index " << first + k;
        ASSERT_EQ(f[k], static_cast<float>(expected)) << "seed " << seed << " index " << first + k;
      }
    }
  }
}

TEST(CounterRandom, BatchedFillWritesExactlyN) {
  std::vector<double> out(20, -1.0);
  counter_uniform_fill(9, 0, 3, out.data());
  EXPECT_GE(out[2], 0.0);
  EXPECT_EQ(out[3], -1.0) << "cells past n are left alone";
  counter_uniform_fill(9, 0, 0, out.data() + 5);
  EXPECT_EQ(out[5], -1.0);
}

// rand fills each held cell, overlap and block-cyclic blocks included, with the value of its
// global index: checked cell by cell on this rank's local buffer.
TEST(CounterRandom, RandFillsEveryHeldCellByItsGlobalIndex) {
  using maps::DimDist;
  using maps::Map;
  const int p = testing::world_size();
  const std::vector<std::pair<maps::Shape, Map>> cases = {
      {{29}, Map({p}, {DimDist::block()})},
      {{29}, Map({p}, {DimDist::block_cyclic(3)})},
      {{11, 7}, Map({p, 1}, {DimDist::block()}, {}, {2, 0})},
      {{5, 13}, Map({1, p}, {DimDist::block(), DimDist::cyclic()})},
      {{4, 3, 10}, Map({1, 1, p}, {DimDist::block_cyclic(2)})}};
  bool ok = true;
  for (const auto& [shape, map] : cases) {
    const auto a = DArray<double>::rand(shape, map, 77);
    const auto b = DArray<float>::rand(shape, map, 77);
    std::vector<std::vector<std::int64_t>> g;
    for (int d = 0; d < static_cast<int>(shape.size()); ++d) g.push_back(a.global_ind(d));
    std::int64_t local = 0;
    for_each_cell(a.local_shape(), a.local_shape(), g, shape,
                  [&](std::int64_t l, std::int64_t flat) {
                    const double expected = counter_uniform(77, static_cast<std::uint64_t>(flat));
                    ok = ok && l == local++ && a.local_data()[l] == expected &&
                         b.local_data()[l] == static_cast<float>(expected);
                  });
    ok = ok && local == a.local_size();
  }
  EXPECT_TRUE(testing::all_ranks(ok));
}

}  // namespace
}  // namespace pgas
