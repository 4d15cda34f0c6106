// The cells a rank exchanges with one peer, in local terms: per dimension a list of strided
// runs of local indices (LocalSegments), and their product (LocalBox). Plans are made of
// these; the pack kernels and MPI datatypes (redistribution/src) walk them.
#pragma once

#include <cstdint>
#include <vector>

namespace pgas::redistribution {

/// `count` pieces of `length` contiguous local cells, piece c starting at start + c*stride.
struct LocalRun {
  std::int64_t start = 0;
  std::int64_t length = 0;
  std::int64_t stride = 0;
  std::int64_t count = 0;
};

/// The local cells of one dimension, in the order cells travel, as strided runs: a cyclic
/// dimension's cells are one LocalRun, not one entry per cell.
struct LocalSegments {
  std::vector<LocalRun> runs;
  std::int64_t cells = 0;
  /// Adds `length` cells from local index `local` on, merging with the last run when they
  /// continue it (contiguously, or at the same stride with the same length).
  void append(std::int64_t local, std::int64_t length);
};

/// The cells exchanged with one peer: a product of per-dimension segments of the local array.
struct LocalBox {
  int peer = -1;
  std::vector<LocalSegments> dims;
  std::int64_t cells() const;
};

}  // namespace pgas::redistribution
