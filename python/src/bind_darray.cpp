// Bindings of the darray layer: one Python class per dtype (DArray_float64, ...), plus the
// Context. The pgas.darray Python class wraps these; dtype promotion and NumPy's calling
// conventions live there, the loops here.
#include <pybind11/complex.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <complex>
#include <cstdint>
#include <string>
#include <tuple>

#include "bindings.hpp"
#include "pgas/comm/mpi_type.hpp"
#include "pgas/darray/darray.hpp"
#include "pgas/darray/element_types.hpp"
#include "pgas/darray/flat_cells.hpp"
#include "pgas/darray/reductions.hpp"

namespace py = pybind11;
using pgas::Context;
using pgas::ContextPtr;
using pgas::DArray;
using pgas::maps::Map;
using pgas::maps::Shape;

namespace pgas::python {
namespace {

// Contexts travel through Python as shared_ptr<Context> (pybind11's holder); the C++ API
// takes them as shared_ptr<const Context>.
using CtxArg = std::shared_ptr<Context>;

using SliceTuple = std::tuple<std::int64_t, std::int64_t, std::int64_t>;  // start, step, count

std::vector<redistribution::Slice> to_region(const std::vector<SliceTuple>& region) {
  std::vector<redistribution::Slice> out;
  for (const auto& [start, step, count] : region)
    out.push_back(redistribution::Slice{start, step, count});
  return out;
}

// A NumPy view of memory owned by a shared_ptr: the capsule keeps the storage alive for
// as long as any view exists, even after the darray is gone.
template <typename T>
py::array view_of(std::shared_ptr<T> storage, T* data, const Shape& shape) {
  auto* keep = new std::shared_ptr<T>(std::move(storage));
  py::capsule owner(keep, [](void* p) { delete static_cast<std::shared_ptr<T>*>(p); });
  std::vector<py::ssize_t> dims(shape.begin(), shape.end());
  return py::array_t<T>(dims, data, owner);
}

// What the kernels compute in: uint8 and uint16 would be promoted to (signed) int, where
// 65535 * 65535 overflows; in unsigned int they wrap around modulo 2^bits as NumPy's do.
template <typename T>
using arithmetic_type =
    std::conditional_t<std::is_unsigned_v<T> && (sizeof(T) < sizeof(unsigned)), unsigned, T>;

// The C++ kernels behind the common ufuncs on same-dtype operands: one tight loop each.
template <typename T, typename F>
void dispatch_binary(const std::string& op, F&& run) {
  using W = arithmetic_type<T>;
  if constexpr (std::is_same_v<T, bool>) {
    throw ValueError("no C++ kernel for " + op + " on bool");
  } else if (op == "add") {
    run([](T x, T y) { return static_cast<T>(W(x) + W(y)); });
  } else if (op == "subtract") {
    run([](T x, T y) { return static_cast<T>(W(x) - W(y)); });
  } else if (op == "multiply") {
    run([](T x, T y) { return static_cast<T>(W(x) * W(y)); });
  } else if (op == "true_divide" && !std::is_integral_v<T>) {
    run([](T x, T y) { return static_cast<T>(x / y); });
  } else {
    throw ValueError("no C++ kernel for " + op);
  }
}

// A whole-array reduction's value as a NumPy scalar of the C++ result type, which is NumPy's
// (reductions.hpp: sum_type, mean_type, var_type), so Python does not restate the rules.
template <typename R>
py::object numpy_scalar(R value) {
  // Never freed: a static py::object would be released after the interpreter is gone.
  static const py::object* type = new py::object(py::dtype::of<R>().attr("type"));
  return (*type)(value);
}

// The operators' loops over whole local parts of one map, built for AVX-512/AVX2/baseline like
// the reductions' kernels (reductions.hpp): NumPy's own loops dispatch on the CPU too, and at
// the baseline's SSE2 a division or a multiply-add loop falls behind them.
template <typename T, typename F>
PGAS_REDUCTION_CLONES void binary_loop(const T* x, const T* y, T* __restrict z, std::int64_t n,
                                       F f) {
  for (std::int64_t i = 0; i < n; ++i) z[i] = f(x[i], y[i]);
}
template <typename T, typename F>
PGAS_REDUCTION_CLONES void update_loop(T* x, const T* y, std::int64_t n, F f) {
  for (std::int64_t i = 0; i < n; ++i) x[i] = f(x[i], y[i]);
}
template <typename T, typename F>
PGAS_REDUCTION_CLONES void scalar_loop(const T* x, T* __restrict z, std::int64_t n, F f) {
  for (std::int64_t i = 0; i < n; ++i) z[i] = f(x[i]);
}
template <typename T, typename F>
PGAS_REDUCTION_CLONES void scalar_update_loop(T* x, std::int64_t n, F f) {
  for (std::int64_t i = 0; i < n; ++i) x[i] = f(x[i]);
}

template <typename T>
void bind_darray_type(py::module_& m, const std::string& dtype) {
  using A = DArray<T>;
  py::class_<A> cls(m, ("DArray_" + dtype).c_str());
  cls.def_static("empty", [](Shape s, const Map& map, CtxArg ctx) { return A(s, map, ctx); })
      .def_static("zeros",
                  [](Shape s, const Map& map, CtxArg ctx) { return A::zeros(s, map, ctx); })
      .def_static("ones", [](Shape s, const Map& map, CtxArg ctx) { return A::ones(s, map, ctx); })
      .def_static("full", [](Shape s, const Map& map, T value,
                             CtxArg ctx) { return A::full(s, map, value, ctx); })
      .def_static("arange",
                  [](Shape s, const Map& map, CtxArg ctx) { return A::arange(s, map, ctx); })
      .def_property_readonly("shape", [](const A& a) { return a.shape(); })
      .def_property_readonly("map", [](const A& a) { return a.map(); })
      .def_property_readonly(
          "context", [](const A& a) { return std::const_pointer_cast<Context>(a.context()); })
      .def_property_readonly("local_shape", [](const A& a) { return a.local_shape(); })
      .def_property_readonly("owned_shape", [](const A& a) { return a.owned_shape(); })
      .def_property_readonly("dtype", [dtype](const A&) { return dtype; })
      .def("local",
           [](A& a) { return view_of<T>(a.local_buffer(), a.local_data(), a.local_shape()); })
      .def("put_local",
           [](A& a, py::array_t<T, py::array::c_style | py::array::forcecast> values) {
             Shape shape(values.shape(), values.shape() + values.ndim());
             a.put_local(values.data(), shape);
           })
      .def("global_ind",
           [](const A& a, int dim) {
             const auto g = a.global_ind(dim);
             return to_numpy(g);
           })
      .def("agg",
           [](const A& a, int leader) {
             // The whole array on the leader, a copy of the local part elsewhere (pPython).
             const std::vector<T> values = a.agg(leader);
             return to_numpy(values, a.context()->rank() == leader ? a.shape() : a.local_shape());
           })
      .def("agg_all", [](const A& a) { return to_numpy(a.agg_all(), a.shape()); })
      .def("assign", &A::assign)
      .def("remap", &A::remap)
      .def("copy", [](const A& a) { return A(a); })
      .def("synch", &A::synch)
      .def("get", &A::get)
      .def("set", &A::set)
      .def("transpose", &A::transpose)
      .def("transpose_grid", &A::transpose_grid)
      .def("with_unit_dim", &A::with_unit_dim, py::arg("dim"))
      .def("without_unit_dim", &A::without_unit_dim, py::arg("dim"))
      .def("assign_region",
           [](A& a, const std::vector<SliceTuple>& dest, const A& src,
              const std::vector<SliceTuple>& source) {
             a.assign_region(to_region(dest), src, to_region(source));
           })
      .def("region", [](const A& a, const std::vector<SliceTuple>& region,
                        const Map& map) { return a.region(to_region(region), map); })
      .def("fill_region", [](A& a, const std::vector<SliceTuple>& region,
                             T value) { a.fill_region(to_region(region), value); })
      .def("put_region",
           [](A& a, const std::vector<SliceTuple>& region,
              py::array_t<T, py::array::c_style | py::array::forcecast> values) {
             std::int64_t cells = 1;
             for (const auto& s : region) cells *= std::get<2>(s);
             if (values.size() != cells) {
               throw ValueError("put_region: " + std::to_string(values.size()) +
                                " values for a region of " + std::to_string(cells) + " cells");
             }
             a.put_region(to_region(region), values.data());
           })
      // For the operators' fast path (python/pgas/darray.py): whether the C++ loops apply
      // as they are (same shape, same context object), and whether writing into a's buffer
      // can be seen through no other array or NumPy view (temporary elision).
      .def("same_layout",
           [](const A& a, const A& b) {
             return a.context() == b.context() && a.shape() == b.shape();
           })
      .def("sole_owner",
           // local_buffer() returns one more owner: a's own handle plus this copy.
           [](const A& a) { return a.local_buffer().use_count() == 2; })
      .def("binary",
           [](const A& a, const A& b, const std::string& op) {
             std::optional<A> out;
             const bool same =
                 a.context() == b.context() && a.shape() == b.shape() && a.map() == b.map();
             dispatch_binary<T>(op, [&](auto f) {
               if (same) {  // no move: the local parts line up cell by cell
                 out.emplace(A::empty(a.shape(), a.map(), a.context()));
                 binary_loop(a.local_data(), b.local_data(), out->local_data(), a.local_size(), f);
               } else {
                 out.emplace(a.combine(b, f));
               }
             });
             return std::move(*out);
           })
      .def("binary_scalar",
           [](const A& a, T value, const std::string& op, bool reflected) {
             std::optional<A> out;
             dispatch_binary<T>(op, [&](auto f) {
               out.emplace(A::empty(a.shape(), a.map(), a.context()));
               if (reflected) {
                 scalar_loop(a.local_data(), out->local_data(), a.local_size(),
                             [f, value](T x) { return f(value, x); });
               } else {
                 scalar_loop(a.local_data(), out->local_data(), a.local_size(),
                             [f, value](T x) { return f(x, value); });
               }
             });
             return std::move(*out);
           })
      .def("inplace",
           [](A& a, const A& b, const std::string& op) {
             const bool same =
                 a.context() == b.context() && a.shape() == b.shape() && a.map() == b.map();
             dispatch_binary<T>(op, [&](auto f) {
               if (same) {
                 update_loop(a.local_data(), b.local_data(), a.local_size(), f);
               } else {
                 a.update(b, f);
               }
             });
           })
      .def("inplace_scalar",
           [](A& a, T value, const std::string& op) {
             dispatch_binary<T>(op, [&](auto f) {
               scalar_update_loop(a.local_data(), a.local_size(),
                                  [f, value](T x) { return f(x, value); });
             });
           })
      // Reductions: axis None gives a value on every rank, an int a darray.
      .def("sum", [](const A& a) { return numpy_scalar(pgas::sum(a)); })
      .def("sum_axis", [](const A& a, int axis) { return pgas::sum(a, pgas::Axis{axis}); })
      .def("prod", [](const A& a) { return numpy_scalar(pgas::prod(a)); })
      .def("prod_axis", [](const A& a, int axis) { return pgas::prod(a, pgas::Axis{axis}); })
      .def("mean", [](const A& a) { return numpy_scalar(pgas::mean(a)); })
      .def("mean_axis", [](const A& a, int axis) { return pgas::mean(a, pgas::Axis{axis}); })
      .def("var", [](const A& a, std::int64_t ddof) { return numpy_scalar(pgas::var(a, ddof)); })
      .def("var_axis", [](const A& a, int axis,
                          std::int64_t ddof) { return pgas::var(a, pgas::Axis{axis}, ddof); })
      .def("std",
           [](const A& a, std::int64_t ddof) { return numpy_scalar(pgas::std_dev(a, ddof)); })
      .def("std_axis", [](const A& a, int axis,
                          std::int64_t ddof) { return pgas::std_dev(a, pgas::Axis{axis}, ddof); })
      .def("any", [](const A& a) { return numpy_scalar(pgas::any(a)); })
      .def("any_axis", [](const A& a, int axis) { return pgas::any(a, pgas::Axis{axis}); })
      .def("all", [](const A& a) { return numpy_scalar(pgas::all(a)); })
      .def("all_axis", [](const A& a, int axis) { return pgas::all(a, pgas::Axis{axis}); })
      .def("__repr__", [dtype](const A& a) {
        return "DArray_" + dtype + "(shape=" + pgas::shape_string(a.shape()) + ")";
      });
  if constexpr (!pgas::is_complex<T>::value) {
    cls.def("min", [](const A& a) { return numpy_scalar(pgas::min(a)); })
        .def("min_axis", [](const A& a, int axis) { return pgas::min(a, pgas::Axis{axis}); })
        .def("max", [](const A& a) { return numpy_scalar(pgas::max(a)); })
        .def("max_axis", [](const A& a, int axis) { return pgas::max(a, pgas::Axis{axis}); })
        .def("argmin", [](const A& a) { return numpy_scalar(pgas::argmin(a)); })
        .def("argmin_axis", [](const A& a, int axis) { return pgas::argmin(a, pgas::Axis{axis}); })
        .def("argmax", [](const A& a) { return numpy_scalar(pgas::argmax(a)); })
        .def("argmax_axis", [](const A& a, int axis) { return pgas::argmax(a, pgas::Axis{axis}); });
  }
  // Cells by flat (C-order) index (flat_cells.hpp): NumPy's reshape, take/put, fancy and
  // boolean-mask indexing. All collective.
  using FlatIndices = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>;
  using Values = py::array_t<T, py::array::c_style | py::array::forcecast>;
  cls.def("assign_flat", [](A& a, const A& source) { pgas::assign_flat(a, source); })
      .def("scatter_flat",
           [](A& a, FlatIndices flat, Values values) {
             if (flat.size() != values.size()) {
               throw ValueError("scatter_flat: " + std::to_string(flat.size()) + " indices and " +
                                std::to_string(values.size()) + " values");
             }
             pgas::scatter_flat(a, flat.data(), values.data(),
                                static_cast<std::size_t>(flat.size()));
           })
      .def("gather_flat", [](const A& a, FlatIndices flat) {
        Values out(std::vector<py::ssize_t>{flat.size()});
        pgas::gather_flat(a, flat.data(), static_cast<std::size_t>(flat.size()),
                          out.mutable_data());
        return out;
      });
  if constexpr (std::is_floating_point_v<T>) {
    cls.def_static("rand", [](Shape s, const Map& map, std::uint64_t seed,
                              CtxArg ctx) { return A::rand(s, map, seed, ctx); })
        .def_static("randn", [](Shape s, const Map& map, std::uint64_t seed, CtxArg ctx) {
          return A::randn(s, map, seed, ctx);
        });
  }
}

}  // namespace

void bind_darray(py::module_& m) {
  m.def(
      "held_global_indices",
      [](const Map& map, const Shape& shape, int rank) {
        py::list out;
        for (const auto& g : pgas::held_global_indices(map, shape, rank)) out.append(to_numpy(g));
        return out;
      },
      py::arg("map"), py::arg("shape"), py::arg("rank"),
      "Global indices of a rank's held cells per dimension, in local order (local).");
  py::class_<Context, std::shared_ptr<Context>>(m, "Context")
      .def_static("world", []() { return std::const_pointer_cast<Context>(Context::world()); })
      .def_static("wrap",
                  [](std::uintptr_t handle) {
                    // An mpi4py communicator's handle (MPI._handleof(comm)).
                    return std::const_pointer_cast<Context>(
                        Context::wrap(reinterpret_cast<MPI_Comm>(handle)));
                  })
      .def_property_readonly("rank", &Context::rank)
      .def_property_readonly("size", &Context::size)
      .def_property_readonly("user_handle", [](const Context& c) {
        return reinterpret_cast<std::uintptr_t>(c.user_handle());
      });
  pgas::for_each_element_type([&m](auto tag) {
    using T = typename decltype(tag)::type;
    bind_darray_type<T>(m, pgas::comm::type_name<T>());
  });
}

}  // namespace pgas::python
