#include <gtest/gtest.h>

#include <unordered_set>

#include "oracle.hpp"
#include "pgas/errors.hpp"
#include "pgas/maps/map.hpp"

namespace pgas::maps {
namespace {

using testing::uniform;

// The ValueError's message names the bad field.
void expect_value_error(const std::function<void()>& make, const std::string& field) {
  try {
    make();
    ADD_FAILURE() << "expected ValueError naming " << field;
  } catch (const ValueError& e) {
    EXPECT_NE(std::string(e.what()).find(field), std::string::npos) << e.what();
  }
}

TEST(Map, InvalidSpecsNameTheField) {
  const auto b = DimDist::block();
  expect_value_error([&] { Map({2, 0}, {b}); }, "grid[1]");
  expect_value_error([&] { Map({}, {b}); }, "grid");
  expect_value_error([&] { Map({2, 2}, {b, b, b}); }, "dist");
  expect_value_error([&] { Map({2, 2}, {b}, {0, 1, 2}); }, "procs");
  expect_value_error([&] { Map({2}, {b}, {0, 0}); }, "procs");
  expect_value_error([&] { Map({2}, {b}, {0, -1}); }, "procs");
  expect_value_error([&] { Map({2, 2}, {b, DimDist::cyclic()}, {}, {0, 1}); }, "overlap[1]");
  expect_value_error([&] { Map({2}, {b}, {}, {-1}); }, "overlap[0]");
  expect_value_error([&] { Map({2}, {b}, {}, {1, 1}); }, "overlap");
  expect_value_error([&] { Map({2}, {DimDist::block_cyclic(0)}); }, "block size");
  expect_value_error([&] { Map({2}, {b}).local_shape({4, 4}, 0); }, "dimensions");
}

TEST(Map, ProcsLieOnTheGridRowMajor) {
  const Map m({2, 3}, {DimDist::block()}, {10, 11, 12, 13, 14, 15});
  EXPECT_EQ(m.grid_coords(10), (std::vector<int>{0, 0}));
  EXPECT_EQ(m.grid_coords(12), (std::vector<int>{0, 2}));
  EXPECT_EQ(m.grid_coords(13), (std::vector<int>{1, 0}));
  EXPECT_EQ(m.grid_coords(3), std::nullopt);
  EXPECT_EQ(m.rank_at({1, 2}), 15);
  EXPECT_THROW(m.rank_at({2, 0}), IndexError);
  EXPECT_EQ(m.max_rank(), 15);
  EXPECT_EQ(m.local_shape({7, 7}, 10), (Shape{4, 3}));
  EXPECT_EQ(m.local_shape({7, 7}, 15), (Shape{3, 2}));
  EXPECT_EQ(m.local_shape({7, 7}, 0), (Shape{0, 0})) << "ranks outside the map hold nothing";
}

TEST(Map, IsAValue) {
  const Map a({2, 1}, {DimDist::block(), DimDist::cyclic()});
  const Map b({2, 1}, {DimDist::block(), DimDist::cyclic()}, {0, 1}, {0, 0});
  const Map c({2, 1}, {DimDist::block(), DimDist::block_cyclic(2)});
  const Map d({2, 1}, {DimDist::block(), DimDist::cyclic()}, {1, 0});
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_NE(a, d);
  EXPECT_EQ(std::hash<Map>{}(a), std::hash<Map>{}(b));
  std::unordered_set<Map> set{a, b, c, d};
  EXPECT_EQ(set.size(), 3u);
  EXPECT_EQ(a.to_string(), "Map(grid=[2,1], dist=[b,c], procs=[0,1], overlap=[0,0])");
}

TEST(Map, ShowDrawsOwners) {
  const Map m({4}, {DimDist::block_cyclic(2)});
  const std::string text = m.show({10});
  EXPECT_NE(text.find(" 0 0 1 1 2 2 3 3 0 0\n"), std::string::npos) << text;
  EXPECT_NE(text.find("rank 0: local shape (4,)"), std::string::npos) << text;
  const Map grid({2, 2}, {DimDist::block()});
  const std::string picture = grid.show({3, 4});
  EXPECT_NE(picture.find("0 | 0 0 1 1\n"), std::string::npos) << picture;
  EXPECT_NE(picture.find("2 | 2 2 3 3\n"), std::string::npos) << picture;
  const std::string big = Map({2}, {DimDist::cyclic()}).show({1000});
  EXPECT_NE(big.find("sampled"), std::string::npos);
}

// Random 1- to 3-d maps with proc subsets: owner(), to_local(), to_global() agree and
// every global index is owned by exactly one rank.
TEST(Map, RandomMapsRoundTrip) {
  auto rng = testing::rank_seeded_rng(5);
  for (int trial = 0; trial < 400; ++trial) {
    const int ndim = static_cast<int>(uniform(rng, 1, 3));
    std::vector<int> grid;
    std::vector<DimDist> dists;
    std::vector<std::int64_t> overlap;
    Shape shape;
    int slots = 1;
    for (int d = 0; d < ndim; ++d) {
      grid.push_back(static_cast<int>(uniform(rng, 1, 3)));
      slots *= grid.back();
      dists.push_back(testing::random_dist(rng));
      overlap.push_back(dists.back().kind() == DistKind::block ? uniform(rng, 0, 2) : 0);
      shape.push_back(uniform(rng, 0, 9));
    }
    std::vector<int> procs;
    for (int r = 0; r < 2 * slots; ++r) procs.push_back(r);
    std::shuffle(procs.begin(), procs.end(), rng);
    procs.resize(static_cast<std::size_t>(slots));
    const Map m(grid, dists, procs, overlap);
    SCOPED_TRACE(m.to_string());

    std::int64_t cells = 1;
    for (std::int64_t n : shape) cells *= n;
    std::int64_t owned_total = 0;
    for (int r = 0; r <= m.max_rank(); ++r) {
      std::int64_t owned = 1;
      for (std::int64_t n : m.owned_shape(shape, r)) owned *= n;
      owned_total += owned;
    }
    ASSERT_EQ(owned_total, cells);
    Index index(shape.size(), 0);
    for (std::int64_t flat = 0; flat < cells; ++flat) {
      std::int64_t rest = flat;
      for (std::size_t d = shape.size(); d-- > 0;) {
        index[d] = rest % shape[d];
        rest /= shape[d];
      }
      const Owner o = m.owner(shape, index);
      ASSERT_TRUE(m.contains_rank(o.rank));
      ASSERT_EQ(m.to_local(shape, o.rank, index), o.local);
      ASSERT_EQ(m.to_global(shape, o.rank, o.local), index);
    }
  }
  const Map m({2}, {DimDist::block()});
  EXPECT_THROW(m.owner({4}, {4}), IndexError);
  EXPECT_THROW(m.owner({4}, {-1}), IndexError);
  EXPECT_THROW(m.to_global({4}, 5, {0}), IndexError);
}

}  // namespace
}  // namespace pgas::maps
