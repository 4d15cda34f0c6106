// Bindings of the ml layer's cluster area (KMeans) into _core.ml; pgas/ml/cluster.py gives
// them scikit-learn's class. A whole fit is one call.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "pgas/errors.hpp"
#include "pgas/ml/kmeans.hpp"

namespace py = pybind11;

namespace pgas::python {
namespace {

template <class T>
std::vector<T> centers_from(const py::array_t<T, py::array::c_style | py::array::forcecast>& c) {
  return std::vector<T>(c.data(), c.data() + c.size());
}

template <class T>
void bind_cluster_type(py::module_& ml) {
  using A = DArray<T>;
  ml.def(
      "kmeans_fit",
      [](const A& x, int n_clusters, const std::string& init,
         const py::array_t<double, py::array::c_style | py::array::forcecast>& init_centers,
         int n_init, int max_iter, double tol, std::uint64_t seed) {
        ml::KMeansOptions o;
        o.n_clusters = n_clusters;
        o.init = init == "k-means++" ? ml::KMeansInit::k_means_plus_plus
                 : init == "random"  ? ml::KMeansInit::random
                                     : ml::KMeansInit::given;
        if (o.init == ml::KMeansInit::given) {
          o.init_centers.assign(init_centers.data(), init_centers.data() + init_centers.size());
        }
        o.n_init = n_init;
        o.max_iter = max_iter;
        o.tol = tol;
        o.seed = seed;
        ml::KMeans<T> km(o);
        km.fit(x);
        return py::make_tuple(to_numpy(km.cluster_centers(), {n_clusters, km.n_features()}),
                              km.labels(), km.inertia(), km.n_iter());
      },
      py::arg("x"), py::arg("n_clusters"), py::arg("init"), py::arg("init_centers"),
      py::arg("n_init"), py::arg("max_iter"), py::arg("tol"), py::arg("seed"));
  ml.def("kmeans_assign", [](const A& x,
                             const py::array_t<T, py::array::c_style | py::array::forcecast>& c) {
    ml::KMeansAssignment a = ml::kmeans_assign(x, centers_from(c), static_cast<int>(c.shape(0)));
    return py::make_tuple(std::move(a.labels), a.inertia);
  });
  ml.def("kmeans_distances",
         [](const A& x, const py::array_t<T, py::array::c_style | py::array::forcecast>& c) {
           return ml::euclidean_distances(x, centers_from(c), static_cast<int>(c.shape(0)));
         });
}

}  // namespace

void bind_ml_cluster(py::module_& ml) {
  bind_cluster_type<double>(ml);
  bind_cluster_type<float>(ml);
}

}  // namespace pgas::python
