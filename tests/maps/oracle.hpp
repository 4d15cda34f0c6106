// Brute-force oracles for the maps tests: enumerate what the closed forms describe.
#pragma once

#include <mpi.h>

#include <cstdint>
#include <random>
#include <set>
#include <vector>

#include "pgas/maps/dim_layout.hpp"
#include "pgas/maps/runs.hpp"

namespace pgas::maps::testing {

inline std::vector<std::int64_t> expand(const Runs& r) {
  std::vector<std::int64_t> out;
  for (std::int64_t k = 0; k < r.size(); ++k) out.push_back(r.cell(k));
  return out;
}

inline std::vector<std::int64_t> expand(const std::vector<Runs>& runs) {
  std::vector<std::int64_t> out;
  for (const Runs& r : runs) {
    for (std::int64_t i : expand(r)) out.push_back(i);
  }
  return out;
}

inline std::set<std::int64_t> as_set(const std::vector<Runs>& runs) {
  const auto cells = expand(runs);
  return std::set<std::int64_t>(cells.begin(), cells.end());
}

/// Random cases differ per rank, so that more ranks test more cases.
inline std::mt19937_64 rank_seeded_rng(std::uint64_t salt) {
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  return std::mt19937_64(salt * 1000003ULL + static_cast<std::uint64_t>(rank));
}

inline std::int64_t uniform(std::mt19937_64& rng, std::int64_t lo, std::int64_t hi) {
  return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
}

inline DimDist random_dist(std::mt19937_64& rng) {
  switch (uniform(rng, 0, 2)) {
    case 0:
      return DimDist::block();
    case 1:
      return DimDist::cyclic();
    default:
      return DimDist::block_cyclic(uniform(rng, 1, 7));
  }
}

inline DimLayout random_layout(std::mt19937_64& rng, std::int64_t n) {
  const DimDist dist = random_dist(rng);
  const int p = static_cast<int>(uniform(rng, 1, 9));
  const std::int64_t overlap = dist.kind() == DistKind::block ? uniform(rng, 0, 4) : 0;
  return DimLayout(dist, n, p, overlap);
}

}  // namespace pgas::maps::testing
