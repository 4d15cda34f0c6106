// Bindings of the ml layer's linear models (LinearRegression, Ridge, ElasticNet / Lasso,
// LogisticRegression) into _core.ml: one overload per element type of X, each fit one call,
// fitted state as NumPy. pgas/ml/linear_model.py holds the estimators' parameter handling.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "pgas/errors.hpp"
#include "pgas/ml/linear_model.hpp"

namespace py = pybind11;

namespace pgas::python {
namespace {

template <class V>
using Input = py::array_t<V, py::array::c_style | py::array::forcecast>;

template <class T>
py::dict linear_state(const ml::LinearFit<T>& f) {
  py::dict out;
  const auto k = f.targets;
  const std::int64_t d = k == 0 ? 0 : static_cast<std::int64_t>(f.coef.size()) / k;
  out["coef_"] = to_numpy(f.coef, {k, d});
  out["intercept_"] = to_numpy(f.intercept);
  return out;
}

ml::RidgeSolver ridge_solver_of(const std::string& s) {
  if (s == "auto") return ml::RidgeSolver::automatic;
  if (s == "cholesky") return ml::RidgeSolver::cholesky;
  if (s == "svd") return ml::RidgeSolver::svd;
  throw ValueError("Ridge: solver must be 'auto', 'cholesky' or 'svd', got '" + s + "'");
}

ml::EnetSolver enet_solver_of(const std::string& s) {
  if (s == "auto") return ml::EnetSolver::automatic;
  if (s == "gram") return ml::EnetSolver::gram_cd;
  if (s == "proximal") return ml::EnetSolver::proximal_gradient;
  throw ValueError("ElasticNet: solver must be 'auto', 'gram' or 'proximal', got '" + s + "'");
}

ml::EnetOptions enet_options(double l1_ratio, bool fit_intercept, std::int64_t max_iter, double tol,
                             bool positive, bool random, std::uint32_t seed,
                             const std::string& solver) {
  ml::EnetOptions o;
  o.l1_ratio = l1_ratio;
  o.fit_intercept = fit_intercept;
  o.max_iter = max_iter;
  o.tol = tol;
  o.positive = positive;
  o.random = random;
  o.seed = seed;
  o.solver = enet_solver_of(solver);
  return o;
}

template <class T>
void bind_linear_type(py::module_& ml) {
  using A = DArray<T>;
  ml.def(
      "linear_regression_fit",
      [](const A& x, const A& y, bool fit_intercept, double tol, bool positive,
         const A* sample_weight) {
        const ml::LinearRegressionFit<T> f =
            ml::linear_regression_fit(x, y, fit_intercept, tol, positive, sample_weight);
        py::dict out = linear_state(f);
        out["rank_"] = f.rank;
        out["singular_"] = to_numpy(f.singular);
        return out;
      },
      py::arg("x"), py::arg("y"), py::arg("fit_intercept"), py::arg("tol"), py::arg("positive"),
      py::arg("sample_weight") = nullptr);
  ml.def(
      "ridge_fit",
      [](const A& x, const A& y, const Input<double>& alpha, bool fit_intercept,
         const std::string& solver, const A* sample_weight) {
        const std::vector<double> a(alpha.data(), alpha.data() + alpha.size());
        const ml::RidgeFit<T> f =
            ml::ridge_fit(x, y, a, fit_intercept, ridge_solver_of(solver), sample_weight);
        py::dict out = linear_state(f);
        out["solver_"] = f.solver;
        return out;
      },
      py::arg("x"), py::arg("y"), py::arg("alpha"), py::arg("fit_intercept"), py::arg("solver"),
      py::arg("sample_weight") = nullptr);
  ml.def(
      "enet_fit",
      [](const A& x, const A& y, double alpha, double l1_ratio, bool fit_intercept,
         std::int64_t max_iter, double tol, bool positive, bool random, std::uint32_t seed,
         const Input<T>& coef_init, const std::string& solver) {
        ml::EnetOptions o =
            enet_options(l1_ratio, fit_intercept, max_iter, tol, positive, random, seed, solver);
        o.alpha = alpha;
        const std::vector<T> init(coef_init.data(), coef_init.data() + coef_init.size());
        const ml::EnetFit<T> f = ml::enet_fit(x, y, o, init);
        py::dict out = linear_state(f);
        out["n_iter_"] = f.n_iter;
        out["dual_gap_"] = to_numpy(f.dual_gap);
        out["tol_"] = to_numpy(f.tol);
        out["converged_"] = std::vector<bool>(f.converged.begin(), f.converged.end());
        out["solver_"] = f.solver;
        return out;
      },
      py::arg("x"), py::arg("y"), py::arg("alpha"), py::arg("l1_ratio"), py::arg("fit_intercept"),
      py::arg("max_iter"), py::arg("tol"), py::arg("positive"), py::arg("random"), py::arg("seed"),
      py::arg("coef_init"), py::arg("solver"));
  ml.def(
      "enet_path",
      [](const A& x, const A& y, const Input<double>& alphas, double eps, std::int64_t n_alphas,
         double l1_ratio, bool fit_intercept, std::int64_t max_iter, double tol, bool positive,
         bool random, const Input<std::uint32_t>& seeds, const Input<T>& coef_init,
         const std::string& solver) {
        const ml::EnetOptions o =
            enet_options(l1_ratio, fit_intercept, max_iter, tol, positive, random, 0, solver);
        const ml::EnetPath<T> p = ml::enet_path(
            x, y, o, std::vector<double>(alphas.data(), alphas.data() + alphas.size()), eps,
            n_alphas, std::vector<T>(coef_init.data(), coef_init.data() + coef_init.size()),
            std::vector<std::uint32_t>(seeds.data(), seeds.data() + seeds.size()));
        const auto m = static_cast<std::int64_t>(p.alphas.size());
        py::dict out;
        out["alphas"] = to_numpy(p.alphas);
        out["coefs"] =
            to_numpy(p.coefs, {m == 0 ? 0 : static_cast<std::int64_t>(p.coefs.size()) / m, m});
        out["dual_gaps"] = to_numpy(p.dual_gaps);
        out["n_iters"] = p.n_iter;
        out["converged"] = std::vector<bool>(p.converged.begin(), p.converged.end());
        out["tol"] = to_numpy(p.tol);
        out["solver"] = p.solver;
        return out;
      },
      py::arg("x"), py::arg("y"), py::arg("alphas"), py::arg("eps"), py::arg("n_alphas"),
      py::arg("l1_ratio"), py::arg("fit_intercept"), py::arg("max_iter"), py::arg("tol"),
      py::arg("positive"), py::arg("random"), py::arg("seeds"), py::arg("coef_init"),
      py::arg("solver"));
  ml.def(
      "logistic_fit",
      [](const A& x, const DArray<double>& y, const Input<double>& classes, double C,
         bool fit_intercept, double tol, std::int64_t max_iter, const std::string& solver,
         bool balanced, const Input<double>& class_weight, const Input<double>& coef_init,
         const Input<double>& intercept_init) {
        ml::LogisticOptions o;
        o.C = C;
        o.fit_intercept = fit_intercept;
        o.tol = tol;
        o.max_iter = max_iter;
        if (solver == "lbfgs") {
          o.solver = ml::LogisticSolver::lbfgs;
        } else if (solver == "newton-cholesky") {
          o.solver = ml::LogisticSolver::newton_cholesky;
        } else {
          throw ValueError(
              "LogisticRegression: solver must be 'lbfgs' or 'newton-cholesky', got '" + solver +
              "'");
        }
        o.balanced = balanced;
        o.class_weight.assign(class_weight.data(), class_weight.data() + class_weight.size());
        o.coef_init.assign(coef_init.data(), coef_init.data() + coef_init.size());
        o.intercept_init.assign(intercept_init.data(),
                                intercept_init.data() + intercept_init.size());
        const std::vector<double> c(classes.data(), classes.data() + classes.size());
        const ml::LogisticFit<T> f = ml::logistic_fit(x, y, c, o);
        py::dict out = linear_state(f);
        out["n_iter_"] = f.n_iter;
        out["converged_"] = f.converged;
        out["line_search_failed_"] = f.line_search_failed;
        return out;
      },
      py::arg("x"), py::arg("y"), py::arg("classes"), py::arg("C"), py::arg("fit_intercept"),
      py::arg("tol"), py::arg("max_iter"), py::arg("solver"), py::arg("balanced"),
      py::arg("class_weight"), py::arg("coef_init"), py::arg("intercept_init"));
  ml.def(
      "linear_decision",
      [](const A& x, const Input<T>& coef, const Input<T>& intercept, bool one_d) {
        return ml::linear_decision(
            x, std::vector<T>(coef.data(), coef.data() + coef.size()),
            std::vector<T>(intercept.data(), intercept.data() + intercept.size()), one_d);
      },
      py::arg("x"), py::arg("coef"), py::arg("intercept"), py::arg("one_d"));
  ml.def(
      "logistic_proba",
      [](const A& x, const Input<T>& coef, const Input<T>& intercept, bool log) {
        return ml::logistic_proba(
            x, std::vector<T>(coef.data(), coef.data() + coef.size()),
            std::vector<T>(intercept.data(), intercept.data() + intercept.size()), log);
      },
      py::arg("x"), py::arg("coef"), py::arg("intercept"), py::arg("log"));
  ml.def(
      "logistic_predict",
      [](const A& x, const Input<T>& coef, const Input<T>& intercept,
         const Input<double>& classes) {
        return ml::logistic_predict(
            x, std::vector<T>(coef.data(), coef.data() + coef.size()),
            std::vector<T>(intercept.data(), intercept.data() + intercept.size()),
            std::vector<double>(classes.data(), classes.data() + classes.size()));
      },
      py::arg("x"), py::arg("coef"), py::arg("intercept"), py::arg("classes"));
}

}  // namespace

void bind_ml_linear_model(py::module_& ml) {
  bind_linear_type<double>(ml);
  bind_linear_type<float>(ml);
}

}  // namespace pgas::python
