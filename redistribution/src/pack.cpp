#include "pack.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <utility>
#include <vector>

#include "pgas/maps/index_space.hpp"

namespace pgas::redistribution {
namespace {

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

}  // namespace pgas::redistribution
