// Reductions over a DArray (SPEC §2): sum, prod, min, max, mean, var, std, argmin, argmax,
// any, all; over the whole array (a value on every rank) or along one axis (a DArray one
// dimension smaller). All collective. Only owned cells count: overlap copies never do.
//
// Along an axis, the result's map is the source map without that dimension, held by the
// ranks at grid coordinate 0 along it; the ranks of one grid line along the axis reduce
// their partial results over a sub-communicator (a "fiber").
#pragma once

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>
#include <vector>

#include "pgas/comm/reduce_op.hpp"
#include "pgas/darray/darray.hpp"

namespace pgas {

/// NumPy's result types of sum and prod: signed integers and bool give int64, unsigned
/// integers uint64 (NumPy 2's default accumulators, wrapping around as they do), floats and
/// complex keep their type.
template <typename T>
using sum_type =
    std::conditional_t<std::is_integral_v<T>,
                       std::conditional_t<std::is_unsigned_v<T> && !std::is_same_v<T, bool>,
                                          std::uint64_t, std::int64_t>,
                       T>;
/// What sums accumulate in: double precision for floats.
template <typename T>
using accumulate_type = std::conditional_t<
    std::is_same_v<T, float>, double,
    std::conditional_t<std::is_same_v<T, std::complex<float>>, std::complex<double>, sum_type<T>>>;
/// Names the axis of a reduction along one dimension: sum(a, Axis{0}); negative values count
/// from the end as in NumPy (Axis{-1} is the last).
struct Axis {
  int value;
};

/// NumPy's result type of mean: floats and complex keep their type, integers and bool give
/// float64.
template <typename T>
using mean_type =
    std::conditional_t<std::is_floating_point_v<T> || is_complex<T>::value, T, double>;
/// NumPy's result type of var and std: real floats keep their type, complex gives its real
/// type (complex64 -> float32), integers and bool give float64.
template <typename T>
using var_type =
    std::conditional_t<std::is_floating_point_v<T>, T,
                       std::conditional_t<std::is_same_v<T, std::complex<float>>, float, double>>;

namespace detail {

template <typename T>
T lowest_value() {
  if constexpr (std::is_same_v<T, bool>) {
    return false;
  } else if constexpr (std::is_floating_point_v<T>) {
    return -std::numeric_limits<T>::infinity();
  } else {
    return std::numeric_limits<T>::lowest();
  }
}
template <typename T>
T highest_value() {
  if constexpr (std::is_same_v<T, bool>) {
    return true;
  } else if constexpr (std::is_floating_point_v<T>) {
    return std::numeric_limits<T>::infinity();
  } else {
    return std::numeric_limits<T>::max();
  }
}

template <typename T>
void require_ordered(const char* what) {
  if constexpr (is_complex<T>::value) {
    throw ValueError(std::string(what) + ": complex numbers have no order; reduce .real or abs()");
  }
}

inline void require_nonempty(std::int64_t cells, const char* numpy_name) {
  if (cells == 0) {
    throw ValueError(std::string("zero-size array to reduction operation ") + numpy_name +
                     " which has no identity");
  }
}

// f(value, global_flat_index) for every owned cell of this rank.
template <typename T, typename F>
void for_each_owned(const DArray<T>& a, F&& f) {
  const T* x = a.local_data();
  for_each_cell(a.local_shape(), a.owned_shape(),
                held_global_indices(a.map(), a.shape(), a.context()->rank()), a.shape(),
                [&](std::int64_t local, std::int64_t global) { f(x[local], global); });
}

template <typename T, typename V>
V all_reduce(const DArray<T>& a, V value, comm::Op op) {
  return a.context()->comm().allreduce(value, op);
}

// ---- Kernels over contiguous runs ----------------------------------------------------------
// The local part is walked as the longest contiguous runs of owned cells (the whole part when
// no overlap is held), and each run goes through a kernel with independent accumulator lanes:
// the lanes break the add/compare dependency chain and let the compiler use vector registers
// without reassociating anything it must not (no -ffast-math). Local row-major order of the
// owned cells is their global row-major order (every distribution keeps the order along each
// dimension), so "first in the run" is "smallest global index".

inline constexpr int kLanes = 8;
// NumPy's pairwise summation: blocks of this many cells are summed in kLanes lanes, and the
// block sums are added as a balanced binary tree, so the rounding error of float sums grows as
// log2(n), as NumPy's does.
inline constexpr std::int64_t kPairwiseBlock = 128;
// Cells per block of the min/max/argmin/argmax and any/all kernels: long enough to amortise the
// per-block check, short enough that argmin/argmax find the winner again in cache.
inline constexpr std::int64_t kBlock = 4096;

// The run kernels are built for AVX-512 and AVX2 as well as for baseline x86-64, and the loader
// picks the widest the CPU has (GCC function multi-versioning, as counter_random.cpp): NumPy's
// loops dispatch on the CPU the same way, and the baseline's SSE2 alone cannot keep up with
// memory for compare-and-select loops. Sanitizer builds keep the single portable version.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && \
    !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define PGAS_REDUCTION_CLONES \
  __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define PGAS_REDUCTION_CLONES
#endif

/// f(run pointer, run length, local flat offset of the run) for the owned cells of a.
template <typename T, typename F>
void for_each_owned_run(const DArray<T>& a, F&& f) {
  const maps::Shape& local = a.local_shape();
  const maps::Shape& owned = a.owned_shape();
  const std::size_t nd = local.size();
  for (std::size_t d = 0; d < nd; ++d) {
    if (owned[d] == 0) return;
  }
  // Merge the trailing dimensions held whole into one run: dimension c is the outermost one
  // a run spans, `inner` the cells of one index along it.
  std::size_t c = nd - 1;
  std::int64_t inner = 1;
  while (c > 0 && owned[c] == local[c]) {
    inner *= local[c];
    --c;
  }
  const std::int64_t run = owned[c] * inner;
  if (c == 0) {
    f(a.local_data(), run, std::int64_t{0});
    return;
  }
  // Runs start at every index of the dimensions before c (row-major, within the owned box).
  const std::vector<std::int64_t> local_stride = maps::row_major_strides(local);
  const maps::Shape outer(owned.begin(), owned.begin() + static_cast<std::ptrdiff_t>(c));
  maps::for_each_index(outer, [&](const std::vector<std::int64_t>& i) {
    std::int64_t offset = 0;
    for (std::size_t d = 0; d < c; ++d) offset += i[d] * local_stride[d];
    f(a.local_data() + offset, run, offset);
  });
}

/// The global flat index of the local cell at flat offset `local_flat`.
template <typename T>
std::int64_t global_flat_index(const DArray<T>& a, std::int64_t local_flat) {
  const auto global = held_global_indices(a.map(), a.shape(), a.context()->rank());
  const std::vector<std::int64_t> local_stride = maps::row_major_strides(a.local_shape());
  const std::vector<std::int64_t> global_stride = maps::row_major_strides(a.shape());
  std::int64_t g = 0;
  for (std::size_t d = 0; d < local_stride.size(); ++d) {
    const std::int64_t i = local_flat / local_stride[d];
    local_flat -= i * local_stride[d];
    g += global[d][static_cast<std::size_t>(i)] * global_stride[d];
  }
  return g;
}

template <typename T>
constexpr bool has_nan_v = std::is_floating_point_v<T>;

template <typename T>
bool is_nan(T x) {
  if constexpr (has_nan_v<T>) {
    return x != x;
  } else {
    (void)x;
    return false;
  }
}

/// term(x[0]) + ... + term(x[n-1]) in Acc, 0 < n <= kPairwiseBlock, in kLanes lanes.
template <typename Acc, typename T, typename Term>
inline Acc block_sum(const T* x, std::int64_t n, const Term& term) {
  if (n < kLanes) {
    Acc total = term(x[0]);
    for (std::int64_t i = 1; i < n; ++i) total += term(x[i]);
    return total;
  }
  Acc lane[kLanes];
  for (int j = 0; j < kLanes; ++j) lane[j] = term(x[j]);
  std::int64_t i = kLanes;
  for (; i + kLanes <= n; i += kLanes) {
    for (int j = 0; j < kLanes; ++j) lane[j] += term(x[i + j]);
  }
  Acc total =
      ((lane[0] + lane[1]) + (lane[2] + lane[3])) + ((lane[4] + lane[5]) + (lane[6] + lane[7]));
  for (; i < n; ++i) total += term(x[i]);
  return total;
}

/// Sum of term(x[i]) over x[0..n) in Acc, pairwise: the block sums are merged as a binary
/// counter merges carries, which adds equal-sized partial sums, as NumPy's recursive halving.
template <typename Acc, typename T, typename Term>
PGAS_REDUCTION_CLONES Acc pairwise_terms(const T* x, std::int64_t n, Term term) {
  Acc level[64];  // level[k]: a partial sum of 2^k blocks, pending its equal partner
  int top = 0;
  std::int64_t blocks = 0;
  for (std::int64_t start = 0; start < n; start += kPairwiseBlock) {
    Acc s = block_sum<Acc>(x + start, std::min(kPairwiseBlock, n - start), term);
    for (std::int64_t carry = blocks; carry & 1; carry >>= 1) s = level[--top] + s;
    level[top++] = s;
    ++blocks;
  }
  Acc total{};
  while (top > 0) total = level[--top] + total;
  return total;
}

/// Sum of x[0..n) in Acc, pairwise as NumPy (floats; exact for integers).
template <typename Acc, typename T>
Acc pairwise_sum(const T* x, std::int64_t n) {
  return pairwise_terms<Acc>(x, n, [](T v) { return static_cast<Acc>(v); });
}

/// Product of x[0..n) in Acc (NumPy multiplies in order; lanes only reorder the rounding).
template <typename Acc, typename T>
PGAS_REDUCTION_CLONES Acc lane_product(const T* x, std::int64_t n) {
  Acc lane[kLanes];
  for (auto& l : lane) l = Acc{1};
  std::int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    for (int j = 0; j < kLanes; ++j) lane[j] *= static_cast<Acc>(x[i + j]);
  }
  for (; i < n; ++i) lane[0] *= static_cast<Acc>(x[i]);
  Acc total{1};
  for (const Acc& l : lane) total *= l;
  return total;
}

/// Sum (kProd: product) of x[0..n) in Acc.
template <typename Acc, bool kProd, typename T>
Acc fold_run(const T* x, std::int64_t n) {
  if constexpr (kProd) {
    return lane_product<Acc>(x, n);
  } else {
    return pairwise_sum<Acc>(x, n);
  }
}

/// |x - mean|^2 in double (complex: the squared modulus).
template <typename M, typename T>
double squared_deviation(T x, M mean) {
  if constexpr (is_complex<T>::value) {
    const auto d = static_cast<M>(x) - mean;
    return static_cast<double>(d.real()) * static_cast<double>(d.real()) +
           static_cast<double>(d.imag()) * static_cast<double>(d.imag());
  } else {
    const double d = static_cast<double>(x) - static_cast<double>(mean);
    return d * d;
  }
}

/// Sum of squared deviations from `mean` of x[0..n), in double, pairwise.
template <typename M, typename T>
double squared_deviations_run(const T* x, std::int64_t n, M mean) {
  return pairwise_terms<double>(x, n, [mean](T v) { return squared_deviation(v, mean); });
}

/// acc = the extreme (kMax: larger) of acc and v; a NaN in either stays (NumPy's propagation).
/// Written with `|` and a select so that the compiler turns a loop of these into vector
/// compares and blends.
template <bool kMax, typename T>
T extreme_of(T acc, T v) {
  if constexpr (has_nan_v<T>) {
    return ((kMax ? v > acc : v < acc) | (v != v)) ? v : acc;
  } else {
    return (kMax ? v > acc : v < acc) ? v : acc;
  }
}

// GCC/Clang vector extensions for the compare-and-select kernels: the auto-vectoriser leaves
// a select between lanes scalar, while a vector type makes every clone (AVX-512, AVX2, SSE2)
// compare and blend whole registers. 64 bytes: one AVX-512 register, two AVX2, four SSE2.
template <typename T>
struct simd {
  typedef T type __attribute__((vector_size(64)));
  static constexpr int width = 64 / static_cast<int>(sizeof(T));
};
template <typename T>
inline constexpr bool has_simd_v = std::is_arithmetic_v<T> && !std::is_same_v<T, bool>;

/// Minimum (kMax: maximum) of x[0..n), n > 0; NaN if a NaN is among them.
template <bool kMax, typename T>
PGAS_REDUCTION_CLONES T extreme_of_run(const T* x, std::int64_t n) {
  std::int64_t i = 0;
  T best = x[0];
  if constexpr (has_simd_v<T>) {
    using V = typename simd<T>::type;
    constexpr int w = simd<T>::width;
    if (n >= 2 * w) {
      // Two accumulators: the select chain of one would bound the loop by its latency.
      V a, b;
      std::memcpy(&a, x, sizeof a);
      b = a;
      auto nan_a = a != a;  // all-false masks of the matching integer vector type
      auto nan_b = nan_a;
      for (; i + 2 * w <= n; i += 2 * w) {
        V u, v;
        std::memcpy(&u, x + i, sizeof u);
        std::memcpy(&v, x + i + w, sizeof v);
        a = (kMax ? u > a : u < a) ? u : a;
        b = (kMax ? v > b : v < b) ? v : b;
        if constexpr (has_nan_v<T>) {
          nan_a |= u != u;
          nan_b |= v != v;
        }
      }
      nan_a |= nan_b;
      bool saw_nan = false;
      for (int j = 0; j < w; ++j) {
        best = extreme_of<kMax>(best, a[j]);
        best = extreme_of<kMax>(best, b[j]);
        saw_nan |= nan_a[j] != 0;
      }
      if constexpr (has_nan_v<T>) {
        if (saw_nan) return std::numeric_limits<T>::quiet_NaN();
      }
    }
  }
  for (; i < n; ++i) best = extreme_of<kMax>(best, x[i]);
  return best;
}

/// Minimum (kMax: maximum) of x[0..n), n > 0; NaN if a NaN is among them (saw_nan is set then).
template <bool kMax, typename T>
T extreme_run(const T* x, std::int64_t n, bool& saw_nan) {
  const T best = extreme_of_run<kMax>(x, n);
  if (is_nan(best)) saw_nan = true;
  return best;
}

/// Position in x[0..n) of numpy.argmin (kMax: argmax): the first NaN if there is one, else the
/// first extreme value. n > 0. One pass over memory: the extreme of each block, then a search
/// for its first position in the first winning block only, which is still in cache.
template <bool kMax, typename T>
std::int64_t arg_extreme_run(const T* x, std::int64_t n, T& value) {
  // Short blocks: the search afterwards is a scalar loop over one of them.
  constexpr std::int64_t block = 512;
  std::int64_t best_start = 0;
  bool saw_nan = false;
  value = extreme_run<kMax>(x, std::min(n, block), saw_nan);
  for (std::int64_t start = block; start < n && !saw_nan; start += block) {
    const T v = extreme_run<kMax>(x + start, std::min(n - start, block), saw_nan);
    if (saw_nan || (kMax ? v > value : v < value)) {
      value = v;
      best_start = start;
    }
  }
  const std::int64_t end = std::min(n, best_start + block);
  for (std::int64_t i = best_start; i < end; ++i) {
    if (saw_nan ? is_nan(x[i]) : x[i] == value) return i;
  }
  return best_start;
}

/// Whether any (kAll: every) cell of x[0..n) is nonzero; stops at the first block that decides.
template <bool kAll, typename T>
PGAS_REDUCTION_CLONES bool any_all_run(const T* x, std::int64_t n) {
  for (std::int64_t start = 0; start < n; start += kBlock) {
    const std::int64_t end = std::min(n, start + kBlock);
    std::int64_t i = start;
    bool hit = false;  // a zero for kAll, a nonzero otherwise
    if constexpr (has_simd_v<T>) {
      using V = typename simd<T>::type;
      constexpr int w = simd<T>::width;
      V zero{};
      auto found = zero != zero;
      for (; i + w <= end; i += w) {
        V v;
        std::memcpy(&v, x + i, sizeof v);
        found |= kAll ? v == zero : v != zero;
      }
      for (int j = 0; j < w; ++j) hit |= found[j] != 0;
    }
    for (; i < end; ++i) hit |= kAll ? x[i] == T(0) : x[i] != T(0);
    if (hit) return !kAll;
  }
  return kAll;
}

/// fold(acc[i], row_k[i], g[k]) for i < n and the `rows` rows row_k = first + k * stride, in
/// that order for every i (so the same roundings as one row at a time), four rows per sweep:
/// the accumulators are loaded and stored once per four rows instead of once per row.
template <typename R, typename T, typename Fold>
PGAS_REDUCTION_CLONES void fold_rows(R* __restrict acc, const T* __restrict first, std::int64_t n,
                                     std::int64_t rows, std::int64_t stride, const std::int64_t* g,
                                     Fold fold) {
  std::int64_t k = 0;
  for (; k + 4 <= rows; k += 4) {
    const T* r0 = first + k * stride;
    const T* r1 = r0 + stride;
    const T* r2 = r1 + stride;
    const T* r3 = r2 + stride;
    for (std::int64_t i = 0; i < n; ++i) {
      R a = acc[i];
      fold(a, r0[i], g[k]);
      fold(a, r1[i], g[k + 1]);
      fold(a, r2[i], g[k + 2]);
      fold(a, r3[i], g[k + 3]);
      acc[i] = a;
    }
  }
  for (; k < rows; ++k) {
    const T* row = first + k * stride;
    for (std::int64_t i = 0; i < n; ++i) fold(acc[i], row[i], g[k]);
  }
}

/// Min (kMax: max) over all ranks of a local extreme, NaN if any rank saw one: one allreduce
/// of {NaN seen, +-value} with max, since MPI_MIN/MPI_MAX leave NaN's fate to the order.
template <bool kMax, typename T>
T all_reduce_extreme(const Context& ctx, T local, bool saw_nan) {
  if constexpr (has_nan_v<T>) {
    T pair[2] = {saw_nan ? T(1) : T(0), kMax ? local : -local};
    ctx.comm().allreduce(pair, pair, 2, comm::Op::max);
    if (pair[0] != T(0)) return std::numeric_limits<T>::quiet_NaN();
    return kMax ? pair[1] : -pair[1];
  } else {
    return ctx.comm().allreduce(local, kMax ? comm::Op::max : comm::Op::min);
  }
}

/// NumPy's divisor for var with ddof: n - ddof, never below zero (ddof >= n gives inf or nan).
inline double var_divisor(std::int64_t n, std::int64_t ddof) {
  return static_cast<double>(std::max<std::int64_t>(n - ddof, 0));
}

/// What mean and var accumulate in: float64 for integers and bool (no overflow, as NumPy),
/// double precision for floats (more than NumPy's float32 accumulation; rounded at the end).
template <typename T>
using mean_accumulate_type = std::conditional_t<is_complex<T>::value, std::complex<double>, double>;

// ---- Along an axis ------------------------------------------------------------------------

/// The ranks of one grid line along `axis` and where their reduced values go.
struct Fiber {
  comm::Communicator comm;  // null on ranks outside the map
  bool writes_result = false;
  maps::Map result_map;
  maps::Shape result_shape;
};

inline Fiber make_fiber(const maps::Map& map, const maps::Shape& shape, int axis,
                        const Context& ctx) {
  const auto ax = static_cast<std::size_t>(axis);
  maps::Shape result_shape(shape);
  result_shape.erase(result_shape.begin() + axis);
  int color = comm::undefined_color;
  int key = 0;
  if (const auto coords = map.grid_coords(ctx.rank())) {
    color = 0;
    for (std::size_t d = 0; d < coords->size(); ++d) {
      if (d != ax) color = color * map.grid()[d] + (*coords)[d];
    }
    key = (*coords)[ax];
  }
  Fiber fiber{ctx.comm().split(color, key), key == 0 && color != comm::undefined_color,
              map.without_dim(axis), result_shape};
  return fiber;
}

/// Folds the owned cells along `axis` into one accumulator per remaining local cell:
/// fold(acc, value, global index along the axis).
/// run_fold(acc, run, length, global indices along the axis), when not nullptr, replaces fold
/// for a whole run when the axis is the last one held (inner extent 1).
template <typename R, typename T, typename Fold, typename RunFold = std::nullptr_t>
std::vector<R> fold_along(const DArray<T>& a, int axis, R init, Fold&& fold,
                          RunFold&& run_fold = nullptr) {
  const auto ax = static_cast<std::size_t>(axis);
  const maps::Shape& local = a.local_shape();
  std::int64_t outer = 1, inner = 1;
  for (std::size_t d = 0; d < ax; ++d) outer *= local[d];
  for (std::size_t d = ax + 1; d < local.size(); ++d) inner *= local[d];
  const std::int64_t along = local[ax];
  const std::int64_t owned_along = a.owned_shape()[ax];
  const std::vector<std::int64_t> axis_global = a.global_ind(axis);
  std::vector<R> partial(static_cast<std::size_t>(outer * inner), init);
  const T* x = a.local_data();
  if constexpr (!std::is_same_v<std::decay_t<RunFold>, std::nullptr_t>) {
    // Along the last axis each output cell is one contiguous run: a run kernel, not a chain.
    if (inner == 1) {
      for (std::int64_t o = 0; o < outer; ++o) {
        if (owned_along > 0)
          run_fold(partial[static_cast<std::size_t>(o)], x + o * along, owned_along, axis_global);
      }
      return partial;
    }
  }
  for (std::int64_t o = 0; o < outer; ++o) {
    fold_rows(partial.data() + o * inner, x + o * along * inner, inner, owned_along, inner,
              axis_global.data(), fold);
  }
  return partial;
}

/// Reduces each rank's partial over its fiber (every fiber rank gets the result).
template <typename R>
void reduce_over_fiber(const Fiber& fiber, std::vector<R>& partial, comm::Op op) {
  if (fiber.comm.is_null() || fiber.comm.size() == 1) return;
  fiber.comm.allreduce(partial.data(), partial.data(), partial.size(), op);
}

/// Min (kMax: max) of each cell over the fiber, NaN where any rank has NaN: one allreduce of
/// {NaN seen, +-value} per cell with max (MPI_MIN/MPI_MAX leave NaN's fate to the order).
template <bool kMax, typename P>
void reduce_extreme_over_fiber(const Fiber& fiber, std::vector<P>& partial) {
  if (fiber.comm.is_null() || fiber.comm.size() == 1) return;
  if constexpr (has_nan_v<P>) {
    const std::size_t n = partial.size();
    std::vector<P> both(2 * n);
    for (std::size_t i = 0; i < n; ++i) {
      both[i] = is_nan(partial[i]) ? P(1) : P(0);
      both[n + i] = kMax ? partial[i] : -partial[i];
    }
    fiber.comm.allreduce(both.data(), both.data(), both.size(), comm::Op::max);
    for (std::size_t i = 0; i < n; ++i) {
      partial[i] = both[i] != P(0) ? std::numeric_limits<P>::quiet_NaN()
                                   : (kMax ? both[n + i] : -both[n + i]);
    }
  } else {
    reduce_over_fiber(fiber, partial, kMax ? comm::Op::max : comm::Op::min);
  }
}

template <typename R, typename V>
DArray<R> result_from(const Fiber& fiber, const std::vector<V>& values, const ContextPtr& ctx) {
  DArray<R> out(fiber.result_shape, fiber.result_map, ctx);
  if (fiber.writes_result) {
    std::transform(values.begin(), values.end(), out.local_data(),
                   [](const V& v) { return static_cast<R>(v); });
  }
  return out;
}

// Partial results of bool arrays are kept as int: std::vector<bool> has no data().
template <typename T>
using partial_type = std::conditional_t<std::is_same_v<T, bool>, int, T>;

/// The axis as an index in [0, ndim): NumPy's -ndim..ndim-1, negative counting from the end.
/// IndexError naming the axis otherwise (the axis is the same on every rank, so every rank
/// throws alike); ValueError for the only axis of a 1-d array.
template <typename T>
int checked_axis(const DArray<T>& a, int axis) {
  if (axis < -a.ndim() || axis >= a.ndim()) {
    throw IndexError("axis " + std::to_string(axis) + " is out of bounds for array of dimension " +
                     std::to_string(a.ndim()));
  }
  if (a.ndim() == 1) {
    throw ValueError("reducing the only axis of a 1-d array: use the whole-array form");
  }
  return axis < 0 ? axis + a.ndim() : axis;
}

}  // namespace detail

