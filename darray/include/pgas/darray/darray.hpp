// DArray<T>: an N-d array spread over the ranks of a Context by a Map (SPEC §2).
//
// Each rank stores its held cells (owned + overlap) as one row-major local array; for
// cyclic and block-cyclic dimensions the owned indices are packed in increasing order.
// Values move between maps only through redistribution plans (comm/redistribution_plan):
// assignment from any map is a redistribution, as in Elemental.
//
// Every function says whether it is collective (all ranks of the context call it, in the
// same order) or local. Collective argument checks throw the same error on every rank.
#pragma once

#include <algorithm>
#include <complex>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "pgas/checked_size.hpp"
#include "pgas/comm/agreement.hpp"
#include "pgas/darray/context.hpp"
#include "pgas/darray/counter_random.hpp"
#include "pgas/darray/local_buffer.hpp"
#include "pgas/darray/local_cells.hpp"
#include "pgas/darray/local_view.hpp"
#include "pgas/errors.hpp"
#include "pgas/maps/index_space.hpp"
#include "pgas/maps/map.hpp"
#include "pgas/redistribution/redistribution_plan.hpp"
#include "pgas/text.hpp"
#include "pgas/traits.hpp"

namespace pgas {

/// A global index as a value of T (arange): complex numbers get it as their real part.
template <typename T>
T value_from_index(std::int64_t g) {
  if constexpr (is_complex<T>::value) {
    return T(static_cast<typename T::value_type>(g), 0);
  } else {
    return static_cast<T>(g);
  }
}

template <typename T>
class DArray {
 public:
  using value_type = T;

  /// An array with unspecified values. Collective: the map must fit the context's
  /// communicator and the shape the map (ValueError on every rank otherwise).
  DArray(maps::Shape shape, maps::Map map, ContextPtr ctx = Context::world())
      : ctx_(std::move(ctx)), map_(std::move(map)), shape_(std::move(shape)) {
    map_.check_fits(ctx_->size());
    for (std::size_t d = 0; d < shape_.size(); ++d) {
      if (shape_[d] < 0) {
        throw ValueError("shape[" + std::to_string(d) + "] = " + std::to_string(shape_[d]) +
                         " must be >= 0");
      }
    }
    // ValueError on every rank when the cell or byte count does not fit 64 bits.
    const std::int64_t cells = checked_cell_count(shape_, sizeof(T));
    local_shape_ = map_.local_shape(shape_, ctx_->rank());  // checks ndim
    owned_shape_ = map_.owned_shape(shape_, ctx_->rank());
    local_size_ = maps::cell_count(local_shape_);
    data_ = allocate_agreed(local_size_, cells);
  }

  // ---- Copies are deep, moves are cheap (docs/darray.md) ----------------------------------
  /// A copy has its own local buffer with the same values (Elemental's choice): writing one
  /// never changes the other. Local: each rank copies its part, no communication.
  DArray(const DArray& other)
      : ctx_(other.ctx_),
        map_(other.map_),
        shape_(other.shape_),
        local_shape_(other.local_shape_),
        owned_shape_(other.owned_shape_),
        local_size_(other.local_size_),
        data_(allocate(other.local_size_, other.blas_slack())) {
    std::copy(other.data_.get(), other.data_.get() + local_size_, data_.get());
  }
  DArray& operator=(const DArray& other) {
    if (this != &other) *this = DArray(other);
    return *this;
  }
  /// Moves hand the local buffer over (no copy, no allocation); the moved-from array is
  /// empty and may only be assigned to or destroyed. Local.
  DArray(DArray&& other) noexcept
      : ctx_(std::move(other.ctx_)),
        map_(std::move(other.map_)),
        shape_(std::move(other.shape_)),
        local_shape_(std::move(other.local_shape_)),
        owned_shape_(std::move(other.owned_shape_)),
        local_size_(std::exchange(other.local_size_, 0)),
        data_(std::move(other.data_)) {}
  DArray& operator=(DArray&& other) noexcept {
    ctx_ = std::move(other.ctx_);
    map_ = std::move(other.map_);
    shape_ = std::move(other.shape_);
    local_shape_ = std::move(other.local_shape_);
    owned_shape_ = std::move(other.owned_shape_);
    local_size_ = std::exchange(other.local_size_, 0);
    data_ = std::move(other.data_);
    return *this;
  }
  ~DArray() = default;
  /// A second handle to this array's local storage (no copy): writes through either are seen
  /// by both. For functions that return their argument or a new array alike (ml::whole_rows);
  /// plain copies are deep. Local.
  DArray alias() const { return DArray(*this, SharedStorage{}); }

