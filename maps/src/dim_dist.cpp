#include "pgas/maps/dim_dist.hpp"

#include "pgas/errors.hpp"

namespace pgas::maps {

DimDist DimDist::block_cyclic(std::int64_t k) {
  if (k < 1) {
    throw ValueError("dist: block size of block-cyclic must be >= 1, got " + std::to_string(k));
  }
  return DimDist(DistKind::block_cyclic, k);
}

std::string DimDist::to_string() const {
  switch (kind_) {
    case DistKind::block:
      return "b";
    case DistKind::cyclic:
      return "c";
    case DistKind::block_cyclic:
      return "bc(" + std::to_string(block_size_) + ")";
  }
  return "?";
}

}  // namespace pgas::maps
