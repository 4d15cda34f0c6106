#include "pgas/darray/local_cells.hpp"

namespace pgas {

std::vector<std::vector<std::int64_t>> held_global_indices(const maps::Map& map,
                                                           const maps::Shape& shape, int rank) {
  std::vector<std::vector<std::int64_t>> out;
  for (const auto& runs : map.held(shape, rank)) {
    std::vector<std::int64_t> indices;
    for (const maps::Runs& r : runs) {
      for (std::int64_t k = 0; k < r.size(); ++k) indices.push_back(r.cell(k));
    }
    out.push_back(std::move(indices));
  }
  return out;
}

}  // namespace pgas
