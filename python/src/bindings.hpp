// One bind_<layer>() per layer; module.cpp calls them in layer order.
#pragma once
#include <pybind11/pybind11.h>

namespace pgas::python {
void bind_errors(pybind11::module_& m);
void bind_maps(pybind11::module_& m);
void bind_darray(pybind11::module_& m);
void bind_io(pybind11::module_& m);
void bind_linalg(pybind11::module_& m);
void bind_info(pybind11::module_& m);
}  // namespace pgas::python