  // ---- Constructors (all collective) ----------------------------------------------------
  static DArray empty(maps::Shape shape, maps::Map map, ContextPtr ctx = Context::world()) {
    return DArray(std::move(shape), std::move(map), std::move(ctx));
  }
  static DArray full(maps::Shape shape, maps::Map map, T value, ContextPtr ctx = Context::world()) {
    DArray a(std::move(shape), std::move(map), std::move(ctx));
    a.fill_local(value);
    return a;
  }
  static DArray zeros(maps::Shape shape, maps::Map map, ContextPtr ctx = Context::world()) {
    return full(std::move(shape), std::move(map), T(0), std::move(ctx));
  }
  static DArray ones(maps::Shape shape, maps::Map map, ContextPtr ctx = Context::world()) {
    return full(std::move(shape), std::move(map), T(1), std::move(ctx));
  }
  /// Value at each global index = its row-major position (numpy.arange(size).reshape(shape)).
  static DArray arange(maps::Shape shape, maps::Map map, ContextPtr ctx = Context::world()) {
    DArray a(std::move(shape), std::move(map), std::move(ctx));
    a.fill_by_global_index(value_from_index<T>);
    return a;
  }
  /// Uniform [0, 1); the value at a global index depends only on (seed, index).
  static DArray rand(maps::Shape shape, maps::Map map, std::uint64_t seed,
                     ContextPtr ctx = Context::world()) {
    static_assert(std::is_floating_point_v<T>, "rand makes float32 or float64 arrays");
    DArray a(std::move(shape), std::move(map), std::move(ctx));
    a.fill_by_global_stretches([seed](std::int64_t first, std::int64_t n, T* out) {
      counter_uniform_fill(seed, static_cast<std::uint64_t>(first), n, out);
    });
    return a;
  }
  /// Standard normal; the value at a global index depends only on (seed, index).
  static DArray randn(maps::Shape shape, maps::Map map, std::uint64_t seed,
                      ContextPtr ctx = Context::world()) {
    static_assert(std::is_floating_point_v<T>, "randn makes float32 or float64 arrays");
    DArray a(std::move(shape), std::move(map), std::move(ctx));
    a.fill_by_global_index([seed](std::int64_t g) {
      return static_cast<T>(counter_normal(seed, static_cast<std::uint64_t>(g)));
    });
    return a;
  }

  // ---- What it is (local) -----------------------------------------------------------------
  const maps::Shape& shape() const { return shape_; }
  const maps::Map& map() const { return map_; }
  const ContextPtr& context() const { return ctx_; }
  int ndim() const { return static_cast<int>(shape_.size()); }
  std::int64_t size() const { return maps::cell_count(shape_); }
  /// Held local shape (overlap included), row-major. Local.
  const maps::Shape& local_shape() const { return local_shape_; }
  /// Owned local shape: the leading part of the local array without overlap cells. Local.
  const maps::Shape& owned_shape() const { return owned_shape_; }
  std::int64_t local_size() const { return local_size_; }
  T* local_data() { return data_.get(); }
  const T* local_data() const { return data_.get(); }
  /// The owned part of the local array (overlap cells left out): a strided view of the
  /// leading `owned_shape()` box, no copy. Valid while this array lives. Local.
  LocalView<T> owned() { return leading_box(data_.get(), local_shape_, owned_shape_); }
  LocalView<const T> owned() const {
    return leading_box<const T>(data_.get(), local_shape_, owned_shape_);
  }
  /// A row-major copy of the owned part, of `owned_shape()`. Local.
  std::vector<T> owned_copy() const {
    std::vector<T> out;
    out.reserve(static_cast<std::size_t>(owned().size()));
    owned().for_each([&](const T& x) { out.push_back(x); });
    return out;
  }
  /// The local storage, for views that must keep it alive (NumPy's .local). Local.
  std::shared_ptr<T> local_buffer() const { return data_; }
  /// Global indices of the local part along `dim`, overlap included, in local order. Local.
  std::vector<std::int64_t> global_ind(int dim) const {
    check_dim(dim);
    return held_global_indices(map_, shape_, ctx_->rank())[static_cast<std::size_t>(dim)];
  }

