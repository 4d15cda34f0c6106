#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "oracle.hpp"
#include "pgas/maps/index_space.hpp"

namespace pgas::maps {
namespace {

using testing::uniform;
using Box = std::vector<std::int64_t>;

// The oracle: indices of a box in row-major order by decoding each flat position with
// divisions, independent of any odometer.
std::vector<Box> decoded_indices(const Box& extent) {
  std::int64_t n = 1;
  for (std::int64_t e : extent) n *= e;
  std::vector<Box> out;
  for (std::int64_t flat = 0; flat < n; ++flat) {
    Box index(extent.size());
    std::int64_t rest = flat;
    for (std::size_t d = extent.size(); d-- > 0;) {
      index[d] = rest % extent[d];
      rest /= extent[d];
    }
    out.push_back(index);
  }
  return out;
}

std::vector<Box> walked_indices(const Box& extent) {
  std::vector<Box> out;
  for_each_index(extent, [&](const std::vector<std::int64_t>& i) { out.push_back(i); });
  return out;
}

TEST(IndexSpace, WalksEveryIndexInRowMajorOrder) {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 200; ++trial) {
    Box extent(static_cast<std::size_t>(uniform(rng, 1, 4)));
    for (auto& e : extent) e = uniform(rng, 1, 5);
    EXPECT_EQ(walked_indices(extent), decoded_indices(extent));
  }
}

TEST(IndexSpace, EmptyAndZeroDimensionalBoxes) {
  EXPECT_TRUE(walked_indices({3, 0, 2}).empty()) << "an empty extent has no index";
  EXPECT_TRUE(walked_indices({0}).empty());
  EXPECT_EQ(walked_indices({}), std::vector<Box>{Box{}}) << "a 0-d box has one, empty index";
  EXPECT_EQ(cell_count(Box{}), 1);
  EXPECT_EQ(cell_count(Box{4, 0}), 0);
  EXPECT_EQ(cell_count(std::vector<int>{2, 3, 4}), 24);
}

TEST(IndexSpace, OdometerReportsTheOutermostChangedDimension) {
  RowMajorOdometer it(Box{2, 3});
  EXPECT_EQ(it.next(), 1);  // (0,1)
  EXPECT_EQ(it.next(), 1);  // (0,2)
  EXPECT_EQ(it.next(), 0);  // (1,0)
  EXPECT_EQ(it.index(), (Box{1, 0}));
  EXPECT_EQ(it.next(), 1);
  EXPECT_EQ(it.next(), 1);
  EXPECT_FALSE(it.done());
  EXPECT_EQ(it.next(), -1);
  EXPECT_TRUE(it.done());
  EXPECT_EQ(it.index(), (Box{0, 0}));
}

TEST(IndexSpace, StridesAndOffsetsAgreeWithTheWalk) {
  std::mt19937_64 rng(11);
  for (int trial = 0; trial < 100; ++trial) {
    Box shape(static_cast<std::size_t>(uniform(rng, 1, 4)));
    for (auto& e : shape) e = uniform(rng, 1, 5);
    const std::vector<std::int64_t> strides = row_major_strides(shape);
    EXPECT_EQ(strides.back(), 1);
    std::int64_t flat = 0;
    for_each_index(shape, [&](const std::vector<std::int64_t>& i) {
      std::int64_t by_strides = 0;
      for (std::size_t d = 0; d < i.size(); ++d) by_strides += i[d] * strides[d];
      EXPECT_EQ(by_strides, flat);
      EXPECT_EQ(row_major_offset(shape, i), flat);
      ++flat;
    });
    EXPECT_EQ(flat, cell_count(shape));
  }
  EXPECT_EQ(row_major_strides(std::vector<int>{4, 5, 6}), (std::vector<std::int64_t>{30, 6, 1}));
  EXPECT_TRUE(row_major_strides(Box{}).empty());
}

}  // namespace
}  // namespace pgas::maps
