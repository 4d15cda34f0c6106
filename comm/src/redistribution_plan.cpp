#include "pgas/comm/redistribution_plan.hpp"

#include <climits>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <list>
#include <string>
#include <tuple>

#include "pgas/comm/box_datatype.hpp"
#include "pgas/errors.hpp"
#include "pgas/maps/exchange.hpp"
#include "pgas/maps/index_space.hpp"

namespace pgas::comm {
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

// A box as an index space: its outer dimensions as lists of local indices (each as long as
// the box's extent there, so the lists add up, they do not multiply), the innermost as its
// runs of contiguous pieces.
struct BoxWalk {
  std::vector<std::int64_t> strides;             // of the local array
  std::vector<std::vector<std::int64_t>> outer;  // local indices of dimensions 0 .. n-2
  std::vector<std::int64_t> outer_extent;
  const std::vector<LocalRun>* inner = nullptr;

  BoxWalk(const LocalBox& box, const maps::Shape& shape)
      : strides(maps::row_major_strides(shape)), inner(&box.dims.back().runs) {
    for (std::size_t d = 0; d + 1 < box.dims.size(); ++d) {
      std::vector<std::int64_t> locals;
      for (const LocalRun& r : box.dims[d].runs) {
        for (std::int64_t c = 0; c < r.count; ++c) {
          for (std::int64_t k = 0; k < r.length; ++k) locals.push_back(r.start + c * r.stride + k);
        }
      }
      outer_extent.push_back(static_cast<std::int64_t>(locals.size()));
      outer.push_back(std::move(locals));
    }
  }
  // Offset in the local array of the row at outer index `i`.
  std::int64_t row_offset(const std::vector<std::int64_t>& i) const {
    std::int64_t base = 0;
    for (std::size_t d = 0; d < outer.size(); ++d) {
      base += outer[d][static_cast<std::size_t>(i[d])] * strides[d];
    }
    return base;
  }
};

// Walks the box in row-major order, calling copy(array_offset, cells) for each contiguous
// piece of the innermost dimension; the packed side advances by `cells` each time.
template <typename Copy>
void walk_box(const LocalBox& box, const maps::Shape& shape, Copy&& copy) {
  if (box.cells() == 0) return;
  const BoxWalk walk(box, shape);
  const std::int64_t inner_stride = walk.strides.back();
  maps::for_each_index(walk.outer_extent, [&](const std::vector<std::int64_t>& i) {
    const std::int64_t base = walk.row_offset(i);
    for (const LocalRun& r : *walk.inner) {
      std::int64_t at = base + r.start * inner_stride;
      const std::int64_t step = r.stride * inner_stride;
      for (std::int64_t c = 0; c < r.count; ++c, at += step) copy(at, r.length);
    }
  });
}

}  // namespace

void LocalSegments::append(std::int64_t local, std::int64_t length) {
  cells += length;
  if (!runs.empty()) {
    LocalRun& last = runs.back();
    if (last.count == 1 && last.start + last.length == local) {
      last.length += length;  // contiguous: one longer piece
      last.stride = last.length;
      return;
    }
    if (last.length == length) {
      const std::int64_t next = last.start + last.count * last.stride;
      if (last.count == 1 && local >= last.start + last.length) {
        last.stride = local - last.start;  // the second piece fixes the stride
        last.count = 2;
        return;
      }
      if (last.count > 1 && local == next) {
        ++last.count;
        return;
      }
    }
  }
  runs.push_back(LocalRun{local, length, length, 1});
}

std::int64_t LocalBox::cells() const {
  if (dims.empty()) return 0;
  std::int64_t n = 1;
  for (const LocalSegments& d : dims) n *= d.cells;
  return n;
}