  // ---- Local part -------------------------------------------------------------------------
  /// Sets every held cell. Local.
  void fill_local(T value) { std::fill(data_.get(), data_.get() + local_size_, value); }
  /// Replaces the local part by `values` of shape `local_shape` (row-major). Collective: a
  /// wrong shape on any rank throws ValueError on every rank.
  void put_local(const T* values, const maps::Shape& local_shape) {
    const bool ok = local_shape == local_shape_;
    ctx_->comm().check_all(ok, "put_local: local part of the wrong shape",
                           ok ? ""
                              : "got " + shape_string(local_shape) + ", the local part is " +
                                    shape_string(local_shape_));
    std::copy(values, values + local_size_, data_.get());
  }

  // ---- Moving values ----------------------------------------------------------------------
  /// Copies `source`'s values into this array's map: a redistribution. Only cells whose
  /// holder changes cross the network, each once per destination holder. Collective.
  ///
  /// Same map and shape (the common `c[...] = a`): the two local arrays have the same
  /// layout on every rank, so the local buffer is copied as is (overlap included), with no
  /// plan. On a map with overlap, synch() then gives the overlap cells their owners' values,
  /// as a redistribution would: the source's own overlap cells may be stale.
  void assign(const DArray& source) {
    check_compatible(source, "assign");
    if (&source == this) return;
    if (source.map_ == map_) {
      std::copy(source.local_data(), source.local_data() + local_size_, local_data());
      if (has_overlap()) synch();
      return;
    }
    const auto plan =
        redistribution::cached_plan(ctx_->comm(), source.map_, map_, shape_, sizeof(T));
    plan->execute(ctx_->comm(), source.local_data(), local_data());
  }
  /// A new array with `map`'s layout and this array's values. Collective.
  DArray remap(const maps::Map& map) const {
    DArray out(shape_, map, ctx_);
    out.assign(*this);
    return out;
  }
  /// Overlap cells take their owners' values. Collective.
  void synch() {
    const auto plan = redistribution::cached_plan(ctx_->comm(), map_, map_, shape_, sizeof(T));
    plan->execute(ctx_->comm(), local_data(), local_data());
  }
  /// pPython's agg: on `leader`, the whole array (row-major, `shape()`); on every other rank,
  /// a copy of this rank's local part (row-major, `local_shape()`, overlap included; empty
  /// on ranks outside the map). Only the leader ever holds the whole array. Collective;
  /// ValueError on every rank for a leader outside the communicator.
  std::vector<T> agg(int leader = 0) const {
    check_rank(leader, "agg: leader");
    const DArray gathered = remap(whole_on(leader));
    const DArray& part = ctx_->rank() == leader ? gathered : *this;
    return std::vector<T>(part.local_data(), part.local_data() + part.local_size());
  }
  /// The whole array, row-major, on every rank. Collective.
  std::vector<T> agg_all() const {
    // A plain buffer, not the vector: std::vector<bool> has no contiguous data().
    const std::size_t n = static_cast<std::size_t>(size());
    std::unique_ptr<T[]> buffer(new T[std::max<std::size_t>(n, 1)]);
    const DArray gathered = remap(whole_on(0));
    if (ctx_->rank() == 0)
      std::copy(gathered.local_data(), gathered.local_data() + n, buffer.get());
    broadcast_values(buffer.get(), n, 0);
    return std::vector<T>(buffer.get(), buffer.get() + n);
  }

