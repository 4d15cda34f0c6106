// One bind_<layer>() per layer; module.cpp calls them in layer order.
#pragma once
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace pgas::python {
void bind_errors(pybind11::module_& m);
void bind_maps(pybind11::module_& m);
void bind_darray(pybind11::module_& m);
void bind_io(pybind11::module_& m);
void bind_linalg(pybind11::module_& m);
void bind_info(pybind11::module_& m);
void bind_failure(pybind11::module_& m);
// The ml layer: bind_ml creates _core.ml and calls one function per area on it.
void bind_ml(pybind11::module_& m);
void bind_ml_cluster(pybind11::module_& ml);
void bind_ml_metrics(pybind11::module_& ml);
void bind_ml_decomposition(pybind11::module_& ml);
void bind_ml_linear_model(pybind11::module_& ml);
void bind_ml_naive_bayes(pybind11::module_& ml);
void bind_ml_neighbors(pybind11::module_& ml);
void bind_ml_mixture(pybind11::module_& ml);

/// A new NumPy array of `shape` holding a copy of `values` (row-major); 1-d without a shape.
template <typename T>
pybind11::array to_numpy(const std::vector<T>& values, const std::vector<std::int64_t>& shape) {
  std::vector<pybind11::ssize_t> dims(shape.begin(), shape.end());
  pybind11::array_t<T> out(dims);
  std::copy(values.begin(), values.end(), out.mutable_data());
  return std::move(out);
}
template <typename T>
pybind11::array to_numpy(const std::vector<T>& values) {
  return to_numpy(values, {static_cast<std::int64_t>(values.size())});
}

}  // namespace pgas::python
