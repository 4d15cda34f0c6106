// Reductions over a DArray (SPEC §2): sum, prod, min, max, mean, var, std, argmin, argmax,
// any, all; over the whole array (a value on every rank) or along one axis (a DArray one
// dimension smaller). All collective. Only owned cells count: overlap copies never do.
//
// Along an axis, the result's map is the source map without that dimension, held by the
// ranks at grid coordinate 0 along it; the ranks of one grid line along the axis reduce
// their partial results over a sub-communicator (a "fiber").
#pragma once

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
template <typename R, typename T, typename Fold>
std::vector<R> fold_along(const DArray<T>& a, int axis, R init, Fold&& fold) {
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
  accumulate_type<T> acc{};
  detail::for_each_owned(a, [&](T x, std::int64_t) { acc += static_cast<accumulate_type<T>>(x); });
  return static_cast<sum_type<T>>(detail::all_reduce(a, acc, comm::Op::sum));
}

template <typename T>
sum_type<T> prod(const DArray<T>& a) {
  accumulate_type<T> acc{1};
  detail::for_each_owned(a, [&](T x, std::int64_t) { acc *= static_cast<accumulate_type<T>>(x); });
  return static_cast<sum_type<T>>(detail::all_reduce(a, acc, comm::Op::prod));
}

template <typename T>
T min(const DArray<T>& a) {
  detail::require_ordered<T>("min");
  detail::require_nonempty(a.size(), "minimum");
  if constexpr (!is_complex<T>::value) {
    T acc = detail::highest_value<T>();
    detail::for_each_owned(a, [&](T x, std::int64_t) { acc = x < acc ? x : acc; });
    return detail::all_reduce(a, acc, comm::Op::min);
  }
  return T{};
}

template <typename T>
T max(const DArray<T>& a) {
  detail::require_ordered<T>("max");
  detail::require_nonempty(a.size(), "maximum");
  if constexpr (!is_complex<T>::value) {
    T acc = detail::lowest_value<T>();
    detail::for_each_owned(a, [&](T x, std::int64_t) { acc = x > acc ? x : acc; });
    return detail::all_reduce(a, acc, comm::Op::max);
  }
  return T{};
}

template <typename T>
mean_type<T> mean(const DArray<T>& a) {
  accumulate_type<T> acc{};
  detail::for_each_owned(a, [&](T x, std::int64_t) { acc += static_cast<accumulate_type<T>>(x); });
  const auto total = detail::all_reduce(a, acc, comm::Op::sum);
  return static_cast<mean_type<T>>(total) / static_cast<double>(a.size());
}

/// Variance with `ddof` delta degrees of freedom (NumPy's), in two passes for accuracy.
template <typename T>
double var(const DArray<T>& a, std::int64_t ddof = 0) {
  const mean_type<T> m = mean(a);
  double acc = 0;
  detail::for_each_owned(a, [&](T x, std::int64_t) {
    if constexpr (is_complex<T>::value) {
      acc += std::norm(static_cast<std::complex<double>>(x) - m);
    } else {
      const double d = static_cast<double>(x) - m;
      acc += d * d;
    }
  });
  return a.context()->comm().allreduce(acc, comm::Op::sum) / static_cast<double>(a.size() - ddof);
}

template <typename T>
double std_dev(const DArray<T>& a, std::int64_t ddof = 0) {
  return std::sqrt(var(a, ddof));
}

/// Flat (row-major) index of the first minimum, as numpy.argmin.
template <typename T>
std::int64_t argmin(const DArray<T>& a) {
  detail::require_ordered<T>("argmin");
  if (a.size() == 0) throw ValueError("attempt to get argmin of an empty sequence");
  if constexpr (!is_complex<T>::value) {
    using Pair = comm::ValueIndex<std::conditional_t<std::is_same_v<T, bool>, int, T>>;
    Pair best{detail::highest_value<decltype(Pair::value)>(),
              std::numeric_limits<std::int64_t>::max()};
    detail::for_each_owned(a, [&](T x, std::int64_t g) {
      const auto v = static_cast<decltype(Pair::value)>(x);
      if (v < best.value || (v == best.value && g < best.index)) best = Pair{v, g};
    });
    return a.context()->comm().allreduce(best, comm::Op::minloc).index;
  }
  return -1;
}

template <typename T>
std::int64_t argmax(const DArray<T>& a) {
  detail::require_ordered<T>("argmax");
  if (a.size() == 0) throw ValueError("attempt to get argmax of an empty sequence");
  if constexpr (!is_complex<T>::value) {
    using Pair = comm::ValueIndex<std::conditional_t<std::is_same_v<T, bool>, int, T>>;
    Pair best{detail::lowest_value<decltype(Pair::value)>(),
              std::numeric_limits<std::int64_t>::max()};
    detail::for_each_owned(a, [&](T x, std::int64_t g) {
      const auto v = static_cast<decltype(Pair::value)>(x);
      if (v > best.value || (v == best.value && g < best.index)) best = Pair{v, g};
    });
    return a.context()->comm().allreduce(best, comm::Op::maxloc).index;
  }
  return -1;
}