// ---- Whole array: a value on every rank ----------------------------------------------------

template <typename T>
sum_type<T> sum(const DArray<T>& a) {
  using Acc = accumulate_type<T>;
  Acc acc{};
  detail::for_each_owned_run(a, [&](const T* x, std::int64_t n, std::int64_t) {
    acc += detail::fold_run<Acc, false>(x, n);
  });
  return static_cast<sum_type<T>>(detail::all_reduce(a, acc, comm::Op::sum));
}

template <typename T>
sum_type<T> prod(const DArray<T>& a) {
  using Acc = accumulate_type<T>;
  Acc acc{1};
  detail::for_each_owned_run(a, [&](const T* x, std::int64_t n, std::int64_t) {
    acc *= detail::fold_run<Acc, true>(x, n);
  });
  return static_cast<sum_type<T>>(detail::all_reduce(a, acc, comm::Op::prod));
}

namespace detail {
template <bool kMax, typename T>
T whole_extreme(const DArray<T>& a) {
  require_ordered<T>(kMax ? "max" : "min");
  require_nonempty(a.size(), kMax ? "maximum" : "minimum");
  if constexpr (!is_complex<T>::value) {
    using V = partial_type<T>;
    V acc = kMax ? static_cast<V>(lowest_value<T>()) : static_cast<V>(highest_value<T>());
    bool saw_nan = false;
    for_each_owned_run(a, [&](const T* x, std::int64_t n, std::int64_t) {
      const V v = static_cast<V>(extreme_run<kMax>(x, n, saw_nan));
      acc = (kMax ? v > acc : v < acc) ? v : acc;
    });
    return static_cast<T>(all_reduce_extreme<kMax>(*a.context(), acc, saw_nan));
  }
  return T{};
}
}  // namespace detail

