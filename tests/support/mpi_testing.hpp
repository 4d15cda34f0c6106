// Helpers every MPI test suite shares: the world's size and rank, the all-reduced verdict
// (Elemental's idiom) so that every rank fails or passes a collective case together, the
// check that an error is raised on every rank, and random maps the same on every rank.
#pragma once

#include <gtest/gtest.h>
#include <mpi.h>

#include <algorithm>
#include <exception>
#include <random>
#include <string>
#include <vector>

#include "pgas/maps/map.hpp"

namespace pgas::testing {

inline int world_size() {
  int n = 0;
  MPI_Comm_size(MPI_COMM_WORLD, &n);
  return n;
}

inline int world_rank() {
  int r = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}

/// True on every rank iff `ok` holds on every rank.
inline bool all_ranks(bool ok) {
  int local = ok ? 1 : 0;
  int all = 0;
  MPI_Allreduce(&local, &all, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
  return all != 0;
}

/// Passes iff, on every rank, `f()` throws an E whose message starts with "[rank r] " (this
/// rank) and contains each of `parts`: the message names what is wrong, and no rank is left
/// out. Collective when f is. The failure says what this rank saw.
template <typename E, typename F>
::testing::AssertionResult throws_on_every_rank(F&& f, const std::vector<std::string>& parts) {
  std::string problem;
  try {
    f();
    problem = "nothing was thrown";
  } catch (const E& e) {
    const std::string what = e.what();
    const std::string prefix = "[rank " + std::to_string(world_rank()) + "] ";
    if (what.rfind(prefix, 0) != 0) problem = "\"" + what + "\" does not start with " + prefix;
    for (const std::string& part : parts) {
      if (problem.empty() && what.find(part) == std::string::npos) {
        problem = "\"" + what + "\" does not mention \"" + part + "\"";
      }
    }
  } catch (const std::exception& e) {
    problem = std::string("another exception type: ") + e.what();
  }
  if (all_ranks(problem.empty())) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "rank " << world_rank() << ": "
         << (problem.empty() ? "as expected here, not on another rank" : problem);
}

inline std::int64_t pick(std::mt19937_64& rng, std::int64_t lo, std::int64_t hi) {
  return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
}

/// How random_map draws (the darray suites take the defaults, linalg its own).
struct RandomMapOptions {
  int grid_tries = 4;              // attempts at growing the grid by 2 or 3 along a dimension
  std::int64_t max_overlap = 2;    // of an overlapped block dimension (a quarter of them)
  std::int64_t max_block = 3;      // block-cyclic block sizes 1 .. max_block
  bool draw_common_block = false;  // draw one block size in 1..5 first (for square_blocks)
  bool square_blocks = false;      // every dimension block-cyclic with that one block size
};

/// A random map over ndim dimensions on a subset of the world's ranks: grids, every kind
/// of distribution, overlap on block dimensions, procs in random order. The same `rng`
/// state on every rank gives the same map everywhere.
inline maps::Map random_map(std::mt19937_64& rng, int ndim, const RandomMapOptions& o = {}) {
  const int ranks = world_size();
  std::vector<int> grid(static_cast<std::size_t>(ndim), 1);
  int slots = 1;
  for (int tries = 0; tries < o.grid_tries; ++tries) {
    const auto d = static_cast<std::size_t>(pick(rng, 0, ndim - 1));
    const int factor = static_cast<int>(pick(rng, 2, 3));
    if (slots * factor <= ranks) {
      grid[d] *= factor;
      slots *= factor;
    }
  }
  std::vector<maps::DimDist> dist;
  std::vector<std::int64_t> overlap;
  const std::int64_t common_block = o.draw_common_block ? pick(rng, 1, 5) : 1;
  for (int d = 0; d < ndim; ++d) {
    switch (o.square_blocks ? 2 : pick(rng, 0, 2)) {
      case 0:
        dist.push_back(maps::DimDist::block());
        overlap.push_back(pick(rng, 0, 3) != 0 ? 0
                          : o.max_overlap > 1  ? pick(rng, 1, o.max_overlap)
                                               : o.max_overlap);
        break;
      case 1:
        dist.push_back(maps::DimDist::cyclic());
        overlap.push_back(0);
        break;
      default:
        dist.push_back(maps::DimDist::block_cyclic(o.square_blocks ? common_block
                                                                   : pick(rng, 1, o.max_block)));
        overlap.push_back(0);
    }
  }
  std::vector<int> procs(static_cast<std::size_t>(ranks));
  for (int r = 0; r < ranks; ++r) procs[static_cast<std::size_t>(r)] = r;
  std::shuffle(procs.begin(), procs.end(), rng);
  procs.resize(static_cast<std::size_t>(slots));
  return maps::Map(grid, dist, procs, overlap);
}

}  // namespace pgas::testing
