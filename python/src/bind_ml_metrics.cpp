// Bindings of the ml layer's metrics area into _core.ml: the reductions of ml/metrics.hpp, one
// overload per element type; pgas/ml/metrics.py turns them into scikit-learn's functions.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <vector>

#include "bindings.hpp"
#include "pgas/ml/metrics.hpp"

namespace py = pybind11;

namespace pgas::python {
namespace {

template <class T>
void bind_metrics_type(py::module_& ml) {
  using A = DArray<T>;
  ml.def("unique_values", [](const A& y) { return to_numpy(ml::unique_values(y)); });
  ml.def("count_equal", [](const A& a, const A& b) { return ml::count_equal(a, b); });
  ml.def("regression_stats", [](const A& t, const A& p) {
    const ml::RegressionStats s = ml::regression_stats(t, p);
    return py::make_tuple(s.n, to_numpy(s.sse), to_numpy(s.sae), to_numpy(s.ss_tot));
  });
  ml.def("contingency", [](const A& a, const A& b, const std::vector<T>& rows,
                           const std::vector<T>& cols) {
    return to_numpy(ml::contingency(a, b, rows, cols), {static_cast<std::int64_t>(rows.size()),
                                                        static_cast<std::int64_t>(cols.size())});
  });
}

template <class T>
void bind_silhouette_type(py::module_& ml) {
  ml.def("silhouette",
         [](const DArray<T>& x, const DArray<std::int64_t>& labels,
            const std::vector<std::int64_t>& sample) { return ml::silhouette(x, labels, sample); });
}

}  // namespace

void bind_ml_metrics(py::module_& ml) {
  bind_metrics_type<double>(ml);
  bind_metrics_type<float>(ml);
  bind_metrics_type<std::int64_t>(ml);
  bind_metrics_type<std::int32_t>(ml);
  bind_silhouette_type<double>(ml);
  bind_silhouette_type<float>(ml);
}

}  // namespace pgas::python