/// NumPy's min: NaN if any cell is NaN.
template <typename T>
T min(const DArray<T>& a) {
  return detail::whole_extreme<false>(a);
}

/// NumPy's max: NaN if any cell is NaN.
template <typename T>
T max(const DArray<T>& a) {
  return detail::whole_extreme<true>(a);
}

namespace detail {
/// The mean in its accumulation type (double or complex<double>), before NumPy's rounding.
template <typename T>
mean_accumulate_type<T> accumulated_mean(const DArray<T>& a) {
  using Acc = mean_accumulate_type<T>;
  Acc acc{};
  for_each_owned_run(
      a, [&](const T* x, std::int64_t n, std::int64_t) { acc += fold_run<Acc, false>(x, n); });
  return all_reduce(a, acc, comm::Op::sum) / static_cast<double>(a.size());
}

template <typename T>
double accumulated_var(const DArray<T>& a, std::int64_t ddof) {
  const mean_accumulate_type<T> m = accumulated_mean(a);
  double acc = 0;
  for_each_owned_run(
      a, [&](const T* x, std::int64_t n, std::int64_t) { acc += squared_deviations_run(x, n, m); });
  return a.context()->comm().allreduce(acc, comm::Op::sum) / var_divisor(a.size(), ddof);
}
}  // namespace detail

