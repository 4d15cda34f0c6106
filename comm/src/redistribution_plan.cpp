#include "pgas/comm/redistribution_plan.hpp"

#include <cstring>
#include <list>
#include <string>
#include <tuple>

#include "pgas/errors.hpp"
#include "pgas/maps/exchange.hpp"

namespace pgas::comm {
namespace {

using maps::DimLayout;
using maps::Runs;

// Local positions of a list of global Runs on one grid position. Every run of a piece lies
// inside one run of what the position holds, so it is contiguous in local memory; runs
// that follow each other in memory are merged.
LocalSegments to_local_segments(const std::vector<Runs>& cells, const DimLayout& layout,
                                int position) {
  LocalSegments out;
  for (const Runs& r : cells) {
    for (std::int64_t j = 0; j < r.count; ++j) {
      const std::int64_t global = r.start + j * r.stride;
      const std::int64_t local = *layout.to_local(position, global);
      if (!out.start.empty() && out.start.back() + out.length.back() == local) {
        out.length.back() += r.length;
      } else {
        out.start.push_back(local);
        out.length.push_back(r.length);
      }
    }
    out.cells += r.size();
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

std::vector<std::int64_t> row_major_strides(const maps::Shape& shape) {
  std::vector<std::int64_t> strides(shape.size(), 1);
  for (std::size_t d = shape.size(); d-- > 1;) strides[d - 1] = strides[d] * shape[d];
  return strides;
}

// Walks the box in row-major order of its segments, calling copy(array_offset, cells) for
// each innermost segment; the packed side advances by `cells` each time.
template <typename Copy>
void walk_box(const LocalBox& box, const maps::Shape& shape, Copy&& copy) {
  const std::size_t ndim = box.dims.size();
  if (box.cells() == 0) return;
  const std::vector<std::int64_t> strides = row_major_strides(shape);
  // Odometer over the outer dimensions' cells: (segment, offset within segment) per dim.
  std::vector<std::size_t> seg(ndim, 0);
  std::vector<std::int64_t> within(ndim, 0);
  const LocalSegments& inner = box.dims[ndim - 1];
  while (true) {
    std::int64_t base = 0;
    for (std::size_t d = 0; d + 1 < ndim; ++d) {
      base += (box.dims[d].start[seg[d]] + within[d]) * strides[d];
    }
    for (std::size_t s = 0; s < inner.start.size(); ++s) {
      copy(base + inner.start[s] * strides[ndim - 1], inner.length[s]);
    }
    std::size_t d = ndim - 1;
    while (d > 0) {
      --d;
      if (++within[d] < box.dims[d].length[seg[d]]) break;
      within[d] = 0;
      if (++seg[d] < box.dims[d].start.size()) break;
      seg[d] = 0;
      if (d == 0) return;
    }
    if (ndim == 1) return;
  }
}

}  // namespace

std::int64_t LocalBox::cells() const {
  if (dims.empty()) return 0;
  std::int64_t n = 1;
  for (const LocalSegments& d : dims) n *= d.cells;
  return n;
}

void pack(const LocalBox& box, const maps::Shape& shape, std::size_t element_size,
          const void* array, void* packed) {
  const auto* from = static_cast<const std::byte*>(array);
  auto* to = static_cast<std::byte*>(packed);
  walk_box(box, shape, [&](std::int64_t offset, std::int64_t cells) {
    const std::size_t bytes = static_cast<std::size_t>(cells) * element_size;
    std::memcpy(to, from + static_cast<std::size_t>(offset) * element_size, bytes);
    to += bytes;
  });
}

void unpack(const LocalBox& box, const maps::Shape& shape, std::size_t element_size,
            const void* packed, void* array) {
  const auto* from = static_cast<const std::byte*>(packed);
  auto* to = static_cast<std::byte*>(array);
  walk_box(box, shape, [&](std::int64_t offset, std::int64_t cells) {
    const std::size_t bytes = static_cast<std::size_t>(cells) * element_size;
    std::memcpy(to + static_cast<std::size_t>(offset) * element_size, from, bytes);
    from += bytes;
  });
}

RedistributionPlan::RedistributionPlan(const Communicator& comm, const maps::Map& from,
                                       const maps::Map& to, const maps::Shape& shape,
                                       std::size_t element_size)
    : element_size_(element_size), in_place_ok_(from == to) {
  for (const maps::Map* m : {&from, &to}) {
    if (m->max_rank() >= comm.size()) {
      throw ValueError("procs: rank " + std::to_string(m->max_rank()) +
                       " is outside the communicator of " + std::to_string(comm.size()) +
                       " ranks (" + m->to_string() + ")");
    }
  }
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

std::int64_t RedistributionPlan::cells_kept() const {
  return keep_source_.cells();
}

void RedistributionPlan::execute(const Communicator& comm, const void* source, void* dest) const {
  const bool in_place = source == dest;
  if (in_place && !in_place_ok_) {
    throw ValueError("redistribution between two different maps cannot work in place");
  }
  const std::size_t kept_bytes =
      in_place ? 0 : static_cast<std::size_t>(keep_source_.cells()) * element_size_;
  // One buffer for what leaves and what stays, one for what arrives: at most the owned
  // part plus the received part, i.e. within twice the larger local part.
  std::vector<std::byte> outgoing(static_cast<std::size_t>(bytes_sent_) + kept_bytes);
  std::vector<std::byte> incoming(static_cast<std::size_t>(bytes_received_));

  ExchangeLayout to_layout;
  std::size_t offset = 0;
  for (const LocalBox& box : sends_) {
    const std::size_t bytes = static_cast<std::size_t>(box.cells()) * element_size_;
    pack(box, source_local_shape_, element_size_, source, outgoing.data() + offset);
    to_layout.peers.push_back(box.peer);
    to_layout.counts.push_back(bytes);
    to_layout.displs.push_back(offset);
    offset += bytes;
  }
  ExchangeLayout from_layout;
  std::size_t in_offset = 0;
  for (const LocalBox& box : receives_) {
    const std::size_t bytes = static_cast<std::size_t>(box.cells()) * element_size_;
    from_layout.peers.push_back(box.peer);
    from_layout.counts.push_back(bytes);
    from_layout.displs.push_back(in_offset);
    in_offset += bytes;
  }
  if (kept_bytes > 0) {
    pack(keep_source_, source_local_shape_, element_size_, source, outgoing.data() + offset);
  }
  comm.exchange(outgoing.data(), to_layout, incoming.data(), from_layout);
  if (kept_bytes > 0) {
    unpack(keep_dest_, dest_local_shape_, element_size_, outgoing.data() + offset, dest);
  }
  for (std::size_t i = 0; i < receives_.size(); ++i) {
    unpack(receives_[i], dest_local_shape_, element_size_, incoming.data() + from_layout.displs[i],
           dest);
  }
}

std::shared_ptr<const RedistributionPlan> cached_plan(const Communicator& comm,
                                                      const maps::Map& from, const maps::Map& to,
                                                      const maps::Shape& shape,
                                                      std::size_t element_size) {
  // The handle alone could be reused by a later communicator; rank and size pin it down
  // as far as a plan can tell.
  using Key = std::tuple<MPI_Comm, int, int, maps::Map, maps::Map, maps::Shape, std::size_t>;
  constexpr std::size_t kCapacity = 64;
  // Most recently used first. A linear scan is fine at this size and compares maps by value.
  static std::list<std::pair<Key, std::shared_ptr<const RedistributionPlan>>> cache;
  Key key{comm.handle(), comm.rank(), comm.size(), from, to, shape, element_size};
  for (auto it = cache.begin(); it != cache.end(); ++it) {
    if (it->first == key) {
      cache.splice(cache.begin(), cache, it);
      return cache.front().second;
    }
  }
  auto plan = std::make_shared<const RedistributionPlan>(comm, from, to, shape, element_size);
  cache.emplace_front(std::move(key), plan);
  if (cache.size() > kCapacity) cache.pop_back();
  return plan;
}

}  // namespace pgas::comm
