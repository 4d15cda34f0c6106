#include "pgas/maps/map.hpp"

#include <algorithm>
#include <functional>
#include <sstream>

#include "pgas/errors.hpp"
#include "pgas/maps/index_space.hpp"
#include "pgas/text.hpp"

namespace pgas::maps {
namespace {

void hash_combine(std::size_t& seed, std::size_t value) {
  seed ^= value + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
}

}  // namespace

Map::Map(std::vector<int> grid, std::vector<DimDist> dist, std::vector<int> procs,
         std::vector<std::int64_t> overlap)
    : grid_(std::move(grid)),
      dist_(std::move(dist)),
      procs_(std::move(procs)),
      overlap_(std::move(overlap)) {
  if (grid_.empty()) throw ValueError("grid: needs at least one dimension");
  std::int64_t slots = 1;
  for (std::size_t d = 0; d < grid_.size(); ++d) {
    if (grid_[d] < 1) {
      throw ValueError("grid[" + std::to_string(d) + "] = " + std::to_string(grid_[d]) +
                       " must be >= 1");
    }
    slots *= grid_[d];
    if (slots > (std::int64_t{1} << 30)) throw ValueError("grid: more than 2^30 positions");
  }
  if (dist_.size() == 1 && grid_.size() > 1) dist_.assign(grid_.size(), dist_.front());
  if (dist_.size() != grid_.size()) {
    throw ValueError("dist: " + std::to_string(dist_.size()) + " entries for a " +
                     std::to_string(grid_.size()) + "-d grid");
  }
  if (procs_.empty()) {
    procs_.resize(static_cast<std::size_t>(slots));
    for (std::size_t i = 0; i < procs_.size(); ++i) procs_[i] = static_cast<int>(i);
  }
  if (static_cast<std::int64_t>(procs_.size()) != slots) {
    throw ValueError("procs: " + std::to_string(procs_.size()) + " ranks for a grid of " +
                     std::to_string(slots) + " positions " + join(grid_));
  }
  int largest = 0;
  for (int r : procs_) {
    if (r < 0) throw ValueError("procs: rank " + std::to_string(r) + " is negative");
    largest = std::max(largest, r);
  }
  slot_of_rank_.assign(static_cast<std::size_t>(largest) + 1, -1);
  for (std::size_t i = 0; i < procs_.size(); ++i) {
    int& slot = slot_of_rank_[static_cast<std::size_t>(procs_[i])];
    if (slot != -1) {
      throw ValueError("procs: rank " + std::to_string(procs_[i]) + " appears more than once");
    }
    slot = static_cast<int>(i);
  }
  if (overlap_.empty()) overlap_.assign(grid_.size(), 0);
  if (overlap_.size() != grid_.size()) {
    throw ValueError("overlap: " + std::to_string(overlap_.size()) + " entries for a " +
                     std::to_string(grid_.size()) + "-d grid");
  }
  for (std::size_t d = 0; d < grid_.size(); ++d) {
    if (overlap_[d] < 0) {
      throw ValueError("overlap[" + std::to_string(d) + "] = " + std::to_string(overlap_[d]) +
                       " must be >= 0");
    }
    if (overlap_[d] > 0 && dist_[d].kind() != DistKind::block) {
      throw ValueError("overlap[" + std::to_string(d) + "]: only block dimensions may overlap, " +
                       "this one is " + dist_[d].to_string());
    }
  }
}

int Map::max_rank() const {
  return static_cast<int>(slot_of_rank_.size()) - 1;
}

void Map::check_fits(int communicator_size) const {
  check_rank_in_communicator("procs: rank", max_rank(), communicator_size,
                             " (" + to_string() + ")");
}

std::optional<std::vector<int>> Map::grid_coords(int rank) const {
  if (rank < 0 || rank > max_rank()) return std::nullopt;
  int slot = slot_of_rank_[static_cast<std::size_t>(rank)];
  if (slot < 0) return std::nullopt;
  std::vector<int> coords(grid_.size());
  for (std::size_t d = grid_.size(); d-- > 0;) {
    coords[d] = slot % grid_[d];
    slot /= grid_[d];
  }
  return coords;
}

int Map::rank_at(const std::vector<int>& coords) const {
  if (coords.size() != grid_.size()) {
    throw IndexError("grid coordinates " + join(coords) + " for a " + std::to_string(grid_.size()) +
                     "-d grid");
  }
  std::size_t slot = 0;
  for (std::size_t d = 0; d < grid_.size(); ++d) {
    if (coords[d] < 0 || coords[d] >= grid_[d]) {
      throw IndexError("grid coordinates " + join(coords) + " outside grid " + join(grid_));
    }
    slot = slot * static_cast<std::size_t>(grid_[d]) + static_cast<std::size_t>(coords[d]);
  }
  return procs_[slot];
}

std::vector<DimLayout> Map::layouts(const Shape& shape) const {
  if (shape.size() != grid_.size()) {
    throw ValueError("shape " + join(shape) + " has " + std::to_string(shape.size()) +
                     " dimensions, the map " + std::to_string(grid_.size()));
  }
  std::vector<DimLayout> out;
  out.reserve(shape.size());
  for (std::size_t d = 0; d < shape.size(); ++d) {
    out.emplace_back(dist_[d], shape[d], grid_[d], overlap_[d]);
  }
  return out;
}

std::vector<std::vector<Runs>> Map::owned(const Shape& shape, int rank) const {
  const std::vector<DimLayout> dims = layouts(shape);
  std::vector<std::vector<Runs>> out(dims.size());
  const auto coords = grid_coords(rank);
  if (!coords) return out;
  for (std::size_t d = 0; d < dims.size(); ++d) out[d] = dims[d].owned((*coords)[d]);
  return out;
}

std::vector<std::vector<Runs>> Map::held(const Shape& shape, int rank) const {
  const std::vector<DimLayout> dims = layouts(shape);
  std::vector<std::vector<Runs>> out(dims.size());
  const auto coords = grid_coords(rank);
  if (!coords) return out;
  for (std::size_t d = 0; d < dims.size(); ++d) out[d] = dims[d].held((*coords)[d]);
  return out;
}

Shape Map::local_shape(const Shape& shape, int rank) const {
  Shape out;
  for (const auto& runs : held(shape, rank)) out.push_back(total_size(runs));
  return out;
}

Shape Map::owned_shape(const Shape& shape, int rank) const {
  Shape out;
  for (const auto& runs : owned(shape, rank)) out.push_back(total_size(runs));
  return out;
}

Owner Map::owner(const Shape& shape, const Index& index) const {
  const std::vector<DimLayout> dims = layouts(shape);
  if (index.size() != dims.size()) {
    throw IndexError("index " + join(index) + " for a " + std::to_string(dims.size()) + "-d array");
  }
  std::vector<int> coords(dims.size());
  Index local(dims.size());
  for (std::size_t d = 0; d < dims.size(); ++d) {
    if (index[d] < 0 || index[d] >= shape[d]) {
      throw IndexError("index " + std::to_string(index[d]) + " is out of bounds for axis " +
                       std::to_string(d) + " with size " + std::to_string(shape[d]));
    }
    const DimOwner o = dims[d].owner(index[d]);
    coords[d] = o.position;
    local[d] = o.local;
  }
  return Owner{rank_at(coords), local};
}

Index Map::to_global(const Shape& shape, int rank, const Index& local) const {
  const std::vector<DimLayout> dims = layouts(shape);
  const auto coords = grid_coords(rank);
  if (!coords) throw IndexError("rank " + std::to_string(rank) + " is not in " + to_string());
  if (local.size() != dims.size()) {
    throw IndexError("local index " + join(local) + " for a " + std::to_string(dims.size()) +
                     "-d array");
  }
  Index out(dims.size());
  for (std::size_t d = 0; d < dims.size(); ++d) out[d] = dims[d].to_global((*coords)[d], local[d]);
  return out;
}

std::optional<Index> Map::to_local(const Shape& shape, int rank, const Index& index) const {
  const std::vector<DimLayout> dims = layouts(shape);
  const auto coords = grid_coords(rank);
  if (!coords || index.size() != dims.size()) return std::nullopt;
  Index out(dims.size());
  for (std::size_t d = 0; d < dims.size(); ++d) {
    const auto local = dims[d].to_local((*coords)[d], index[d]);
    if (!local) return std::nullopt;
    out[d] = *local;
  }
  return out;
}

Map Map::without_dim(int dim) const {
  if (dim < 0 || dim >= ndim()) {
    throw IndexError("without_dim: axis " + std::to_string(dim) + " is out of bounds for a " +
                     std::to_string(ndim()) + "-d map");
  }
  if (ndim() == 1) throw ValueError("without_dim: a 1-d map has no other dimension to keep");
  const Map slice = slice_at(dim, 0);
  std::vector<int> grid(slice.grid_);
  std::vector<DimDist> dist(slice.dist_);
  std::vector<std::int64_t> overlap(slice.overlap_);
  grid.erase(grid.begin() + dim);
  dist.erase(dist.begin() + dim);
  overlap.erase(overlap.begin() + dim);
  return Map(grid, dist, slice.procs_, overlap);  // extent 1: the rank order is the same
}

Map Map::slice_at(int dim, int position) const {
  if (dim < 0 || dim >= ndim()) {
    throw IndexError("slice_at: axis " + std::to_string(dim) + " is out of bounds for a " +
                     std::to_string(ndim()) + "-d map");
  }
  const auto d = static_cast<std::size_t>(dim);
  if (position < 0 || position >= grid_[d]) {
    throw IndexError("slice_at: position " + std::to_string(position) + " is outside 0.." +
                     std::to_string(grid_[d] - 1) + " along axis " + std::to_string(dim));
  }
  std::vector<int> grid(grid_);
  grid[d] = 1;
  std::vector<int> procs;
  for (int rank : procs_) {
    if ((*grid_coords(rank))[d] == position) procs.push_back(rank);
  }
  return Map(grid, dist_, procs, overlap_);
}

Map Map::with_unit_dim(int dim) const {
  if (dim < 0 || dim > ndim()) {
    throw IndexError("with_unit_dim: position " + std::to_string(dim) + " is outside 0.." +
                     std::to_string(ndim()));
  }
  std::vector<int> grid(grid_);
  std::vector<DimDist> dist(dist_);
  std::vector<std::int64_t> overlap(overlap_);
  grid.insert(grid.begin() + dim, 1);
  dist.insert(dist.begin() + dim, DimDist::block());
  overlap.insert(overlap.begin() + dim, 0);
  return Map(grid, dist, procs_, overlap);  // extent 1: the row-major rank order is the same
}

Map Map::transposed() const {
  const std::vector<int> grid(grid_.rbegin(), grid_.rend());
  std::vector<int> procs(procs_.size());
  for (int rank : procs_) {
    const std::vector<int> c = *grid_coords(rank);
    procs[static_cast<std::size_t>(
        row_major_offset(grid, std::vector<int>(c.rbegin(), c.rend())))] = rank;
  }
  return Map(grid, std::vector<DimDist>(dist_.rbegin(), dist_.rend()), procs,
             std::vector<std::int64_t>(overlap_.rbegin(), overlap_.rend()));
}

std::string Map::to_string() const {
  std::vector<std::string> dists;
  for (const DimDist& d : dist_) dists.push_back(d.to_string());
  return "Map(grid=" + join(grid_) + ", dist=" + join(dists) + ", procs=" + join(procs_) +
         ", overlap=" + join(overlap_) + ")";
}

std::size_t Map::hash() const {
  std::size_t seed = 0;
  for (int g : grid_) hash_combine(seed, std::hash<int>{}(g));
  for (const DimDist& d : dist_) {
    hash_combine(seed, std::hash<int>{}(static_cast<int>(d.kind())));
    hash_combine(seed, std::hash<std::int64_t>{}(d.block_size()));
  }
  for (int r : procs_) hash_combine(seed, std::hash<int>{}(r));
  for (std::int64_t o : overlap_) hash_combine(seed, std::hash<std::int64_t>{}(o));
  return seed;
}

}  // namespace pgas::maps
