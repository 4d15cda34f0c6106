// The map of a per-sample output: for X on a 2-D map, the map that puts row i of an (n,) or
// (n, k) result on the rank that owns row i of X (ml's labels_, transform, predict).
//
// X's grid is [p, q]: its rows are dealt over the p grid rows by X's row distribution. The
// result keeps that row distribution over the p ranks of X's first grid column (grid
// coordinates (r, 0)), with its columns, if any, not split. When q == 1 these are all of X's
// ranks and each result row lies with its X row; when q > 1 the ranks of the other grid
// columns hold no result rows (a row of X is spread over q ranks, a row of the result cannot
// be). Overlap is dropped: a result row is owned once. Local, pure index math.
#pragma once

#include <vector>

#include "pgas/errors.hpp"
#include "pgas/maps/map.hpp"

namespace pgas::maps {

/// The map, of `ndim` (1 or 2) dimensions, following the rows of a 2-D map. Throws
/// ValueError for a map that is not 2-D or an ndim other than 1 or 2.
inline Map row_map(const Map& x_map, int ndim = 1) {
  if (x_map.ndim() != 2) {
    throw ValueError("row_map: the map of X must be 2-D, got " + std::to_string(x_map.ndim()) +
                     "-D");
  }
  if (ndim != 1 && ndim != 2) {
    throw ValueError("row_map: ndim must be 1 or 2, got " + std::to_string(ndim));
  }
  const int p = x_map.grid()[0];
  std::vector<int> procs;
  procs.reserve(static_cast<std::size_t>(p));
  for (int r = 0; r < p; ++r) procs.push_back(x_map.rank_at({r, 0}));
  const DimDist rows = x_map.dists()[0];
  if (ndim == 1) return Map({p}, {rows}, procs);
  return Map({p, 1}, {rows, DimDist::block()}, procs);
}

/// Whether every rank holding part of X holds whole rows and no overlap (grid [p, 1], no
/// overlap): then X's local part is a set of complete rows, as row-wise kernels need. Local.
inline bool holds_whole_rows(const Map& x_map) {
  if (x_map.ndim() != 2 || x_map.grid()[1] != 1) return false;
  for (std::int64_t o : x_map.overlap()) {
    if (o != 0) return false;
  }
  return true;
}

}  // namespace pgas::maps