/// NumPy's mean and its result type (mean_type). Integers and bool are accumulated in float64,
/// as NumPy does (no overflow); float32 in double, then rounded.
template <typename T>
mean_type<T> mean(const DArray<T>& a) {
  return static_cast<mean_type<T>>(detail::accumulated_mean(a));
}

/// Variance with `ddof` delta degrees of freedom (NumPy's), in two passes for accuracy, in
/// float64 for integers; NumPy's result type (var_type). ddof >= n divides by zero as NumPy
/// does: inf, or nan for 0/0.
template <typename T>
var_type<T> var(const DArray<T>& a, std::int64_t ddof = 0) {
  return static_cast<var_type<T>>(detail::accumulated_var(a, ddof));
}

template <typename T>
var_type<T> std_dev(const DArray<T>& a, std::int64_t ddof = 0) {
  return static_cast<var_type<T>>(std::sqrt(detail::accumulated_var(a, ddof)));
}

namespace detail {
template <bool kMax, typename T>
std::int64_t whole_arg_extreme(const DArray<T>& a) {
  require_ordered<T>(kMax ? "argmax" : "argmin");
  if (a.size() == 0) {
    throw ValueError(std::string("attempt to get ") + (kMax ? "argmax" : "argmin") +
                     " of an empty sequence");
  }
  if constexpr (!is_complex<T>::value) {
    using Pair = comm::ValueIndex<partial_type<T>>;
    bool found = false;
    T best{};
    std::int64_t best_local = -1;
    for_each_owned_run(a, [&](const T* x, std::int64_t n, std::int64_t offset) {
      if (found && is_nan(best)) return;  // the first NaN already won
      T v{};
      const std::int64_t i = arg_extreme_run<kMax>(x, n, v);
      const bool better = !found || is_nan(v) || (kMax ? v > best : v < best);
      if (better) {
        best = v;
        best_local = offset + i;
        found = true;
      }
    });
    Pair pair{};  // index -1: this rank holds no cell
    if (found) pair = Pair{static_cast<partial_type<T>>(best), global_flat_index(a, best_local)};
    return a.context()->comm().allreduce(pair, kMax ? comm::Op::maxloc : comm::Op::minloc).index;
  }
  return -1;
}
}  // namespace detail

