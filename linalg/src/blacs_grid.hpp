// BLACS contexts for pgas layouts, made once per (communicator, grid, ranks) and kept for
// the life of the process (making one is collective and costs communicator creation).
// Internal header.
#pragma once

#include "pgas/darray/context.hpp"
#include "pgas/linalg/layout.hpp"

namespace pgas::linalg::detail {

struct BlacsGrid {
  int ctxt = -1;  // -1 on ranks outside the grid
  int nprow = 0;  // BLACS grid = the layout's grid transposed: nprow = layout.pcol
  int npcol = 0;
  int myrow = -1;
  int mycol = -1;
  bool in_grid() const { return ctxt >= 0 && myrow >= 0; }
};

/// The BLACS grid of `layout` over the context's communicator: BLACS position (i, j) is the
/// layout's grid position (j, i), so that each rank's row-major local array is ScaLAPACK's
/// column-major local array of the transposed matrix. Collective the first time for a given
/// (communicator, grid, ranks); local afterwards.
const BlacsGrid& blacs_grid(const Context& ctx, const BlockCyclicLayout& layout);

}  // namespace pgas::linalg::detail
