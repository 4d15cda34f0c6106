#include <cmath>
#include <numeric>
#include <utility>

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

TEST(DArray, AggGivesTheWholeArrayOnTheLeaderAndTheLocalPartElsewhere) {
  const Shape shape{5, 7};
  const int p = testing::world_size();
  const Map with_overlap({p, 1}, {DimDist::block()}, {}, {1, 0});
  for (const Map& m : {cyclic_cols(), with_overlap}) {
    const auto a = DArray<std::int64_t>::arange(shape, m);
    const int leader = p - 1;
    const auto got = a.agg(leader);
    std::vector<std::int64_t> expected(35);
    std::iota(expected.begin(), expected.end(), 0);
    // Elsewhere: a copy of the local part, overlap cells included (pPython's agg).
    const std::vector<std::int64_t> local(a.local_data(), a.local_data() + a.local_size());
    const bool ok = testing::world_rank() == leader ? got == expected : got == local;
    EXPECT_TRUE(all_ranks(ok)) << m.to_string();
    EXPECT_TRUE(all_ranks(a.agg_all() == expected)) << m.to_string();
  }
  const auto a = DArray<std::int64_t>::arange(shape, cyclic_cols());
  EXPECT_TRUE(testing::throws_on_every_rank<ValueError>(
      [&] { a.agg(p); },
      {"agg: leader " + std::to_string(p), "outside the communicator of " + std::to_string(p)}));
  EXPECT_TRUE(testing::throws_on_every_rank<ValueError>([&] { a.agg(-1); }, {"agg: leader -1"}));
}

TEST(DArray, OwnedViewLeavesOutTheOverlapCells) {
  const int p = testing::world_size();
  const Map rows({p, 1}, {DimDist::block()}, {}, {2, 0});
  const Map grid2d({p > 1 ? 2 : 1, p > 3 ? 2 : 1}, {DimDist::block()}, {}, {1, 1});
  const Map mixed({1, p}, {DimDist::block(), DimDist::cyclic()});
  for (const Map& m : {rows, grid2d, mixed}) {
    auto a = DArray<std::int64_t>::arange({11, 6}, m);
    const auto& cref = a;
    const LocalView<const std::int64_t> view = cref.owned();
    bool ok = view.shape == a.owned_shape() && view.data == a.local_data();
    // Each owned cell holds its global index; the view's rows are the local array's rows.
    const auto g0 = a.global_ind(0), g1 = a.global_ind(1);
    std::vector<std::int64_t> expected;
    for (std::int64_t i = 0; i < view.shape[0]; ++i) {
      for (std::int64_t j = 0; j < view.shape[1]; ++j) {
        const std::int64_t g =
            g0[static_cast<std::size_t>(i)] * 6 + g1[static_cast<std::size_t>(j)];
        ok =
            ok && view[{i, j}] == g && &view[{i, j}] == a.local_data() + i * a.local_shape()[1] + j;
        expected.push_back(g);
      }
    }
    ok = ok && a.owned_copy() == expected;
    std::int64_t seen = 0;
    view.for_each([&](std::int64_t) { ++seen; });
    ok = ok && seen == static_cast<std::int64_t>(expected.size());
    // Every cell is owned exactly once: the owned sizes add up to the array's size.
    std::int64_t total = 0;
    const auto mine = static_cast<std::int64_t>(expected.size());
    MPI_Allreduce(&mine, &total, 1, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD);
    ok = ok && total == 66;
    // Writes through the mutable view land in the array.
    a.owned().for_each([](std::int64_t& x) { x = -x - 1; });
    const auto all = a.agg_all();
    for (std::size_t k = 0; k < all.size(); ++k) {
      ok = ok && all[k] == -static_cast<std::int64_t>(k) - 1;
    }
    EXPECT_TRUE(all_ranks(ok)) << m.to_string();
  }
}

TEST(DArray, SameMapAssignCopiesTheLocalPartsAndRefreshesOverlap) {
  std::mt19937_64 rng(77);
  for (int trial = 0; trial < 100; ++trial) {
    const int ndim = static_cast<int>(testing::pick(rng, 1, 3));
    Shape shape;
    for (int d = 0; d < ndim; ++d) shape.push_back(testing::pick(rng, 0, 7));
    const Map m = testing::random_map(rng, ndim);
    auto a = DArray<std::int64_t>::arange(shape, m);
    // Stale overlap in the source: the destination still gets the owners' values.
    const auto owned = a.owned_shape();
    const auto local = a.local_shape();
    for_each_cell(local, local, held_global_indices(m, shape, testing::world_rank()), shape,
                  [&](std::int64_t offset, std::int64_t) {
                    std::int64_t rest = offset;
                    bool overlap = false;
                    for (std::size_t d = local.size(); d-- > 0;) {
                      overlap = overlap || rest % local[d] >= owned[d];
                      rest /= local[d];
                    }
                    if (overlap) a.local_data()[offset] = -7;
                  });
    auto b = DArray<std::int64_t>::full(shape, m, -1);
    b.assign(a);
    bool ok = testing::holds_global_index(b);
    const auto c = a.remap(m);  // the same map: a copy, not an alias
    ok = ok && testing::holds_global_index(c) &&
         (c.local_size() == 0 || c.local_data() != a.local_data());
    EXPECT_TRUE(ok) << m.to_string();
    ASSERT_TRUE(all_ranks(ok)) << "trial " << trial;
  }
}

