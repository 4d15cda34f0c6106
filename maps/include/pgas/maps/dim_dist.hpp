// How one array dimension is dealt out over the grid positions of that dimension.
// Kept apart from the process grid (DASH's idea): a DimDist says *how*, the grid says
// *over how many*.
#pragma once

#include <cstdint>
#include <string>

namespace pgas::maps {

enum class DistKind { block, cyclic, block_cyclic };

class DimDist {
 public:
  /// Contiguous blocks, sizes as numpy.array_split.
  static DimDist block() { return DimDist(DistKind::block, 0); }
  /// Global index i on position i % p.
  static DimDist cyclic() { return DimDist(DistKind::cyclic, 1); }
  /// Blocks of k cells dealt round-robin: index i on position (i / k) % p. Throws ValueError if k
  /// < 1.
  static DimDist block_cyclic(std::int64_t k);

  DistKind kind() const { return kind_; }
  /// Cells per dealt block: k for block-cyclic, 1 for cyclic, 0 (unused) for block.
  std::int64_t block_size() const { return block_size_; }

  /// "b", "c" or "bc(k)".
  std::string to_string() const;

  friend bool operator==(const DimDist& a, const DimDist& b) {
    return a.kind_ == b.kind_ && a.block_size_ == b.block_size_;
  }
  friend bool operator!=(const DimDist& a, const DimDist& b) { return !(a == b); }

 private:
  DimDist(DistKind kind, std::int64_t block_size) : kind_(kind), block_size_(block_size) {}
  DistKind kind_;
  std::int64_t block_size_;
};

}  // namespace pgas::maps
