#include <cmath>
#include <numeric>

#include "darray_testing.hpp"
#include "pgas/darray/counter_random.hpp"

namespace pgas {
namespace {

using maps::DimDist;
using maps::Map;
using maps::Shape;
using testing::all_ranks;

Map block_rows(int ndim = 2) {
  std::vector<int> grid(static_cast<std::size_t>(ndim), 1);
  grid[0] = testing::world_size();
  return Map(grid, {DimDist::block()});
}

Map cyclic_cols() {
  return Map({1, testing::world_size()}, {DimDist::cyclic()});
}

TEST(DArray, ConstructorsFillEveryHeldCell) {
  const Shape shape{9, 4};
  const Map m({testing::world_size(), 1}, {DimDist::block()}, {}, {1, 0});
  const auto z = DArray<double>::zeros(shape, m);
  const auto o = DArray<std::int32_t>::ones(shape, m);
  const auto f = DArray<std::complex<double>>::full(shape, m, {1.5, -2});
  bool ok = true;
  for (std::int64_t i = 0; i < z.local_size(); ++i) {
    ok = ok && z.local_data()[i] == 0.0 && o.local_data()[i] == 1 &&
         f.local_data()[i] == std::complex<double>(1.5, -2);
  }
  EXPECT_TRUE(all_ranks(ok));
  EXPECT_EQ(z.shape(), shape);
  EXPECT_EQ(z.size(), 36);
  EXPECT_EQ(z.local_shape(), m.local_shape(shape, testing::world_rank()));
}

TEST(DArray, RandomValuesDependOnlyOnSeedAndIndex) {
  const Shape shape{13, 6};
  const auto a = DArray<double>::rand(shape, block_rows(), 42);
  const auto b = DArray<double>::rand(shape, cyclic_cols(), 42);
  const auto n = DArray<double>::randn(shape, Map({1, 1}, {DimDist::block_cyclic(2)}), 42);
  const std::vector<double> all_a = a.agg_all();
  const std::vector<double> all_b = b.agg_all();
  const std::vector<double> all_n = n.agg_all();
  bool ok = all_a == all_b && all_a.size() == 78;
  double mean = 0;
  for (std::size_t i = 0; i < all_a.size(); ++i) {
    ok = ok && all_a[i] == counter_uniform(42, i) && all_a[i] >= 0 && all_a[i] < 1;
    ok = ok && all_n[i] == counter_normal(42, i);
    mean += all_a[i] / 78;
  }
  EXPECT_TRUE(all_ranks(ok));
  EXPECT_NEAR(mean, 0.5, 0.1);
  const auto other_seed = DArray<double>::rand(shape, block_rows(), 43).agg_all();
  EXPECT_NE(other_seed, all_a);
}

TEST(DArray, AggGathersOnTheLeaderOnly) {
  const Shape shape{5, 7};
  const auto a = DArray<std::int64_t>::arange(shape, cyclic_cols());
  const int leader = testing::world_size() - 1;
  const auto whole = a.agg(leader);
  std::vector<std::int64_t> expected(35);
  std::iota(expected.begin(), expected.end(), 0);
  const bool ok = testing::world_rank() == leader ? whole == expected : whole.empty();
  EXPECT_TRUE(all_ranks(ok));
  EXPECT_TRUE(all_ranks(a.agg_all() == expected));
  EXPECT_THROW(a.agg(testing::world_size()), ValueError);
}

TEST(DArray, SynchRefreshesOverlapCellsCornersIncluded) {
  const int p = testing::world_size();
  const Map m({p, 1}, {DimDist::block()}, {}, {2, 0});
  const Map grid2d({p > 1 ? 2 : 1, p > 3 ? 2 : 1}, {DimDist::block()}, {}, {1, 1});
  for (const Map& map : {m, grid2d}) {
    auto a = DArray<std::int64_t>::arange({11, 6}, map);
    // Spoil the overlap cells (everything outside the owned leading box), then refresh.
    const auto owned = a.owned_shape();
    const auto local = a.local_shape();
    for (std::int64_t i = 0; i < local[0]; ++i) {
      for (std::int64_t j = 0; j < local[1]; ++j) {
        if (i >= owned[0] || j >= owned[1]) a.local_data()[i * local[1] + j] = -7;
      }
    }
    a.synch();
    EXPECT_TRUE(all_ranks(testing::holds_global_index(a))) << map.to_string();
  }
}

TEST(DArray, GetAndSetSingleElements) {
  auto a = DArray<double>::arange({6, 5}, cyclic_cols());
  EXPECT_EQ(a.get({4, 3}), 23.0);
  EXPECT_EQ(a.get({-1, -1}), 29.0) << "negative indices count from the end";
  a.set({2, 2}, -1.5);
  EXPECT_EQ(a.get({2, 2}), -1.5);
  EXPECT_THROW(a.get({6, 0}), IndexError);
  EXPECT_THROW(a.get({0}), IndexError);
  EXPECT_THROW(a.set({0, 5}, 1.0), IndexError);
}

TEST(DArray, TransposeIsLocalAndCorrect) {
  const int p = testing::world_size();
  const Map m({p > 1 ? 2 : 1, p > 2 ? p / 2 : 1}, {DimDist::block(), DimDist::block_cyclic(2)});
  const auto a = DArray<std::int64_t>::arange({7, 9}, m);
  const auto t = a.transpose();
  EXPECT_EQ(t.shape(), (Shape{9, 7}));
  const auto all = t.agg_all();
  bool ok = true;
  for (std::int64_t i = 0; i < 9; ++i) {
    for (std::int64_t j = 0; j < 7; ++j)
      ok = ok && all[static_cast<std::size_t>(i * 7 + j)] == j * 9 + i;
  }
  EXPECT_TRUE(all_ranks(ok));
  const auto turned = a.transpose_grid();
  EXPECT_EQ(turned.map().grid(), (std::vector<int>{m.grid()[1], m.grid()[0]}));
  EXPECT_TRUE(all_ranks(testing::holds_global_index(turned)));
}

TEST(DArray, ElementwiseAcrossMapsTakesTheLeftMap) {
  const Shape shape{10, 3};
  const auto a = DArray<double>::arange(shape, block_rows());
  const auto b = DArray<double>::arange(shape, cyclic_cols());
  const auto c = a.combine(b, [](double x, double y) { return x + 2 * y; });
  EXPECT_EQ(c.map(), a.map());
  const auto all = c.agg_all();
  bool ok = true;
  for (std::size_t i = 0; i < all.size(); ++i) ok = ok && all[i] == 3.0 * static_cast<double>(i);
  EXPECT_TRUE(all_ranks(ok));
  auto d = b.map_values([](double x) { return x * x; });
  d.update(a, [](double x, double y) { return x - y * y; });
  const auto zeros = d.agg_all();
  EXPECT_TRUE(all_ranks(std::all_of(zeros.begin(), zeros.end(), [](double x) { return x == 0; })));
}

TEST(DArray, BadInputThrowsOnEveryRank) {
  const int p = testing::world_size();
  auto a = DArray<double>::zeros({4, 4}, block_rows());
  const auto b = DArray<double>::zeros({4, 5}, block_rows());
  EXPECT_THROW(a.assign(b), ValueError);
  EXPECT_THROW(a.combine(b, [](double x, double y) { return x + y; }), ValueError);
  // A put_local of the wrong shape on one rank only: every rank throws.
  std::vector<double> values(static_cast<std::size_t>(a.local_size()) + 1, 1.0);
  Shape wrong = a.local_shape();
  if (testing::world_rank() == p - 1) wrong[1] += 1;
  EXPECT_THROW(a.put_local(values.data(), wrong), ValueError);
  a.put_local(values.data(), a.local_shape());
  EXPECT_EQ(a.get({0, 0}), 1.0);
  // Maps naming ranks outside the communicator, and negative shapes.
  EXPECT_THROW(DArray<double>({4}, Map({1}, {DimDist::block()}, {p})), ValueError);
  EXPECT_THROW(DArray<double>({-1, 2}, block_rows()), ValueError);
  EXPECT_THROW(DArray<double>({4}, block_rows()), ValueError) << "shape/map ndim mismatch";
  // Arrays on different communicators cannot be combined.
  MPI_Comm dup;
  MPI_Comm_dup(MPI_COMM_WORLD, &dup);
  {
    const auto other = DArray<double>::zeros({4, 4}, block_rows(), Context::wrap(dup));
    EXPECT_THROW(a.assign(other), ValueError);
  }
}

}  // namespace
}  // namespace pgas

