// Walking a rank's local part cell by cell while knowing each cell's global position.
// Used by the constructors that depend on the global index (arange, rand) and by reductions.
#pragma once

#include <cstdint>
#include <vector>

#include "pgas/maps/index_space.hpp"
#include "pgas/maps/map.hpp"

namespace pgas {

/// Global indices of the held cells of `rank` along each dimension (overlap included),
/// in local order. Local; the lists are as long as the local extents.
std::vector<std::vector<std::int64_t>> held_global_indices(const maps::Map& map,
                                                           const maps::Shape& shape, int rank);

/// Calls f(local_offset, global_flat_index) for each cell of the local box [0, extent[d]) of
/// a row-major local array of `local_shape`, where `global[d][i]` is the global index of
/// local index i along d, and the global array has `shape`.
template <typename F>
void for_each_cell(const maps::Shape& local_shape, const maps::Shape& extent,
                   const std::vector<std::vector<std::int64_t>>& global, const maps::Shape& shape,
                   F&& f) {
  const std::size_t last = shape.size() - 1;
  if (shape.empty() || extent[last] == 0) return;
  const std::vector<std::int64_t> local_stride = maps::row_major_strides(local_shape);
  const std::vector<std::int64_t> global_stride = maps::row_major_strides(shape);
  const std::vector<std::int64_t>& inner_global = global[last];
  // Rows are walked as an index space of the outer dimensions, a row as a loop.
  const maps::Shape rows(extent.begin(), extent.end() - 1);
  maps::for_each_index(rows, [&](const std::vector<std::int64_t>& i) {
    std::int64_t local_base = 0, global_base = 0;
    for (std::size_t d = 0; d < last; ++d) {
      local_base += i[d] * local_stride[d];
      global_base += global[d][static_cast<std::size_t>(i[d])] * global_stride[d];
    }
    for (std::int64_t j = 0; j < extent[last]; ++j) {
      f(local_base + j, global_base + inner_global[static_cast<std::size_t>(j)]);
    }
  });
}

}  // namespace pgas
