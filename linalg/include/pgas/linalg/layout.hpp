// Where ScaLAPACK computes: a process grid, the ranks on it, and a square block size.
//
// Every operand is moved (if it is not there already) to the 2-D block-cyclic map
//   Map({prow, pcol}, {block_cyclic(nb), block_cyclic(nb)}, procs)
// and handed to ScaLAPACK without a local copy. pgas local arrays are row-major, ScaLAPACK's
// column-major, so ScaLAPACK sees each local array as the local part of the TRANSPOSED matrix
// on the transposed (pcol x prow) BLACS grid; the drivers rewrite each operation accordingly
// (docs/linalg.md). An operand already on this map is used in place.
#pragma once

#include <cstdint>
#include <vector>

#include "pgas/maps/map.hpp"

namespace pgas::linalg {

struct BlockCyclicLayout {
  int prow = 1;            // grid positions along the array's rows
  int pcol = 1;            // ... along its columns
  std::vector<int> procs;  // ranks, row-major on the (prow, pcol) grid
  std::int64_t nb = 64;    // square block size

  /// The 2-D block-cyclic map of this layout. Local.
  maps::Map map() const;
  friend bool operator==(const BlockCyclicLayout& a, const BlockCyclicLayout& b) {
    return a.prow == b.prow && a.pcol == b.pcol && a.procs == b.procs && a.nb == b.nb;
  }
};

/// The block size used for operands that are not block-cyclic already. The default (64) was
/// chosen by measurement (bench/RESULTS.md). Local; set it alike on every rank.
std::int64_t block_size();
/// Sets it (>= 1, else ValueError). Local; set it alike on every rank.
void set_block_size(std::int64_t nb);

/// The squarest (prow >= pcol) grid over ranks 0..nranks-1 with the current block size. Local.
BlockCyclicLayout squarest_layout(int nranks);

/// The layout for an operand on `map`: the map itself when it is 2-D block-cyclic with square
/// blocks (so the operand is used in place); its grid and ranks when both grid extents are
/// > 1; otherwise the squarest grid over the communicator. Local.
BlockCyclicLayout layout_for(const maps::Map& map, int nranks);

}  // namespace pgas::linalg
