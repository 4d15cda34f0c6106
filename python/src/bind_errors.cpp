// pgas's C++ exceptions map onto Python's: ValueError and IndexError through their standard
// bases (pybind11's default translation); set_error_rank lets Python tag messages.
#include "bindings.hpp"
#include "pgas/errors.hpp"

namespace py = pybind11;

namespace pgas::python {

void bind_errors(py::module_& m) {
  m.def("set_error_rank", &pgas::set_error_rank, py::arg("rank"),
        "Tag C++ error messages with '[rank r] ' (local).");
  m.def("error_rank", &pgas::error_rank);
  m.def("with_rank", &pgas::with_rank, py::arg("message"), "'[rank r] message' (local).");
  m.def("check_rank_in_communicator", &pgas::check_rank_in_communicator, py::arg("who"),
        py::arg("rank"), py::arg("size"), py::arg("detail") = "",
        "ValueError '<who> <rank> is outside the communicator of <size> ranks' unless "
        "0 <= rank < size (local).");
}

}  // namespace pgas::python