TEST(DArray, CopiesAreDeepAndMovesHandTheBufferOver) {
  std::mt19937_64 rng(31);
  for (int trial = 0; trial < 20; ++trial) {
    const Map m = testing::random_map(rng, 2);
    const Shape shape{testing::pick(rng, 0, 9), testing::pick(rng, 0, 9)};
    const auto a = DArray<std::int64_t>::arange(shape, m);
    DArray<std::int64_t> copy(a);
    bool ok = copy.map() == a.map() && copy.shape() == a.shape() &&
              (a.local_size() == 0 || copy.local_data() != a.local_data()) &&
              testing::holds_global_index(copy);
    copy.fill_local(-7);  // writing the copy leaves the original alone
    ok = ok && testing::holds_global_index(a);

    DArray<std::int64_t> assigned = DArray<std::int64_t>::zeros({1}, block_rows(1));
    assigned = a;  // copy assignment takes the shape and map too
    ok = ok && assigned.shape() == a.shape() && testing::holds_global_index(assigned);

    const std::int64_t* buffer = copy.local_data();
    DArray<std::int64_t> moved(std::move(copy));
    ok = ok && moved.local_data() == buffer && moved.local_size() == a.local_size();
    DArray<std::int64_t> target = DArray<std::int64_t>::zeros({1}, block_rows(1));
    target = std::move(moved);
    ok = ok && target.local_data() == buffer && target.shape() == a.shape();

    const DArray<std::int64_t> alias = a.alias();  // the explicit way to share storage
    ok = ok && alias.local_data() == a.local_data() && alias.map() == a.map();
    ASSERT_TRUE(all_ranks(ok)) << m.to_string();
  }
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
  EXPECT_TRUE(testing::throws_on_every_rank<IndexError>(
      [&] {
        a.get({6, 0});
      },
      {"index 6 is out of bounds for axis 0 with size 6"}));
  EXPECT_TRUE(testing::throws_on_every_rank<IndexError>(
      [&] { a.get({0}); }, {"an index of 1 integers for an array of 2 dimensions"}));
  EXPECT_TRUE(testing::throws_on_every_rank<IndexError>(
      [&] {
        a.set({0, 5}, 1.0);
      },
      {"index 5 is out of bounds for axis 1 with size 5"}));
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
  using testing::throws_on_every_rank;
  const int p = testing::world_size();
  const std::string P = std::to_string(p);
  auto a = DArray<double>::zeros({4, 4}, block_rows());
  const auto b = DArray<double>::zeros({4, 5}, block_rows());
  EXPECT_TRUE(throws_on_every_rank<ValueError>([&] { a.assign(b); },
                                               {"assign: shapes (4, 4) and (4, 5) differ"}));
  EXPECT_TRUE(throws_on_every_rank<ValueError>(
      [&] { a.combine(b, [](double x, double y) { return x + y; }); },
      {"elementwise operation: shapes (4, 4) and (4, 5) differ"}));
  // A put_local of the wrong shape on one rank only: every rank throws, naming that rank and
  // the shapes it had.
  std::vector<double> values(static_cast<std::size_t>(a.local_size()) + 1, 1.0);
  Shape wrong = a.local_shape();
  if (testing::world_rank() == p - 1) wrong[1] += 1;
  const std::string last = std::to_string(p - 1);
  EXPECT_TRUE(throws_on_every_rank<ValueError>(
      [&] { a.put_local(values.data(), wrong); },
      {"put_local: local part of the wrong shape: failed on rank " + last,
       "(rank " + last + ": got (", ", 5), the local part is (", ", 4))"}));
  a.put_local(values.data(), a.local_shape());
  EXPECT_EQ(a.get({0, 0}), 1.0);
  // Maps naming ranks outside the communicator, and negative shapes.
  EXPECT_TRUE(throws_on_every_rank<ValueError>(
      [&] { DArray<double>({4}, Map({1}, {DimDist::block()}, {p})); },
      {"procs: rank " + P + " is outside the communicator of " + P + " ranks"}));
  EXPECT_TRUE(throws_on_every_rank<ValueError>(
      [&] {
        DArray<double>({-1, 2}, block_rows());
      },
      {"shape[0] = -1 must be >= 0"}));
  EXPECT_TRUE(throws_on_every_rank<ValueError>([&] { DArray<double>({4}, block_rows()); },
                                               {"has 1 dimensions, the map 2"}))
      << "shape/map ndim mismatch";
  // Arrays on different communicators cannot be combined.
  MPI_Comm dup;
  MPI_Comm_dup(MPI_COMM_WORLD, &dup);
  {
    const auto other = DArray<double>::zeros({4, 4}, block_rows(), Context::wrap(dup));
    EXPECT_TRUE(throws_on_every_rank<ValueError>(
        [&] { a.assign(other); }, {"assign: the arrays live on different communicators"}));
  }
  MPI_Comm_free(&dup);  // the context keeps its own duplicate
}

}  // namespace
}  // namespace pgas

namespace pgas {
namespace {

using redistribution::Slice;

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
  EXPECT_TRUE(testing::throws_on_every_rank<IndexError>(
      [&] {
        a.fill_region({Slice{0, 1, 7}, Slice{0, 1, 4}}, 1.0);
      },
      {"region along axis 0 is outside extent 6"}));
  const auto b = DArray<double>::zeros({3, 4}, m);
  EXPECT_TRUE(testing::throws_on_every_rank<ValueError>(
      [&] {
        a.assign_region({Slice{0, 1, 2}, Slice{0, 1, 4}}, b, {Slice{0, 1, 3}, Slice{0, 1, 4}});
      },
      {"region extents 3 and 2 differ along axis 0"}));
  EXPECT_TRUE(testing::throws_on_every_rank<IndexError>(
      [&] {
        a.assign_region({Slice{0, 1, 6}, Slice{0, 1, 4}}, a, {Slice{1, 1, 6}, Slice{0, 1, 4}});
      },
      {"source region along axis 0 (start 1, step 1, count 6) is outside extent 6"}));
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
