// Map: how an N-d array is spread over ranks.
//
// A map is a process grid (one extent per array dimension), a DimDist per dimension, the
// ranks laid onto the grid in row-major order, and a high-side overlap per block
// dimension (SPEC §1). It is a value: copyable, comparable, hashable, printable.
//
// What a map answers, for a global shape (all local calls, no communication):
//   - which rank owns a global index, and the local index there      owner()
//   - the local shape of any rank, with or without overlap           local_shape(), owned_shape()
//   - the owned / held global indices per dimension, as Runs         owned(), held()
//   - local <-> global                                               to_global(), to_local()
// Ranks that are not in the map hold nothing: their local shape is all zeros.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pgas/maps/dim_dist.hpp"
#include "pgas/maps/dim_layout.hpp"
#include "pgas/maps/runs.hpp"

namespace pgas::maps {

using Shape = std::vector<std::int64_t>;
using Index = std::vector<std::int64_t>;

struct Owner {
  int rank;
  Index local;
};

class Map {
 public:
  /// grid: positions per dimension (>= 1 each). dist: one per dimension, or one for all.
  /// procs: ranks in row-major grid order, distinct, >= 0; empty means 0 .. prod(grid)-1.
  /// overlap: one per dimension (>= 0, block dimensions only), or empty for none.
  /// Throws ValueError naming the bad field.
  Map(std::vector<int> grid, std::vector<DimDist> dist, std::vector<int> procs = {},
      std::vector<std::int64_t> overlap = {});

  int ndim() const { return static_cast<int>(grid_.size()); }
  const std::vector<int>& grid() const { return grid_; }
  const std::vector<DimDist>& dists() const { return dist_; }
  const std::vector<int>& procs() const { return procs_; }
  const std::vector<std::int64_t>& overlap() const { return overlap_; }
  /// Number of ranks in the map: prod(grid).
  int num_procs() const { return static_cast<int>(procs_.size()); }
  /// Largest rank in the map; the communicator must have more ranks than this.
  int max_rank() const;
  /// Throws ValueError ("procs: rank r is outside the communicator of n ranks", naming the
  /// map) unless every rank of the map is below `communicator_size`. Local.
  void check_fits(int communicator_size) const;

  bool contains_rank(int rank) const { return grid_coords(rank).has_value(); }
  /// Grid coordinates of a rank, or nullopt if the rank is not in the map.
  std::optional<std::vector<int>> grid_coords(int rank) const;
  /// Rank at grid coordinates. Throws IndexError.
  int rank_at(const std::vector<int>& coords) const;

  /// The per-dimension layouts for an array of this shape. Throws ValueError if the
  /// shape's number of dimensions differs from the map's, or an extent is negative.
  std::vector<DimLayout> layouts(const Shape& shape) const;

  /// Held (owned + overlap) local shape of a rank; zeros for ranks outside the map.
  Shape local_shape(const Shape& shape, int rank) const;
  /// Owned local shape of a rank (no overlap); zeros for ranks outside the map.
  Shape owned_shape(const Shape& shape, int rank) const;
  /// Owned global indices of a rank along each dimension (empty lists outside the map).
  std::vector<std::vector<Runs>> owned(const Shape& shape, int rank) const;
  /// Held global indices of a rank along each dimension.
  std::vector<std::vector<Runs>> held(const Shape& shape, int rank) const;

  /// Owner rank and its local index of a global index. Throws IndexError.
  Owner owner(const Shape& shape, const Index& index) const;
  /// Global index of a rank's local index (held cells). Throws IndexError.
  Index to_global(const Shape& shape, int rank, const Index& local) const;
  /// Local index on `rank` of a global index it holds, else nullopt.
  std::optional<Index> to_local(const Shape& shape, int rank, const Index& index) const;

  /// Maps that differ from this one by a dimension (all local):
  /// The map of the other dimensions, over the ranks at grid coordinate 0 along `dim` (in
  /// row-major order of the rest): where an array with one cell along `dim` lives, without
  /// that axis (a reduction's result, A[i, :]). Every rank keeps its local layout. A map of
  /// one dimension cannot lose it. Throws IndexError for a bad `dim`, ValueError for 1-d.
  Map without_dim(int dim) const;
  /// The ranks at grid coordinate `position` along `dim`, on a grid of extent 1 there (the
  /// other dimensions, distributions and overlap as they are): where A[..., i, ...] lives when
  /// position `position` owns i. Throws IndexError for a bad `dim` or `position`.
  Map slice_at(int dim, int position) const;
  /// This map with a new dimension of grid extent 1 (block, no overlap) inserted before
  /// `dim` (0 .. ndim()): a 1-d vector as a (1 x n) row, A[None, :]. The ranks and their
  /// local layouts stay. Throws IndexError for a bad `dim`.
  Map with_unit_dim(int dim) const;
  /// Axes reversed, each rank keeping its cells: the rank at grid coordinates c sits at
  /// reversed(c), so its local part of the transpose is the transpose of its local part.
  Map transposed() const;

  /// A text picture of which rank owns which cell (1-d and 2-d exactly; larger arrays
  /// sampled; beyond 2-d, the first two dimensions at index 0 of the others).
  std::string show(const Shape& shape) const;
  /// E.g. "Map(grid=[2,1], dist=[b,c], procs=[0,1], overlap=[1,0])".
  std::string to_string() const;
  std::size_t hash() const;

  friend bool operator==(const Map& a, const Map& b) {
    return a.grid_ == b.grid_ && a.dist_ == b.dist_ && a.procs_ == b.procs_ &&
           a.overlap_ == b.overlap_;
  }
  friend bool operator!=(const Map& a, const Map& b) { return !(a == b); }

 private:
  std::vector<int> grid_;
  std::vector<DimDist> dist_;
  std::vector<int> procs_;
  std::vector<std::int64_t> overlap_;
  std::vector<int> slot_of_rank_;  // rank -> row-major grid slot, -1 if absent
};

}  // namespace pgas::maps

namespace std {
template <>
struct hash<pgas::maps::Map> {
  std::size_t operator()(const pgas::maps::Map& m) const { return m.hash(); }
};
}  // namespace std
