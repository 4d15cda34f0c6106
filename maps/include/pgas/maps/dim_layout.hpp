// DimLayout: one dimension of length n dealt over p grid positions by a DimDist, with
// an optional high-side overlap (block only). It answers, for one dimension, everything
// a map answers: who owns an index, how many cells a position holds, and local <-> global.
//
// Vocabulary. A position *owns* the cells the distribution gives it; it *holds* those
// plus its overlap cells (copies of the next positions' first cells). Local indices
// count held cells in increasing global order: owned cells first, then overlap cells,
// which for a block is simply global - block_begin.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "pgas/maps/dim_dist.hpp"
#include "pgas/maps/runs.hpp"

namespace pgas::maps {

/// Where a global index lives: grid position along the dimension and local index there.
struct DimOwner {
  int position;
  std::int64_t local;
  friend bool operator==(const DimOwner& a, const DimOwner& b) {
    return a.position == b.position && a.local == b.local;
  }
};

class DimLayout {
 public:
  /// Throws ValueError on n < 0, p < 1, overlap < 0, or overlap on a non-block dimension.
  DimLayout(DimDist dist, std::int64_t n, int p, std::int64_t overlap = 0);

  const DimDist& dist() const { return dist_; }
  std::int64_t extent() const { return n_; }
  int positions() const { return p_; }
  std::int64_t overlap() const { return overlap_; }

  /// Cells position q owns.
  std::int64_t owned_size(int q) const;
  /// Cells position q holds: owned plus overlap.
  std::int64_t held_size(int q) const;
  /// Owned cells of q: at most two Runs.
  std::vector<Runs> owned(int q) const;
  /// Held cells of q (owned plus overlap): at most two Runs.
  std::vector<Runs> held(int q) const;

  /// The owning position of global index i and its local index there. Throws IndexError.
  DimOwner owner(std::int64_t i) const;
  /// Global index of local index `local` (< held_size(q)) on position q. Throws IndexError.
  std::int64_t to_global(int q, std::int64_t local) const;
  /// Local index of global index i on q if q holds it (owned or overlap), else nullopt.
  std::optional<std::int64_t> to_local(int q, std::int64_t i) const;

  /// Positions that own at least one of `cells`, sorted. Cost grows with the runs of
  /// `cells` and the positions found, not with the extent. Throws IndexError if a cell
  /// lies outside [0, extent).
  std::vector<int> owners_of(const std::vector<Runs>& cells) const;
  /// Positions that hold (own, or keep as overlap) at least one of `cells`, sorted.
  std::vector<int> holders_of(const std::vector<Runs>& cells) const;

  /// First cell of q's block (block distribution only).
  std::int64_t block_begin(int q) const;

  friend bool operator==(const DimLayout& a, const DimLayout& b) {
    return a.dist_ == b.dist_ && a.n_ == b.n_ && a.p_ == b.p_ && a.overlap_ == b.overlap_;
  }

 private:
  void check_position(int q) const;
  std::int64_t held_end(int q) const;  // block only
  std::vector<int> positions_meeting(const std::vector<Runs>& cells, bool with_overlap) const;

  DimDist dist_;
  std::int64_t n_;
  int p_;
  std::int64_t overlap_;
};

}  // namespace pgas::maps
