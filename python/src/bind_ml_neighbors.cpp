// Bindings of the ml layer's neighbours area into _core.ml: the C++ estimators of
// pgas/ml/neighbors.hpp (one class per element type, suffix _float64 / _float32) and DBSCAN
// (pgas/ml/dbscan.hpp). pgas/ml/neighbors.py and pgas/ml/cluster.py give them scikit-learn's
// classes; each method is one collective call.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <string>
#include <utility>

#include "bindings.hpp"
#include "pgas/errors.hpp"
#include "pgas/ml/dbscan.hpp"
#include "pgas/ml/neighbors.hpp"

namespace py = pybind11;

namespace pgas::python {
namespace {

ml::NeighborMetric metric_from(const std::string& name) {
  if (name == "euclidean") return ml::NeighborMetric::euclidean;
  if (name == "manhattan") return ml::NeighborMetric::manhattan;
  if (name == "chebyshev") return ml::NeighborMetric::chebyshev;
  if (name == "minkowski") return ml::NeighborMetric::minkowski;
  throw ValueError("pgas.ml.neighbors: unsupported metric '" + name + "'");
}

ml::NeighborsOptions options_from(int n_neighbors, const std::string& weights,
                                  const std::string& metric, double p) {
  ml::NeighborsOptions o;
  o.n_neighbors = n_neighbors;
  o.weights = weights == "distance" ? ml::NeighborWeights::distance : ml::NeighborWeights::uniform;
  o.metric = metric_from(metric);
  o.p = p;
  return o;
}

template <class T>
void bind_neighbors_type(py::module_& ml, const std::string& suffix) {
  using A = DArray<T>;
  using NN = ml::NearestNeighbors<T>;
  using KNC = ml::KNeighborsClassifier<T>;
  using KNR = ml::KNeighborsRegressor<T>;
  const auto pair = [](ml::KNeighbors<T> r) {
    return py::make_tuple(std::move(r.distances), std::move(r.indices));
  };
  py::class_<NN>(ml, ("NearestNeighbors_" + suffix).c_str())
      .def(py::init([](int k, const std::string& w, const std::string& metric, double p) {
             return NN(options_from(k, w, metric, p));
           }),
           py::arg("n_neighbors"), py::arg("weights"), py::arg("metric"), py::arg("p"))
      .def("fit", [](NN& nn, const A& x) { nn.fit(x); })
      .def("n_samples_fit", &NN::n_samples_fit)
      .def(
          "kneighbors",
          [pair](const NN& nn, const A* query, int k) {
            return pair(query ? nn.kneighbors(*query, k) : nn.kneighbors(k));
          },
          py::arg("query").none(true), py::arg("k"));
  py::class_<KNC, NN>(ml, ("KNeighborsClassifier_" + suffix).c_str())
      .def(py::init([](int k, const std::string& w, const std::string& metric, double p) {
             return KNC(options_from(k, w, metric, p));
           }),
           py::arg("n_neighbors"), py::arg("weights"), py::arg("metric"), py::arg("p"))
      .def("fit", [](KNC& c, const A& x, const DArray<double>& y) { c.fit(x, y); })
      .def("classes", [](const KNC& c) { return to_numpy(c.classes()); })
      .def(
          "predict_proba", [](const KNC& c, const A* query) { return c.predict_proba(query); },
          py::arg("query").none(true))
      .def(
          "predict", [](const KNC& c, const A* query) { return c.predict(query); },
          py::arg("query").none(true));
  py::class_<KNR, NN>(ml, ("KNeighborsRegressor_" + suffix).c_str())
      .def(py::init([](int k, const std::string& w, const std::string& metric, double p) {
             return KNR(options_from(k, w, metric, p));
           }),
           py::arg("n_neighbors"), py::arg("weights"), py::arg("metric"), py::arg("p"))
      .def("fit", [](KNR& r, const A& x, const DArray<double>& y) { r.fit(x, y); })
      .def(
          "predict", [](const KNR& r, const A* query) { return r.predict(query); },
          py::arg("query").none(true));
  ml.def(
      "dbscan",
      [](const A& x, double eps, int min_samples, const std::string& metric, double p) {
        ml::DBSCANOptions o;
        o.eps = eps;
        o.min_samples = min_samples;
        o.metric = metric_from(metric);
        o.p = p;
        ml::DBSCANResult<T> r = ml::dbscan(x, o);
        const auto n_core = static_cast<std::int64_t>(r.core_sample_indices.size());
        return py::make_tuple(std::move(r.labels), to_numpy(r.core_sample_indices),
                              to_numpy(r.components, {n_core, x.shape()[1]}));
      },
      py::arg("x"), py::arg("eps"), py::arg("min_samples"), py::arg("metric"), py::arg("p"));
}

}  // namespace

void bind_ml_neighbors(py::module_& ml) {
  bind_neighbors_type<double>(ml, "float64");
  bind_neighbors_type<float>(ml, "float32");
}

}  // namespace pgas::python