/// Flat (row-major) index of the first minimum, as numpy.argmin (the first NaN if any).
template <typename T>
std::int64_t argmin(const DArray<T>& a) {
  return detail::whole_arg_extreme<false>(a);
}

/// Flat (row-major) index of the first maximum, as numpy.argmax (the first NaN if any).
template <typename T>
std::int64_t argmax(const DArray<T>& a) {
  return detail::whole_arg_extreme<true>(a);
}

template <typename T>
bool any(const DArray<T>& a) {
  bool acc = false;
  detail::for_each_owned_run(a, [&](const T* x, std::int64_t n, std::int64_t) {
    acc = acc || detail::any_all_run<false>(x, n);
  });
  return a.context()->comm().allreduce(acc, comm::Op::max);
}

template <typename T>
bool all(const DArray<T>& a) {
  bool acc = true;
  detail::for_each_owned_run(a, [&](const T* x, std::int64_t n, std::int64_t) {
    acc = acc && detail::any_all_run<true>(x, n);
  });
  return a.context()->comm().allreduce(acc, comm::Op::min);
}

// ---- Along an axis: a DArray with that dimension removed ------------------------------------

template <typename T>
DArray<sum_type<T>> sum(const DArray<T>& a, Axis along) {
  const int axis = detail::checked_axis(a, along.value);
  const detail::Fiber fiber = detail::make_fiber(a.map(), a.shape(), axis, *a.context());
  using Acc = accumulate_type<T>;
  auto partial = detail::fold_along(
      a, axis, Acc{}, [](Acc& acc, T x, std::int64_t) { acc += static_cast<Acc>(x); },
      [](Acc& acc, const T* x, std::int64_t n, const std::vector<std::int64_t>&) {
        acc += detail::fold_run<Acc, false>(x, n);
      });
  detail::reduce_over_fiber(fiber, partial, comm::Op::sum);
  return detail::result_from<sum_type<T>>(fiber, partial, a.context());
}

