#include "pgas/maps/exchange.hpp"

#include <algorithm>

#include "pgas/maps/index_space.hpp"

namespace pgas::maps {
namespace {

// All ranks of `map` whose grid coordinates take, per dimension, one of `positions[d]`.
std::vector<int> ranks_on_grid(const Map& map, const std::vector<std::vector<int>>& positions) {
  std::vector<std::size_t> extent;
  for (const auto& p : positions) extent.push_back(p.size());
  std::vector<int> out;
  std::vector<int> coords(positions.size());
  for_each_index(extent, [&](const std::vector<std::int64_t>& pick) {
    for (std::size_t d = 0; d < positions.size(); ++d) {
      coords[d] = positions[d][static_cast<std::size_t>(pick[d])];
    }
    out.push_back(map.rank_at(coords));
  });
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

std::int64_t RunsBox::size() const {
  if (dims.empty()) return 0;
  std::int64_t cells = 1;
  for (const auto& d : dims) cells *= total_size(d);
  return cells;
}

std::vector<Runs> intersect_all(const std::vector<Runs>& a, const std::vector<Runs>& b) {
  std::vector<Runs> out;
  for (const Runs& x : a) {
    for (const Runs& y : b) {
      for (const Runs& r : intersect(x, y)) out.push_back(r);
    }
  }
  return out;
}

std::vector<int> receivers(const Map& from, int from_rank, const Map& to, const Shape& shape) {
  const auto mine = from.owned(shape, from_rank);
  const auto to_dims = to.layouts(shape);
  std::vector<std::vector<int>> positions(to_dims.size());
  for (std::size_t d = 0; d < to_dims.size(); ++d) positions[d] = to_dims[d].holders_of(mine[d]);
  return ranks_on_grid(to, positions);
}

std::vector<int> senders(const Map& from, const Map& to, int to_rank, const Shape& shape) {
  const auto wanted = to.held(shape, to_rank);
  const auto from_dims = from.layouts(shape);
  std::vector<std::vector<int>> positions(from_dims.size());
  for (std::size_t d = 0; d < from_dims.size(); ++d) {
    positions[d] = from_dims[d].owners_of(wanted[d]);
  }
  return ranks_on_grid(from, positions);
}

RunsBox exchanged_cells(const Map& from, int from_rank, const Map& to, int to_rank,
                        const Shape& shape) {
  const auto mine = from.owned(shape, from_rank);
  const auto theirs = to.held(shape, to_rank);
  RunsBox box;
  box.dims.resize(shape.size());
  for (std::size_t d = 0; d < shape.size(); ++d) box.dims[d] = intersect_all(mine[d], theirs[d]);
  return box;
}

}  // namespace pgas::maps
