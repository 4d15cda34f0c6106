// pgas._core: one pybind11 module; each layer's bindings live in their own file.
#include <pybind11/pybind11.h>

#include "bindings.hpp"

PYBIND11_MODULE(_core, m) {
  m.doc() = "pgas C++ core (maps, comm, darray, ...); use the pgas package, not this module.";
  pgas::python::bind_errors(m);
  pgas::python::bind_maps(m);
  pgas::python::bind_darray(m);
  // Layers above darray get a submodule each: _core.io.save, _core.linalg.matmul.
  pybind11::module_ io = m.def_submodule("io", "pgas::io (use pgas.io)");
  pgas::python::bind_io(io);
  pybind11::module_ linalg = m.def_submodule("linalg", "pgas::linalg (use pgas.linalg)");
  pgas::python::bind_linalg(linalg);
  pgas::python::bind_info(m);
  pgas::python::bind_failure(m);
  pgas::python::bind_ml(m);
}