namespace pgas {
namespace {

using comm::Slice;

// Serial oracle of a region: the row-major global indices of its cells.
std::vector<std::int64_t> region_indices(const maps::Shape& shape, const std::vector<Slice>& r) {
  std::vector<std::int64_t> out;
  std::vector<std::int64_t> x(r.size(), 0);
  std::int64_t total = 1;
  for (const Slice& s : r) total *= s.count;
  for (std::int64_t k = 0; k < total; ++k) {
    std::int64_t g = 0;
    for (std::size_t d = 0; d < r.size(); ++d) g = g * shape[d] + r[d].at(x[d]);
    out.push_back(g);
    for (std::size_t d = r.size(); d-- > 0;) {
      if (++x[d] < r[d].count) break;
      x[d] = 0;
    }
  }
  return out;
}

Slice random_slice(std::mt19937_64& rng, std::int64_t n, std::int64_t count) {
  // A slice of `count` cells inside [0, n), forwards or backwards.
  const std::int64_t max_step = count > 1 ? (n - 1) / (count - 1) : 1;
  const std::int64_t step = testing::pick(rng, 1, std::max<std::int64_t>(1, max_step));
  const std::int64_t span = (count - 1) * step;
  const std::int64_t first = testing::pick(rng, 0, n - 1 - span);
  if (testing::pick(rng, 0, 1) == 0) return Slice{first, step, count};
  return Slice{first + span, -step, count};
}

TEST(Regions, SliceAssignmentsBetweenRandomMapsMatchTheOracle) {
  std::mt19937_64 rng(31337);
  for (int trial = 0; trial < 300; ++trial) {
    const int ndim = static_cast<int>(testing::pick(rng, 1, 3));
    maps::Shape src_shape, dst_shape;
    std::vector<Slice> src_region, dst_region;
    for (int d = 0; d < ndim; ++d) {
      const std::int64_t count = testing::pick(rng, 0, 5);
      src_shape.push_back(count + testing::pick(rng, 0, 4));
      dst_shape.push_back(count + testing::pick(rng, 0, 4));
      src_region.push_back(count ? random_slice(rng, src_shape.back(), count) : Slice{0, 1, 0});
      dst_region.push_back(count ? random_slice(rng, dst_shape.back(), count) : Slice{0, 1, 0});
    }
    const auto a = DArray<std::int64_t>::arange(src_shape, testing::random_map(rng, ndim));
    auto b = DArray<std::int64_t>::full(dst_shape, testing::random_map(rng, ndim), -1);
    b.assign_region(dst_region, a, src_region);
    // Oracle: b's cells in the region hold a's region values, the others stay -1.
    std::vector<std::int64_t> expected(static_cast<std::size_t>(b.size()), -1);
    const auto from = region_indices(src_shape, src_region);
    const auto to = region_indices(dst_shape, dst_region);
    for (std::size_t k = 0; k < to.size(); ++k) expected[static_cast<std::size_t>(to[k])] = from[k];
    bool ok = b.agg_all() == expected;
    // Held overlap cells agree too: a synch changes nothing.
    auto synched = b.remap(b.map());
    synched.synch();
    ok = ok && synched.agg_all() == expected;
    // Reading a region into a new array.
    const auto piece = a.region(src_region, testing::random_map(rng, ndim));
    ok = ok && piece.agg_all() == from;
    EXPECT_TRUE(ok) << a.map().to_string() << " -> " << b.map().to_string();
    ASSERT_TRUE(testing::all_ranks(ok)) << "trial " << trial;
  }
}

TEST(Regions, FillAndPutRegionAndBadRegions) {
  const int p = testing::world_size();
  const maps::Map m({p, 1}, {maps::DimDist::cyclic(), maps::DimDist::block()});
  auto a = DArray<double>::zeros({6, 4}, m);
  a.fill_region({Slice{1, 2, 3}, Slice{0, 1, 4}}, 5.0);  // rows 1, 3, 5
  const std::vector<double> values{1, 2, 3, 4, 5, 6};
  a.put_region({Slice{0, 1, 2}, Slice{3, -1, 3}}, values.data());  // a[0:2, 3:0:-1]
  const auto all = a.agg_all();
  std::vector<double> expected(24, 0.0);
  for (int r : {1, 3, 5}) std::fill(expected.begin() + r * 4, expected.begin() + r * 4 + 4, 5.0);
  for (int r = 0; r < 2; ++r) {
    for (int c = 0; c < 3; ++c)
      expected[static_cast<std::size_t>(r * 4 + 3 - c)] =
          values[static_cast<std::size_t>(r * 3 + c)];
  }
  EXPECT_TRUE(testing::all_ranks(all == expected));
  EXPECT_THROW(a.fill_region({Slice{0, 1, 7}, Slice{0, 1, 4}}, 1.0), IndexError);
  const auto b = DArray<double>::zeros({3, 4}, m);
  EXPECT_THROW(
      a.assign_region({Slice{0, 1, 2}, Slice{0, 1, 4}}, b, {Slice{0, 1, 3}, Slice{0, 1, 4}}),
      ValueError);
  EXPECT_THROW(
      a.assign_region({Slice{0, 1, 6}, Slice{0, 1, 4}}, a, {Slice{1, 1, 6}, Slice{0, 1, 4}}),
      IndexError);
  // The same array on both sides: a[0:3] = a[3:6].
  auto c = DArray<double>::arange({6, 4}, m);
  c.assign_region({Slice{0, 1, 3}, Slice{0, 1, 4}}, c, {Slice{3, 1, 3}, Slice{0, 1, 4}});
  const auto shifted = c.agg_all();
  bool ok = true;
  for (std::size_t i = 0; i < 24; ++i)
    ok = ok && shifted[i] == static_cast<double>(i < 12 ? i + 12 : i);
  EXPECT_TRUE(testing::all_ranks(ok));
}

}  // namespace
}  // namespace pgas
