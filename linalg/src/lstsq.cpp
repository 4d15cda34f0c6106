// lstsq through the SVD, as numpy's gelsd: x = V diag(1/s_i, s_i > cutoff) U^H b, so
// rank-deficient and under-determined problems get numpy's minimum-norm answer. (pdgels
// would be cheaper for full-rank a but cannot see rank deficiency.)
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "instantiate.hpp"
#include "operand.hpp"
#include "pgas/linalg/linalg.hpp"

namespace pgas::linalg {

using namespace detail;

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
  SVDResult<T> f = svd(a, false, true);
  LstsqResult<T> out{DArray<T>(b.ndim() == 1 ? maps::Shape{n} : maps::Shape{n, b.shape()[1]},
                               b.map(), b.context()),
                     {},
                     0,
                     f.s};
  const double factor = rcond < 0 ? static_cast<double>(std::numeric_limits<R>::epsilon()) *
                                        static_cast<double>(std::max(m, n))
                                  : rcond;
  const R cutoff = static_cast<R>(factor) * (f.s.empty() ? R(0) : f.s.front());
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
