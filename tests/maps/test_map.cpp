#include <gtest/gtest.h>

#include <algorithm>
#include <random>
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

namespace pgas::maps {
namespace {

using testing::random_dist;
using testing::uniform;

// A random map of `ndim` dimensions over shuffled ranks, overlap on some block dimensions.
Map map_on_odd_ranks(std::mt19937_64& rng, std::size_t ndim) {
  std::vector<int> grid;
  std::vector<DimDist> dist;
  std::vector<std::int64_t> overlap;
  int slots = 1;
  for (std::size_t d = 0; d < ndim; ++d) {
    grid.push_back(static_cast<int>(uniform(rng, 1, 3)));
    slots *= grid.back();
    dist.push_back(random_dist(rng));
    overlap.push_back(dist.back().kind() == DistKind::block ? uniform(rng, 0, 2) : 0);
  }
  std::vector<int> procs(static_cast<std::size_t>(slots));
  for (int i = 0; i < slots; ++i) procs[static_cast<std::size_t>(i)] = 2 * i + 1;
  std::shuffle(procs.begin(), procs.end(), rng);
  return Map(grid, dist, procs, overlap);
}

template <typename V>
V erased(V v, std::size_t d) {
  v.erase(v.begin() + static_cast<std::ptrdiff_t>(d));
  return v;
}
template <typename V, typename X>
V inserted(V v, std::size_t d, X x) {
  v.insert(v.begin() + static_cast<std::ptrdiff_t>(d), x);
  return v;
}

TEST(MapDims, WithoutDimKeepsEveryRanksLocalPartOfAUnitAxis) {
  std::mt19937_64 rng(3);
  for (int trial = 0; trial < 200; ++trial) {
    const std::size_t ndim = static_cast<std::size_t>(uniform(rng, 2, 3));
    const Map m = map_on_odd_ranks(rng, ndim);
    const std::size_t d = static_cast<std::size_t>(uniform(rng, 0, static_cast<int>(ndim) - 1));
    Shape shape;
    for (std::size_t k = 0; k < ndim; ++k) shape.push_back(k == d ? 1 : uniform(rng, 0, 9));
    const Map less = m.without_dim(static_cast<int>(d));
    const Shape less_shape = erased(shape, d);
    ASSERT_EQ(less.ndim(), static_cast<int>(ndim) - 1);
    for (int rank = 0; rank <= m.max_rank() + 1; ++rank) {
      const auto coords = m.grid_coords(rank);
      const bool kept = coords && (*coords)[d] == 0;
      EXPECT_EQ(less.contains_rank(rank), kept) << m.to_string() << " rank " << rank;
      if (!kept) continue;
      EXPECT_EQ(less.local_shape(less_shape, rank), erased(m.local_shape(shape, rank), d));
      EXPECT_EQ(less.held(less_shape, rank), erased(m.held(shape, rank), d));
    }
  }
  const Map m({2, 3}, {DimDist::block()}, {5, 4, 3, 2, 1, 0});
  EXPECT_EQ(m.slice_at(0, 1), Map({1, 3}, {DimDist::block()}, {2, 1, 0}));
  EXPECT_EQ(m.slice_at(1, 2), Map({2, 1}, {DimDist::block()}, {3, 0}));
  EXPECT_THROW(m.slice_at(1, 3), IndexError);
  EXPECT_EQ(m.without_dim(0), Map({3}, {DimDist::block()}, {5, 4, 3}));
  EXPECT_EQ(m.without_dim(1), Map({2}, {DimDist::block()}, {5, 2}));
  EXPECT_THROW(m.without_dim(2), IndexError);
  EXPECT_THROW(m.without_dim(-1), IndexError);
  EXPECT_THROW(Map({2}, {DimDist::block()}).without_dim(0), ValueError);
}

TEST(MapDims, SliceAtKeepsTheRanksOfOnePositionAndTheirLocalParts) {
  std::mt19937_64 rng(4);
  for (int trial = 0; trial < 200; ++trial) {
    const std::size_t ndim = static_cast<std::size_t>(uniform(rng, 1, 3));
    const Map m = map_on_odd_ranks(rng, ndim);
    const std::size_t d = static_cast<std::size_t>(uniform(rng, 0, static_cast<int>(ndim) - 1));
    const int q = static_cast<int>(uniform(rng, 0, m.grid()[d] - 1));
    Shape shape;
    for (std::size_t k = 0; k < ndim; ++k) shape.push_back(uniform(rng, 0, 9));
    Shape one(shape);
    one[d] = 1;
    const Map slice = m.slice_at(static_cast<int>(d), q);
    EXPECT_EQ(slice.grid()[d], 1);
    for (int rank : m.procs()) {
      const bool kept = (*m.grid_coords(rank))[d] == q;
      EXPECT_EQ(slice.contains_rank(rank), kept);
      if (!kept) continue;
      EXPECT_EQ(erased(slice.local_shape(one, rank), d), erased(m.local_shape(shape, rank), d));
    }
  }
}

TEST(MapDims, WithUnitDimKeepsRanksAndLocalParts) {
  std::mt19937_64 rng(5);
  for (int trial = 0; trial < 200; ++trial) {
    const std::size_t ndim = static_cast<std::size_t>(uniform(rng, 1, 3));
    const Map m = map_on_odd_ranks(rng, ndim);
    const std::size_t d = static_cast<std::size_t>(uniform(rng, 0, static_cast<int>(ndim)));
    Shape shape;
    for (std::size_t k = 0; k < ndim; ++k) shape.push_back(uniform(rng, 0, 9));
    const Map more = m.with_unit_dim(static_cast<int>(d));
    const Shape more_shape = inserted(shape, d, std::int64_t{1});
    EXPECT_EQ(more.procs(), m.procs());
    EXPECT_EQ(more.without_dim(static_cast<int>(d)), m) << "the two are inverses";
    for (int rank : m.procs()) {
      EXPECT_EQ(more.local_shape(more_shape, rank),
                inserted(m.local_shape(shape, rank), d, std::int64_t{1}));
      EXPECT_EQ(more.held(more_shape, rank),
                inserted(m.held(shape, rank), d, std::vector<Runs>{Runs::interval(0, 1)}));
    }
  }
  EXPECT_THROW(Map({2}, {DimDist::block()}).with_unit_dim(2), IndexError);
}

TEST(MapDims, TransposedMapGivesEveryRankTheTransposeOfItsPart) {
  std::mt19937_64 rng(9);
  for (int trial = 0; trial < 200; ++trial) {
    const std::size_t ndim = static_cast<std::size_t>(uniform(rng, 1, 3));
    const Map m = map_on_odd_ranks(rng, ndim);
    Shape shape;
    for (std::size_t k = 0; k < ndim; ++k) shape.push_back(uniform(rng, 0, 9));
    const Map t = m.transposed();
    const Shape t_shape(shape.rbegin(), shape.rend());
    EXPECT_EQ(t.transposed(), m);
    for (int rank : m.procs()) {
      const Shape local = m.local_shape(shape, rank);
      EXPECT_EQ(t.local_shape(t_shape, rank), Shape(local.rbegin(), local.rend()));
      const auto held = m.held(shape, rank);
      EXPECT_EQ(t.held(t_shape, rank), decltype(held)(held.rbegin(), held.rend()));
    }
  }
}

}  // namespace
}  // namespace pgas::maps
