// RedistributionPlan::for_regions: plans for slice assignments B[r] = A[s].
//
// The regions are walked one dimension at a time: for each position x along a dimension,
// who owns A's cell s(x) and who holds B's cell r(x). A rank's box with a peer is then the
// product over dimensions of the x's they share, listed in increasing x on both sides, so
// packing and unpacking agree on the order without exchanging any index.
#include <functional>
#include <map>
#include <string>

#include "pgas/errors.hpp"
#include "pgas/maps/index_space.hpp"
#include "pgas/redistribution/redistribution_plan.hpp"

namespace pgas::redistribution {
namespace {

using maps::DimLayout;

// Local index lists of one dimension of one rank, per peer grid position.
using PerPeerIndices = std::map<int, std::vector<std::int64_t>>;

void check_region(const std::vector<Slice>& region, const maps::Shape& shape, const char* which) {
  if (region.size() != shape.size()) {
    throw ValueError(std::string(which) + " region has " + std::to_string(region.size()) +
                     " dimensions, the array " + std::to_string(shape.size()));
  }
  for (std::size_t d = 0; d < region.size(); ++d) {
    const Slice& s = region[d];
    const bool ok = s.count == 0 || (s.count > 0 && s.at(0) >= 0 && s.at(0) < shape[d] &&
                                     s.at(s.count - 1) >= 0 && s.at(s.count - 1) < shape[d]);
    if (!ok || (s.step == 0 && s.count > 1)) {
      throw IndexError(std::string(which) + " region along axis " + std::to_string(d) + " (start " +
                       std::to_string(s.start) + ", step " + std::to_string(s.step) + ", count " +
                       std::to_string(s.count) + ") is outside extent " + std::to_string(shape[d]));
    }
  }
}

// Positions holding global index g (the owner, and for overlapped blocks the positions
// before it whose overlap reaches g).
void for_each_holder(const DimLayout& layout, std::int64_t g,
                     const std::function<void(int, std::int64_t)>& f) {
  const maps::DimOwner o = layout.owner(g);
  f(o.position, o.local);
  for (int q = o.position - 1; q >= 0 && layout.overlap() > 0; --q) {
    const auto local = layout.to_local(q, g);
    if (!local) break;
    f(q, *local);
  }
}

LocalSegments segments_of(const std::vector<std::int64_t>& locals) {
  LocalSegments out;
  for (std::int64_t local : locals) out.append(local, 1);
  return out;
}

// Calls f(peer grid coordinates, per-dimension local index lists) for each combination of
// peer positions that this rank shares cells with in every dimension.
void for_each_peer_box(
    const std::vector<PerPeerIndices>& per_dim,
    const std::function<void(const std::vector<int>&,
                             const std::vector<const std::vector<std::int64_t>*>&)>& f) {
  const std::size_t ndim = per_dim.size();
  std::vector<std::vector<PerPeerIndices::const_iterator>> peers(ndim);
  std::vector<std::size_t> extent(ndim);
  for (std::size_t d = 0; d < ndim; ++d) {
    for (auto it = per_dim[d].begin(); it != per_dim[d].end(); ++it) peers[d].push_back(it);
    extent[d] = peers[d].size();
  }
  std::vector<int> coords(ndim);
  std::vector<const std::vector<std::int64_t>*> lists(ndim);
  maps::for_each_index(extent, [&](const std::vector<std::int64_t>& pick) {
    for (std::size_t d = 0; d < ndim; ++d) {
      const auto& peer = peers[d][static_cast<std::size_t>(pick[d])];
      coords[d] = peer->first;
      lists[d] = &peer->second;
    }
    f(coords, lists);
  });
}

}  // namespace

RedistributionPlan RedistributionPlan::for_regions(const Communicator& comm, const maps::Map& from,
                                                   const maps::Shape& from_shape,
                                                   const std::vector<Slice>& source_region,
                                                   const maps::Map& to, const maps::Shape& to_shape,
                                                   const std::vector<Slice>& dest_region,
                                                   std::size_t element_size) {
  check_region(source_region, from_shape, "source");
  check_region(dest_region, to_shape, "destination");
  if (source_region.size() != dest_region.size()) {
    throw ValueError("source and destination regions differ in dimensions");
  }
  for (std::size_t d = 0; d < source_region.size(); ++d) {
    if (source_region[d].count != dest_region[d].count) {
      throw ValueError("could not broadcast: region extents " +
                       std::to_string(source_region[d].count) + " and " +
                       std::to_string(dest_region[d].count) + " differ along axis " +
                       std::to_string(d));
    }
  }
  from.check_fits(comm.size());
  to.check_fits(comm.size());
  RedistributionPlan plan;
  plan.element_size_ = element_size;
  plan.in_place_ok_ = false;
  const int me = comm.rank();
  plan.source_local_shape_ = from.local_shape(from_shape, me);
  plan.dest_local_shape_ = to.local_shape(to_shape, me);
  const std::vector<DimLayout> from_layouts = from.layouts(from_shape);
  const std::vector<DimLayout> to_layouts = to.layouts(to_shape);
  const auto my_from = from.grid_coords(me);
  const auto my_to = to.grid_coords(me);
  const std::size_t ndim = source_region.size();

  // Per dimension: as a sender, my source local indices per destination position; as a
  // receiver, my destination local indices per source position.
  std::vector<PerPeerIndices> sends(ndim), receives(ndim);
  for (std::size_t d = 0; d < ndim; ++d) {
    for (std::int64_t x = 0; x < source_region[d].count; ++x) {
      const maps::DimOwner src = from_layouts[d].owner(source_region[d].at(x));
      const bool i_send = my_from && src.position == (*my_from)[d];
      for_each_holder(to_layouts[d], dest_region[d].at(x), [&](int q, std::int64_t local) {
        if (i_send) sends[d][q].push_back(src.local);
        if (my_to && q == (*my_to)[d]) receives[d][src.position].push_back(local);
      });
    }
  }
  if (my_from) {
    for_each_peer_box(sends, [&](const std::vector<int>& coords,
                                 const std::vector<const std::vector<std::int64_t>*>& lists) {
      LocalBox box;
      box.peer = to.rank_at(coords);
      for (const auto* l : lists) box.dims.push_back(segments_of(*l));
      if (box.peer == me) {
        plan.keep_source_ = std::move(box);
      } else {
        plan.bytes_sent_ += box.cells() * static_cast<std::int64_t>(element_size);
        plan.sends_.push_back(std::move(box));
      }
    });
  }
  if (my_to) {
    for_each_peer_box(receives, [&](const std::vector<int>& coords,
                                    const std::vector<const std::vector<std::int64_t>*>& lists) {
      LocalBox box;
      box.peer = from.rank_at(coords);
      for (const auto* l : lists) box.dims.push_back(segments_of(*l));
      if (box.peer == me) {
        plan.keep_dest_ = std::move(box);
      } else {
        plan.bytes_received_ += box.cells() * static_cast<std::int64_t>(element_size);
        plan.receives_.push_back(std::move(box));
      }
    });
  }
  return plan;
}

}  // namespace pgas::redistribution
