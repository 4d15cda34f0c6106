// What the linear models share: X as whole local rows with y on the same rows, the column
// means of both, and the centred Gram matrix / X^T y reduction. Internal header.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "pgas/darray/darray.hpp"

namespace pgas::ml::detail {

/// X laid out as whole rows and y redistributed to the same rows (its local rows are X's,
/// in order). k: the number of targets (1 for a 1-D y).
template <typename T, typename Y>
struct RowsXY {
  DArray<T> x;
  DArray<Y> y;
  std::int64_t n = 0, d = 0, k = 1;
  std::int64_t local_rows() const { return x.local_shape()[0]; }
};

/// ValueError on every rank unless x is 2-D, y 1-D or 2-D with x's row count ("Found input
/// variables with inconsistent numbers of samples", scikit-learn's message) and both live on
/// one context. Collective.
template <typename T, typename Y>
RowsXY<T, Y> rows_xy(const DArray<T>& x, const DArray<Y>& y, const char* what);

/// The sample weights on r's local rows (sw redistributed to X's rows), in double; null for
/// a null sw (an empty vector is a rank without rows, not "no weights"). ValueError on every rank
/// unless sw is 1-D with X's row count on X's context. Collective.
template <typename T>
std::unique_ptr<std::vector<double>> row_weights(const RowsXY<T, T>& r, const DArray<T>* sw,
                                                 const char* what);

/// Column means of X (d) and y (k), in double, the same bits on every rank: one reduction;
/// weighted means (scikit-learn's np.average) when `w` (r's local rows) is not null. All
/// zeros without `fit_intercept` (no reduction). Collective.
template <typename T>
void column_means_xy(const RowsXY<T, T>& r, bool fit_intercept, std::vector<double>& x_mean,
                     std::vector<double>& y_mean, const std::vector<double>* w = nullptr);

/// Sufficient statistics of the centred problem: gram (d x d, both triangles; left empty
/// without `with_gram`), xty (k x d: row t is X_c^T y_c[:, t]) and yty (k: ||y_c[:, t]||^2),
/// summed over the ranks in one reduction (the same bits everywhere). Rows are centred in
/// chunks, X is not copied. Collective.
struct CentredStats {
  std::vector<double> gram, xty, yty;
};
/// With `w` (r's local rows; null: none) every centred row is scaled by sqrt(w_i) first
/// (scikit-learn's _rescale_data): the weighted Gram matrix, X^T W y and y^T W y.
template <typename T>
CentredStats centred_stats(const RowsXY<T, T>& r, const std::vector<double>& x_mean,
                           const std::vector<double>& y_mean, bool with_gram,
                           const std::vector<double>* w = nullptr);

/// The solution of the symmetric positive definite system a x = b (a: n x n, b: n, both
/// double), by LAPACK potrf/potrs; false when a is not positive definite. Local.
bool cholesky_solve(std::vector<double> a, std::vector<double>& b, std::int64_t n);

/// The duality gap of the n-scaled elastic net (alpha, beta: l1 and l2 penalties times n) at
/// w, from qw = X_c^T X_c w, q = X_c^T y_c and ||y_c||^2 (scikit-learn's gap_enet_gram);
/// xta receives X_c^T (y_c - X_c w) - beta w. Local.
struct Gap {
  double gap, dual_norm;
};
Gap enet_gap(const std::vector<double>& w, double alpha, double beta, const std::vector<double>& qw,
             const double* q, double y_norm2, std::vector<double>& xta, bool positive);

/// What an elastic-net solver reports for one target.
struct EnetSolve {
  double gap = 0, tol = 0;  // the last gap and its threshold tol * ||y_c||^2 (n-scaled)
  std::int64_t n_iter = 0;
  bool converged = true;
};

/// u -> X_c^T X_c u for the centred rows of r (X_c = X - 1 x_mean^T, never formed as a whole:
/// rows are centred in chunks), summed over the ranks (one reduction of d doubles, the same
/// bits everywhere). Collective.
template <typename T>
class CentredNormalProduct {
 public:
  CentredNormalProduct(const RowsXY<T, T>& r, const std::vector<double>& x_mean, bool centre);
  void operator()(const std::vector<double>& u, std::vector<double>& h) const;

 private:
  const RowsXY<T, T>& r_;
  const std::vector<double>& x_mean_;
  bool centre_;
};

/// An estimate of ||X_c||_2^2, the Lipschitz constant of the least-squares gradient: the
/// Rayleigh quotient after at most 30 power iterations (fewer once it changes by < 1e-3; the
/// solver's backtracking corrects what it underestimates). Collective.
template <typename T>
double normal_spectral_norm(const CentredNormalProduct<T>& op, std::int64_t d);

/// The n-scaled elastic net min 1/2 ||y_c - X_c w||^2 + beta/2 ||w||^2 + alpha ||w||_1 (w >= 0
/// with `positive`) by FISTA from w (the warm start) with O'Donoghue-Candes adaptive restart,
/// step 1/L from `lipschitz` (raised by backtracking when the sufficient-decrease test fails;
/// the caller keeps it for the next solve). One op() per iteration (two when it backtracks);
/// stops when scikit-learn's duality gap <= tol * ||y_c||^2, computed from that same product.
/// Collective.
template <typename T>
EnetSolve enet_proximal(const CentredNormalProduct<T>& op, double& lipschitz,
                        std::vector<double>& w, double alpha, double beta, const double* q,
                        double y_norm2, std::int64_t max_iter, double tol, bool positive);

/// Runs `solve` (which fills `out`, sized alike on every rank, and returns a status) on rank 0
/// only and broadcasts status and `out`: LAPACK's rounding may depend on where its buffers lie
/// in memory, so replicated small problems are solved once, and every rank continues from the
/// same bits and takes the same branches. Collective.
template <typename F>
bool on_root(const comm::Communicator& comm, std::vector<double>& out, F&& solve) {
  int ok = 1;
  if (comm.rank() == 0) ok = solve() ? 1 : 0;
  comm.bcast(ok, 0);
  comm.bcast(out.data(), out.size(), 0);
  return ok == 1;
}

}  // namespace pgas::ml::detail
