// Round trips: every dtype, maps of every kind, written with one map and read with another,
// and written on all ranks, read on fewer.
#include <complex>
#include <random>

#include "io_testing.hpp"

namespace pgas {
namespace {

using maps::DimDist;
using maps::Map;
using maps::Shape;
using testing::all_ranks;
using testing::pick;

// A value per global index that tells cells apart for every dtype.
template <typename T>
T value_at(std::int64_t g) {
  if constexpr (std::is_same_v<T, bool>) {
    return g % 3 == 1;
  } else if constexpr (is_complex<T>::value) {
    using R = typename T::value_type;
    return T(static_cast<R>(g), static_cast<R>(-2 * g - 1));
  } else {
    return static_cast<T>(g * 3 - 7);
  }
}

template <typename T>
DArray<T> pattern(const Shape& shape, const Map& map, ContextPtr ctx = Context::world()) {
  DArray<T> a(shape, map, ctx);
  for_each_cell(a.local_shape(), a.local_shape(), held_global_indices(map, shape, ctx->rank()),
                shape, [&](std::int64_t local, std::int64_t global) {
                  a.local_data()[local] = value_at<T>(global);
                });
  return a;
}

template <typename T>
bool holds_pattern(const DArray<T>& a) {
  bool ok = true;
  for_each_cell(a.local_shape(), a.local_shape(),
                held_global_indices(a.map(), a.shape(), a.context()->rank()), a.shape(),
                [&](std::int64_t local, std::int64_t global) {
                  ok = ok && a.local_data()[local] == value_at<T>(global);
                });
  return ok;
}

Shape random_shape(std::mt19937_64& rng, int ndim) {
  Shape shape;
  for (int d = 0; d < ndim; ++d) shape.push_back(pick(rng, 0, 9) == 0 ? 0 : pick(rng, 1, 11));
  return shape;
}

template <typename T>
class RoundTrip : public ::testing::Test {};
using DTypes =
    ::testing::Types<double, float, std::int64_t, std::int32_t, std::uint64_t, std::uint32_t,
                     std::uint16_t, std::uint8_t, std::complex<double>, std::complex<float>, bool>;
TYPED_TEST_SUITE(RoundTrip, DTypes);

TYPED_TEST(RoundTrip, AnyMapToAnyMap) {
  using T = TypeParam;
  testing::ScratchDir dir;
  std::mt19937_64 rng(1234);  // the same cases on every rank
  for (int c = 0; c < 12; ++c) {
    const int ndim = static_cast<int>(pick(rng, 1, 3));
    const Shape shape = random_shape(rng, ndim);
    const Map writer = testing::random_map(rng, ndim);
    const Map reader = testing::random_map(rng, ndim);
    io::SaveOptions options;
    options.method = pick(rng, 0, 1) ? io::Method::hyperslabs : io::Method::via_blocks;
    if (pick(rng, 0, 2) == 0) options.compression = static_cast<int>(pick(rng, 0, 9));
    const std::string path = dir.file("case" + std::to_string(c) + ".h5");
    const std::string name = c % 4 == 3 ? "group/sub/x" : "x";

    io::save(path, name, pattern<T>(shape, writer), options);
    const DArray<T> back = io::load<T>(path, name, reader);
    const DArray<T> restored = io::load_stored<T>(path, name);
    const DArray<T> rows = io::load<T>(path, name);
    const io::DatasetInfo info = io::dataset_info(path, name);

    const bool ok = holds_pattern(back) && back.map() == reader && holds_pattern(restored) &&
                    restored.map() == writer && holds_pattern(rows) &&
                    rows.map() == io::default_map(ndim, testing::world_size()) &&
                    info.shape == shape && info.dtype == io::dtype_of<T>() &&
                    info.stored_map == writer;
    ASSERT_TRUE(all_ranks(ok)) << "case " << c << " shape " << shape_string(shape) << " writer "
                               << writer.to_string() << " reader " << reader.to_string();
  }
}

TYPED_TEST(RoundTrip, WrittenOnAllRanksReadOnFewer) {
  using T = TypeParam;
  testing::ScratchDir dir;
  const int world = testing::world_size();
  const Shape shape{13, 5};
  const Map writer({world, 1}, {DimDist::block_cyclic(2), DimDist::block()});
  const std::string path = dir.file("all.h5");
  io::save(path, "a", pattern<T>(shape, writer));
  for (int k = 1; k <= world; ++k) {
    MPI_Comm sub = MPI_COMM_NULL;
    MPI_Comm_split(MPI_COMM_WORLD, testing::world_rank() < k ? 0 : MPI_UNDEFINED, 0, &sub);
    bool ok = true;
    if (sub != MPI_COMM_NULL) {
      const ContextPtr ctx = Context::wrap(sub);
      const std::vector<Map> readers = {io::default_map(2, k), Map({1, k}, {DimDist::cyclic()}),
                                        Map({k, 1}, {DimDist::cyclic(), DimDist::block()}),
                                        Map({1, k}, {DimDist::block()}, {}, {0, 1}),
                                        Map({k, 1}, {DimDist::block_cyclic(3)})};
      for (const Map& reader : readers) {
        const DArray<T> back = io::load<T>(path, "a", reader, ctx);
        ok = ok && holds_pattern(back) && back.map() == reader;
      }
      const DArray<T> rows = io::load<T>(path, "a", ctx);
      ok = ok && holds_pattern(rows);
      // The writer's map needs `world` ranks: on fewer, restoring it is an error.
      const bool stored_fits = k == world;
      bool raised = false;
      try {
        ok = ok && holds_pattern(io::load_stored<T>(path, "a", ctx));
      } catch (const ValueError&) {
        raised = true;
      }
      ok = ok && raised == !stored_fits;
    }
    ASSERT_TRUE(all_ranks(ok)) << "read on " << k << " ranks";
  }
}

TEST(RoundTripMethods, HyperslabsAndViaBlocksWriteTheSameFile) {
  testing::ScratchDir dir;
  const int world = testing::world_size();
  const Shape shape{17, 6};
  const Map m({world, 1}, {DimDist::cyclic(), DimDist::block()});
  io::SaveOptions a, b;
  a.method = io::Method::hyperslabs;
  b.method = io::Method::via_blocks;
  io::save(dir.file("f.h5"), "h", pattern<double>(shape, m), a);
  io::save(dir.file("f.h5"), "v", pattern<double>(shape, m), b);
  const auto h = io::load<double>(dir.file("f.h5"), "h").agg_all();
  const auto v = io::load<double>(dir.file("f.h5"), "v").agg_all();
  bool ok = h == v && h.size() == 17 * 6;
  for (std::size_t i = 0; i < h.size(); ++i)
    ok = ok && h[i] == value_at<double>(static_cast<std::int64_t>(i));
  EXPECT_TRUE(all_ranks(ok));
  // via_blocks stores the map the array had, not the block rows it went through.
  EXPECT_EQ(io::stored_map(dir.file("f.h5"), "v"), io::stored_map(dir.file("f.h5"), "h"));
}

// What `automatic` writes with: hyperslabs for blocks and for maps whose file pieces are
// long (whole rows), via blocks when the map chops rows into short pieces; explicit methods
// are kept; reads always use hyperslabs.
TEST(RoundTrip, AutomaticWriteMethodFollowsThePieceLength) {
  using io::Method;
  const Shape big{16384, 16384};
  const Map block_rows({2, 1}, {DimDist::block()});
  const Map cyclic_rows({2, 1}, {DimDist::cyclic(), DimDist::block()});
  const Map bc_columns({1, 2}, {DimDist::block(), DimDist::block_cyclic(64)});
  const Map bc_wide({1, 2}, {DimDist::block(), DimDist::block_cyclic(2048)});
  EXPECT_EQ(io::resolve_write_method(block_rows, big, 8, Method::automatic), Method::hyperslabs);
  EXPECT_EQ(io::resolve_write_method(cyclic_rows, big, 8, Method::automatic), Method::hyperslabs);
  EXPECT_EQ(io::resolve_write_method(bc_columns, big, 8, Method::automatic), Method::via_blocks);
  EXPECT_EQ(io::resolve_write_method(bc_wide, big, 8, Method::automatic), Method::hyperslabs);
  EXPECT_EQ(io::resolve_write_method(cyclic_rows, Shape{100, 3}, 8, Method::automatic),
            Method::via_blocks);
  EXPECT_EQ(io::resolve_write_method(bc_columns, big, 8, Method::hyperslabs), Method::hyperslabs);
  EXPECT_EQ(io::resolve_write_method(block_rows, big, 8, Method::via_blocks), Method::hyperslabs);
  EXPECT_EQ(io::resolve_method(bc_columns, Method::automatic), Method::hyperslabs);
}

}  // namespace
}  // namespace pgas
