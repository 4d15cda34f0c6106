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
#include <limits>
#include <type_traits>
#include <vector>

#include "pgas/comm/reduce_op.hpp"
#include "pgas/darray/darray.hpp"

namespace pgas {

/// NumPy's result types: integers (and bool) sum to int64; floats to themselves.
template <typename T>
using sum_type = std::conditional_t<std::is_integral_v<T>, std::int64_t, T>;
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

/// mean's type: complex stays complex, everything else is double.
template <typename T>
using mean_type = std::conditional_t<is_complex<T>::value, std::complex<double>, double>;

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
// Sums are added in blocks of this many cells into the total, which keeps the rounding error
// of float sums close to NumPy's pairwise summation (error ~ (kBlock / kLanes + n / kBlock) eps).
inline constexpr std::int64_t kBlock = 4096;

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

/// Sum (kProd: product) of x[0..n) in Acc.
template <typename Acc, bool kProd, typename T>
Acc fold_run(const T* x, std::int64_t n) {
  Acc total = kProd ? Acc{1} : Acc{};
  for (std::int64_t start = 0; start < n; start += kBlock) {
    const std::int64_t end = std::min(n, start + kBlock);
    Acc lane[kLanes];
    for (auto& l : lane) l = kProd ? Acc{1} : Acc{};
    std::int64_t i = start;
    for (; i + kLanes <= end; i += kLanes) {
      for (int j = 0; j < kLanes; ++j) {
        if constexpr (kProd) {
          lane[j] *= static_cast<Acc>(x[i + j]);
        } else {
          lane[j] += static_cast<Acc>(x[i + j]);
        }
      }
    }
    for (; i < end; ++i) {
      if constexpr (kProd) {
        lane[0] *= static_cast<Acc>(x[i]);
      } else {
        lane[0] += static_cast<Acc>(x[i]);
      }
    }
    // Pairwise over the lanes, as NumPy combines its eight.
    for (int width = kLanes / 2; width > 0; width /= 2) {
      for (int j = 0; j < width; ++j) {
        if constexpr (kProd) {
          lane[j] *= lane[j + width];
        } else {
          lane[j] += lane[j + width];
        }
      }
    }
    if constexpr (kProd) {
      total *= lane[0];
    } else {
      total += lane[0];
    }
  }
  return total;
}

/// Sum of squared deviations from `mean` of x[0..n), in double (complex: |x - mean|^2).
template <typename M, typename T>
double squared_deviations_run(const T* x, std::int64_t n, M mean) {
  double total = 0;
  for (std::int64_t start = 0; start < n; start += kBlock) {
    const std::int64_t end = std::min(n, start + kBlock);
    double lane[kLanes] = {};
    std::int64_t i = start;
    auto dev = [&](std::int64_t k) {
      if constexpr (is_complex<T>::value) {
        return std::norm(static_cast<M>(x[k]) - mean);
      } else {
        const double d = static_cast<double>(x[k]) - mean;
        return d * d;
      }
    };
    for (; i + kLanes <= end; i += kLanes) {
      for (int j = 0; j < kLanes; ++j) lane[j] += dev(i + j);
    }
    for (; i < end; ++i) lane[0] += dev(i);
    for (int width = kLanes / 2; width > 0; width /= 2) {
      for (int j = 0; j < width; ++j) lane[j] += lane[j + width];
    }
    total += lane[0];
  }
  return total;
}

/// Minimum (kMax: maximum) of x[0..n), n > 0, and whether a NaN was among them.
template <bool kMax, typename T>
T extreme_run(const T* x, std::int64_t n, bool& saw_nan) {
  T lane[kLanes];
  for (auto& l : lane) l = x[0];
  bool nan_lane[kLanes] = {};
  std::int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    for (int j = 0; j < kLanes; ++j) {
      const T v = x[i + j];
      lane[j] = (kMax ? v > lane[j] : v < lane[j]) ? v : lane[j];
      if constexpr (has_nan_v<T>) nan_lane[j] |= v != v;
    }
  }
  for (; i < n; ++i) {
    const T v = x[i];
    lane[0] = (kMax ? v > lane[0] : v < lane[0]) ? v : lane[0];
    if constexpr (has_nan_v<T>) nan_lane[0] |= v != v;
  }
  T best = lane[0];
  for (int j = 0; j < kLanes; ++j) {
    best = (kMax ? lane[j] > best : lane[j] < best) ? lane[j] : best;
    saw_nan |= nan_lane[j];
  }
  return best;
}

