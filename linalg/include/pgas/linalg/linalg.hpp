// Dense linear algebra on darrays of any map, computed by ScaLAPACK (SPEC §4).
//
// Every function here is COLLECTIVE over the operands' context: all ranks call it with the
// same arguments (operands on the same context). Operands of any map are redistributed to a
// 2-D block-cyclic layout (layout.hpp) and results are redistributed back: matrices come
// back on the first operand's map (solve/lstsq: on b's map), small results (values, scalars)
// as plain vectors on every rank. Operands already on the layout's block-cyclic map are used
// in place.
//
// Element types: float, double, std::complex<float>, std::complex<double>.
// Errors, thrown alike on every rank: ValueError for shapes (non-square, mismatched inner
// dimensions, wrong ndim), LinAlgError when the matrix cannot be factored (singular, not
// positive definite, no convergence).
#pragma once

#include <complex>
#include <cstdint>
#include <optional>
#include <vector>

#include "pgas/darray/darray.hpp"
#include "pgas/linalg/layout.hpp"
#include "pgas/linalg/linalg_error.hpp"
#include "pgas/traits.hpp"

namespace pgas::linalg {

// The real type under a complex one lives in the base (pgas/traits.hpp); spelled here too
// because linalg's results are written in it.
using pgas::Real;
using pgas::RealOf;

/// a @ b (pdgemm). a: (m, k) or (k,); b: (k, n) or (k,); not both 1-d. numpy.matmul's shapes:
/// (m,k)@(k,) -> (m,), (k,)@(k,n) -> (n,). Result on a's map (b's when a is 1-d and b 2-d).
template <class T>
DArray<T> matmul(const DArray<T>& a, const DArray<T>& b);

/// x with a @ x = b (LU with partial pivoting: pdgetrf + pdgetrs). a: (n, n); b: (n,) or
/// (n, k). x on b's map. LinAlgError("Singular matrix") for an exactly singular a.
template <class T>
DArray<T> solve(const DArray<T>& a, const DArray<T>& b);

/// inverse of a square matrix (pdgetrf + pdgetri), on a's map. LinAlgError if singular.
template <class T>
DArray<T> inv(const DArray<T>& a);

/// determinant of a square matrix (from its LU factors), on every rank.
template <class T>
T det(const DArray<T>& a);

/// Lower-triangular L with a = L L^H (pdpotrf), on a's map; only a's lower triangle is read,
/// as numpy does. LinAlgError("Matrix is not positive definite").
template <class T>
DArray<T> cholesky(const DArray<T>& a);

enum class QRMode { reduced, complete, r };
template <class T>
struct QRResult {
  std::optional<DArray<T>> q;  // absent for QRMode::r
  DArray<T> r;
};
/// a = q r (Householder; see docs/linalg.md for how pgas gets it from ScaLAPACK's LQ).
/// reduced: q (m, k), r (k, n), k = min(m, n); complete: q (m, m), r (m, n); r: r only.
template <class T>
QRResult<T> qr(const DArray<T>& a, QRMode mode = QRMode::reduced);

/// Reduced QR of a tall-skinny matrix (m >= n) by TSQR: a local LAPACK QR of each rank's
/// rows, the n x n R factors combined pairwise up a binary tree over the ranks, Q formed by
/// the pass back down (docs/linalg.md). `a` is used in place when its columns are not split
/// (grid [q, 1], no overlap), else redistributed to block rows over all ranks. q (m, n) and
/// r (n, n, upper triangular) on a's map. ValueError unless a is 2-d with m >= n.
template <class T>
QRResult<T> tsqr(const DArray<T>& a);

/// qr (modes reduced and r), svd (reduced or values only) and lstsq go through TSQR when
/// uses_tsqr(m, n, ranks): 1 <= n <= tsqr_max_cols and m >= 4 n ranks (every rank's block
/// of rows at least 4 n tall, so its local QR outweighs a tree level's). Local.
inline constexpr std::int64_t tsqr_max_cols = 256;
bool uses_tsqr(std::int64_t m, std::int64_t n, int ranks);
/// How many TSQR factorizations this process has run (direct or through qr/svd/lstsq): a
/// diagnostic for tests and benchmarks. Local.
std::int64_t tsqr_count();
/// Rows per chunk of tsqr's local QR (each rank's rows are factored in chunks, then their R
/// factors): 0 (the default) means about 512 KiB of the matrix per chunk; never below 2n. A
/// tuning and testing knob; results agree to rounding whatever it is. Local.
void set_tsqr_chunk_rows(std::int64_t rows);

template <class T>
struct SVDResult {
  std::optional<DArray<T>> u;   // (m, m) full, (m, k) reduced; absent without compute_uv
  std::vector<Real<T>> s;       // k = min(m, n) singular values, descending, every rank
  std::optional<DArray<T>> vh;  // (n, n) full, (k, n) reduced
};
/// a = u diag(s) vh (pdgesvd), any shape. LinAlgError if it does not converge.
template <class T>
SVDResult<T> svd(const DArray<T>& a, bool full_matrices = true, bool compute_uv = true);

template <class T>
struct RightSVD {
  std::vector<Real<T>> s;  // k = min(m, n) singular values, descending, every rank
  std::vector<T> vh;       // (k, n) right singular vectors, row-major, the same on every rank
};
/// a = u diag(s) vh without forming u (the factor as large as a): tall-skinny a (uses_tsqr)
/// through TSQR's R only and a small LAPACK SVD, otherwise pdgesvd with JOBU='N' for a (JOBU
/// = 'V', JOBVT = 'N' on the a^T ScaLAPACK sees). s and vh equal svd()'s to rounding (vh's
/// row signs may differ). LinAlgError if it does not converge. Collective.
template <class T>
RightSVD<T> svd_right(const DArray<T>& a);

template <class T>
struct EighResult {
  std::vector<Real<T>> w;      // ascending eigenvalues, every rank
  std::optional<DArray<T>> v;  // columns are eigenvectors; absent for values only
};
/// Eigen-decomposition of a symmetric / Hermitian matrix (pdsyevd / pzheevd; values only:
/// pdsyev / pzheev), reading the triangle `uplo` ('L' or 'U') as numpy.linalg.eigh does.
template <class T>
EighResult<T> eigh(const DArray<T>& a, char uplo = 'L', bool compute_v = true);

/// numpy.linalg.norm's orders for matrices (and vectors: fro = 2-norm, one = sum |x|,
/// inf = max |x|). two = the largest singular value (a matrix) / Euclidean (a vector).
enum class NormOrd { fro, one, inf, two };
/// On every rank. fro/one/inf read the operand where it is (no redistribution).
template <class T>
Real<T> norm(const DArray<T>& a, NormOrd ord = NormOrd::fro);

template <class T>
struct LstsqResult {
  DArray<T> x;                     // (n,) or (n, k), on b's map
  std::vector<Real<T>> residuals;  // squared 2-norms of b - a x per column when m > n and
                                   // rank == n, else empty (numpy's rule)
  int rank = 0;
  std::vector<Real<T>> s;  // singular values of a
};
/// Least squares min ||a x - b||_2 through the SVD (so rank-deficient a is handled as numpy
/// does: singular values below rcond * s_max count as zero; rcond < 0 means eps * max(m, n)).
template <class T>
LstsqResult<T> lstsq(const DArray<T>& a, const DArray<T>& b, double rcond = -1.0);

}  // namespace pgas::linalg
