// Hyperslab selections that follow a map, private to the io layer.
//
// Along each dimension a rank's cells are at most two Runs (maps/runs.hpp), and a Runs is
// exactly one HDF5 hyperslab dimension (start, stride, count, block = length). A rank's
// cells are the Cartesian product of its per-dimension Runs, so the file selection is the
// union of at most 2^ndim regular hyperslabs. HDF5 walks a union in row-major global order;
// the local array stores the same cells in increasing global order along each dimension, so
// the memory side is simply a leading box of the local array and the two selections match
// element by element.
#pragma once

#include "h5.hpp"
#include "pgas/maps/index_space.hpp"
#include "pgas/maps/map.hpp"

namespace pgas::io::h5 {

/// Selects in `file_space` (the dataset's dataspace) the cells `rank` owns (held = false:
/// each cell written once) or holds (held = true: overlap cells read too), and returns a
/// memory dataspace of the rank's held local shape with the matching leading box selected.
/// Ranks with no cells get empty selections on both sides. Local.
Id select_cells(hid_t file_space, const maps::Shape& shape, const maps::Map& map, int rank,
                bool held);

/// A simple dataspace of `shape`. Local.
Id simple_space(const maps::Shape& shape);

}  // namespace pgas::io::h5
