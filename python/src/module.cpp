// pgas._core: one pybind11 module; each layer's bindings live in their own file.
#include <pybind11/pybind11.h>

#include "bindings.hpp"

PYBIND11_MODULE(_core, m) {
  m.doc() = "pgas C++ core (maps, comm, darray, ...); use the pgas package, not this module.";
  pgas::python::bind_errors(m);
  pgas::python::bind_maps(m);
  pgas::python::bind_darray(m);
  pgas::python::bind_io(m);
  pgas::python::bind_linalg(m);
  pgas::python::bind_ml(m);
}
