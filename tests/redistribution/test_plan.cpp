// RedistributionPlan on plain local buffers (no darray): every held cell of the destination
// gets the value of the cell with the same global index, under each exchange method, for
// random map pairs, regions and overlap refreshes; the traffic is what an oracle that
// enumerates every cell predicts. Every rank asserts and the verdict is all-reduced.
#include <gtest/gtest.h>

#include <climits>
#include <cstdint>
#include <set>
#include <vector>

#include "mpi_testing.hpp"
#include "pgas/errors.hpp"
#include "pgas/maps/index_space.hpp"
#include "pgas/redistribution/redistribution_plan.hpp"

namespace pgas::redistribution {
namespace {

using pgas::testing::all_ranks;
using pgas::testing::pick;
using pgas::testing::random_map;

// Global indices of this rank's held cells along each dimension, in local order.
std::vector<std::vector<std::int64_t>> held_indices(const maps::Map& map, const maps::Shape& shape,
                                                    int rank) {
  std::vector<std::vector<std::int64_t>> out;
  for (const auto& runs : map.held(shape, rank)) {
    std::vector<std::int64_t> g;
    for (const maps::Runs& r : runs) {
      for (std::int64_t k = 0; k < r.size(); ++k) g.push_back(r.cell(k));
    }
    out.push_back(g);
  }
  return out;
}

// f(local offset, global row-major position) for every held cell of `rank`.
template <typename F>
void for_each_held(const maps::Map& map, const maps::Shape& shape, int rank, F&& f) {
  const auto g = held_indices(map, shape, rank);
  const maps::Shape local = map.local_shape(shape, rank);
  maps::for_each_index(local, [&](const std::vector<std::int64_t>& i) {
    std::vector<std::int64_t> global(i.size());
    for (std::size_t d = 0; d < i.size(); ++d) global[d] = g[d][static_cast<std::size_t>(i[d])];
    f(maps::row_major_offset(local, i), maps::row_major_offset(shape, global));
  });
}

std::vector<std::int64_t> local_array(const maps::Map& map, const maps::Shape& shape, int rank,
                                      std::int64_t fill) {
  return std::vector<std::int64_t>(static_cast<std::size_t>(std::max<std::int64_t>(
                                       maps::cell_count(map.local_shape(shape, rank)), 1)),
                                   fill);
}

// What this rank must send: cells it owns under `from` that another rank holds under `to`.
std::pair<std::int64_t, std::set<int>> expected_sends(const maps::Map& from, const maps::Map& to,
                                                      const maps::Shape& shape, int me, int ranks) {
  std::int64_t sent = 0;
  std::set<int> peers;
  maps::for_each_index(shape, [&](const std::vector<std::int64_t>& index) {
    if (from.owner(shape, index).rank != me) return;
    for (int r = 0; r < ranks; ++r) {
      if (r != me && to.to_local(shape, r, index)) {
        ++sent;
        peers.insert(r);
      }
    }
  });
  return {sent, peers};
}

struct MethodRestorer {
  ExchangeMethod saved = exchange_method();
  ~MethodRestorer() { set_exchange_method(saved); }
};

class PlanTest : public ::testing::TestWithParam<ExchangeMethod> {
 protected:
  void SetUp() override { set_exchange_method(GetParam()); }
  MethodRestorer restore_;
  const comm::Communicator world_ = comm::Communicator::world();
};

TEST_P(PlanTest, RandomMapPairsDeliverEveryHeldCellAndSendWhatTheOracleSays) {
  std::mt19937_64 rng(20261201);  // the same cases on every rank: execute is collective
  const int me = world_.rank();
  for (int trial = 0; trial < 300; ++trial) {
    const int ndim = static_cast<int>(pick(rng, 1, 3));
    maps::Shape shape;
    for (int d = 0; d < ndim; ++d) shape.push_back(pick(rng, 0, ndim == 1 ? 17 : 6));
    const maps::Map from = random_map(rng, ndim);
    const maps::Map to = random_map(rng, ndim);
    SCOPED_TRACE(from.to_string() + " -> " + to.to_string());

    std::vector<std::int64_t> source = local_array(from, shape, me, -2);
    for_each_held(from, shape, me, [&](std::int64_t local, std::int64_t global) {
      source[static_cast<std::size_t>(local)] = global;
    });
    std::vector<std::int64_t> dest = local_array(to, shape, me, -1);
    const RedistributionPlan plan(world_, from, to, shape, sizeof(std::int64_t));
    plan.execute(world_, source.data(), dest.data());

    bool ok = true;
    for_each_held(to, shape, me, [&](std::int64_t local, std::int64_t global) {
      ok = ok && dest[static_cast<std::size_t>(local)] == global;
    });
    EXPECT_TRUE(ok) << "case " << trial;
    const auto [cells, peers] = expected_sends(from, to, shape, me, world_.size());
    const bool traffic = plan.bytes_sent() == cells * 8 &&
                         plan.send_peers() == std::vector<int>(peers.begin(), peers.end());
    EXPECT_TRUE(traffic) << "case " << trial << ": sent " << plan.bytes_sent() << " bytes";
    ASSERT_TRUE(all_ranks(ok && traffic)) << "case " << trial << " failed on some rank";
  }
}

TEST_P(PlanTest, OverlapRefreshInPlaceWritesOnlyOverlapCells) {
  const int p = world_.size();
  const maps::Shape shape{11, 7};
  const maps::Map m({p, 1}, {maps::DimDist::block()}, {}, {2, 0});
  const int me = world_.rank();
  std::vector<std::int64_t> a = local_array(m, shape, me, -1);
  const maps::Shape owned = m.owned_shape(shape, me);
  const maps::Shape local = m.local_shape(shape, me);
  // Owned cells hold their index, overlap cells a stale -1.
  for_each_held(m, shape, me, [&](std::int64_t offset, std::int64_t global) {
    if (offset / local[1] < owned[0]) a[static_cast<std::size_t>(offset)] = global;
  });
  const RedistributionPlan plan(world_, m, m, shape, sizeof(std::int64_t));
  plan.execute(world_, a.data(), a.data());
  bool ok = true;
  for_each_held(m, shape, me, [&](std::int64_t offset, std::int64_t global) {
    ok = ok && a[static_cast<std::size_t>(offset)] == global;
  });
  EXPECT_TRUE(all_ranks(ok));
}

TEST_P(PlanTest, RegionPlansCopyReversedAndStridedSlices) {
  std::mt19937_64 rng(77);
  const int me = world_.rank();
  for (int trial = 0; trial < 100; ++trial) {
    const maps::Shape from_shape{pick(rng, 1, 9), pick(rng, 1, 9)};
    const maps::Shape to_shape{pick(rng, 1, 9), pick(rng, 1, 9)};
    const maps::Map from = random_map(rng, 2);
    const maps::Map to = random_map(rng, 2);
    std::vector<Slice> src, dst;
    for (std::size_t d = 0; d < 2; ++d) {
      const std::int64_t count = pick(rng, 0, std::min(from_shape[d], to_shape[d]));
      // The source runs backwards (step -1) from its end, the destination forwards.
      src.push_back(Slice{from_shape[d] - 1, -1, count});
      dst.push_back(Slice{0, 1, count});
    }
    std::vector<std::int64_t> source = local_array(from, from_shape, me, -2);
    for_each_held(from, from_shape, me, [&](std::int64_t local, std::int64_t global) {
      source[static_cast<std::size_t>(local)] = global;
    });
    std::vector<std::int64_t> dest = local_array(to, to_shape, me, -1);
    const auto plan = RedistributionPlan::for_regions(world_, from, from_shape, src, to, to_shape,
                                                      dst, sizeof(std::int64_t));
    plan.execute(world_, source.data(), dest.data());
    bool ok = true;
    for_each_held(to, to_shape, me, [&](std::int64_t local, std::int64_t global) {
      const std::int64_t i = global / to_shape[1], j = global % to_shape[1];
      const bool inside = i < dst[0].count && j < dst[1].count;
      const std::int64_t want = inside ? src[0].at(i) * from_shape[1] + src[1].at(j) : -1;
      ok = ok && dest[static_cast<std::size_t>(local)] == want;
    });
    ASSERT_TRUE(all_ranks(ok)) << "case " << trial << ": " << from.to_string() << " -> "
                               << to.to_string();
  }
}

INSTANTIATE_TEST_SUITE_P(Methods, PlanTest,
                         ::testing::Values(ExchangeMethod::automatic, ExchangeMethod::packed,
                                           ExchangeMethod::datatypes));

TEST(Plan, BadInputRaisesOnEveryRank) {
  const comm::Communicator world = comm::Communicator::world();
  const int p = world.size();
  const maps::Map too_wide({p + 1}, {maps::DimDist::block()});
  const maps::Map fits({p}, {maps::DimDist::block()});
  EXPECT_TRUE(pgas::testing::throws_on_every_rank<ValueError>(
      [&] { RedistributionPlan(world, fits, too_wide, {8}, 8); }, {"outside the communicator"}));
  const maps::Map cyclic({p}, {maps::DimDist::cyclic()});
  const RedistributionPlan plan(world, fits, cyclic, {8}, 8);
  std::vector<std::int64_t> a(8);
  EXPECT_TRUE(pgas::testing::throws_on_every_rank<ValueError>(
      [&] { plan.execute(world, a.data(), a.data()); }, {"in place"}));
  EXPECT_TRUE(pgas::testing::throws_on_every_rank<IndexError>(
      [&] {
        RedistributionPlan::for_regions(world, fits, {8}, {Slice{0, 1, 9}}, fits, {9},
                                        {Slice{0, 1, 9}}, 8);
      },
      {"outside extent"}));
}

}  // namespace
}  // namespace pgas::redistribution