  // ---- Regions (basic slices) ------------------------------------------------------------------
  /// this[dest_region] = source[source_region], whatever the two maps (the same array is
  /// allowed: the source region is copied first). Regions have equal counts. Collective;
  /// IndexError / ValueError on every rank for regions that do not fit.
  void assign_region(const std::vector<redistribution::Slice>& dest_region, const DArray& source,
                     const std::vector<redistribution::Slice>& source_region) {
    if (source.context() != ctx_) {
      throw ValueError("slice assignment: the arrays live on different communicators");
    }
    const auto plan = redistribution::RedistributionPlan::for_regions(
        ctx_->comm(), source.map_, source.shape_, source_region, map_, shape_, dest_region,
        sizeof(T));
    if (&source == this) {
      const DArray copy = source.remap(source.map_);
      plan.execute(ctx_->comm(), copy.local_data(), local_data());
    } else {
      plan.execute(ctx_->comm(), source.local_data(), local_data());
    }
  }
  /// A new array holding source[region] (shape: the region's counts) laid out by `map`.
  /// Collective.
  DArray region(const std::vector<redistribution::Slice>& source_region,
                const maps::Map& map) const {
    maps::Shape counts;
    for (const redistribution::Slice& s : source_region) counts.push_back(s.count);
    if (source_region.size() != shape_.size()) {
      throw IndexError("a region of " + std::to_string(source_region.size()) +
                       " dimensions for an array of " + std::to_string(shape_.size()));
    }
    DArray out(counts, map, ctx_);
    out.assign_region(whole_region(counts), *this, source_region);
    return out;
  }
  /// this[region] = value on every held cell of the region. Collective only in that every
  /// rank must call it alike; no communication.
  void fill_region(const std::vector<redistribution::Slice>& region, T value) {
    for_each_region_cell(region,
                         [&](std::int64_t local, std::int64_t) { data_.get()[local] = value; });
  }
  /// this[region] = values, a row-major array of the region's counts given on every rank
  /// (each rank takes the cells it holds). No communication.
  void put_region(const std::vector<redistribution::Slice>& region, const T* values) {
    for_each_region_cell(
        region, [&](std::int64_t local, std::int64_t x) { data_.get()[local] = values[x]; });
  }
  /// The region covering a whole array of `shape`. Local.
  static std::vector<redistribution::Slice> whole_region(const maps::Shape& shape) {
    std::vector<redistribution::Slice> out;
    for (std::int64_t n : shape) out.push_back(redistribution::Slice{0, 1, n});
    return out;
  }

  // ---- Single elements ----------------------------------------------------------------------
  /// The value at a global index, on every rank. Collective; IndexError on every rank.
  T get(const maps::Index& index) const {
    const maps::Owner owner = map_.owner(shape_, checked_index(index));
    T value{};
    if (ctx_->rank() == owner.rank) value = local_data()[local_offset(owner.local)];
    broadcast_values(&value, 1, owner.rank);
    return value;
  }
  /// Sets the value at a global index (its owner and every rank holding it as overlap).
  /// Collective (every rank passes the same index and value); IndexError on every rank.
  void set(const maps::Index& index, T value) {
    const auto local = map_.to_local(shape_, ctx_->rank(), checked_index(index));
    if (local) local_data()[local_offset(*local)] = value;
  }

  // ---- New layouts -------------------------------------------------------------------------
  /// The transpose (axes reversed). No communication: each rank transposes its local part,
  /// and the map's grid, distributions and overlap are reversed with it. Collective.
  DArray transpose() const {
    maps::Shape shape(shape_.rbegin(), shape_.rend());
    DArray out(shape, map_.transposed(), ctx_);
    transpose_local(local_data(), local_shape_, out.local_data());
    return out;
  }
  /// The same values over the transposed process grid (pPython's transpose_grid: a corner
  /// turn, [P, 1] becomes [1, P]). Collective.
  DArray transpose_grid() const {
    const maps::Map t = map_.transposed();
    return remap(maps::Map(t.grid(), t.dists(), map_.procs(), t.overlap()));
  }
  /// The same values with a new axis of extent 1 before `dim` (A[None], a vector as a
  /// (1 x n) row) over Map::with_unit_dim: every local part stays as it is. Collective
  /// (constructs a darray); IndexError on every rank for a bad `dim`.
  DArray with_unit_dim(int dim) const {
    const maps::Map map = map_.with_unit_dim(dim);
    maps::Shape shape(shape_);
    shape.insert(shape.begin() + dim, 1);
    DArray out(shape, map, ctx_);
    std::copy(local_data(), local_data() + local_size_, out.local_data());
    return out;
  }
  /// The same values without the axis `dim` of extent 1 (A[i, :] of a region) over
  /// Map::without_dim: the ranks at grid coordinate 0 along `dim` hold every cell and keep
  /// their local parts as they are; the others hold none. Collective (constructs a darray);
  /// IndexError / ValueError on every rank for a bad `dim` or an extent other than 1.
  DArray without_unit_dim(int dim) const {
    check_dim(dim);
    if (shape_[static_cast<std::size_t>(dim)] != 1) {
      throw ValueError("without_unit_dim: axis " + std::to_string(dim) + " has extent " +
                       std::to_string(shape_[static_cast<std::size_t>(dim)]) + ", not 1");
    }
    maps::Shape shape(shape_);
    shape.erase(shape.begin() + dim);
    DArray out(shape, map_.without_dim(dim), ctx_);
    std::copy(local_data(), local_data() + out.local_size(), out.local_data());
    return out;
  }

