// A strided, non-owning view of a box of a rank's local array: DArray::owned() returns the
// owned part (the leading box of owned_shape(), overlap cells left out) this way, without a
// copy. The strides are the local array's row-major ones, so a row of the view is contiguous
// and the rows are local_shape()[last] apart.
#pragma once

#include <cstdint>
#include <vector>

#include "pgas/maps/index_space.hpp"
#include "pgas/maps/map.hpp"

namespace pgas {

template <typename T>
struct LocalView {
  T* data = nullptr;                 // the box's first cell
  maps::Shape shape;                 // cells per dimension
  std::vector<std::int64_t> stride;  // elements between neighbours along each dimension

  int ndim() const { return static_cast<int>(shape.size()); }
  std::int64_t size() const { return maps::cell_count(shape); }
  /// Offset from `data` of the cell at a view index (no bounds check).
  std::int64_t offset(const maps::Index& index) const {
    std::int64_t o = 0;
    for (std::size_t d = 0; d < index.size(); ++d) o += index[d] * stride[d];
    return o;
  }
  T& operator[](const maps::Index& index) const { return data[offset(index)]; }

  /// Calls f(cell) for every cell in row-major order of the view.
  template <typename F>
  void for_each(F&& f) const {
    if (shape.empty()) {
      f(*data);
      return;
    }
    // Rows are walked as an index space of the outer dimensions, a row as a strided loop.
    const std::size_t last = shape.size() - 1;
    if (shape[last] == 0) return;
    const maps::Shape rows(shape.begin(), shape.end() - 1);
    maps::for_each_index(rows, [&](const std::vector<std::int64_t>& i) {
      T* row = data;
      for (std::size_t d = 0; d < last; ++d) row += i[d] * stride[d];
      for (std::int64_t j = 0; j < shape[last]; ++j) f(row[j * stride[last]]);
    });
  }
};

/// The leading box `box` of a row-major array of `shape` at `data`. Local.
template <typename T>
LocalView<T> leading_box(T* data, const maps::Shape& shape, const maps::Shape& box) {
  return LocalView<T>{data, box, maps::row_major_strides(shape)};
}

}  // namespace pgas