template <typename T>
bool any(const DArray<T>& a) {
  bool acc = false;
  detail::for_each_owned(a, [&](T x, std::int64_t) { acc = acc || x != T(0); });
  return a.context()->comm().allreduce(acc, comm::Op::max);
}

template <typename T>
bool all(const DArray<T>& a) {
  bool acc = true;
  detail::for_each_owned(a, [&](T x, std::int64_t) { acc = acc && x != T(0); });
  return a.context()->comm().allreduce(acc, comm::Op::min);
}

// ---- Along an axis: a DArray with that dimension removed ------------------------------------

template <typename T>
DArray<sum_type<T>> sum(const DArray<T>& a, Axis along) {
  const int axis = detail::checked_axis(a, along.value);
  const detail::Fiber fiber = detail::make_fiber(a.map(), a.shape(), axis, *a.context());
  auto partial = detail::fold_along(a, axis, accumulate_type<T>{},
                                    [](accumulate_type<T>& acc, T x, std::int64_t) {
                                      acc += static_cast<accumulate_type<T>>(x);
                                    });
  detail::reduce_over_fiber(fiber, partial, comm::Op::sum);
  return detail::result_from<sum_type<T>>(fiber, partial, a.context());
}

template <typename T>
DArray<sum_type<T>> prod(const DArray<T>& a, Axis along) {
  const int axis = detail::checked_axis(a, along.value);
  const detail::Fiber fiber = detail::make_fiber(a.map(), a.shape(), axis, *a.context());
  auto partial = detail::fold_along(a, axis, accumulate_type<T>{1},
                                    [](accumulate_type<T>& acc, T x, std::int64_t) {
                                      acc *= static_cast<accumulate_type<T>>(x);
                                    });
  detail::reduce_over_fiber(fiber, partial, comm::Op::prod);
  return detail::result_from<sum_type<T>>(fiber, partial, a.context());
}

template <typename T>
DArray<T> min(const DArray<T>& a, Axis along) {
  detail::require_ordered<T>("min");
  const int axis = detail::checked_axis(a, along.value);
  detail::require_nonempty(a.shape()[static_cast<std::size_t>(axis)], "minimum");
  const detail::Fiber fiber = detail::make_fiber(a.map(), a.shape(), axis, *a.context());
  using P = detail::partial_type<T>;
  std::vector<P> partial;
  if constexpr (!is_complex<T>::value) {
    partial = detail::fold_along(
        a, axis, static_cast<P>(detail::highest_value<T>()),
        [](P& acc, T x, std::int64_t) { acc = static_cast<P>(x) < acc ? static_cast<P>(x) : acc; });
    detail::reduce_over_fiber(fiber, partial, comm::Op::min);
  }
  return detail::result_from<T>(fiber, partial, a.context());
}

template <typename T>
DArray<T> max(const DArray<T>& a, Axis along) {
  detail::require_ordered<T>("max");
  const int axis = detail::checked_axis(a, along.value);
  detail::require_nonempty(a.shape()[static_cast<std::size_t>(axis)], "maximum");
  const detail::Fiber fiber = detail::make_fiber(a.map(), a.shape(), axis, *a.context());
  using P = detail::partial_type<T>;
  std::vector<P> partial;
  if constexpr (!is_complex<T>::value) {
    partial = detail::fold_along(
        a, axis, static_cast<P>(detail::lowest_value<T>()),
        [](P& acc, T x, std::int64_t) { acc = static_cast<P>(x) > acc ? static_cast<P>(x) : acc; });
    detail::reduce_over_fiber(fiber, partial, comm::Op::max);
  }
  return detail::result_from<T>(fiber, partial, a.context());
}

template <typename T>
DArray<mean_type<T>> mean(const DArray<T>& a, Axis along) {
  const int axis = detail::checked_axis(a, along.value);
  const detail::Fiber fiber = detail::make_fiber(a.map(), a.shape(), axis, *a.context());
  auto partial = detail::fold_along(
      a, axis, mean_type<T>{},
      [](mean_type<T>& acc, T x, std::int64_t) { acc += static_cast<mean_type<T>>(x); });
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
  for (auto& v : partial) v /= (n - static_cast<double>(ddof));
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
    auto partial = fold_along(a, axis, init, [](Pair& best, T x, std::int64_t g) {
      const auto v = static_cast<V>(x);
      const bool better = kMax ? v > best.value : v < best.value;
      if (better || (v == best.value && g < best.index)) best = Pair{v, g};
    });
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
