// One bind_<layer>() per layer; module.cpp calls them in layer order.
#pragma once
#include <pybind11/pybind11.h>

namespace pgas::python {
void bind_errors(pybind11::module_& m);
void bind_maps(pybind11::module_& m);
void bind_darray(pybind11::module_& m);
void bind_io(pybind11::module_& m);
void bind_linalg(pybind11::module_& m);
// The ml layer: bind_ml creates _core.ml and calls one function per area on it.
void bind_ml(pybind11::module_& m);
void bind_ml_cluster(pybind11::module_& ml);
void bind_ml_metrics(pybind11::module_& ml);
void bind_ml_decomposition(pybind11::module_& ml);
}  // namespace pgas::python