template <typename T>
DArray<sum_type<T>> prod(const DArray<T>& a, Axis along) {
  const int axis = detail::checked_axis(a, along.value);
  const detail::Fiber fiber = detail::make_fiber(a.map(), a.shape(), axis, *a.context());
  using Acc = accumulate_type<T>;
  auto partial = detail::fold_along(
      a, axis, Acc{1}, [](Acc& acc, T x, std::int64_t) { acc *= static_cast<Acc>(x); },
      [](Acc& acc, const T* x, std::int64_t n, const std::vector<std::int64_t>&) {
        acc *= detail::fold_run<Acc, true>(x, n);
      });
  detail::reduce_over_fiber(fiber, partial, comm::Op::prod);
  return detail::result_from<sum_type<T>>(fiber, partial, a.context());
}

namespace detail {
template <bool kMax, typename T>
DArray<T> extreme_along(const DArray<T>& a, int signed_axis) {
  require_ordered<T>(kMax ? "max" : "min");
  const int axis = checked_axis(a, signed_axis);
  require_nonempty(a.shape()[static_cast<std::size_t>(axis)], kMax ? "maximum" : "minimum");
  const Fiber fiber = make_fiber(a.map(), a.shape(), axis, *a.context());
  using P = partial_type<T>;
  std::vector<P> partial;
  if constexpr (!is_complex<T>::value) {
    const P init = kMax ? static_cast<P>(lowest_value<T>()) : static_cast<P>(highest_value<T>());
    partial = fold_along(
        a, axis, init,
        [](P& acc, T x, std::int64_t) {
          // A NaN, once in acc, stays: no comparison with it is true.
          acc = extreme_of<kMax>(acc, static_cast<P>(x));
        },
        [](P& acc, const T* x, std::int64_t n, const std::vector<std::int64_t>&) {
          bool saw_nan = false;
          acc = extreme_of<kMax>(acc, static_cast<P>(extreme_run<kMax>(x, n, saw_nan)));
        });
    reduce_extreme_over_fiber<kMax>(fiber, partial);
  }
  return result_from<T>(fiber, partial, a.context());
}
}  // namespace detail

