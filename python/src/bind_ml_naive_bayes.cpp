// Bindings of the ml layer's GaussianNB into _core.ml: the model state travels as a dict of
// NumPy arrays (pgas/ml/naive_bayes.py keeps it as the estimator's trailing-underscore
// attributes), one overload per element type of X.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "pgas/errors.hpp"
#include "pgas/ml/naive_bayes.hpp"

namespace py = pybind11;

namespace pgas::python {
namespace {

using Doubles = py::array_t<double, py::array::c_style | py::array::forcecast>;

std::vector<double> to_vector(const Doubles& a) {
  return std::vector<double>(a.data(), a.data() + a.size());
}

py::dict model_state(const ml::GaussianNBModel& m) {
  py::dict out;
  const auto k = static_cast<std::int64_t>(m.classes.size());
  out["classes_"] = to_numpy(m.classes);
  out["theta_"] = to_numpy(m.theta, {k, m.n_features});
  out["var_"] = to_numpy(m.var, {k, m.n_features});
  out["class_count_"] = to_numpy(m.class_count);
  out["class_prior_"] = to_numpy(m.class_prior);
  out["epsilon_"] = m.epsilon;
  return out;
}

// theta / var empty (size 0) means a first call.
ml::GaussianNBModel model_of(const Doubles& classes, const Doubles& theta, const Doubles& var,
                             const Doubles& class_count, const Doubles& class_prior,
                             double epsilon) {
  ml::GaussianNBModel m;
  m.classes = to_vector(classes);
  m.theta = to_vector(theta);
  m.var = to_vector(var);
  m.class_count = to_vector(class_count);
  m.class_prior = to_vector(class_prior);
  m.epsilon = epsilon;
  const auto k = static_cast<std::int64_t>(m.classes.size());
  m.n_features = k == 0 ? 0 : static_cast<std::int64_t>(m.theta.size()) / k;
  return m;
}

ml::NaiveBayesOutput output_of(const std::string& what) {
  if (what == "joint") return ml::NaiveBayesOutput::joint_log_likelihood;
  if (what == "log_proba") return ml::NaiveBayesOutput::log_proba;
  if (what == "proba") return ml::NaiveBayesOutput::proba;
  throw ValueError("GaussianNB: unknown output '" + what + "'");
}

template <class T>
void bind_naive_bayes_type(py::module_& ml) {
  using A = DArray<T>;
  ml.def(
      "gaussian_nb_update",
      [](const A& x, const DArray<double>& y, const Doubles& classes, const Doubles& theta,
         const Doubles& var, const Doubles& class_count, double var_smoothing,
         const Doubles& priors) {
        const ml::GaussianNBModel m = model_of(classes, theta, var, class_count, Doubles(0), 0.0);
        return model_state(ml::gaussian_nb_update(x, y, m, var_smoothing, to_vector(priors)));
      },
      py::arg("x"), py::arg("y"), py::arg("classes"), py::arg("theta"), py::arg("var"),
      py::arg("class_count"), py::arg("var_smoothing"), py::arg("priors"));
  ml.def(
      "gaussian_nb_scores",
      [](const A& x, const Doubles& classes, const Doubles& theta, const Doubles& var,
         const Doubles& class_prior, const std::string& what) {
        return ml::gaussian_nb_scores(
            x, model_of(classes, theta, var, Doubles(0), class_prior, 0.0), output_of(what));
      },
      py::arg("x"), py::arg("classes"), py::arg("theta"), py::arg("var"), py::arg("class_prior"),
      py::arg("what"));
  ml.def(
      "gaussian_nb_predict",
      [](const A& x, const Doubles& classes, const Doubles& theta, const Doubles& var,
         const Doubles& class_prior) {
        return ml::gaussian_nb_predict(x,
                                       model_of(classes, theta, var, Doubles(0), class_prior, 0.0));
      },
      py::arg("x"), py::arg("classes"), py::arg("theta"), py::arg("var"), py::arg("class_prior"));
}

}  // namespace

void bind_ml_naive_bayes(py::module_& ml) {
  bind_naive_bayes_type<double>(ml);
  bind_naive_bayes_type<float>(ml);
}

}  // namespace pgas::python
