// Map::show: the text picture of ownership. Kept apart from the index math it draws.
#include <algorithm>
#include <sstream>

#include "pgas/maps/map.hpp"

namespace pgas::maps {
namespace {

constexpr std::int64_t kMaxDrawn = 40;  // cells drawn per axis before sampling

// The indices drawn along an axis of extent n: all of them, or kMaxDrawn evenly spaced.
std::vector<std::int64_t> drawn_indices(std::int64_t n) {
  std::vector<std::int64_t> out;
  if (n <= kMaxDrawn) {
    for (std::int64_t i = 0; i < n; ++i) out.push_back(i);
  } else {
    for (std::int64_t i = 0; i < kMaxDrawn; ++i) out.push_back(i * (n - 1) / (kMaxDrawn - 1));
  }
  return out;
}

}  // namespace

std::string Map::show(const Shape& shape) const {
  const std::vector<DimLayout> dims = layouts(shape);  // validates the shape
  std::ostringstream out;
  out << to_string() << " on shape [";
  for (std::size_t d = 0; d < shape.size(); ++d) out << (d ? "," : "") << shape[d];
  out << "]; each cell shows its owning rank";
  if (shape.size() > 2) out << " (axes 0 and 1, the others at index 0)";
  out << "\n";

  const bool one_d = shape.size() == 1;
  const std::vector<std::int64_t> rows =
      one_d ? std::vector<std::int64_t>{0} : drawn_indices(shape[0]);
  const std::vector<std::int64_t> cols = drawn_indices(one_d ? shape[0] : shape[1]);
  if ((!one_d && static_cast<std::int64_t>(rows.size()) < shape[0]) ||
      static_cast<std::int64_t>(cols.size()) < (one_d ? shape[0] : shape[1])) {
    out << "(sampled: " << kMaxDrawn << " evenly spaced indices per axis)\n";
  }
  const int width = static_cast<int>(std::to_string(std::max(max_rank(), 0)).size());
  const int label_width =
      static_cast<int>(std::to_string(std::max<std::int64_t>(one_d ? 0 : shape[0], 1)).size());
  Index index(shape.size(), 0);
  for (std::int64_t r : rows) {
    if (!one_d) {
      out.width(label_width);
      out << r << " |";
      index[0] = r;
    }
    for (std::int64_t c : cols) {
      index[one_d ? 0 : 1] = c;
      out << ' ';
      out.width(width);
      out << owner(shape, index).rank;
    }
    out << "\n";
  }
  for (int rank : procs_) {
    const Shape local = local_shape(shape, rank);
    out << "rank " << rank << ": local shape (";
    for (std::size_t d = 0; d < local.size(); ++d) out << (d ? ", " : "") << local[d];
    out << (local.size() == 1 ? ",)" : ")");
    if (std::any_of(overlap_.begin(), overlap_.end(), [](std::int64_t o) { return o > 0; })) {
      out << " with overlap";
    }
    out << "\n";
  }
  return out.str();
}

}  // namespace pgas::maps