/// NumPy's min along an axis: NaN where the line holds a NaN.
template <typename T>
DArray<T> min(const DArray<T>& a, Axis along) {
  return detail::extreme_along<false>(a, along.value);
}

/// NumPy's max along an axis: NaN where the line holds a NaN.
template <typename T>
DArray<T> max(const DArray<T>& a, Axis along) {
  return detail::extreme_along<true>(a, along.value);
}

namespace detail {
/// The local sums along `axis` in mean_accumulate_type (float64 or complex<double>).
template <typename T>
std::vector<mean_accumulate_type<T>> sums_along(const DArray<T>& a, int axis) {
  using M = mean_accumulate_type<T>;
  return fold_along(
      a, axis, M{}, [](M& acc, T x, std::int64_t) { acc += static_cast<M>(x); },
      [](M& acc, const T* x, std::int64_t n, const std::vector<std::int64_t>&) {
        acc += fold_run<M, false>(x, n);
      });
}

/// var (take_root: std) along an axis, two passes: the means, then squared deviations.
template <typename T>
DArray<var_type<T>> var_along(const DArray<T>& a, Axis along, std::int64_t ddof, bool take_root) {
  const int axis = checked_axis(a, along.value);
  const Fiber fiber = make_fiber(a.map(), a.shape(), axis, *a.context());
  using M = mean_accumulate_type<T>;
  std::vector<M> means = sums_along(a, axis);
  reduce_over_fiber(fiber, means, comm::Op::sum);  // every fiber rank needs the means
  const double n = static_cast<double>(a.shape()[static_cast<std::size_t>(axis)]);
  for (auto& v : means) v /= n;
  const auto ax = static_cast<std::size_t>(axis);
  const maps::Shape& local = a.local_shape();
  std::int64_t outer = 1, inner = 1;
  for (std::size_t d = 0; d < ax; ++d) outer *= local[d];
  for (std::size_t d = ax + 1; d < local.size(); ++d) inner *= local[d];
  const std::int64_t owned_along = a.owned_shape()[ax];
  std::vector<double> partial(means.size(), 0.0);
  const T* x = a.local_data();
  for (std::int64_t o = 0; o < outer; ++o) {
    if (inner == 1) {  // each output cell is one contiguous run
      partial[static_cast<std::size_t>(o)] = squared_deviations_run(
          x + o * local[ax], owned_along, means[static_cast<std::size_t>(o)]);
      continue;
    }
    for (std::int64_t k = 0; k < owned_along; ++k) {
      const T* __restrict row = x + (o * local[ax] + k) * inner;
      const M* __restrict mean = means.data() + o * inner;
      double* __restrict acc = partial.data() + o * inner;
      for (std::int64_t i = 0; i < inner; ++i) acc[i] += squared_deviation(row[i], mean[i]);
    }
  }
  reduce_over_fiber(fiber, partial, comm::Op::sum);
  const double divisor = var_divisor(a.shape()[ax], ddof);
  for (auto& v : partial) v = take_root ? std::sqrt(v / divisor) : v / divisor;
  return result_from<var_type<T>>(fiber, partial, a.context());
}
}  // namespace detail