namespace {

// Copies one segment. Single cells (cyclic dimensions) are the common small case: a
// fixed-size copy per element size compiles to one load and one store instead of a call.
template <std::size_t kSize>
inline void copy_cells(std::byte* to, const std::byte* from, std::int64_t cells) {
  if (cells == 1) {
    std::memcpy(to, from, kSize);
  } else {
    std::memcpy(to, from, static_cast<std::size_t>(cells) * kSize);
  }
}

template <std::size_t kSize, bool kPack>
void move_box(const LocalBox& box, const maps::Shape& shape, const std::byte* from, std::byte* to) {
  walk_box(box, shape, [&](std::int64_t offset, std::int64_t cells) {
    const std::size_t at = static_cast<std::size_t>(offset) * kSize;
    if constexpr (kPack) {
      copy_cells<kSize>(to, from + at, cells);
      to += static_cast<std::size_t>(cells) * kSize;
    } else {
      copy_cells<kSize>(to + at, from, cells);
      from += static_cast<std::size_t>(cells) * kSize;
    }
  });
}

template <bool kPack>
void move_box_any(const LocalBox& box, const maps::Shape& shape, std::size_t element_size,
                  const std::byte* from, std::byte* to) {
  switch (element_size) {
    case 1:
      return move_box<1, kPack>(box, shape, from, to);
    case 4:
      return move_box<4, kPack>(box, shape, from, to);
    case 8:
      return move_box<8, kPack>(box, shape, from, to);
    case 16:
      return move_box<16, kPack>(box, shape, from, to);
    default:
      walk_box(box, shape, [&](std::int64_t offset, std::int64_t cells) {
        const std::size_t bytes = static_cast<std::size_t>(cells) * element_size;
        const std::size_t at = static_cast<std::size_t>(offset) * element_size;
        if constexpr (kPack) {
          std::memcpy(to, from + at, bytes);
          to += bytes;
        } else {
          std::memcpy(to + at, from, bytes);
          from += bytes;
        }
      });
  }
}

// Walks a box piece by piece on demand, so two boxes can be walked side by side.
class BoxCursor {
 public:
  BoxCursor(const LocalBox& box, const maps::Shape& shape)
      : walk_(box, shape), rows_(walk_.outer_extent) {
    done_ = box.cells() == 0;
    if (!done_) load();
  }
  bool done() const { return done_; }
  // The next run of at most `max_cells` contiguous cells: (offset, cells).
  std::pair<std::int64_t, std::int64_t> next(std::int64_t max_cells) {
    const std::int64_t n = std::min(max_cells, left_);
    const std::pair<std::int64_t, std::int64_t> out{offset_, n};
    offset_ += n;
    left_ -= n;
    if (left_ == 0) advance();
    return out;
  }

 private:
  void load() {
    const LocalRun& r = (*walk_.inner)[run_];
    offset_ =
        walk_.row_offset(rows_.index()) + (r.start + piece_ * r.stride) * walk_.strides.back();
    left_ = r.length;
  }
  // The innermost dimension moves a piece at a time, the outer ones a row at a time.
  void advance() {
    if (++piece_ == (*walk_.inner)[run_].count) {
      piece_ = 0;
      if (++run_ == walk_.inner->size()) {
        run_ = 0;
        rows_.next();
        if (rows_.done()) {
          done_ = true;
          return;
        }
      }
    }
    load();
  }

  BoxWalk walk_;
  maps::RowMajorOdometer rows_;
  std::size_t run_ = 0;
  std::int64_t piece_ = 0;
  std::int64_t offset_ = 0;
  std::int64_t left_ = 0;
  bool done_ = false;
};

}  // namespace

