// Bindings of the ml layer's mixture area (GaussianMixture) into _core.ml; pgas/ml/mixture.py
// gives them scikit-learn's class. One EM run is one call; numpy's RandomState draws are made
// in Python and handed over (the 'random' init passes the generator's state and gets it back).
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "pgas/errors.hpp"
#include "pgas/ml/mixture.hpp"

namespace py = pybind11;

namespace pgas::python {
namespace {

using Doubles = py::array_t<double, py::array::c_style | py::array::forcecast>;

std::vector<double> vec(const Doubles& a) {
  return std::vector<double>(a.data(), a.data() + a.size());
}

ml::GaussianMixtureParams params_of(const Doubles& weights, const Doubles& means,
                                    const Doubles& chol) {
  ml::GaussianMixtureParams p;
  p.weights = vec(weights);
  p.means = vec(means);
  p.precisions_cholesky = vec(chol);
  return p;
}

template <class T>
void bind_mixture_type(py::module_& ml) {
  using A = DArray<T>;
  ml.def(
      "gmm_em",
      [](const A& x, int n_components, const std::string& covariance_type, double tol,
         double reg_covar, int max_iter, const std::string& resp,
         std::optional<DArray<std::int32_t>> labels, std::vector<std::int64_t> indices,
         const py::array_t<std::uint32_t, py::array::c_style | py::array::forcecast>& key, int pos,
         const Doubles& weights, const Doubles& means, const Doubles& precisions,
         const Doubles& precisions_cholesky, const Doubles& covariances, double lower_bound) {
        ml::GaussianMixtureOptions o;
        o.n_components = n_components;
        o.covariance_type = ml::covariance_type_from(covariance_type);
        o.tol = tol;
        o.reg_covar = reg_covar;
        o.max_iter = max_iter;
        ml::GaussianMixtureInit init;
        using R = ml::GaussianMixtureInit::Resp;
        init.resp = resp == "labels"    ? R::labels
                    : resp == "indices" ? R::indices
                    : resp == "random"  ? R::random
                                        : R::none;
        init.labels = std::move(labels);
        init.indices = std::move(indices);
        init.random.key.assign(key.data(), key.data() + key.size());
        init.random.pos = pos;
        init.weights = vec(weights);
        init.means = vec(means);
        init.precisions = vec(precisions);
        init.precisions_cholesky = vec(precisions_cholesky);
        init.covariances = vec(covariances);
        init.lower_bound = lower_bound;
        ml::GaussianMixtureRun run = ml::gaussian_mixture_em(x, o, init);
        py::dict out;
        out["weights"] = to_numpy(run.params.weights);
        out["means"] = to_numpy(run.params.means);
        out["covariances"] = to_numpy(run.params.covariances);
        out["precisions_cholesky"] = to_numpy(run.params.precisions_cholesky);
        out["converged"] = run.converged;
        out["n_iter"] = run.n_iter;
        out["lower_bound"] = run.lower_bound;
        out["lower_bounds"] = run.lower_bounds;
        out["key"] = to_numpy(init.random.key);
        out["pos"] = init.random.pos;
        return out;
      },
      py::arg("x"), py::arg("n_components"), py::arg("covariance_type"), py::arg("tol"),
      py::arg("reg_covar"), py::arg("max_iter"), py::arg("resp"), py::arg("labels"),
      py::arg("indices"), py::arg("key"), py::arg("pos"), py::arg("weights"), py::arg("means"),
      py::arg("precisions"), py::arg("precisions_cholesky"), py::arg("covariances"),
      py::arg("lower_bound"));
  ml.def(
      "gmm_estimate",
      [](const A& x, const std::string& covariance_type, const Doubles& weights,
         const Doubles& means, const Doubles& chol, bool labels, bool resp, bool log_prob) {
        ml::GaussianMixtureEstimate e =
            ml::gaussian_mixture_estimate(x, ml::covariance_type_from(covariance_type),
                                          params_of(weights, means, chol), labels, resp, log_prob);
        py::object l = py::none(), r = py::none(), s = py::none();
        if (e.labels) l = py::cast(std::move(*e.labels));
        if (e.resp) r = py::cast(std::move(*e.resp));
        if (e.log_prob) s = py::cast(std::move(*e.log_prob));
        return py::make_tuple(l, r, s, e.log_prob_sum);
      },
      py::arg("x"), py::arg("covariance_type"), py::arg("weights"), py::arg("means"),
      py::arg("precisions_cholesky"), py::arg("labels"), py::arg("resp"), py::arg("log_prob"));
  ml.def(
      "gmm_kmeans_plus_plus",
      [](const A& x, int k, double first_u, const Doubles& trial_u) {
        return ml::kmeans_plus_plus_indices(x, k, first_u, vec(trial_u));
      },
      py::arg("x"), py::arg("k"), py::arg("first_u"), py::arg("trial_u"));
  ml.def(
      "gmm_gather_rows",
      [](const A& x, const std::vector<std::int64_t>& indices) {
        return to_numpy(ml::gather_rows(x, indices),
                        {static_cast<std::int64_t>(indices.size()), x.shape()[1]});
      },
      py::arg("x"), py::arg("indices"));
}

}  // namespace

void bind_ml_mixture(py::module_& ml) {
  bind_mixture_type<double>(ml);
  bind_mixture_type<float>(ml);
  ml.def(
      "gmm_precisions",
      [](const Doubles& chol, const std::string& covariance_type, int k, std::int64_t d) {
        return to_numpy(ml::precisions_from_cholesky(
            vec(chol), ml::covariance_type_from(covariance_type), k, d));
      },
      py::arg("precisions_cholesky"), py::arg("covariance_type"), py::arg("k"), py::arg("d"));
}

}  // namespace pgas::python
