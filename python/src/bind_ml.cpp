// Bindings of the ml layer: the submodule _core.ml, filled by one bind_ml_<area>() per area
// (cluster, metrics, decomposition, ...; each area's file defines its function). This file
// binds what every area shares: input checks, whole-row layouts, the row map of per-sample
// outputs and the column statistics below the layer. pgas/ml/*.py wraps them.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "pgas/darray/column_stats.hpp"
#include "pgas/maps/row_map.hpp"
#include "pgas/ml/validation.hpp"

namespace py = pybind11;

namespace pgas::python {
namespace {

template <class T>
void bind_shared_type(py::module_& ml) {
  using A = DArray<T>;
  ml.def(
      "check_finite", [](const A& x, const std::string& name) { ml::check_finite(x, name); },
      py::arg("x"), py::arg("name") = "X");
  ml.def("whole_rows", [](const A& x) { return ml::whole_rows(x); });
  ml.def("column_counts",
         [](const A& x, bool ignore_nan) { return to_numpy(column_counts(x, ignore_nan)); });
  ml.def("column_sums",
         [](const A& x, bool ignore_nan) { return to_numpy(column_sums(x, ignore_nan)); });
  ml.def("column_moments", [](const A& x, int ddof, bool ignore_nan) {
    ColumnMoments m = column_moments(x, ddof, ignore_nan);
    return py::make_tuple(to_numpy(m.count), to_numpy(m.mean), to_numpy(m.var));
  });
  ml.def("column_extrema", [](const A& x, bool ignore_nan) {
    ColumnExtrema<T> e = column_extrema(x, ignore_nan);
    return py::make_tuple(to_numpy(e.min), to_numpy(e.max), to_numpy(e.count));
  });
}

}  // namespace

void bind_ml(py::module_& m) {
  py::module_ ml = m.def_submodule("ml", "ml layer (use pgas.ml)");
  ml.def(
      "row_map", [](const maps::Map& x_map, int ndim) { return maps::row_map(x_map, ndim); },
      py::arg("x_map"), py::arg("ndim") = 1);
  ml.def("holds_whole_rows", &maps::holds_whole_rows);
  bind_shared_type<double>(ml);
  bind_shared_type<float>(ml);
  bind_ml_cluster(ml);
  bind_ml_metrics(ml);
  bind_ml_decomposition(ml);
  bind_ml_linear_model(ml);
  bind_ml_naive_bayes(ml);
  bind_ml_neighbors(ml);
  bind_ml_mixture(ml);
}

}  // namespace pgas::python