void copy_box(const LocalBox& from_box, const maps::Shape& from_shape, const void* from,
              const LocalBox& to_box, const maps::Shape& to_shape, void* to,
              std::size_t element_size) {
  const auto* src = static_cast<const std::byte*>(from);
  auto* dst = static_cast<std::byte*>(to);
  BoxCursor in(from_box, from_shape);
  BoxCursor out(to_box, to_shape);
  while (!out.done() && !in.done()) {
    // Take a whole destination segment at a time, filling it from as many source pieces
    // as it spans.
    auto [to_offset, to_cells] = out.next(std::numeric_limits<std::int64_t>::max());
    while (to_cells > 0 && !in.done()) {
      const auto [from_offset, cells] = in.next(to_cells);
      std::memcpy(dst + static_cast<std::size_t>(to_offset) * element_size,
                  src + static_cast<std::size_t>(from_offset) * element_size,
                  static_cast<std::size_t>(cells) * element_size);
      to_offset += cells;
      to_cells -= cells;
    }
  }
}

namespace {
struct ScratchBuffer {
  std::unique_ptr<std::byte[]> data;
  std::size_t capacity = 0;
};
ScratchBuffer& scratch(int which) {
  static ScratchBuffer buffers[2];
  return buffers[which];
}
}  // namespace

std::byte* scratch_buffer(int which, std::size_t bytes) {
  ScratchBuffer& b = scratch(which);
  if (!b.data || b.capacity < bytes) {
    b.data.reset();  // free first: never hold the old and the new buffer at once
    b.capacity = std::max<std::size_t>(bytes, 1);
    b.data.reset(new std::byte[b.capacity]);
  }
  return b.data.get();
}

void release_scratch() {
  for (int which : {0, 1}) {
    scratch(which).data.reset();
    scratch(which).capacity = 0;
  }
}

void pack(const LocalBox& box, const maps::Shape& shape, std::size_t element_size,
          const void* array, void* packed) {
  move_box_any<true>(box, shape, element_size, static_cast<const std::byte*>(array),
                     static_cast<std::byte*>(packed));
}

