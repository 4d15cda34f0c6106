// What two maps of the same global shape have in common, rank by rank: the ground the
// redistribution planner stands on. A cell moves from the rank that owns it under the
// source map to every rank that holds it (owned or overlap) under the destination map.
//
// All local calls. Work grows with the Runs involved and the peers met, never with the
// array's size or with the number of ranks squared.
#pragma once

#include <cstdint>
#include <vector>

#include "pgas/maps/map.hpp"

namespace pgas::maps {

/// A product of per-dimension index sets: the cells {(i0, i1, ...) : i_d in dims[d]}.
struct RunsBox {
  std::vector<std::vector<Runs>> dims;
  std::int64_t size() const;
};

/// Ranks of `to` that hold at least one cell that `from_rank` owns under `from`, sorted.
std::vector<int> receivers(const Map& from, int from_rank, const Map& to, const Shape& shape);
/// Ranks of `from` that own at least one cell that `to_rank` holds under `to`, sorted.
std::vector<int> senders(const Map& from, const Map& to, int to_rank, const Shape& shape);
/// The cells that `from_rank` owns under `from` and `to_rank` holds under `to`.
RunsBox exchanged_cells(const Map& from, int from_rank, const Map& to, int to_rank,
                        const Shape& shape);

/// Cells of a list of disjoint Runs intersected with another list, per dimension helper.
std::vector<Runs> intersect_all(const std::vector<Runs>& a, const std::vector<Runs>& b);

}  // namespace pgas::maps
