#include "decomposition_detail.hpp"

#include <stdexcept>
#include <string>

#include "pgas/darray/counter_random.hpp"
#include "pgas/errors.hpp"
#include "pgas/linalg/local_lapack.hpp"
#include "pgas/ml/validation.hpp"

namespace pgas::ml::detail {

namespace lapack = pgas::linalg::lapack;

namespace {

int lapack_int(std::int64_t n) {
  return static_cast<int>(std::max<std::int64_t>(n, 0));
}
int lead(std::int64_t n) {
  return static_cast<int>(std::max<std::int64_t>(n, 1));
}

// The Q of a small (rows x cols, rows >= cols) row-major matrix, row-major, computed on rank 0
// and broadcast so that every rank continues from the same bits.
template <typename T>
std::vector<T> small_q(const std::vector<T>& z, std::int64_t rows, std::int64_t cols,
                       const comm::Communicator& comm) {
  std::vector<T> q(z.size());
  int info = 0;
  if (comm.rank() == 0 && rows > 0 && cols > 0) {
    std::vector<T> a(z.size());  // column-major copy
    for (std::int64_t i = 0; i < rows; ++i) {
      for (std::int64_t j = 0; j < cols; ++j) a[j * rows + i] = z[i * cols + j];
    }
    std::vector<T> tau(static_cast<std::size_t>(cols));
    T wq(0);
    const int m = lapack_int(rows), n = lapack_int(cols);
    lapack::geqrf(m, n, a.data(), m, tau.data(), &wq, -1, &info);
    std::vector<T> work(static_cast<std::size_t>(std::max<T>(wq, T(n))) + 1);
    lapack::geqrf(m, n, a.data(), m, tau.data(), work.data(), static_cast<int>(work.size()), &info);
    if (info == 0) {
      lapack::ungqr(m, n, n, a.data(), m, tau.data(), &wq, -1, &info);
      work.resize(std::max(work.size(), static_cast<std::size_t>(wq) + 1));
      lapack::ungqr(m, n, n, a.data(), m, tau.data(), work.data(), static_cast<int>(work.size()),
                    &info);
    }
    for (std::int64_t i = 0; i < rows; ++i) {
      for (std::int64_t j = 0; j < cols; ++j) q[i * cols + j] = a[j * rows + i];
    }
  }
  comm.bcast(info, 0);
  if (info != 0) {
    throw std::logic_error(with_rank("ml: geqrf/orgqr refused argument " + std::to_string(-info)));
  }
  comm.bcast(q.data(), q.size(), 0);
  return q;
}

}  // namespace

template <typename T>
void gemm_rows(char ta, char tb, std::int64_t m, std::int64_t n, std::int64_t k, const T* a,
               std::int64_t lda, const T* b, std::int64_t ldb, T beta, T* c, std::int64_t ldc) {
  if (m == 0 || n == 0) return;
  lapack::gemm(tb, ta, lapack_int(n), lapack_int(m), lapack_int(k), T(1), b, lead(ldb), a,
               lead(lda), beta, c, lead(ldc));
}

template <typename T>
linalg::RightSVD<T> small_right_svd(const std::vector<T>& b, std::int64_t rows, std::int64_t cols,
                                    const comm::Communicator& comm) {
  const std::int64_t k = std::min(rows, cols);
  linalg::RightSVD<T> out;
  out.s.assign(static_cast<std::size_t>(k), T(0));
  out.vh.assign(static_cast<std::size_t>(k * cols), T(0));
  int info = 0;
  if (comm.rank() == 0 && k > 0) {
    // Row-major b is column-major b^T = U1 S VT1, so b = VT1^T S U1^T: vt is U1^T, which is
    // U1's column-major buffer read row-major.
    std::vector<T> a = b;
    const int m = lapack_int(cols), n = lapack_int(rows);
    T wq(0), dummy(0);
    lapack::gesvd('S', 'N', m, n, a.data(), m, out.s.data(), out.vh.data(), m, &dummy, 1, &wq, -1,
                  nullptr, &info);
    if (info == 0) {
      std::vector<T> work(static_cast<std::size_t>(std::max<T>(wq, T(5 * (m + n)))) + 1);
      lapack::gesvd('S', 'N', m, n, a.data(), m, out.s.data(), out.vh.data(), m, &dummy, 1,
                    work.data(), static_cast<int>(work.size()), nullptr, &info);
    }
  }
  comm.bcast(info, 0);
  if (info < 0) {
    throw std::logic_error(with_rank("ml: gesvd refused argument " + std::to_string(-info)));
  }
  if (info > 0) throw linalg::LinAlgError("SVD did not converge");
  comm.bcast(out.s.data(), out.s.size(), 0);
  comm.bcast(out.vh.data(), out.vh.size(), 0);
  return out;
}

template <typename T>
linalg::RightSVD<T> randomized_right_svd(const DArray<T>& x, std::int64_t n_components,
                                         int n_oversamples, int n_iter, PowerNormalizer normalizer,
                                         std::uint64_t seed) {
  const comm::Communicator& comm = x.context()->comm();
  const std::int64_t m = x.shape()[0], n = x.shape()[1];
  const std::int64_t l = std::min(n_components + n_oversamples, std::min(m, n));
  const std::int64_t r = x.local_shape()[0];
  if (normalizer == PowerNormalizer::automatic) {
    normalizer = n_iter <= 2 ? PowerNormalizer::none : PowerNormalizer::lu;
  }
  // The random directions: entry (i, j) of the n x l matrix is normal(seed, i l + j), on
  // every rank alike, whatever the rank count.
  std::vector<T> omega(static_cast<std::size_t>(n * l));
  for (std::size_t g = 0; g < omega.size(); ++g) omega[g] = static_cast<T>(counter_normal(seed, g));
  const auto sample = [&](const std::vector<T>& directions) {  // X @ directions (m x l)
    DArray<T> y({m, l}, x.map(), x.context());
    gemm_rows('N', 'N', r, l, n, x.local_data(), n, directions.data(), l, T(0), y.local_data(), l);
    return y;
  };
  const auto orthonormal = [&](const DArray<T>& y) { return *linalg::tsqr(y).q; };
  DArray<T> y = sample(omega);
  for (int it = 0; it < n_iter; ++it) {
    // scikit-learn's "LU" normalizer only rescales the basis: any basis of the same span gives
    // the same next iterate in exact arithmetic, and QR (TSQR here) is the stable one that
    // needs no pivoting across ranks.
    if (normalizer != PowerNormalizer::none) y = orthonormal(y);
    std::vector<T> z(static_cast<std::size_t>(n * l));  // X^T Y (n x l)
    gemm_rows('T', 'N', n, l, r, x.local_data(), n, y.local_data(), l, T(0), z.data(), l);
    sum_to_all(z, comm);
    if (normalizer != PowerNormalizer::none) z = small_q(z, n, l, comm);
    y = sample(z);
  }
  const DArray<T> q = orthonormal(y);
  std::vector<T> b(static_cast<std::size_t>(l * n));  // Q^T X (l x n)
  gemm_rows('T', 'N', l, n, r, q.local_data(), l, x.local_data(), n, T(0), b.data(), n);
  sum_to_all(b, comm);
  return small_right_svd(b, l, n, comm);
}

template <typename T>
DArray<T> rows_of(const DArray<T>& x, std::int64_t features, const char* what) {
  if (x.ndim() != 2) {
    throw ValueError(std::string(what) + ": expected a 2-D array, got " + std::to_string(x.ndim()) +
                     "-D");
  }
  if (features >= 0 && x.shape()[1] != features) {
    throw ValueError("X has " + std::to_string(x.shape()[1]) + " features, but " + what +
                     " is expecting " + std::to_string(features) + " features as input.");
  }
  return whole_rows(x);
}

#define PGAS_ML_DECOMPOSITION_DETAIL(T)                                                           \
  template void gemm_rows(char, char, std::int64_t, std::int64_t, std::int64_t, const T*,         \
                          std::int64_t, const T*, std::int64_t, T, T*, std::int64_t);             \
  template linalg::RightSVD<T> small_right_svd(const std::vector<T>&, std::int64_t, std::int64_t, \
                                               const comm::Communicator&);                        \
  template linalg::RightSVD<T> randomized_right_svd(const DArray<T>&, std::int64_t, int, int,     \
                                                    PowerNormalizer, std::uint64_t);              \
  template DArray<T> rows_of(const DArray<T>&, std::int64_t, const char*);
PGAS_ML_DECOMPOSITION_DETAIL(float)
PGAS_ML_DECOMPOSITION_DETAIL(double)

}  // namespace pgas::ml::detail