void unpack(const LocalBox& box, const maps::Shape& shape, std::size_t element_size,
            const void* packed, void* array) {
  move_box_any<false>(box, shape, element_size, static_cast<const std::byte*>(packed),
                      static_cast<std::byte*>(array));
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

struct PlanDatatypes {
  std::vector<BoxDatatype> sends;
  std::vector<BoxDatatype> receives;
};

namespace {

// The default can be set for a whole run with PGAS_EXCHANGE_METHOD=automatic|packed|datatypes
// (the tests run the darray suite under each).
ExchangeMethod& method_setting() {
  static ExchangeMethod method = [] {
    const char* name = std::getenv("PGAS_EXCHANGE_METHOD");
    const std::string value = name ? name : "automatic";
    if (value == "packed") return ExchangeMethod::packed;
    if (value == "datatypes") return ExchangeMethod::datatypes;
    if (value == "automatic") return ExchangeMethod::automatic;
    throw ValueError("PGAS_EXCHANGE_METHOD=" + value + ": expected automatic, packed or datatypes");
  }();
  return method;
}

// Contiguous pieces of the innermost dimension that a box's cells come in.
std::int64_t pieces(const LocalBox& box) {
  if (box.dims.empty() || box.cells() == 0) return 0;
  std::int64_t n = 0;
  for (const LocalRun& r : box.dims.back().runs) n += r.count;
  for (std::size_t d = 0; d + 1 < box.dims.size(); ++d) n *= box.dims[d].cells;
  return n;
}

// Below this many bytes per contiguous piece MPI's datatype engine moved cells more slowly
// than our fixed-size pack loops (bench/bench_redistribute, docs/darray.md).
constexpr std::int64_t kDatatypeMinPieceBytes = 256;

}  // namespace

void set_exchange_method(ExchangeMethod method) {
  method_setting() = method;
}
ExchangeMethod exchange_method() {
  return method_setting();
}

bool RedistributionPlan::uses_datatypes() const {
  if (method_setting() == ExchangeMethod::packed) return false;
  if (!piece_facts_) {  // a pure function of the plan: worked out once, not on every execute
    bool fits_int = true;
    std::int64_t cells = 0;
    std::int64_t n = 0;
    for (const auto* side : {&sends_, &receives_}) {
      for (const LocalBox& box : *side) {
        // A box type over 2 GiB would overflow MPI's int sizes; packing splits such messages.
        fits_int = fits_int && box.cells() * static_cast<std::int64_t>(element_size_) <= INT_MAX;
        cells += box.cells();
        n += pieces(box);
      }
    }
    const bool long_pieces =
        n > 0 && cells * static_cast<std::int64_t>(element_size_) >= kDatatypeMinPieceBytes * n;
    piece_facts_ = std::make_pair(fits_int, long_pieces);
  }
  const auto [fits_int, long_pieces] = *piece_facts_;
  return fits_int && (method_setting() == ExchangeMethod::datatypes || long_pieces);
}

const PlanDatatypes& RedistributionPlan::datatypes() const {
  if (!datatypes_) {
    auto types = std::make_shared<PlanDatatypes>();
    for (const LocalBox& box : sends_) {
      types->sends.emplace_back(box, source_local_shape_, element_size_);
    }
    for (const LocalBox& box : receives_) {
      types->receives.emplace_back(box, dest_local_shape_, element_size_);
    }
    datatypes_ = std::move(types);
  }
  return *datatypes_;
}

void RedistributionPlan::execute(const Communicator& comm, const void* source, void* dest) const {
  const bool in_place = source == dest;
  if (in_place && !in_place_ok_) {
    throw ValueError("redistribution between two different maps cannot work in place");
  }
  if (!uses_datatypes()) {
    execute_packed(comm, source, dest);
    return;
  }
  const PlanDatatypes& types = datatypes();
  std::vector<TypedMessage> to;
  std::vector<TypedMessage> from;
  for (std::size_t i = 0; i < sends_.size(); ++i) {
    to.push_back(TypedMessage{sends_[i].peer, types.sends[i].get(),
                              static_cast<std::size_t>(sends_[i].cells()) * element_size_});
  }
  for (std::size_t i = 0; i < receives_.size(); ++i) {
    from.push_back(TypedMessage{receives_[i].peer, types.receives[i].get(),
                                static_cast<std::size_t>(receives_[i].cells()) * element_size_});
  }
  // Kept cells are copied while the messages travel: they are other cells of `dest` than
  // the ones arriving, and reading a send buffer during the send is allowed.
  comm.exchange_typed(source, to, dest, from, [&] {
    if (!in_place && keep_source_.cells() > 0) {
      copy_box(keep_source_, source_local_shape_, source, keep_dest_, dest_local_shape_, dest,
               element_size_);
    }
  });
}

void RedistributionPlan::execute_packed(const Communicator& comm, const void* source,
                                        void* dest) const {
  const bool in_place = source == dest;
  // Reused buffers: no page faults or zeroing per call. They hold what leaves and what
  // arrives: at most the owned part plus the received part, within twice the larger part.
  std::byte* outgoing = scratch_buffer(0, static_cast<std::size_t>(bytes_sent_));
  std::byte* incoming = scratch_buffer(1, static_cast<std::size_t>(bytes_received_));

  ExchangeLayout to_layout;
  std::size_t offset = 0;
  for (const LocalBox& box : sends_) {
    const std::size_t bytes = static_cast<std::size_t>(box.cells()) * element_size_;
    pack(box, source_local_shape_, element_size_, source, outgoing + offset);
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
  comm.exchange(outgoing, to_layout, incoming, from_layout);
  // Cells that stay go straight from source to destination, in the same order both boxes
  // list them (after the exchange: `dest` may be a receive target only then).
  if (!in_place && keep_source_.cells() > 0) {
    copy_box(keep_source_, source_local_shape_, source, keep_dest_, dest_local_shape_, dest,
             element_size_);
  }
  for (std::size_t i = 0; i < receives_.size(); ++i) {
    unpack(receives_[i], dest_local_shape_, element_size_, incoming + from_layout.displs[i], dest);
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