/// Position in x[0..n) of numpy.argmin (kMax: argmax): the first NaN if there is one, else the
/// first extreme value. n > 0.
template <bool kMax, typename T>
std::int64_t arg_extreme_run(const T* x, std::int64_t n, T& value) {
  bool saw_nan = false;
  value = extreme_run<kMax>(x, n, saw_nan);
  if constexpr (has_nan_v<T>) {
    if (saw_nan || is_nan(value)) {
      for (std::int64_t i = 0; i < n; ++i) {
        if (is_nan(x[i])) {
          value = x[i];
          return i;
        }
      }
    }
  }
  for (std::int64_t i = 0; i < n; ++i) {
    if (x[i] == value) return i;
  }
  return 0;
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
/// double precision for floats.
template <typename T>
using mean_accumulate_type = mean_type<T>;

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
    for (std::int64_t k = 0; k < owned_along; ++k) {
      const T* row = x + (o * along + k) * inner;
      R* acc = partial.data() + o * inner;
      const std::int64_t g = axis_global[static_cast<std::size_t>(k)];
      for (std::int64_t i = 0; i < inner; ++i) fold(acc[i], row[i], g);
    }
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

/// Integers and bool are accumulated in float64, as NumPy does (no overflow).
template <typename T>
mean_type<T> mean(const DArray<T>& a) {
  using Acc = detail::mean_accumulate_type<T>;
  Acc acc{};
  detail::for_each_owned_run(a, [&](const T* x, std::int64_t n, std::int64_t) {
    acc += detail::fold_run<Acc, false>(x, n);
  });
  const auto total = detail::all_reduce(a, acc, comm::Op::sum);
  return static_cast<mean_type<T>>(total) / static_cast<double>(a.size());
}

/// Variance with `ddof` delta degrees of freedom (NumPy's), in two passes for accuracy, in
/// float64 for integers. ddof >= n divides by zero as NumPy does: inf, or nan for 0/0.
template <typename T>
double var(const DArray<T>& a, std::int64_t ddof = 0) {
  const mean_type<T> m = mean(a);
  double acc = 0;
  detail::for_each_owned_run(a, [&](const T* x, std::int64_t n, std::int64_t) {
    acc += detail::squared_deviations_run(x, n, m);
  });
  return a.context()->comm().allreduce(acc, comm::Op::sum) / detail::var_divisor(a.size(), ddof);
}

template <typename T>
double std_dev(const DArray<T>& a, std::int64_t ddof = 0) {
  return std::sqrt(var(a, ddof));
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
    for (std::int64_t i = 0; i < n && !acc; ++i) acc = x[i] != T(0);
  });
  return a.context()->comm().allreduce(acc, comm::Op::max);
}

