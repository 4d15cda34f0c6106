// pgas._core: one pybind11 module; each layer's bindings live in their own file.
#include <pybind11/pybind11.h>

#include "bindings.hpp"

PYBIND11_MODULE(_core, m) {
  m.doc() = "pgas C++ core (maps, comm, darray, ...); use the pgas package, not this module.";
  pgas::python::bind_errors(m);
  // One submodule per layer: _core.maps.Map, _core.darray.DArray_float64, _core.io.save,
  // _core.linalg.matmul, _core.ml.KMeans, _core.comm.agree_outcome; the error helpers and
  // library_info stay on _core.
  pybind11::module_ maps = m.def_submodule("maps", "pgas::maps (use pgas.maps)");
  pgas::python::bind_maps(maps);
  pybind11::module_ darray = m.def_submodule("darray", "pgas::darray (use pgas.darray)");
  pgas::python::bind_darray(darray);
  pybind11::module_ io = m.def_submodule("io", "pgas::io (use pgas.io)");
  pgas::python::bind_io(io);
  pybind11::module_ linalg = m.def_submodule("linalg", "pgas::linalg (use pgas.linalg)");
  pgas::python::bind_linalg(linalg);
  pgas::python::bind_info(m);
  pybind11::module_ comm =
      m.def_submodule("comm", "pgas::comm: argument agreement and failure handling (use pgas)");
  pgas::python::bind_failure(comm);
  pgas::python::bind_ml(m);
}
