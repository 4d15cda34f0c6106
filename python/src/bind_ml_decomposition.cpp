// Bindings of the ml layer's decomposition and preprocessing areas (PCA, TruncatedSVD, the
// scalers) into _core.ml: one overload per element type (float32, float64), fitted state as
// NumPy, per-sample results as DArrays. pgas/ml/decomposition.py and preprocessing.py hold
// the estimators' parameter handling.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "pgas/errors.hpp"
#include "pgas/ml/decomposition.hpp"
#include "pgas/ml/preprocessing.hpp"

namespace py = pybind11;

namespace pgas::python {
namespace {

// A row-major (rows x ...) matrix of `v` as a 2-D NumPy array.
template <class V>
py::array matrix_to_numpy(const std::vector<V>& v, std::int64_t rows) {
  const std::int64_t cols = rows == 0 ? 0 : static_cast<std::int64_t>(v.size()) / rows;
  return to_numpy(v, {rows, cols});
}

template <class V>
using Input = py::array_t<V, py::array::c_style | py::array::forcecast>;

template <class V>
std::vector<V> vector_of(const Input<V>& a) {
  return std::vector<V>(a.data(), a.data() + a.size());
}

template <class V>
std::vector<V> optional_vector(const std::optional<Input<V>>& a) {
  return a ? vector_of(*a) : std::vector<V>{};
}

ml::PowerNormalizer normalizer_of(const std::string& s) {
  if (s == "QR") return ml::PowerNormalizer::qr;
  if (s == "LU") return ml::PowerNormalizer::lu;
  if (s == "none") return ml::PowerNormalizer::none;
  if (s == "auto") return ml::PowerNormalizer::automatic;
  throw ValueError("power_iteration_normalizer must be 'auto', 'QR', 'LU' or 'none', got '" + s +
                   "'");
}

ml::PcaSolver solver_of(const std::string& s) {
  if (s == "full") return ml::PcaSolver::full;
  if (s == "covariance_eigh") return ml::PcaSolver::covariance_eigh;
  if (s == "randomized") return ml::PcaSolver::randomized;
  if (s == "auto") return ml::PcaSolver::automatic;
  throw ValueError("svd_solver must be 'auto', 'full', 'covariance_eigh' or 'randomized', got '" +
                   s + "'");
}

const char* solver_name(ml::PcaSolver s) {
  switch (s) {
    case ml::PcaSolver::covariance_eigh:
      return "covariance_eigh";
    case ml::PcaSolver::randomized:
      return "randomized";
    default:
      return "full";
  }
}

template <class T>
void bind_decomposition_type(py::module_& ml) {
  using A = DArray<T>;
  ml.def("pca_fit", [](const A& x, const std::string& kind, std::int64_t count, double fraction,
                       const std::string& solver, int iterated_power, int n_oversamples,
                       const std::string& normalizer, std::uint64_t seed) {
    ml::PcaOptions o;
    using C = ml::PcaOptions::Components;
    o.components = kind == "count"      ? C::count
                   : kind == "fraction" ? C::fraction
                   : kind == "mle"      ? C::mle
                                        : C::all;
    o.count = count;
    o.fraction = fraction;
    o.solver = solver_of(solver);
    o.iterated_power = iterated_power;
    o.n_oversamples = n_oversamples;
    o.normalizer = normalizer_of(normalizer);
    o.seed = seed;
    const ml::PcaModel<T> m = ml::pca_fit(x, o);
    py::dict out;
    out["mean_"] = to_numpy(m.mean);
    out["components_"] = matrix_to_numpy(m.components, static_cast<std::int64_t>(m.n_components));
    out["explained_variance_"] = to_numpy(m.explained_variance);
    out["explained_variance_ratio_"] = to_numpy(m.explained_variance_ratio);
    out["singular_values_"] = to_numpy(m.singular_values);
    out["n_components_"] = m.n_components;
    out["n_samples_"] = m.n_samples;
    out["noise_variance_"] = m.noise_variance;
    out["solver"] = solver_name(m.solver);
    return out;
  });
  ml.def("pca_transform", [](const A& x, const Input<T>& mean, const Input<T>& components,
                             const Input<T>& explained_variance, bool whiten) {
    return ml::pca_transform(x, vector_of(mean), vector_of(components),
                             vector_of(explained_variance), whiten);
  });
  ml.def("pca_inverse_transform", [](const A& z, const Input<T>& mean, const Input<T>& components,
                                     const Input<T>& explained_variance, bool whiten) {
    return ml::pca_inverse_transform(z, vector_of(mean), vector_of(components),
                                     vector_of(explained_variance), whiten);
  });
  ml.def("pca_score_samples",
         [](const A& x, const Input<T>& mean, const Input<T>& precision, double constant) {
           return ml::pca_score_samples(x, vector_of(mean), vector_of(precision), constant);
         });
  ml.def("truncated_svd_fit",
         [](const A& x, std::int64_t k, const std::string& algorithm, int n_iter, int n_oversamples,
            const std::string& normalizer, std::uint64_t seed) {
           ml::TruncatedSvdOptions o;
           o.n_components = k;
           o.algorithm = algorithm == "arpack" ? ml::TruncatedSvdAlgorithm::arpack
                                               : ml::TruncatedSvdAlgorithm::randomized;
           o.n_iter = n_iter;
           o.n_oversamples = n_oversamples;
           o.normalizer = normalizer_of(normalizer);
           o.seed = seed;
           ml::TruncatedSvdModel<T> m = ml::truncated_svd_fit(x, o);
           py::dict out;
           out["components_"] =
               matrix_to_numpy(m.components, static_cast<std::int64_t>(m.singular_values.size()));
           out["explained_variance_"] = to_numpy(m.explained_variance);
           out["explained_variance_ratio_"] = to_numpy(m.explained_variance_ratio);
           out["singular_values_"] = to_numpy(m.singular_values);
           out["transformed"] = py::cast(std::move(m.transformed));
           return out;
         });
  ml.def(
      "project_rows",
      [](const A& x, const Input<T>& components, const std::optional<Input<T>>& center) {
        return ml::project_rows(x, vector_of(components), optional_vector(center));
      },
      py::arg("x"), py::arg("components"), py::arg("center") = py::none());
  ml.def(
      "combine_rows",
      [](const A& z, const Input<T>& components, const std::optional<Input<T>>& offset) {
        return ml::combine_rows(z, vector_of(components), optional_vector(offset));
      },
      py::arg("z"), py::arg("components"), py::arg("offset") = py::none());

  ml.def("standard_scaler_fit", [](const A& x, bool with_mean, bool with_std) {
    const ml::StandardScalerModel m = ml::standard_scaler_fit(x, with_mean, with_std);
    const auto opt = [](const std::vector<double>& v, bool present) -> py::object {
      return present ? py::object(to_numpy(v)) : py::object(py::none());
    };
    return py::make_tuple(to_numpy(m.n_samples_seen), opt(m.mean, with_mean || with_std),
                          opt(m.var, with_std), opt(m.scale, with_std));
  });
  ml.def("min_max_scaler_fit", [](const A& x, double lo, double hi) {
    const ml::MinMaxScalerModel<T> m = ml::min_max_scaler_fit(x, lo, hi);
    return py::make_tuple(to_numpy(m.data_min), to_numpy(m.data_max), to_numpy(m.data_range),
                          to_numpy(m.scale), to_numpy(m.min), m.n_samples_seen);
  });
  ml.def("max_abs_scaler_fit", [](const A& x) {
    const ml::MaxAbsScalerModel<T> m = ml::max_abs_scaler_fit(x);
    return py::make_tuple(to_numpy(m.max_abs), to_numpy(m.scale), m.n_samples_seen);
  });
  ml.def(
      "column_affine",
      [](const A& x, const std::optional<Input<double>>& sub,
         const std::optional<Input<double>>& mul, const std::optional<Input<double>>& div,
         const std::optional<Input<double>>& add, bool clip, double lo, double hi,
         const std::string& estimator) {
        return ml::column_affine(x, optional_vector(sub), optional_vector(mul),
                                 optional_vector(div), optional_vector(add), clip, lo, hi,
                                 estimator.c_str());
      },
      py::arg("x"), py::arg("sub") = py::none(), py::arg("mul") = py::none(),
      py::arg("div") = py::none(), py::arg("add") = py::none(), py::arg("clip") = false,
      py::arg("clip_min") = 0.0, py::arg("clip_max") = 0.0, py::arg("estimator") = "the scaler");
  ml.def("normalize_rows", [](const A& x, const std::string& norm) {
    const ml::RowNorm n = norm == "l1"    ? ml::RowNorm::l1
                          : norm == "max" ? ml::RowNorm::max
                          : norm == "l2"  ? ml::RowNorm::l2
                                          : throw ValueError("norm must be 'l1', 'l2' or 'max'");
    return ml::normalize_rows(x, n);
  });
}

}  // namespace

void bind_ml_decomposition(py::module_& ml) {
  bind_decomposition_type<double>(ml);
  bind_decomposition_type<float>(ml);
}

}  // namespace pgas::python