template <typename T>
bool all(const DArray<T>& a) {
  bool acc = true;
  detail::for_each_owned_run(a, [&](const T* x, std::int64_t n, std::int64_t) {
    for (std::int64_t i = 0; i < n && acc; ++i) acc = x[i] != T(0);
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
          const P v = static_cast<P>(x);
          acc = ((kMax ? v > acc : v < acc) || is_nan(v)) ? v : acc;
        },
        [](P& acc, const T* x, std::int64_t n, const std::vector<std::int64_t>&) {
          bool saw_nan = false;
          const P v = static_cast<P>(extreme_run<kMax>(x, n, saw_nan));
          acc = saw_nan ? static_cast<P>(std::numeric_limits<T>::quiet_NaN())
                        : ((kMax ? v > acc : v < acc) ? v : acc);
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

template <typename T>
DArray<mean_type<T>> mean(const DArray<T>& a, Axis along) {
  const int axis = detail::checked_axis(a, along.value);
  const detail::Fiber fiber = detail::make_fiber(a.map(), a.shape(), axis, *a.context());
  using M = mean_type<T>;
  auto partial = detail::fold_along(
      a, axis, M{}, [](M& acc, T x, std::int64_t) { acc += static_cast<M>(x); },
      [](M& acc, const T* x, std::int64_t n, const std::vector<std::int64_t>&) {
        acc += detail::fold_run<M, false>(x, n);
      });
  detail::reduce_over_fiber(fiber, partial, comm::Op::sum);
  const double n = static_cast<double>(a.shape()[static_cast<std::size_t>(axis)]);
  for (auto& v : partial) v /= n;
  return detail::result_from<mean_type<T>>(fiber, partial, a.context());
}

template <typename T>
DArray<double> var(const DArray<T>& a, Axis along, std::int64_t ddof = 0) {
  const int axis = detail::checked_axis(a, along.value);
  const detail::Fiber fiber = detail::make_fiber(a.map(), a.shape(), axis, *a.context());
  auto sums = detail::fold_along(a, axis, mean_type<T>{}, [](mean_type<T>& acc, T x, std::int64_t) {
    acc += static_cast<mean_type<T>>(x);
  });
  detail::reduce_over_fiber(fiber, sums, comm::Op::sum);  // every fiber rank needs the means
  const double n = static_cast<double>(a.shape()[static_cast<std::size_t>(axis)]);
  for (auto& v : sums) v /= n;
  // Second pass: squared deviations from the mean of each output cell.
  const auto ax = static_cast<std::size_t>(axis);
  const maps::Shape& local = a.local_shape();
  std::int64_t outer = 1, inner = 1;
  for (std::size_t d = 0; d < ax; ++d) outer *= local[d];
  for (std::size_t d = ax + 1; d < local.size(); ++d) inner *= local[d];
  std::vector<double> partial(sums.size(), 0.0);
  const T* x = a.local_data();
  for (std::int64_t o = 0; o < outer; ++o) {
    for (std::int64_t k = 0; k < a.owned_shape()[ax]; ++k) {
      for (std::int64_t i = 0; i < inner; ++i) {
        const auto cell = static_cast<std::size_t>(o * inner + i);
        const auto value = static_cast<mean_type<T>>(x[(o * local[ax] + k) * inner + i]);
        if constexpr (is_complex<T>::value) {
          partial[cell] += std::norm(value - sums[cell]);
        } else {
          partial[cell] += (value - sums[cell]) * (value - sums[cell]);
        }
      }
    }
  }
  detail::reduce_over_fiber(fiber, partial, comm::Op::sum);
  const double divisor = detail::var_divisor(a.shape()[static_cast<std::size_t>(axis)], ddof);
  for (auto& v : partial) v /= divisor;
  return detail::result_from<double>(fiber, partial, a.context());
}

template <typename T>
DArray<double> std_dev(const DArray<T>& a, Axis along, std::int64_t ddof = 0) {
  DArray<double> v = var(a, along, ddof);
  v.apply([](double x) { return std::sqrt(x); });
  return v;
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
  auto partial = detail::fold_along(a, axis, false ? 1 : 0, [](int& acc, T x, std::int64_t) {
    acc = ((acc != 0) || x != T(0)) ? 1 : 0;
  });
  detail::reduce_over_fiber(fiber, partial, comm::Op::max);
  return detail::result_from<bool>(fiber, partial, a.context());
}

template <typename T>
DArray<bool> all(const DArray<T>& a, Axis along) {
  const int axis = detail::checked_axis(a, along.value);
  const detail::Fiber fiber = detail::make_fiber(a.map(), a.shape(), axis, *a.context());
  auto partial = detail::fold_along(a, axis, true ? 1 : 0, [](int& acc, T x, std::int64_t) {
    acc = ((acc != 0) && x != T(0)) ? 1 : 0;
  });
  detail::reduce_over_fiber(fiber, partial, comm::Op::min);
  return detail::result_from<bool>(fiber, partial, a.context());
}

}  // namespace pgas
