// svd: ScaLAPACK sees S = A^T and pdgesvd gives S = U1 diag(s) VT1, so A = VT1^T diag(s) U1^T:
// u = VT1^T and vh = U1^T, which is how pgas reads VT1 and U1 back: no transposition.
// Full matrices: pdgesvd has no JOBU='A', so the missing columns of u (rows of vh) are the
// orthogonal complement from a complete QR of the reduced factor.
// Tall-skinny matrices (uses_tsqr; reduced or values only) go through TSQR: A = Q R, the
// small R = U_R diag(s) Vh by LAPACK on one rank, then u = Q U_R by TSQR's pass down the tree.
#include <algorithm>
#include <string>
#include <vector>

#include "gesvd_padded.hpp"
#include "instantiate.hpp"
#include "operand.hpp"
#include "pgas/linalg/linalg.hpp"
#include "tsqr.hpp"

namespace pgas::linalg {

using namespace detail;

namespace {

// [u | complement] (m x m) for u (m x k) with orthonormal columns, on `map`.
template <class T>
DArray<T> complete_columns(const DArray<T>& u, const Site& site, const maps::Map& map) {
  const maps::Map bc = site.layout.map();
  const DArray<T> ub = u.map() == bc ? u : u.remap(bc);
  DArray<T> full = *qr(ub, QRMode::complete).q;  // on bc: its layout is the site's
  copy_leading(ub, full);
  return full.map() == map ? full : full.remap(map);
}

template <class T>
SVDResult<T> svd_tall(const DArray<T>& a, bool compute_uv) {
  const int n = static_cast<int>(a.shape()[1]);
  const Tsqr<T> f(a, compute_uv);
  SmallSvd<T> small = small_svd(f.r(), n, compute_uv, a.context()->comm());
  SVDResult<T> out;
  out.s = std::move(small.s);
  if (!compute_uv) return out;
  const DArray<T> u = f.apply(small.u, n);
  out.u = u.map() == a.map() ? u : u.remap(a.map());
  out.vh = from_replicated(small.vh, n, n, a.map(), a.context());
  return out;
}

}  // namespace

template <class T>
SVDResult<T> svd(const DArray<T>& a, bool full_matrices, bool compute_uv) {
  using R = Real<T>;
  require_matrix(a, "svd");
  const std::int64_t m = a.shape()[0];
  const std::int64_t n = a.shape()[1];
  const std::int64_t k = std::min(m, n);
  if ((!compute_uv || !full_matrices) && uses_tsqr(m, n, a.context()->size())) {
    return svd_tall(a, compute_uv);
  }
  // pdgesvd reports INFO = min(m, n) + 1 ("processes disagree") when a grid row or column
  // holds no block of the matrix: small matrices get a grid they fill (fitted_layout).
  const BlockCyclicLayout layout = fitted_layout(layout_for(a.map(), a.context()->size()), m, n);
  const Site site = make_site(a.context(), layout);
  Operand<T> s = operand_of(a, site, true);  // S = A^T: n x m
  SVDResult<T> out;
  out.s.assign(static_cast<std::size_t>(k), R(0));
  if (k == 0) return out;
  std::optional<Operand<T>> u1;
  std::optional<Operand<T>> vt1;
  if (compute_uv) {
    u1.emplace(new_operand<T>(n, k, site));
    vt1.emplace(new_operand<T>(k, m, site));
  }
  const char job = compute_uv ? 'V' : 'N';
  T* u_data = compute_uv ? u1->data() : s.data();
  const int* u_desc = compute_uv ? u1->d() : s.d();
  T* vt_data = compute_uv ? vt1->data() : s.data();
  const int* vt_desc = compute_uv ? vt1->d() : s.d();
  int info = 0;
  if (site.active()) {
    info = gesvd_padded(job, job, s, out.s.data(), u_data, u_desc, vt_data, vt_desc, site);
  }
  check_info(site, info, "gesvd", "SVD did not converge");
  share_from_grid(out.s, site);
  if (!compute_uv) return out;
  out.u = transposed_result(std::move(*vt1), a.map());  // m x k
  out.vh = transposed_result(std::move(*u1), a.map());  // k x n
  if (full_matrices && m > k) out.u = complete_columns(*out.u, site, a.map());
  if (full_matrices && n > k) {
    // Rows of vh: complete the columns of vh^H, then take the adjoint back.
    const DArray<T> v = complete_columns(conjugated(out.vh->transpose()), site, a.map());
    out.vh = conjugated(v.transpose()).remap(a.map());
  }
  return out;
}

#define PGAS_SVD(T) template SVDResult<T> svd(const DArray<T>&, bool, bool);
PGAS_LINALG_INSTANTIATE(PGAS_SVD)

}  // namespace pgas::linalg
