#include <gtest/gtest.h>

#include <algorithm>

#include "oracle.hpp"
#include "pgas/maps/runs.hpp"

namespace pgas::maps {
namespace {

using testing::as_set;
using testing::expand;
using testing::uniform;

Runs random_runs(std::mt19937_64& rng, std::int64_t span) {
  const std::int64_t length = uniform(rng, 1, 6);
  const std::int64_t stride = length + uniform(rng, 0, 9);
  const std::int64_t start = uniform(rng, 0, span / 2);
  const std::int64_t count = uniform(rng, 0, std::max<std::int64_t>(1, (span - start) / stride));
  return Runs::make(start, length, stride, count);
}

TEST(Runs, CanonicalForms) {
  EXPECT_EQ(Runs::make(5, 3, 10, 0), Runs{});
  EXPECT_EQ(Runs::make(5, 0, 10, 4), Runs{});
  EXPECT_EQ(Runs::make(5, 3, 10, 1), Runs::interval(5, 8));
  EXPECT_EQ(Runs::make(4, 2, 2, 3), Runs::interval(4, 10)) << "back-to-back runs are one interval";
  EXPECT_TRUE(Runs::interval(3, 3).empty());
  const Runs r = Runs::make(1, 2, 5, 3);  // {1,2, 6,7, 11,12}
  EXPECT_EQ(expand(r), (std::vector<std::int64_t>{1, 2, 6, 7, 11, 12}));
  EXPECT_EQ(r.end(), 13);
  EXPECT_TRUE(r.contains(6));
  EXPECT_FALSE(r.contains(8));
  EXPECT_EQ(r.position_of(11), 4);
  EXPECT_EQ(r.to_string(), "3x[1,3)+5r");
}

TEST(Runs, ClipMatchesBruteForce) {
  auto rng = testing::rank_seeded_rng(1);
  for (int trial = 0; trial < 3000; ++trial) {
    const Runs r = random_runs(rng, 120);
    const std::int64_t lo = uniform(rng, -5, 125);
    const std::int64_t hi = uniform(rng, -5, 125);
    std::set<std::int64_t> expected;
    for (std::int64_t i : expand(r)) {
      if (i >= lo && i < hi) expected.insert(i);
    }
    const auto got = clip(r, lo, hi);
    ASSERT_LE(got.size(), 3u);
    ASSERT_EQ(total_size(got), static_cast<std::int64_t>(expected.size())) << r.to_string();
    ASSERT_EQ(as_set(got), expected) << r.to_string() << " clip [" << lo << "," << hi << ")";
  }
}

TEST(Runs, IntersectMatchesBruteForce) {
  auto rng = testing::rank_seeded_rng(2);
  for (int trial = 0; trial < 5000; ++trial) {
    const std::int64_t span = uniform(rng, 1, 400);
    const Runs a = random_runs(rng, span);
    const Runs b = random_runs(rng, span);
    std::set<std::int64_t> expected;
    const auto in_b = as_set({b});
    for (std::int64_t i : expand(a)) {
      if (in_b.count(i)) expected.insert(i);
    }
    const auto got = intersect(a, b);
    // Disjoint pieces: sizes add up to the set's size.
    ASSERT_EQ(total_size(got), static_cast<std::int64_t>(expected.size()))
        << a.to_string() << " & " << b.to_string();
    ASSERT_EQ(as_set(got), expected) << a.to_string() << " & " << b.to_string();
  }
}

TEST(Runs, IntersectionOfLongPeriodicSetsStaysCompact) {
  // Owned sets of block-cyclic(64) and block-cyclic(48) over 65,536 positions, n = 2^30:
  // 256 runs against 342; the answer must come back as a handful of strided Runs.
  const std::int64_t p = 65536;
  const Runs a = Runs::make(64 * 5, 64, 64 * p, 256);
  const Runs b = Runs::make(48 * 7, 48, 48 * p, 341);
  const auto got = intersect(a, b);
  EXPECT_LE(got.size(), 8u);
  std::int64_t expected = 0;  // count by walking a's runs against b's
  for (std::int64_t r = 0; r < a.count; ++r) {
    for (const Runs& piece : clip(b, a.start + r * a.stride, a.start + r * a.stride + 64)) {
      expected += piece.size();
    }
  }
  EXPECT_EQ(total_size(got), expected);
  // Coprime strides: no period fits, the walk is bounded by the sparser set's runs.
  const auto sparse = intersect(Runs::make(0, 1, 65537, 1000), Runs::make(0, 1, 3, 20000000));
  EXPECT_EQ(total_size(sparse), 306);  // k * 65537 <= 59999997 with k % 3 == 0
}

}  // namespace
}  // namespace pgas::maps
