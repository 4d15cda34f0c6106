// svd_right: singular values and right singular vectors, u never formed. PCA and
// TruncatedSVD need only these, and u is the one factor as large as the data.
// Tall-skinny (uses_tsqr): TSQR's R (one reduction tree, keep_q off, so Q is never kept),
// then the n x n SVD of R on rank 0, broadcast: A = Q R = (Q U_R) diag(s) Vh.
// Otherwise ScaLAPACK on S = A^T (see svd.cpp): S = U1 diag(s) VT1 gives vh = U1^T, so
// pdgesvd runs with JOBU='V', JOBVT='N' and the (k x m) VT1 is never computed.
#include <algorithm>
#include <vector>

#include "gesvd_padded.hpp"
#include "instantiate.hpp"
#include "operand.hpp"
#include "pgas/linalg/linalg.hpp"
#include "tsqr.hpp"

namespace pgas::linalg {

using namespace detail;

template <class T>
RightSVD<T> svd_right(const DArray<T>& a) {
  using R = Real<T>;
  require_matrix(a, "svd_right");
  const std::int64_t m = a.shape()[0];
  const std::int64_t n = a.shape()[1];
  const std::int64_t k = std::min(m, n);
  RightSVD<T> out;
  if (uses_tsqr(m, n, a.context()->size())) {
    const Tsqr<T> f(a, false);
    SmallSvd<T> small = small_svd(f.r(), static_cast<int>(n), true, a.context()->comm());
    out.s = std::move(small.s);
    out.vh = std::move(small.vh);
    return out;
  }
  out.s.assign(static_cast<std::size_t>(k), R(0));
  if (k == 0) return out;
  const BlockCyclicLayout layout = fitted_layout(layout_for(a.map(), a.context()->size()), m, n);
  const Site site = make_site(a.context(), layout);
  Operand<T> s = operand_of(a, site, true);  // S = A^T: n x m
  Operand<T> u1 = new_operand<T>(n, k, site);
  int info = 0;
  if (site.active()) {
    // JOBVT='N': VT is never referenced, s stands in for it.
    info = gesvd_padded('V', 'N', s, out.s.data(), u1.data(), u1.d(), s.data(), s.d(), site);
  }
  check_info(site, info, "gesvd", "SVD did not converge");
  share_from_grid(out.s, site);
  // u1's darray holds U1^T = vh (k x n): replicated, as the small factor callers keep.
  out.vh = u1.x.agg_all();
  return out;
}

#define PGAS_SVD_RIGHT(T) template RightSVD<T> svd_right(const DArray<T>&);
PGAS_LINALG_INSTANTIATE(PGAS_SVD_RIGHT)

}  // namespace pgas::linalg
