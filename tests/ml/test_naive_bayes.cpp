// GaussianNB's kernels against a serial oracle on the whole data (every rank): per-class
// means and population variances with epsilon = var_smoothing * max column variance, the
// batch update of partial_fit (scikit-learn's rule, epsilon subtracted and re-added), the
// joint log likelihood, probabilities and predictions; X on several maps with y on another;
// bad labels and shapes refused on every rank.
#include <cmath>
#include <limits>
#include <random>

#include "darray_testing.hpp"
#include "ml_testing.hpp"
#include "pgas/ml/naive_bayes.hpp"

namespace pgas::ml {
namespace {

using maps::DimDist;
using maps::Map;
using testing::all_ranks;

std::vector<Map> x_maps() {
  return testing_data::x_maps(5);
}

Map y_map() {
  return Map({testing::world_size()}, {DimDist::block_cyclic(3)});
}

using testing_data::to_darray;

// The whole of a 1-D or 2-D result, on every rank, by one allreduce of each rank's cells.
std::vector<double> whole(const DArray<double>& a) {
  const std::int64_t n = a.shape()[0], k = a.ndim() == 2 ? a.shape()[1] : 1;
  std::vector<double> out(static_cast<std::size_t>(n * k), 0.0);
  const auto gi = a.global_ind(0);
  const std::vector<std::int64_t> gj =
      a.ndim() == 2 ? a.global_ind(1) : std::vector<std::int64_t>{0};
  for (std::size_t i = 0; i < gi.size(); ++i)
    for (std::size_t j = 0; j < gj.size(); ++j)
      out[static_cast<std::size_t>(gi[i] * k + gj[j])] = a.local_data()[i * gj.size() + j];
  a.context()->comm().allreduce(out.data(), out.data(), out.size(), comm::Op::sum);
  return out;
}

struct Data {
  std::int64_t n, d;
  std::vector<double> x, y;
};

// Three classes (labels 1, 4, 9) with shifted means and scales.
Data blobs(std::int64_t n, std::int64_t d, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g;
  const double labels[3] = {1, 4, 9};
  Data s{n, d, std::vector<double>(static_cast<std::size_t>(n * d)),
         std::vector<double>(static_cast<std::size_t>(n))};
  for (std::int64_t i = 0; i < n; ++i) {
    const int c = static_cast<int>(rng() % 3);
    s.y[i] = labels[c];
    for (std::int64_t j = 0; j < d; ++j) s.x[i * d + j] = (c + 1) * g(rng) + 2.0 * c - double(j);
  }
  return s;
}

// The serial oracle: scikit-learn's rules written out on the rows [a, b).
struct Oracle {
  std::vector<double> classes{1, 4, 9};
  std::vector<double> theta, var, count;
  double epsilon = 0;
  void update(const Data& s, std::int64_t a, std::int64_t b, double smoothing) {
    const std::int64_t d = s.d, m = b - a;
    const bool first = theta.empty();
    if (first) {
      theta.assign(3 * d, 0.0);
      var.assign(3 * d, 0.0);
      count.assign(3, 0.0);
    }
    double max_var = 0;
    for (std::int64_t j = 0; j < d; ++j) {
      double mean = 0, ss = 0;
      for (std::int64_t i = a; i < b; ++i) mean += s.x[i * d + j];
      mean /= double(m);
      for (std::int64_t i = a; i < b; ++i) ss += std::pow(s.x[i * d + j] - mean, 2);
      max_var = std::max(max_var, ss / double(m));
    }
    epsilon = smoothing * max_var;
    if (!first)
      for (double& v : var) v -= epsilon;
    for (int c = 0; c < 3; ++c) {
      double nn = 0;
      std::vector<double> mu(d, 0.0), ss(d, 0.0);
      for (std::int64_t i = a; i < b; ++i) {
        if (s.y[i] != classes[c]) continue;
        nn += 1;
        for (std::int64_t j = 0; j < d; ++j) mu[j] += s.x[i * d + j];
      }
      if (nn == 0) continue;
      for (auto& v : mu) v /= nn;
      for (std::int64_t i = a; i < b; ++i) {
        if (s.y[i] != classes[c]) continue;
        for (std::int64_t j = 0; j < d; ++j) ss[j] += std::pow(s.x[i * d + j] - mu[j], 2);
      }
      const double np = count[c], nt = np + nn;
      for (std::int64_t j = 0; j < d; ++j) {
        const double nv = ss[j] / nn;
        if (np == 0) {
          theta[c * d + j] = mu[j];
          var[c * d + j] = nv;
        } else {
          const double tm = (nn * mu[j] + np * theta[c * d + j]) / nt;
          const double tssd = np * var[c * d + j] + nn * nv +
                              (nn * np / nt) * std::pow(theta[c * d + j] - mu[j], 2);
          theta[c * d + j] = tm;
          var[c * d + j] = tssd / nt;
        }
      }
      count[c] += nn;
    }
    for (double& v : var) v += epsilon;
  }
};

double max_rel(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return std::numeric_limits<double>::infinity();
  double scale = 0, err = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    scale = std::max(scale, std::abs(b[i]));
    err = std::max(err, std::abs(a[i] - b[i]));
  }
  return err / std::max(scale, 1e-300);
}

Data rows(const Data& s, std::int64_t a, std::int64_t b) {
  return Data{b - a, s.d, std::vector<double>(s.x.begin() + a * s.d, s.x.begin() + b * s.d),
              std::vector<double>(s.y.begin() + a, s.y.begin() + b)};
}

TEST(GaussianNB, FitEqualsTheSerialOracleOnEveryMap) {
  const Data s = blobs(97, 4, 3);
  Oracle o;
  o.update(s, 0, s.n, 1e-2);
  for (const Map& m : x_maps()) {
    const GaussianNBModel f =
        gaussian_nb_fit(to_darray(s.x, s.n, s.d, m), to_darray(s.y, y_map()), 1e-2);
    double total = 0;
    for (double c : o.count) total += c;
    std::vector<double> prior;
    for (double c : o.count) prior.push_back(c / total);
    EXPECT_TRUE(all_ranks(f.classes == o.classes && max_rel(f.theta, o.theta) < 1e-12 &&
                          max_rel(f.var, o.var) < 1e-12 && f.class_count == o.count &&
                          max_rel(f.class_prior, prior) < 1e-15 &&
                          std::abs(f.epsilon - o.epsilon) <= 1e-12 * o.epsilon));
  }
}

TEST(GaussianNB, BatchUpdatesEqualTheSerialRule) {
  const Data s = blobs(120, 3, 8);
  Oracle o;
  GaussianNBModel f;
  f.classes = o.classes;
  const std::int64_t cuts[] = {0, 10, 11, 70, 120};
  const auto ms = x_maps();
  for (int b = 0; b < 4; ++b) {
    o.update(s, cuts[b], cuts[b + 1], 1e-3);
    const Data part = rows(s, cuts[b], cuts[b + 1]);
    f = gaussian_nb_update(to_darray(part.x, part.n, part.d, ms[b % ms.size()]),
                           to_darray(part.y, y_map()), f, 1e-3);
    EXPECT_TRUE(all_ranks(max_rel(f.theta, o.theta) < 1e-12 && max_rel(f.var, o.var) < 1e-12 &&
                          f.class_count == o.count));
  }
}

TEST(GaussianNB, ScoresAndPredictionsEqualTheSerialFormulas) {
  const Data s = blobs(61, 5, 4);
  const std::vector<double> priors{0.2, 0.3, 0.5};
  for (const Map& m : x_maps()) {
    const auto x = to_darray(s.x, s.n, s.d, m);
    const GaussianNBModel f = gaussian_nb_fit(x, to_darray(s.y, y_map()), 1e-9, priors);
    const std::vector<double> jll =
        whole(gaussian_nb_scores(x, f, NaiveBayesOutput::joint_log_likelihood));
    const std::vector<double> lp = whole(gaussian_nb_scores(x, f, NaiveBayesOutput::log_proba));
    const std::vector<double> pr = whole(gaussian_nb_scores(x, f, NaiveBayesOutput::proba));
    const std::vector<double> pred = whole(gaussian_nb_predict(x, f));
    bool ok = f.class_prior == priors;
    for (std::int64_t i = 0; i < s.n; ++i) {
      double best = -std::numeric_limits<double>::infinity(), label = 0, sum = 0;
      std::vector<double> z(3);
      for (int c = 0; c < 3; ++c) {
        double v = std::log(priors[c]);
        for (std::int64_t j = 0; j < s.d; ++j) {
          const double var = f.var[c * s.d + j];
          v -= 0.5 * std::log(2 * M_PI * var) +
               0.5 * std::pow(s.x[i * s.d + j] - f.theta[c * s.d + j], 2) / var;
        }
        z[c] = v;
        sum += std::exp(v);
        if (v > best) best = v, label = f.classes[c];
      }
      ok = ok && pred[i] == label;
      for (int c = 0; c < 3; ++c) {
        ok = ok && std::abs(jll[i * 3 + c] - z[c]) <= 1e-10 * std::abs(z[c]) &&
             std::abs(lp[i * 3 + c] - (z[c] - std::log(sum))) <= 1e-9 &&
             std::abs(pr[i * 3 + c] - std::exp(z[c]) / sum) <= 1e-12;
      }
    }
    EXPECT_TRUE(all_ranks(ok));
  }
}

TEST(GaussianNB, RefusesBadLabelsAndShapesOnEveryRank) {
  const Data s = blobs(30, 2, 1);
  const auto x = to_darray(s.x, s.n, s.d, x_maps()[1]);
  GaussianNBModel only_two;
  only_two.classes = {1, 4};
  EXPECT_TRUE(testing::throws_on_every_rank<ValueError>(
      [&] { gaussian_nb_update(x, to_darray(s.y, y_map()), only_two, 1e-9); },
      {"not among the classes"}));
  const std::vector<double> short_y(s.y.begin(), s.y.begin() + 20);
  EXPECT_TRUE(testing::throws_on_every_rank<ValueError>(
      [&] { gaussian_nb_fit(x, to_darray(short_y, y_map()), 1e-9); }, {"inconsistent numbers"}));
  EXPECT_TRUE(testing::throws_on_every_rank<ValueError>(
      [&] {
        gaussian_nb_fit(x, to_darray(s.y, y_map()), 1e-9, {0.5, 0.5});
      },
      {"Number of priors"}));
  const GaussianNBModel f = gaussian_nb_fit(x, to_darray(s.y, y_map()), 1e-9);
  const Data wide = blobs(30, 3, 1);
  EXPECT_TRUE(testing::throws_on_every_rank<ValueError>(
      [&] { gaussian_nb_predict(to_darray(wide.x, wide.n, wide.d, x_maps()[0]), f); },
      {"X has 3 features, but GaussianNB is expecting 2"}));
  EXPECT_TRUE(testing::throws_on_every_rank<ValueError>(
      [&] {
        gaussian_nb_update(to_darray(wide.x, wide.n, wide.d, x_maps()[0]),
                           to_darray(wide.y, y_map()), f, 1e-9);
      },
      {"Number of features 3 does not match previous data 2."}));
}

}  // namespace
}  // namespace pgas::ml
