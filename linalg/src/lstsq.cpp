// lstsq through the SVD, as numpy's gelsd: x = V diag(1/s_i, s_i > cutoff) U^H b, so
// rank-deficient and under-determined problems get numpy's minimum-norm answer. (pdgels
// would be cheaper for full-rank a but cannot see rank deficiency.)
// Tall-skinny a (uses_tsqr): the SVD comes from TSQR (a = Q R, R = U_R diag(s) Vh on one
// rank, U = Q U_R on a's rows), and U^H b, x and the residuals are local products over each
// rank's rows plus one sum over the ranks: no ScaLAPACK at all.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "instantiate.hpp"
#include "pgas/linalg/local_lapack.hpp"
#include "operand.hpp"
#include "pgas/linalg/linalg.hpp"
#include "tsqr.hpp"

namespace pgas::linalg {

using namespace detail;

namespace {

template <class R>
R cutoff_of(const std::vector<R>& s, double rcond, std::int64_t m, std::int64_t n) {
  const double factor = rcond < 0 ? static_cast<double>(std::numeric_limits<R>::epsilon()) *
                                        static_cast<double>(std::max(m, n))
                                  : rcond;
  return static_cast<R>(factor) * (s.empty() ? R(0) : s.front());
}

template <class T>
LstsqResult<T> lstsq_tall(const DArray<T>& a, const DArray<T>& b, double rcond) {
  using R = Real<T>;
  const comm::Communicator& comm = a.context()->comm();
  const std::int64_t m = a.shape()[0];
  const int n = static_cast<int>(a.shape()[1]);
  const int k = b.ndim() == 2 ? fortran_int(b.shape()[1], "lstsq") : 1;
  const auto sz = [](int p, int q) {
    return static_cast<std::size_t>(p) * static_cast<std::size_t>(q);
  };
  const Tsqr<T> f(a, true);
  SmallSvd<T> sv = small_svd(f.r(), n, true, comm);
  const DArray<T> u = f.apply(sv.u, n);  // a's left singular vectors, on a's rows
  const maps::Map rows = f.rows_map_for(b.ndim());
  const DArray<T> br = b.map() == rows ? b : b.remap(rows);
  const int l = static_cast<int>(u.local_shape()[0]);

  // y = U^H b (n x k, row-major): column-major y^T = b^T conj(U) = (b^T)(U^T)^H.
  std::vector<T> y(sz(n, k), T(0));
  if (l > 0 && k > 0) {
    lapack::gemm('N', 'C', k, n, l, T(1), br.local_data(), k, u.local_data(), n, T(0), y.data(), k);
  }
  sum_everywhere(y, comm);

  LstsqResult<T> out{
      DArray<T>(b.ndim() == 1 ? maps::Shape{n} : maps::Shape{n, k}, b.map(), b.context()),
      {},
      0,
      sv.s};
  const R cutoff = cutoff_of(sv.s, rcond, m, n);
  for (R v : sv.s) out.rank += v > cutoff ? 1 : 0;
  for (int i = 0; i < n; ++i) {
    const R s = sv.s[static_cast<std::size_t>(i)];
    const T scale = s > cutoff ? T(R(1) / s) : T(0);
    for (int j = 0; j < k; ++j) y[sz(i, k) + static_cast<std::size_t>(j)] *= scale;
  }
  // x = Vh^H y (n x k, row-major): column-major x^T = y^T conj(Vh) = (y^T)(Vh^T)^H.
  std::vector<T> x(sz(n, k), T(0));
  if (k > 0) {
    lapack::gemm('N', 'C', k, n, n, T(1), y.data(), k, sv.vh.data(), n, T(0), x.data(), k);
  }
  out.x = from_replicated(x, n, b.ndim() == 2 ? k : -1, b.map(), b.context());

  if (out.rank == n && m > n) {  // numpy reports residuals only then
    // a x on a's rows (row-major l x k): column-major (a x)^T = x^T a^T.
    std::vector<T> ax(sz(l, k), T(0));
    if (l > 0 && k > 0) {
      lapack::gemm('N', 'N', k, l, n, T(1), x.data(), k, f.a_rows().local_data(), n, T(0),
                   ax.data(), k);
    }
    out.residuals.assign(static_cast<std::size_t>(k), R(0));
    for (std::size_t i = 0; i < ax.size(); ++i) {
      const R v = std::abs(br.local_data()[i] - ax[i]);
      out.residuals[i % static_cast<std::size_t>(k)] += v * v;
    }
    sum_everywhere(out.residuals, comm);
  }
  return out;
}

}  // namespace

template <class T>
LstsqResult<T> lstsq(const DArray<T>& a, const DArray<T>& b, double rcond) {
  using R = Real<T>;
  require_matrix(a, "lstsq");
  if (a.context() != b.context()) {
    throw ValueError("lstsq: the arrays live on different communicators");
  }
  if (b.ndim() < 1 || b.ndim() > 2 || b.shape()[0] != a.shape()[0]) {
    throw ValueError("lstsq: Incompatible dimensions: a " + shape_string(a.shape()) + ", b " +
                     shape_string(b.shape()));
  }
  const std::int64_t m = a.shape()[0];
  const std::int64_t n = a.shape()[1];
  if (uses_tsqr(m, n, a.context()->size())) return lstsq_tall(a, b, rcond);
  SVDResult<T> f = svd(a, false, true);
  LstsqResult<T> out{DArray<T>(b.ndim() == 1 ? maps::Shape{n} : maps::Shape{n, b.shape()[1]},
                               b.map(), b.context()),
                     {},
                     0,
                     f.s};
  const R cutoff = cutoff_of(f.s, rcond, m, n);
  for (R v : f.s) out.rank += v > cutoff ? 1 : 0;

  DArray<T> y = matmul(conjugated(f.u->transpose()), b);  // U^H b: (k,) or (k, nrhs)
  const auto rows = y.global_ind(0);
  const std::int64_t width = y.ndim() == 2 ? y.local_shape()[1] : 1;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const R sv = f.s[static_cast<std::size_t>(rows[i])];
    const T scale = sv > cutoff ? T(R(1) / sv) : T(0);
    for (std::int64_t j = 0; j < width; ++j)
      y.local_data()[static_cast<std::int64_t>(i) * width + j] *= scale;
  }
  DArray<T> x = matmul(conjugated(f.vh->transpose()), y);  // V (...)
  out.x = x.map() == b.map() ? x : x.remap(b.map());