  // ---- Elementwise (local loops over held cells; operands on other maps are moved) -----------
  template <typename F>
  void apply(F&& f) {
    T* x = local_data();
    for (std::int64_t i = 0; i < local_size_; ++i) x[i] = f(x[i]);
  }
  template <typename R = T, typename F>
  DArray<R> map_values(F&& f) const {
    DArray<R> out(shape_, map_, ctx_);
    const T* x = local_data();
    R* y = out.local_data();
    for (std::int64_t i = 0; i < local_size_; ++i) y[i] = f(x[i]);
    return out;
  }
  /// out = f(this, other) cell by cell, in this array's map; `other` is redistributed to it
  /// first if its map differs. Collective.
  template <typename R = T, typename U, typename F>
  DArray<R> combine(const DArray<U>& other, F&& f) const {
    check_compatible(other, "elementwise operation");
    std::optional<DArray<U>> moved;
    if (!(other.map() == map_)) moved.emplace(other.remap(map_));
    DArray<R> out(shape_, map_, ctx_);
    const T* x = local_data();
    const U* y = moved ? moved->local_data() : other.local_data();
    R* z = out.local_data();
    for (std::int64_t i = 0; i < local_size_; ++i) z[i] = f(x[i], y[i]);
    return out;
  }
  /// out = f(this, other) cell by cell into an existing array of this map (no allocation:
  /// STREAM's triad is b.combine_into(a, c, ...)). Collective.
  template <typename R, typename U, typename F>
  void combine_into(DArray<R>& out, const DArray<U>& other, F&& f) const {
    check_compatible(other, "elementwise operation");
    check_compatible(out, "elementwise operation");
    if (!(out.map() == map_))
      throw ValueError("combine_into: the output must have this array's map");
    std::optional<DArray<U>> moved;
    if (!(other.map() == map_)) moved.emplace(other.remap(map_));
    const T* x = local_data();
    const U* y = moved ? moved->local_data() : other.local_data();
    R* z = out.local_data();
    for (std::int64_t i = 0; i < local_size_; ++i) z[i] = f(x[i], y[i]);
  }
  /// this = f(this, other) in place. Collective.
  template <typename U, typename F>
  void update(const DArray<U>& other, F&& f) {
    check_compatible(other, "in-place elementwise operation");
    std::optional<DArray<U>> moved;
    if (!(other.map() == map_)) moved.emplace(other.remap(map_));
    T* x = local_data();
    const U* y = moved ? moved->local_data() : other.local_data();
    for (std::int64_t i = 0; i < local_size_; ++i) x[i] = f(x[i], y[i]);
  }

  /// Throws ValueError on every rank unless `other` lives on the same context and has the
  /// same shape. Collective only in that both sides' facts are the same on every rank.
  template <typename U>
  void check_compatible(const DArray<U>& other, const char* what) const {
    if (other.context() != ctx_) {
      throw ValueError(std::string(what) + ": the arrays live on different communicators");
    }
    if (other.shape() != shape_) {
      throw ValueError(std::string(what) + ": shapes " + shape_string(shape_) + " and " +
                       shape_string(other.shape()) + " differ");
    }
  }

  /// Row-major offset of a local index in the local array. Local.
  std::int64_t local_offset(const maps::Index& local) const {
    return maps::row_major_offset(local_shape_, local);
  }

 private:
  template <typename F>
  void fill_by_global_index(F&& value_at) {
    T* x = local_data();
    for_each_cell(local_shape_, local_shape_, held_global_indices(map_, shape_, ctx_->rank()),
                  shape_,
                  [&](std::int64_t local, std::int64_t global) { x[local] = value_at(global); });
  }

