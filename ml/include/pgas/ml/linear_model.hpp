// Linear models on a darray whose rows are spread over the ranks: scikit-learn's
// LinearRegression, Ridge, ElasticNet / Lasso and LogisticRegression (docs/ml.md). Every fit
// reduces sufficient statistics of the local rows (a TSQR R factor, the centred Gram matrix
// and X^T y, or a loss / gradient / Hessian) and solves the small problem that is left on
// every rank on identical numbers (every reduction is a reduce to rank 0 and a broadcast), so
// the model does not depend on the rank count or the maps of X and y.
//
// X: a 2-D DArray on any map (laid out as whole rows once, ml::whole_rows); y: a 1-D (one
// target) or 2-D (n, k) DArray on any map, row i belonging to X's row i (it is redistributed
// to X's rows). Fitted state is row-major std::vector, the same on every rank. All functions
// are collective; ValueError on every rank for bad shapes or parameters.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pgas/darray/darray.hpp"

namespace pgas::ml {

/// coef: (targets x features) row-major; intercept: one per target (zeros without
/// fit_intercept).
template <typename T>
struct LinearFit {
  std::vector<T> coef;
  std::vector<T> intercept;
  std::int64_t targets = 1;
};

template <typename T>
struct LinearRegressionFit : LinearFit<T> {
  int rank = 0;             // rank of the centred X (singular values above tol * s_max)
  std::vector<T> singular;  // singular values of the centred X, descending
};

/// scikit-learn's LinearRegression (dense): the minimum-norm least-squares solution of the
/// centred problem (linalg::lstsq, i.e. TSQR + a small SVD for tall X, ScaLAPACK's SVD
/// otherwise; singular values below tol * s_max count as zero, scipy's `cond`), or with
/// `positive` the non-negative least-squares solution (Lawson-Hanson on the reduced Gram
/// matrix; rank and singular are then left empty, as scikit-learn). `sample_weight` (null:
/// none; else 1-D, X's row count, any map, finite and non-negative: ValueError on every rank
/// otherwise): scikit-learn's weighted means and rows rescaled by sqrt(weight). Collective.
template <typename T>
LinearRegressionFit<T> linear_regression_fit(const DArray<T>& x, const DArray<T>& y,
                                             bool fit_intercept, double tol, bool positive,
                                             const DArray<T>* sample_weight = nullptr);

enum class RidgeSolver { automatic, cholesky, svd };

template <typename T>
struct RidgeFit : LinearFit<T> {
  std::string solver;  // the solver used: "cholesky" or "svd" (cholesky falls back to svd)
};

/// scikit-learn's Ridge: min ||y - Xw - b||^2 + alpha ||w||^2 per target. `alpha` has one
/// entry (every target) or one per target. cholesky/automatic: one reduction of the centred
/// Gram matrix and X^T y, then a Cholesky solve (svd when the matrix is not positive
/// definite, as scikit-learn); svd: the SVD of the centred X (linalg::svd_right) and X^T y.
/// `sample_weight` as linear_regression_fit's. Collective.
template <typename T>
RidgeFit<T> ridge_fit(const DArray<T>& x, const DArray<T>& y, const std::vector<double>& alpha,
                      bool fit_intercept, RidgeSolver solver,
                      const DArray<T>* sample_weight = nullptr);

/// ElasticNet's solver. gram_cd: scikit-learn's coordinate descent on the reduced d x d Gram
/// matrix (no communication inside the loop); proximal_gradient: FISTA on the distributed rows
/// (one reduction of a d-vector per iteration, no d x d matrix anywhere); automatic: gram_cd
/// up to kEnetGramMaxFeatures features, proximal_gradient beyond.
enum class EnetSolver { automatic, gram_cd, proximal_gradient };

/// The Gram route holds about three d x d double matrices per rank at its peak (the local
/// product, the reduction buffer, the result): 384 MiB at d = 4096, on every rank of a node.
/// Past that, and for wide data whose Gram would dwarf X itself, FISTA is the one that fits.
inline constexpr std::int64_t kEnetGramMaxFeatures = 4096;

struct EnetOptions {
  double alpha = 1.0;
  double l1_ratio = 0.5;
  bool fit_intercept = true;
  std::int64_t max_iter = 1000;
  double tol = 1e-4;
  bool positive = false;
  bool random = false;     // selection='random'
  std::uint32_t seed = 0;  // random: the rand_r state scikit-learn draws from random_state
  EnetSolver solver = EnetSolver::automatic;
};

template <typename T>
struct EnetFit : LinearFit<T> {
  std::vector<std::int64_t> n_iter;  // per target
  std::vector<double> dual_gap;      // per target, divided by n_samples (scikit-learn's)
  std::vector<double> tol;           // per target: tol * ||y_c||^2, the gap's threshold
  std::vector<bool> converged;       // per target
  std::string solver;                // the solver used: "gram_cd" or "proximal_gradient"
};

/// scikit-learn's ElasticNet / Lasso (l1_ratio = 1): (1/(2n))||y - Xw - b||^2 + alpha l1 ||w||_1
/// + alpha (1 - l1) / 2 ||w||^2, stopped by scikit-learn's duality-gap rule (gap <= tol *
/// ||y_c||^2). gram_cd: scikit-learn's coordinate descent on the Gram matrix
/// (enet_coordinate_descent_gram: gap-safe screening, the same rand_r stream for
/// selection='random'), one reduction of the centred Gram matrix and X^T y, no communication
/// inside the loop. proximal_gradient: FISTA with adaptive restart and backtracking from a
/// power-iteration estimate of ||X_c||^2, one reduction of X_c^T X_c w (d values) per
/// iteration, from which the gap follows without another one; `selection` does not apply.
/// `coef_init` (targets x features) warm-starts; empty means zeros. Collective.
template <typename T>
EnetFit<T> enet_fit(const DArray<T>& x, const DArray<T>& y, const EnetOptions& options,
                    const std::vector<T>& coef_init = {});

template <typename T>
struct EnetPath {
  std::vector<double> alphas;        // descending, as solved
  std::vector<T> coefs;              // (features x alphas) row-major: scikit-learn's layout
  std::vector<double> dual_gaps;     // per alpha, divided by n_samples
  std::vector<std::int64_t> n_iter;  // per alpha
  std::vector<bool> converged;       // per alpha
  std::vector<double> tol;           // per alpha: tol * ||y_c||^2
  std::string solver;
};

/// scikit-learn's enet_path / lasso_path (1-D y): the ElasticNet solutions for `alphas`
/// (sorted descending; empty: scikit-learn's grid of n_alphas values from alpha_max =
/// max|X_c^T y_c| / (n l1_ratio) (positive: max X_c^T y_c) down to eps alpha_max,
/// geometrically), each warm-started from the previous one (the first from coef_init, empty:
/// zeros). The sufficient statistics (Gram matrix or the power iteration) are computed once
/// for the whole path. options.alpha is ignored; options.fit_intercept centres X and y first
/// (scikit-learn's path functions never do: pass false for their answers). ValueError for a
/// 2-D y (scikit-learn's multi-task objective is not implemented) or l1_ratio = 0 with an
/// automatic grid. `seeds` (selection='random'): one rand_r seed per alpha, as scikit-learn
/// draws them; empty: options.seed for every alpha. Collective.
template <typename T>
EnetPath<T> enet_path(const DArray<T>& x, const DArray<T>& y, const EnetOptions& options,
                      const std::vector<double>& alphas, double eps = 1e-3,
                      std::int64_t n_alphas = 100, const std::vector<T>& coef_init = {},
                      const std::vector<std::uint32_t>& seeds = {});

enum class LogisticSolver { lbfgs, newton_cholesky };

struct LogisticOptions {
  double C = 1.0;  // infinity: no penalty
  bool fit_intercept = true;
  double tol = 1e-4;
  std::int64_t max_iter = 100;
  LogisticSolver solver = LogisticSolver::lbfgs;
  bool balanced = false;             // class_weight='balanced'
  std::vector<double> class_weight;  // one per class (empty: all 1); ignored with balanced
  // warm start (scikit-learn's warm_start): the coefficients (outputs x features) and
  // intercepts (outputs) to start from; empty: zeros.
  std::vector<double> coef_init, intercept_init;
};

template <typename T>
struct LogisticFit : LinearFit<T> {
  std::int64_t n_iter = 0;
  bool converged = false;
  bool line_search_failed = false;  // stopped because no step decreased the loss
};

/// scikit-learn's LogisticRegression (lbfgs / newton-cholesky, l2 or no penalty): the mean
/// (class-weighted) log-loss + ||W||^2 / (2 C sum(weights)), the intercept not penalised;
/// binary (one coefficient row, the second class positive) for two classes, multinomial
/// otherwise. `y` holds the labels, `classes` their sorted distinct values (at least two).
/// One reduction of loss and gradient (and Hessian) per evaluation; the optimiser runs on
/// every rank on identical numbers. Collective.
template <typename T>
LogisticFit<T> logistic_fit(const DArray<T>& x, const DArray<double>& y,
                            const std::vector<double>& classes, const LogisticOptions& options);

/// X @ coef^T + intercept (coef: targets x features): (n,) on maps::row_map(X.map(), 1) when
/// `one_d` (targets must be 1), else (n, targets) on maps::row_map(X.map(), 2). ValueError for
/// a feature count other than coef's. Collective.
template <typename T>
DArray<T> linear_decision(const DArray<T>& x, const std::vector<T>& coef,
                          const std::vector<T>& intercept, bool one_d);

/// LogisticRegression's predict_proba (log: predict_log_proba) from coef / intercept
/// (targets x features; one target: binary, [1 - expit(z), expit(z)]; else the softmax):
/// (n, classes) on maps::row_map(X.map(), 2). Collective (construction only).
template <typename T>
DArray<T> logistic_proba(const DArray<T>& x, const std::vector<T>& coef,
                         const std::vector<T>& intercept, bool log);

/// LogisticRegression's predict: classes[argmax of the decision function] (one target:
/// classes[z > 0]), (n,) on maps::row_map(X.map(), 1). Collective (construction only).
template <typename T>
DArray<double> logistic_predict(const DArray<T>& x, const std::vector<T>& coef,
                                const std::vector<T>& intercept,
                                const std::vector<double>& classes);

}  // namespace pgas::ml