  if (out.rank == n && m > n) {  // numpy reports residuals only then
    const DArray<T> ax = matmul(a, out.x);
    const DArray<T> r = b.combine(ax, [](T p, T q) { return p - q; });
    const std::int64_t nrhs = b.ndim() == 2 ? b.shape()[1] : 1;
    out.residuals.assign(static_cast<std::size_t>(nrhs), R(0));
    const std::int64_t lrows = r.owned_shape()[0];
    const std::int64_t lcols = r.ndim() == 2 ? r.owned_shape()[1] : 1;
    const std::int64_t stride = r.ndim() == 2 ? r.local_shape()[1] : 1;
    const auto cols = r.ndim() == 2 ? r.global_ind(1) : std::vector<std::int64_t>{0};
    for (std::int64_t i = 0; i < lrows; ++i) {
      for (std::int64_t j = 0; j < lcols; ++j) {
        const R v = std::abs(r.local_data()[i * stride + j]);
        out.residuals[static_cast<std::size_t>(cols[static_cast<std::size_t>(j)])] += v * v;
      }
    }
    b.context()->comm().allreduce(out.residuals.data(), out.residuals.data(), out.residuals.size(),
                                  comm::Op::sum);
  }
  return out;
}

#define PGAS_LSTSQ(T) template LstsqResult<T> lstsq(const DArray<T>&, const DArray<T>&, double);
PGAS_LINALG_INSTANTIATE(PGAS_LSTSQ)

}  // namespace pgas::linalg
