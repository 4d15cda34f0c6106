// Redistribution A -> B between random maps, against the global-index oracle on every rank.
#include <climits>
#include <set>

#include "darray_testing.hpp"
#include "pgas/darray/element_types.hpp"

namespace pgas {
namespace {

using testing::all_ranks;
using testing::pick;

// What this rank must send: cells it owns under `from` that another rank holds under `to`,
// counted by enumerating every cell (the brute-force oracle for the plan's traffic).
std::pair<std::int64_t, std::set<int>> expected_sends(const maps::Map& from, const maps::Map& to,
                                                      const maps::Shape& shape, int me, int ranks) {
  std::int64_t cells = 1;
  for (std::int64_t n : shape) cells *= n;
  std::int64_t sent = 0;
  std::set<int> peers;
  maps::Index index(shape.size());
  for (std::int64_t flat = 0; flat < cells; ++flat) {
    std::int64_t rest = flat;
    for (std::size_t d = shape.size(); d-- > 0;) {
      index[d] = rest % shape[d];
      rest /= shape[d];
    }
    if (from.owner(shape, index).rank != me) continue;
    for (int r = 0; r < ranks; ++r) {
      if (r != me && to.to_local(shape, r, index)) {
        ++sent;
        peers.insert(r);
      }
    }
  }
  return {sent, peers};
}

TEST(Redistribute, RandomMapPairsMatchTheOracleAndRoundTrip) {
  std::mt19937_64 rng(20261123);  // the same cases on every rank: the calls are collective
  const int me = testing::world_rank();
  const int ranks = testing::world_size();
  int cases = 0;
  for (int trial = 0; trial < 1200; ++trial) {
    const int ndim = static_cast<int>(pick(rng, 1, 4));
    maps::Shape shape;
    for (int d = 0; d < ndim; ++d) shape.push_back(pick(rng, 0, ndim <= 2 ? 9 : 5));
    const maps::Map from = testing::random_map(rng, ndim);
    const maps::Map to = testing::random_map(rng, ndim);
    SCOPED_TRACE(from.to_string() + " -> " + to.to_string() + " shape " + shape_string(shape));

    const auto a = DArray<std::int64_t>::arange(shape, from);
    DArray<std::int64_t> b(shape, to);
    b.fill_local(-1);
    b.assign(a);
    bool ok = testing::holds_global_index(b);
    EXPECT_TRUE(ok) << "A -> B";

    const auto back = b.remap(from);
    const bool round_trip = testing::holds_global_index(back);
    EXPECT_TRUE(round_trip) << "A -> B -> A";
    ok = ok && round_trip;

    const auto plan =
        redistribution::cached_plan(a.context()->comm(), from, to, shape, sizeof(std::int64_t));
    const auto [sent_cells, peers] = expected_sends(from, to, shape, me, ranks);
    const bool traffic = plan->bytes_sent() == sent_cells * 8 &&
                         plan->send_peers() == std::vector<int>(peers.begin(), peers.end());
    EXPECT_TRUE(traffic) << "sent " << plan->bytes_sent() << " bytes, expected " << sent_cells * 8;
    ok = ok && traffic;
    ASSERT_TRUE(all_ranks(ok)) << "case " << trial << " failed on some rank";
    ++cases;
  }
  EXPECT_EQ(cases, 1200);
}

// Packed messages past the split threshold travel as one derived-type message; lowered so
// that the random cases' messages take that path.
TEST(Redistribute, SplitLargeMessagesMatchTheOracle) {
  struct Restore {
    redistribution::ExchangeMethod method = redistribution::exchange_method();
    ~Restore() {
      redistribution::set_exchange_method(method);
      comm::set_large_message_split(static_cast<std::size_t>(INT_MAX), std::size_t{1} << 20);
    }
  } restore;
  redistribution::set_exchange_method(redistribution::ExchangeMethod::packed);
  comm::set_large_message_split(24, 16);
  std::mt19937_64 rng(99);
  for (int trial = 0; trial < 200; ++trial) {
    const int ndim = static_cast<int>(pick(rng, 1, 3));
    maps::Shape shape;
    for (int d = 0; d < ndim; ++d) shape.push_back(pick(rng, 1, 9));
    const maps::Map from = testing::random_map(rng, ndim);
    const maps::Map to = testing::random_map(rng, ndim);
    const auto a = DArray<std::int64_t>::arange(shape, from);
    const auto b = a.remap(to);
    ASSERT_TRUE(all_ranks(testing::holds_global_index(b)))
        << from.to_string() << " -> " << to.to_string() << " shape " << shape_string(shape);
  }
}

TEST(Redistribute, EveryDtypeMoves) {
  std::mt19937_64 rng(7);
  const maps::Shape shape{7, 5};
  const maps::Map from = testing::random_map(rng, 2);
  const maps::Map to = testing::random_map(rng, 2);
  bool ok = true;
  int types = 0;
  for_each_element_type([&](auto tag) {  // every type a DArray holds (element_types.hpp)
    using T = typename decltype(tag)::type;
    ++types;
    if constexpr (!std::is_same_v<T, bool>) {
      const auto a = DArray<T>::arange(shape, from);
      const auto b = a.remap(to);
      ok = ok && testing::holds_global_index(b);
    }
  });
  EXPECT_EQ(types, 11);
  EXPECT_TRUE(all_ranks(ok));
  DArray<bool> flags(shape, from);
  flags.fill_local(true);
  const auto moved = flags.remap(to);
  bool all_true = true;
  for (std::int64_t i = 0; i < moved.local_size(); ++i)
    all_true = all_true && moved.local_data()[i];
  EXPECT_TRUE(all_ranks(all_true));
}

TEST(Redistribute, LargeBlockRowsToBlockColumnsSendOnlyWhatMoves) {
  const int p = testing::world_size();
  const maps::Shape shape{301, 203};
  const maps::Map rows({p, 1}, {maps::DimDist::block()});
  const maps::Map cols({1, p}, {maps::DimDist::block()});
  const auto a = DArray<double>::arange(shape, rows);
  const auto b = a.remap(cols);
  EXPECT_TRUE(all_ranks(testing::holds_global_index(b)));
  const auto plan =
      redistribution::cached_plan(a.context()->comm(), rows, cols, shape, sizeof(double));
  // I keep my row block's slice of my column block and send the rest.
  const auto owned_rows = a.owned_shape()[0];
  const auto kept_cols = b.owned_shape()[1];
  EXPECT_EQ(plan->bytes_sent(), owned_rows * (shape[1] - kept_cols) * 8);
  EXPECT_EQ(plan->cells_kept(), owned_rows * kept_cols);
}

}  // namespace
}  // namespace pgas