  // fill(first global flat index, n, out) for each stretch of the local buffer whose global
  // flat indices are consecutive: the innermost dimension's held blocks, row by row. Works from
  // the maps layer's Runs, so no per-cell index list is built (a 1-d array would need one as
  // long as the array).
  template <typename F>
  void fill_by_global_stretches(F&& fill) {
    for (std::int64_t e : local_shape_) {
      if (e == 0) return;
    }
    const std::size_t last = shape_.size() - 1;
    const std::vector<std::vector<maps::Runs>> held = map_.held(shape_, ctx_->rank());
    std::vector<std::vector<std::int64_t>> outer(last);  // local extents long: small
    const std::vector<std::int64_t> global_stride = maps::row_major_strides(shape_);
    for (std::size_t d = 0; d < last; ++d) {
      for (const maps::Runs& r : held[d]) {
        for (std::int64_t k = 0; k < r.size(); ++k) outer[d].push_back(r.cell(k));
      }
    }
    T* x = local_data();
    std::int64_t offset = 0;
    const maps::Shape rows(local_shape_.begin(), local_shape_.end() - 1);
    maps::for_each_index(rows, [&](const std::vector<std::int64_t>& i) {
      std::int64_t base = 0;
      for (std::size_t d = 0; d < last; ++d) {
        base += outer[d][static_cast<std::size_t>(i[d])] * global_stride[d];
      }
      for (const maps::Runs& r : held[last]) {
        for (std::int64_t b = 0; b < r.count; ++b) {
          fill(base + r.start + b * r.stride, r.length, x + offset);
          offset += r.length;
        }
      }
    });
  }

  // f(local offset, row-major position within the region) for each held cell of the region.
  template <typename F>
  void for_each_region_cell(const std::vector<redistribution::Slice>& region, F&& f) const {
    if (region.size() != shape_.size()) {
      throw IndexError("a region of " + std::to_string(region.size()) +
                       " dimensions for an array of " + std::to_string(shape_.size()));
    }
    const auto coords = map_.grid_coords(ctx_->rank());
    const std::vector<maps::DimLayout> layouts = map_.layouts(shape_);
    std::vector<std::vector<std::pair<std::int64_t, std::int64_t>>> cells(shape_.size());
    for (std::size_t d = 0; d < shape_.size(); ++d) {
      const redistribution::Slice& s = region[d];
      if (s.count < 0 ||
          (s.count > 0 && (s.at(0) < 0 || s.at(0) >= shape_[d] || s.at(s.count - 1) < 0 ||
                           s.at(s.count - 1) >= shape_[d]))) {
        throw IndexError("region along axis " + std::to_string(d) + " is outside extent " +
                         std::to_string(shape_[d]));
      }
      if (!coords) continue;
      for (std::int64_t x = 0; x < s.count; ++x) {
        if (const auto local = layouts[d].to_local((*coords)[d], s.at(x))) {
          cells[d].emplace_back(x, *local);
        }
      }
    }
    if (!coords) return;
    std::vector<std::size_t> extent;
    for (const auto& c : cells) extent.push_back(c.size());
    maps::for_each_index(extent, [&](const std::vector<std::int64_t>& i) {
      std::int64_t local = 0, x = 0;
      for (std::size_t d = 0; d < shape_.size(); ++d) {
        const auto& cell = cells[d][static_cast<std::size_t>(i[d])];
        local = local * local_shape_[d] + cell.second;
        x = x * region[d].count + cell.first;
      }
      f(local, x);
    });
  }

