// The row-major index space of a box: the one place that walks N-d indices and works out
// row-major strides and offsets. Local arrays, regions, peer grids and HDF5 selections are
// all such boxes (DASH keeps its cartesian index space in one place for the same reason).
//
// Everything here is local and pure; dimension 0 varies slowest.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace pgas::maps {

/// Cells in a box of these extents (1 for no dimensions). Local.
template <typename Extent>
std::int64_t cell_count(const std::vector<Extent>& extent) {
  std::int64_t n = 1;
  for (Extent e : extent) n *= static_cast<std::int64_t>(e);
  return n;
}

/// Elements between neighbours along each dimension of a row-major array of `shape`.
/// Local.
template <typename Extent>
std::vector<std::int64_t> row_major_strides(const std::vector<Extent>& shape) {
  std::vector<std::int64_t> strides(shape.size(), 1);
  for (std::size_t d = shape.size(); d-- > 1;) {
    strides[d - 1] = strides[d] * static_cast<std::int64_t>(shape[d]);
  }
  return strides;
}

/// Position of `index` in a row-major array of `shape` (no bounds check). Local.
template <typename Extent, typename Coord>
std::int64_t row_major_offset(const std::vector<Extent>& shape, const std::vector<Coord>& index) {
  std::int64_t offset = 0;
  for (std::size_t d = 0; d < index.size(); ++d) {
    offset = offset * static_cast<std::int64_t>(shape[d]) + static_cast<std::int64_t>(index[d]);
  }
  return offset;
}

/// An odometer over the box [0, extent[0]) x ... x [0, extent[n-1]) in row-major order.
/// Callers that must interleave two walks (or stop early) step it themselves; the rest use
/// for_each_index. A box with an empty extent has no index; a 0-d box has one (the empty
/// index).
class RowMajorOdometer {
 public:
  explicit RowMajorOdometer(std::vector<std::int64_t> extent)
      : extent_(std::move(extent)), index_(extent_.size(), 0), done_(cell_count(extent_) == 0) {}
  template <typename Extent>
  explicit RowMajorOdometer(const std::vector<Extent>& extent)
      : RowMajorOdometer(std::vector<std::int64_t>(extent.begin(), extent.end())) {}

  bool done() const { return done_; }
  const std::vector<std::int64_t>& index() const { return index_; }
  /// Steps to the next index; returns the outermost dimension whose coordinate changed
  /// (every dimension after it went back to 0), or -1 past the last index (done() is then
  /// true and the index is all zeros again).
  int next() {
    for (std::size_t d = extent_.size(); d-- > 0;) {
      if (++index_[d] < extent_[d]) return static_cast<int>(d);
      index_[d] = 0;
    }
    done_ = true;
    return -1;
  }

 private:
  std::vector<std::int64_t> extent_;
  std::vector<std::int64_t> index_;
  bool done_;
};

/// Calls f(index) for every index of the box of `extent`, in row-major order; `index` is a
/// const std::vector<std::int64_t>&. Local.
template <typename Extent, typename F>
void for_each_index(const std::vector<Extent>& extent, F&& f) {
  for (RowMajorOdometer it(extent); !it.done(); it.next()) f(it.index());
}

}  // namespace pgas::maps
