// solve, inv, det: LU with partial pivoting (pdgetrf) of the matrix ScaLAPACK sees, A^T.
//   solve: A x = b is (A^T)^T x = b: pdgetrs with TRANS='T' on b itself (b transposed in).
//   inv:   inv(A^T) = inv(A)^T, which pgas reads back as inv(A): no transposition.
//   det:   det(A^T) = det(A): the product of U's diagonal and the pivots' sign.
#include <string>
#include <vector>

#include "instantiate.hpp"
#include "operand.hpp"
#include "pgas/linalg/linalg.hpp"

namespace pgas::linalg {

using namespace detail;

namespace {

// IPIV is tied to the matrix's local rows: LOCr(M) + MB entries.
template <class T>
std::vector<int> pivots_for(const Operand<T>& a, const Site& site) {
  if (!site.active()) return std::vector<int>(1);
  const int nb = static_cast<int>(site.layout.nb);
  const int zero = 0;
  const int rows = numroc_(&a.rows, &nb, &site.grid->myrow, &zero, &site.grid->nprow);
  return std::vector<int>(static_cast<std::size_t>(rows + nb));
}

template <class T>
void lu(Operand<T>& a, std::vector<int>& ipiv, const Site& site, const char* fn) {
  int info = 0;
  if (site.active()) getrf(a.rows, a.cols, a.data(), a.d(), ipiv.data(), &info);
  check_info(site, info, "getrf", std::string(fn) + ": Singular matrix");
}

}  // namespace

template <class T>
DArray<T> solve(const DArray<T>& a, const DArray<T>& b) {
  require_square(a, "solve");
  if (a.context() != b.context()) {
    throw ValueError("solve: the arrays live on different communicators");
  }
  if (b.ndim() < 1 || b.ndim() > 2 || b.shape()[0] != a.shape()[0]) {
    throw ValueError("solve: b of shape " + shape_string(b.shape()) +
                     " does not match a of shape " + shape_string(a.shape()) +
                     " (b must be (n,) or (n, k))");
  }
  const Site site = make_site(a.context(), layout_for(a.map(), a.context()->size()));
  Operand<T> at = operand_of(a, site, true);
  // ScaLAPACK must see b itself: a 1-d b is already a column as a (1 x n) row.
  Operand<T> x = b.ndim() == 1 ? operand_of(as_row(b), site, true) : operand_of_transpose(b, site);
  std::vector<int> ipiv = pivots_for(at, site);
  lu(at, ipiv, site, "solve");
  int info = 0;
  if (site.active()) {
    getrs('T', at.rows, x.cols, at.data(), at.d(), ipiv.data(), x.data(), x.d(), &info);
  }
  check_info(site, info, "getrs", "solve: Singular matrix");
  return b.ndim() == 1 ? from_row(x.x, b.map()) : direct_result(x, b.map());
}

template <class T>
DArray<T> inv(const DArray<T>& a) {
  require_square(a, "inv");
  const Site site = make_site(a.context(), layout_for(a.map(), a.context()->size()));
  Operand<T> at = operand_of(a, site, true);
  std::vector<int> ipiv = pivots_for(at, site);
  lu(at, ipiv, site, "inv");
  int info = 0;
  if (site.active() && at.rows > 0) {
    T wq(0);
    int iq = 0;
    getri(at.rows, at.data(), at.d(), ipiv.data(), &wq, -1, &iq, -1, &info);
    if (info == 0) {
      // The query's LIWORK can be short on some grids (ScaLAPACK's own notes): pad it.
      std::vector<T> work = padded_work(wq, at, site, at.rows);
      std::vector<int> iwork(static_cast<std::size_t>(iq + 2 * site.layout.nb + 64));
      getri(at.rows, at.data(), at.d(), ipiv.data(), work.data(), static_cast<int>(work.size()),
            iwork.data(), static_cast<int>(iwork.size()), &info);
    }
  }
  check_info(site, info, "getri", "inv: Singular matrix");
  return transposed_result(std::move(at), a.map());
}

template <class T>
T det(const DArray<T>& a) {
  require_square(a, "det");
  const Site site = make_site(a.context(), layout_for(a.map(), a.context()->size()));
  Operand<T> at = operand_of(a, site, true);
  std::vector<int> ipiv = pivots_for(at, site);
  int info = 0;
  if (site.active()) getrf(at.rows, at.cols, at.data(), at.d(), ipiv.data(), &info);
  // INFO > 0 is an exact zero on U's diagonal: the product below is then 0, as numpy gives.
  check_info(site, info < 0 ? info : 0, "getrf", "");
  T product(1);
  if (site.active()) {
    const BlacsGrid& g = *site.grid;
    const std::int64_t nb = site.layout.nb;
    const std::int64_t lrows = at.x.local_shape()[1];  // ScaLAPACK's local rows
    const std::int64_t lcols = at.x.local_shape()[0];
    auto global = [nb](std::int64_t local, int me, int np) {
      return (local / nb * np + me) * nb + local % nb;
    };
    int swaps = 0;
    for (std::int64_t li = 0; li < lrows; ++li) {
      const std::int64_t gi = global(li, g.myrow, g.nprow);
      // IPIV is replicated along process rows; count each row's swap once (column 0).
      if (g.mycol == 0 && ipiv[static_cast<std::size_t>(li)] != gi + 1) ++swaps;
      for (std::int64_t lj = 0; lj < lcols; ++lj) {
        if (global(lj, g.mycol, g.npcol) == gi) product *= at.data()[li + lj * lrows];
      }
    }
    if (swaps % 2 == 1) product = -product;
  }
  return a.context()->comm().allreduce(product, comm::Op::prod);
}

#define PGAS_LU_FNS(T)                                          \
  template DArray<T> solve(const DArray<T>&, const DArray<T>&); \
  template DArray<T> inv(const DArray<T>&);                     \
  template T det(const DArray<T>&);
PGAS_LINALG_INSTANTIATE(PGAS_LU_FNS)

}  // namespace pgas::linalg
