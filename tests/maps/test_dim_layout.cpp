#include <gtest/gtest.h>

#include <algorithm>

#include "oracle.hpp"
#include "pgas/errors.hpp"
#include "pgas/maps/dim_layout.hpp"
#include "pgas/maps/exchange.hpp"

namespace pgas::maps {
namespace {

using testing::expand;
using testing::uniform;
using Cells = std::vector<std::int64_t>;

std::vector<Cells> owned_cells(const DimLayout& layout) {
  std::vector<Cells> out;
  for (int q = 0; q < layout.positions(); ++q) out.push_back(expand(layout.owned(q)));
  return out;
}

TEST(DimLayout, SpecExamplesTenOverFour) {
  EXPECT_EQ(owned_cells(DimLayout(DimDist::block(), 10, 4)),
            (std::vector<Cells>{{0, 1, 2}, {3, 4, 5}, {6, 7}, {8, 9}}));
  EXPECT_EQ(owned_cells(DimLayout(DimDist::cyclic(), 10, 4)),
            (std::vector<Cells>{{0, 4, 8}, {1, 5, 9}, {2, 6}, {3, 7}}));
  EXPECT_EQ(owned_cells(DimLayout(DimDist::block_cyclic(2), 10, 4)),
            (std::vector<Cells>{{0, 1, 8, 9}, {2, 3}, {4, 5}, {6, 7}}));
}

TEST(DimLayout, SpecExampleOverlap) {
  const DimLayout layout(DimDist::block(), 16, 4, 2);
  std::vector<Cells> held;
  for (int q = 0; q < 4; ++q) held.push_back(expand(layout.held(q)));
  EXPECT_EQ(held,
            (std::vector<Cells>{
                {0, 1, 2, 3, 4, 5}, {4, 5, 6, 7, 8, 9}, {8, 9, 10, 11, 12, 13}, {12, 13, 14, 15}}));
  EXPECT_EQ(layout.owner(5).position, 1) << "overlap cells keep their owner";
  EXPECT_EQ(layout.to_local(0, 5), 5);
  EXPECT_EQ(layout.to_local(1, 3), std::nullopt);
}

TEST(DimLayout, BlockSizesFollowArraySplit) {
  for (std::int64_t n = 0; n < 40; ++n) {
    for (int p = 1; p < 9; ++p) {
      const DimLayout layout(DimDist::block(), n, p);
      for (int q = 0; q < p; ++q) {
        const std::int64_t expected = n / p + (q < n % p ? 1 : 0);
        ASSERT_EQ(layout.owned_size(q), expected) << "n=" << n << " p=" << p << " q=" << q;
      }
    }
  }
}

// Thousands of random (n, p, dist, k, overlap): the owned sets partition [0, n), owner()
// agrees with them, local indices pack held cells in increasing order and round-trip.
TEST(DimLayout, RandomLayoutsPartitionAndRoundTrip) {
  auto rng = testing::rank_seeded_rng(3);
  for (int trial = 0; trial < 3000; ++trial) {
    const std::int64_t n = uniform(rng, 0, 150);
    const DimLayout layout = testing::random_layout(rng, n);
    const int p = layout.positions();
    SCOPED_TRACE("n=" + std::to_string(n) + " p=" + std::to_string(p) + " dist=" +
                 layout.dist().to_string() + " overlap=" + std::to_string(layout.overlap()));
    std::vector<int> owner_of(static_cast<std::size_t>(n), -1);
    std::int64_t total = 0;
    for (int q = 0; q < p; ++q) {
      ASSERT_LE(layout.owned(q).size(), 2u) << "compact description";
      const Cells owned = expand(layout.owned(q));
      ASSERT_TRUE(std::is_sorted(owned.begin(), owned.end()));
      ASSERT_EQ(static_cast<std::int64_t>(owned.size()), layout.owned_size(q));
      total += layout.owned_size(q);
      for (std::int64_t i : owned) {
        ASSERT_EQ(owner_of[static_cast<std::size_t>(i)], -1) << "cell " << i << " owned twice";
        owner_of[static_cast<std::size_t>(i)] = q;
      }
      // Held = owned + the overlap cells after the block, clipped at n, none on the last.
      Cells expected_held = owned;
      if (layout.overlap() > 0 && q < p - 1) {
        const std::int64_t block_end = layout.block_begin(q + 1);
        for (std::int64_t i = block_end; i < std::min(block_end + layout.overlap(), n); ++i) {
          expected_held.push_back(i);
        }
      }
      const Cells held = expand(layout.held(q));
      ASSERT_EQ(held, expected_held);
      ASSERT_EQ(layout.held_size(q), static_cast<std::int64_t>(held.size()));
      for (std::int64_t local = 0; local < layout.held_size(q); ++local) {
        const std::int64_t global = layout.to_global(q, local);
        ASSERT_EQ(global, held[static_cast<std::size_t>(local)]) << "packed in increasing order";
        ASSERT_EQ(layout.to_local(q, global), local);
      }
    }
    ASSERT_EQ(total, n);
    for (std::int64_t i = 0; i < n; ++i) {
      const DimOwner o = layout.owner(i);
      ASSERT_EQ(o.position, owner_of[static_cast<std::size_t>(i)]) << "i=" << i;
      ASSERT_EQ(layout.to_global(o.position, o.local), i);
    }
  }
}

TEST(DimLayout, OwnersAndHoldersOfCellsMatchBruteForce) {
  auto rng = testing::rank_seeded_rng(4);
  for (int trial = 0; trial < 2000; ++trial) {
    const std::int64_t n = uniform(rng, 1, 150);
    const DimLayout layout = testing::random_layout(rng, n);
    const std::int64_t length = uniform(rng, 1, 5);
    const std::int64_t stride = length + uniform(rng, 0, 20);
    const std::int64_t start = uniform(rng, 0, n - 1);
    const std::int64_t count = uniform(rng, 1, std::max<std::int64_t>(1, (n - start) / stride));
    const Runs cells = clip(Runs::make(start, length, stride, count), 0, n).at(0);
    std::set<int> owners;
    std::set<int> holders;
    for (std::int64_t i : expand(cells)) {
      owners.insert(layout.owner(i).position);
      for (int q = 0; q < layout.positions(); ++q) {
        if (layout.to_local(q, i)) holders.insert(q);
      }
    }
    ASSERT_EQ(layout.owners_of({cells}), std::vector<int>(owners.begin(), owners.end()))
        << cells.to_string();
    ASSERT_EQ(layout.holders_of({cells}), std::vector<int>(holders.begin(), holders.end()))
        << cells.to_string() << " overlap " << layout.overlap();
  }
}

// Issue 2's property: along one dimension, what position q1 of one layout owns and position
// q2 of another holds, for thousands of random (n, p, dist, k, overlap) pairs and every pair
// of positions, equals the brute-force intersection; the Runs returned are disjoint and
// there are at most as many as the cells they describe.
TEST(DimLayout, IntersectionsOfTwoLayoutsMatchBruteForce) {
  auto rng = testing::rank_seeded_rng(8);
  for (int trial = 0; trial < 3000; ++trial) {
    const std::int64_t n = uniform(rng, 0, 120);
    const DimLayout from = testing::random_layout(rng, n);
    const DimLayout to = testing::random_layout(rng, n);
    for (int q1 = 0; q1 < from.positions(); ++q1) {
      const Cells owned = expand(from.owned(q1));
      for (int q2 = 0; q2 < to.positions(); ++q2) {
        const Cells held = expand(to.held(q2));
        std::set<std::int64_t> want;
        for (std::int64_t i : owned) {
          if (std::find(held.begin(), held.end(), i) != held.end()) want.insert(i);
        }
        const std::vector<Runs> got = intersect_all(from.owned(q1), to.held(q2));
        const Cells cells = expand(got);
        ASSERT_EQ(cells.size(), want.size())
            << "n " << n << " q1 " << q1 << " q2 " << q2 << ": cells counted twice or missed";
        ASSERT_EQ(std::set<std::int64_t>(cells.begin(), cells.end()), want)
            << "n " << n << " q1 " << q1 << " q2 " << q2;
        ASSERT_LE(static_cast<std::int64_t>(got.size()), std::max<std::int64_t>(1, total_size(got)));
      }
    }
  }
}

TEST(DimLayout, BadInputThrows) {
  EXPECT_THROW(DimLayout(DimDist::block(), -1, 2), ValueError);
  EXPECT_THROW(DimLayout(DimDist::block(), 10, 0), ValueError);
  EXPECT_THROW(DimLayout(DimDist::block(), 10, 2, -1), ValueError);
  EXPECT_THROW(DimLayout(DimDist::cyclic(), 10, 2, 1), ValueError);
  EXPECT_THROW(DimDist::block_cyclic(0), ValueError);
  const DimLayout layout(DimDist::cyclic(), 10, 3);
  EXPECT_THROW(layout.owner(-1), IndexError);
  EXPECT_THROW(layout.owner(10), IndexError);
  EXPECT_THROW(layout.to_global(3, 0), IndexError);
  EXPECT_THROW(layout.to_global(0, 4), IndexError);
  EXPECT_THROW(layout.owners_of({Runs::interval(8, 12)}), IndexError);
  try {
    DimDist::block_cyclic(-3);
    FAIL() << "no exception";
  } catch (const ValueError& e) {
    EXPECT_NE(std::string(e.what()).find("block size"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace pgas::maps