template <typename T>
DArray<mean_type<T>> mean(const DArray<T>& a, Axis along) {
  const int axis = detail::checked_axis(a, along.value);
  const detail::Fiber fiber = detail::make_fiber(a.map(), a.shape(), axis, *a.context());
  auto partial = detail::sums_along(a, axis);
  detail::reduce_over_fiber(fiber, partial, comm::Op::sum);
  const double n = static_cast<double>(a.shape()[static_cast<std::size_t>(axis)]);
  for (auto& v : partial) v /= n;
  return detail::result_from<mean_type<T>>(fiber, partial, a.context());
}

template <typename T>
DArray<var_type<T>> var(const DArray<T>& a, Axis along, std::int64_t ddof = 0) {
  return detail::var_along(a, along, ddof, false);
}

template <typename T>
DArray<var_type<T>> std_dev(const DArray<T>& a, Axis along, std::int64_t ddof = 0) {
  return detail::var_along(a, along, ddof, true);
}

namespace detail {
template <typename T, bool kMax>
DArray<std::int64_t> arg_extreme(const DArray<T>& a, int signed_axis) {
  require_ordered<T>(kMax ? "argmax" : "argmin");
  const int axis = checked_axis(a, signed_axis);
  if (a.shape()[static_cast<std::size_t>(axis)] == 0) {
    throw ValueError(std::string("attempt to get ") + (kMax ? "argmax" : "argmin") +
                     " of an empty sequence");
  }
  const Fiber fiber = make_fiber(a.map(), a.shape(), axis, *a.context());
  std::vector<std::int64_t> index;
  if constexpr (!is_complex<T>::value) {
    using V = std::conditional_t<std::is_same_v<T, bool>, int, T>;
    using Pair = comm::ValueIndex<V>;
    const Pair init{kMax ? lowest_value<V>() : highest_value<V>(),
                    std::numeric_limits<std::int64_t>::max()};
    // init's index is past every real one: an empty line never wins, and for the first cell
    // "better or equal with a smaller index" holds. Cells come in increasing global index.
    auto partial = fold_along(
        a, axis, init,
        [](Pair& best, T x, std::int64_t g) {
          const auto v = static_cast<V>(x);
          if (is_nan(best.value)) return;  // the first NaN already won
          const bool better = is_nan(v) || (kMax ? v > best.value : v < best.value);
          if (better || (v == best.value && g < best.index)) best = Pair{v, g};
        },
        [](Pair& best, const T* x, std::int64_t n, const std::vector<std::int64_t>& global) {
          T v{};
          const std::int64_t i = arg_extreme_run<kMax>(x, n, v);
          best = Pair{static_cast<V>(v), global[static_cast<std::size_t>(i)]};
        });
    for (Pair& p : partial) {
      if (p.index == std::numeric_limits<std::int64_t>::max()) p.index = -1;  // no cell here
    }
    reduce_over_fiber(fiber, partial, kMax ? comm::Op::maxloc : comm::Op::minloc);
    for (const Pair& p : partial) index.push_back(p.index);
  }
  return result_from<std::int64_t>(fiber, index, a.context());
}
}  // namespace detail

template <typename T>
DArray<std::int64_t> argmin(const DArray<T>& a, Axis along) {
  return detail::arg_extreme<T, false>(a, along.value);
}

template <typename T>
DArray<std::int64_t> argmax(const DArray<T>& a, Axis along) {
  return detail::arg_extreme<T, true>(a, along.value);
}

template <typename T>
DArray<bool> any(const DArray<T>& a, Axis along) {
  const int axis = detail::checked_axis(a, along.value);
  const detail::Fiber fiber = detail::make_fiber(a.map(), a.shape(), axis, *a.context());
  auto partial = detail::fold_along(
      a, axis, 0, [](int& acc, T x, std::int64_t) { acc |= x != T(0) ? 1 : 0; },
      [](int& acc, const T* x, std::int64_t n, const std::vector<std::int64_t>&) {
        acc = detail::any_all_run<false>(x, n) ? 1 : 0;
      });
  detail::reduce_over_fiber(fiber, partial, comm::Op::max);
  return detail::result_from<bool>(fiber, partial, a.context());
}

template <typename T>
DArray<bool> all(const DArray<T>& a, Axis along) {
  const int axis = detail::checked_axis(a, along.value);
  const detail::Fiber fiber = detail::make_fiber(a.map(), a.shape(), axis, *a.context());
  auto partial = detail::fold_along(
      a, axis, 1, [](int& acc, T x, std::int64_t) { acc &= x != T(0) ? 1 : 0; },
      [](int& acc, const T* x, std::int64_t n, const std::vector<std::int64_t>&) {
        acc = detail::any_all_run<true>(x, n) ? 1 : 0;
      });
  detail::reduce_over_fiber(fiber, partial, comm::Op::min);
  return detail::result_from<bool>(fiber, partial, a.context());
}

}  // namespace pgas