  // Whether the map has overlap cells at all (the same answer on every rank).
  bool has_overlap() const {
    return std::any_of(map_.overlap().begin(), map_.overlap().end(),
                       [](std::int64_t o) { return o > 0; });
  }
  void check_dim(int dim) const {
    if (dim < 0 || dim >= ndim()) {
      throw IndexError("axis " + std::to_string(dim) + " is out of bounds for array of dimension " +
                       std::to_string(ndim()));
    }
  }
  void check_rank(int rank, const char* what) const {
    check_rank_in_communicator(what, rank, ctx_->size());
  }
  maps::Index checked_index(const maps::Index& index) const {
    if (index.size() != shape_.size()) {
      throw IndexError("an index of " + std::to_string(index.size()) +
                       " integers for an array of " + std::to_string(shape_.size()) +
                       " dimensions");
    }
    maps::Index out(index);
    for (std::size_t d = 0; d < out.size(); ++d) {
      if (out[d] < 0) out[d] += shape_[d];  // NumPy's negative indices
      if (out[d] < 0 || out[d] >= shape_[d]) {
        throw IndexError("index " + std::to_string(index[d]) + " is out of bounds for axis " +
                         std::to_string(d) + " with size " + std::to_string(shape_[d]));
      }
    }
    return out;
  }
  // One rank holds everything: the target of agg.
  maps::Map whole_on(int leader) const {
    return maps::Map(std::vector<int>(shape_.size(), 1),
                     std::vector<maps::DimDist>(shape_.size(), maps::DimDist::block()), {leader});
  }
  static void transpose_local(const T* in, const maps::Shape& shape, T* out) {
    // out[reversed index] = in[index]: the stride in `out` of input dimension d is the
    // row-major stride of the reversed shape's dimension nd-1-d.
    const maps::Shape reversed(shape.rbegin(), shape.rend());
    const std::vector<std::int64_t> reversed_strides = maps::row_major_strides(reversed);
    const std::vector<std::int64_t> out_stride(reversed_strides.rbegin(), reversed_strides.rend());
    const std::int64_t* stride = out_stride.data();
    std::int64_t flat = 0;
    maps::for_each_index(shape, [&](const std::vector<std::int64_t>& i) {
      std::int64_t o = 0;
      for (std::size_t d = 0; d < i.size(); ++d) o += i[d] * stride[d];
      out[o] = in[flat++];
    });
  }
  struct SharedStorage {};
  DArray(const DArray& other, SharedStorage)
      : ctx_(other.ctx_),
        map_(other.map_),
        shape_(other.shape_),
        local_shape_(other.local_shape_),
        owned_shape_(other.owned_shape_),
        local_size_(other.local_size_),
        data_(other.data_) {}
  // Room past the local buffer for BLAS kernels that read beyond the vectors they are given
  // (local_buffer.hpp): a vector inside a matrix that ScaLAPACK or LAPACK sees in the buffer
  // runs with a stride of one local row at most, so one row plus a few elements. A row is
  // never longer than the part itself: an empty part (shape (0, 2**40)) needs no row of room.
  std::int64_t blas_slack() const {
    const std::int64_t row = local_shape_.size() >= 2 ? local_shape_.back() : 0;
    return std::min(row, local_size_) + 16;
  }
  // Huge-page backed when large (local_buffer.hpp); never zero-sized, so data() is valid.
  static std::shared_ptr<T> allocate(std::int64_t cells, std::int64_t slack) {
    try {
      return allocate_local<T>(static_cast<std::size_t>(std::max<std::int64_t>(cells, 1)),
                               static_cast<std::size_t>(slack));
    } catch (const std::bad_alloc&) {
      throw MemoryError("cannot allocate " + std::to_string(cells) + " elements of " +
                        std::to_string(sizeof(T)) + " bytes for this rank's part of an array");
    }
  }
  // A failed allocation of a large array is a MemoryError on every rank: for arrays this large
  // one small allreduce is nothing next to the allocation. The choice depends on the global
  // size only, so every rank makes it alike; a small allocation that fails (the machine is out
  // of memory anyway) raises where it happened.
  std::shared_ptr<T> allocate_agreed(std::int64_t local_cells, std::int64_t global_cells) const {
    constexpr std::int64_t agreed_from_bytes = std::int64_t{64} << 20;
    if (ctx_->size() == 1 ||
        global_cells < agreed_from_bytes / static_cast<std::int64_t>(sizeof(T))) {
      return allocate(local_cells, blas_slack());
    }
    std::shared_ptr<T> data;
    std::string why;
    try {
      data = allocate(local_cells, blas_slack());
    } catch (const MemoryError& e) {
      why = e.what();
    }
    const comm::AgreedOutcome outcome = comm::agree_outcome(ctx_->comm(), !data, why);
    if (!outcome.failed_ranks.empty()) {
      throw MemoryError(
          "an array of shape " + shape_string(shape_) + " could not be allocated on rank(s) " +
          join(outcome.failed_ranks, "", ", ", "") + " (" + outcome.first_description + ")");
    }
    return data;
  }
  void broadcast_values(T* values, std::size_t count, int root) const {
    ctx_->comm().bcast(values, count, root);
  }

  ContextPtr ctx_;
  maps::Map map_;
  maps::Shape shape_;
  maps::Shape local_shape_;
  maps::Shape owned_shape_;
  std::int64_t local_size_ = 0;
  std::shared_ptr<T> data_;
};

}  // namespace pgas
