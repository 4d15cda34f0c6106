// eigh: ScaLAPACK sees S = A^T, which for a symmetric / Hermitian A is conj(A), and whose
// upper triangle is A's lower one. Same eigenvalues; eigenvectors conj(z): the eigenvector
// matrix is read back directly (transposed in) and conjugated.
#include <algorithm>
#include <string>
#include <type_traits>
#include <vector>

#include "instantiate.hpp"
#include "operand.hpp"
#include "pgas/linalg/linalg.hpp"

namespace pgas::linalg {

using namespace detail;

namespace {

// One call of p?syevd / p?heevd (vectors) or p?syev / p?heev (values only); lwork = -1 asks.
template <class T>
void eig_call(bool vectors, char uplo, int n, T* a, const int* da, Real<T>* w, T* z, const int* dz,
              T* work, int lwork, Real<T>* rwork, int lrwork, int* iwork, int liwork, int* info) {
  const char jobz = vectors ? 'V' : 'N';
  const int one = 1;
  if constexpr (std::is_same_v<T, float>) {
    if (vectors) {
      pssyevd_(&jobz, &uplo, &n, a, &one, &one, da, w, z, &one, &one, dz, work, &lwork, iwork,
               &liwork, info, 1, 1);
    } else {
      pssyev_(&jobz, &uplo, &n, a, &one, &one, da, w, z, &one, &one, dz, work, &lwork, info, 1, 1);
    }
  } else if constexpr (std::is_same_v<T, double>) {
    if (vectors) {
      pdsyevd_(&jobz, &uplo, &n, a, &one, &one, da, w, z, &one, &one, dz, work, &lwork, iwork,
               &liwork, info, 1, 1);
    } else {
      pdsyev_(&jobz, &uplo, &n, a, &one, &one, da, w, z, &one, &one, dz, work, &lwork, info, 1, 1);
    }
  } else if constexpr (std::is_same_v<T, cfloat>) {
    if (vectors) {
      pcheevd_(&jobz, &uplo, &n, a, &one, &one, da, w, z, &one, &one, dz, work, &lwork, rwork,
               &lrwork, iwork, &liwork, info, 1, 1);
    } else {
      pcheev_(&jobz, &uplo, &n, a, &one, &one, da, w, z, &one, &one, dz, work, &lwork, rwork,
              &lrwork, info, 1, 1);
    }
  } else {
    if (vectors) {
      pzheevd_(&jobz, &uplo, &n, a, &one, &one, da, w, z, &one, &one, dz, work, &lwork, rwork,
               &lrwork, iwork, &liwork, info, 1, 1);
    } else {
      pzheev_(&jobz, &uplo, &n, a, &one, &one, da, w, z, &one, &one, dz, work, &lwork, rwork,
              &lrwork, info, 1, 1);
    }
  }
}

}  // namespace

template <class T>
EighResult<T> eigh(const DArray<T>& a, char uplo, bool compute_v) {
  using R = Real<T>;
  require_square(a, "eigh");
  if (uplo != 'L' && uplo != 'U') throw ValueError("eigh: UPLO argument must be 'L' or 'U'");
  const std::int64_t n = a.shape()[0];
  const Site site = make_site(a.context(), layout_for(a.map(), a.context()->size()));
  Operand<T> s = operand_of(a, site, true);
  EighResult<T> out;
  out.w.assign(static_cast<std::size_t>(n), R(0));
  if (n == 0) return out;
  std::optional<Operand<T>> z;
  if (compute_v) z.emplace(new_operand<T>(n, n, site));
  T* z_data = compute_v ? z->data() : s.data();
  const int* z_desc = compute_v ? z->d() : s.d();
  const char sc_uplo = uplo == 'L' ? 'U' : 'L';  // A's lower triangle is S's upper one
  int info = 0;
  if (site.active()) {
    T wq(0);
    R rq(0);
    int iq = 0;
    eig_call(compute_v, sc_uplo, s.rows, s.data(), s.d(), out.w.data(), z_data, z_desc, &wq, -1,
             &rq, -1, &iq, -1, &info);
    if (info == 0) {
      // The queries come out short when the matrix is smaller than a block (PDORMTR then
      // rejects LWORK): add PDORMTR's own bound, NB*NB + (NP + NQ + N)*NB, with margin.
      const std::size_t nb = static_cast<std::size_t>(site.layout.nb);
      const std::size_t local =
          static_cast<std::size_t>(s.x.local_shape()[0] + s.x.local_shape()[1]);
      const std::size_t pad = 2 * nb * nb + 2 * (local + static_cast<std::size_t>(n)) * nb + 64;
      std::vector<T> work(static_cast<std::size_t>(workspace_size(wq)) * 2 + pad);
      std::vector<R> rwork(static_cast<std::size_t>(workspace_size(rq)) * 2 + pad);
      std::vector<int> iwork(static_cast<std::size_t>(
          static_cast<std::size_t>(std::max(iq, 0) + 7 * s.rows + 8 * site.grid->npcol + 2) + nb));
      eig_call(compute_v, sc_uplo, s.rows, s.data(), s.d(), out.w.data(), z_data, z_desc,
               work.data(), static_cast<int>(work.size()), rwork.data(),
               static_cast<int>(rwork.size()), iwork.data(), static_cast<int>(iwork.size()), &info);
    }
  }
  check_info(site, info, "syevd/heevd", "Eigenvalues did not converge");
  share_from_grid(out.w, site);
  if (compute_v) out.v = conjugated(direct_result(*z, a.map()));
  return out;
}

#define PGAS_EIGH(T) template EighResult<T> eigh(const DArray<T>&, char, bool);
PGAS_LINALG_INSTANTIATE(PGAS_EIGH)

}  // namespace pgas::linalg
