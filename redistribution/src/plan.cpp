// RedistributionPlan's constructor: a map-to-map plan from the maps layer's exchange
// questions (who receives, who sends, which cells), in local terms.
#include <string>

#include "pgas/errors.hpp"
#include "pgas/maps/exchange.hpp"
#include "pgas/redistribution/redistribution_plan.hpp"

namespace pgas::redistribution {
namespace {

using maps::DimLayout;
using maps::Runs;

// Local positions of a list of global Runs on one grid position. Every run of a piece lies
// inside one run of what the position holds, so it is contiguous in local memory.
LocalSegments to_local_segments(const std::vector<Runs>& cells, const DimLayout& layout,
                                int position) {
  LocalSegments out;
  for (const Runs& r : cells) {
    for (std::int64_t j = 0; j < r.count; ++j) {
      out.append(*layout.to_local(position, r.start + j * r.stride), r.length);
    }
  }
  return out;
}

LocalBox to_local_box(int peer, const maps::RunsBox& box, const std::vector<DimLayout>& layouts,
                      const std::vector<int>& coords) {
  LocalBox out;
  out.peer = peer;
  for (std::size_t d = 0; d < layouts.size(); ++d) {
    out.dims.push_back(to_local_segments(box.dims[d], layouts[d], coords[d]));
  }
  return out;
}

}  // namespace

RedistributionPlan::RedistributionPlan(const Communicator& comm, const maps::Map& from,
                                       const maps::Map& to, const maps::Shape& shape,
                                       std::size_t element_size)
    : element_size_(element_size), in_place_ok_(from == to) {
  from.check_fits(comm.size());
  to.check_fits(comm.size());
  const int me = comm.rank();
  const std::vector<DimLayout> from_layouts = from.layouts(shape);
  const std::vector<DimLayout> to_layouts = to.layouts(shape);
  source_local_shape_ = from.local_shape(shape, me);
  dest_local_shape_ = to.local_shape(shape, me);

  if (const auto coords = from.grid_coords(me)) {
    for (int peer : maps::receivers(from, me, to, shape)) {
      const maps::RunsBox box = maps::exchanged_cells(from, me, to, peer, shape);
      if (box.size() == 0) continue;
      LocalBox local = to_local_box(peer, box, from_layouts, *coords);
      if (peer == me) {
        keep_source_ = std::move(local);
      } else {
        bytes_sent_ += local.cells() * static_cast<std::int64_t>(element_size_);
        sends_.push_back(std::move(local));
      }
    }
  }
  if (const auto coords = to.grid_coords(me)) {
    for (int peer : maps::senders(from, to, me, shape)) {
      const maps::RunsBox box = maps::exchanged_cells(from, peer, to, me, shape);
      if (box.size() == 0) continue;
      LocalBox local = to_local_box(peer, box, to_layouts, *coords);
      if (peer == me) {
        keep_dest_ = std::move(local);
      } else {
        bytes_received_ += local.cells() * static_cast<std::int64_t>(element_size_);
        receives_.push_back(std::move(local));
      }
    }
  }
}

std::vector<int> RedistributionPlan::send_peers() const {
  std::vector<int> out;
  for (const LocalBox& b : sends_) out.push_back(b.peer);
  return out;
}

std::vector<int> RedistributionPlan::receive_peers() const {
  std::vector<int> out;
  for (const LocalBox& b : receives_) out.push_back(b.peer);
  return out;
}

std::vector<std::pair<int, std::int64_t>> RedistributionPlan::send_counts() const {
  std::vector<std::pair<int, std::int64_t>> out;
  for (const LocalBox& b : sends_) {
    out.emplace_back(b.peer, b.cells() * static_cast<std::int64_t>(element_size_));
  }
  return out;
}

std::vector<std::pair<int, std::int64_t>> RedistributionPlan::receive_counts() const {
  std::vector<std::pair<int, std::int64_t>> out;
  for (const LocalBox& b : receives_) {
    out.emplace_back(b.peer, b.cells() * static_cast<std::int64_t>(element_size_));
  }
  return out;
}

std::int64_t RedistributionPlan::cells_kept() const {
  return keep_source_.cells();
}

}  // namespace pgas::redistribution
