// qr: A = Q R from ScaLAPACK's LQ factorization of the matrix it sees, S = A^T:
//   S = L Q1  =>  A = Q1^T L^T,  Q = Q1^T (orthonormal columns), R = L^T (upper).
// pgas reads ScaLAPACK's matrices transposed, so Q1 and L read back as Q and R directly.
// Tall-skinny matrices (uses_tsqr) in modes reduced and r go through TSQR instead (tsqr.cpp).
#include <algorithm>
#include <string>
#include <vector>

#include "instantiate.hpp"
#include "operand.hpp"
#include "pgas/linalg/linalg.hpp"
#include "tsqr.hpp"

namespace pgas::linalg {

using namespace detail;

namespace {

template <class T>
void generate_q(Operand<T>& q, int rows, int k, const std::vector<T>& tau, const Site& site) {
  int info = 0;
  if (site.active() && rows > 0) {
    T wq(0);
    unglq(rows, q.cols, k, q.data(), q.d(), tau.data(), &wq, -1, &info);
    if (info == 0) {
      std::vector<T> work = padded_work(wq, q, site, std::max(q.rows, q.cols));
      unglq(rows, q.cols, k, q.data(), q.d(), tau.data(), work.data(),
            static_cast<int>(work.size()), &info);
    }
  }
  check_info(site, info, "orglq/unglq", "qr: failed");
}

}  // namespace

template <class T>
QRResult<T> qr(const DArray<T>& a, QRMode mode) {
  require_matrix(a, "qr");
  const std::int64_t m = a.shape()[0];
  const std::int64_t n = a.shape()[1];
  const std::int64_t k = std::min(m, n);
  if (mode != QRMode::complete && uses_tsqr(m, n, a.context()->size())) {
    if (mode == QRMode::reduced) return tsqr(a);
    const Tsqr<T> f(a, false);
    return QRResult<T>{std::nullopt, from_replicated(f.r(), n, n, a.map(), a.context())};
  }
  const Site site = make_site(a.context(), layout_for(a.map(), a.context()->size()));
  Operand<T> s = operand_of(a, site, true);  // S = A^T: n x m
  const int nb = fortran_int(site.layout.nb, "qr: block size");
  std::vector<T> tau(1);
  if (site.active()) {
    const int zero = 0;
    const int most = fortran_int(std::max(m, n), "qr");
    tau.resize(static_cast<std::size_t>(
        numroc_(&most, &nb, &site.grid->myrow, &zero, &site.grid->nprow) + nb));
  }
  int info = 0;
  if (site.active() && k > 0) {
    T wq(0);
    gelqf(s.rows, s.cols, s.data(), s.d(), tau.data(), &wq, -1, &info);
    if (info == 0) {
      std::vector<T> work = padded_work(wq, s, site, std::max(m, n));
      gelqf(s.rows, s.cols, s.data(), s.d(), tau.data(), work.data(), static_cast<int>(work.size()),
            &info);
    }
  }
  check_info(site, info, "gelqf", "qr: failed");

  // R: S's lower triangle L (n x k, or n x m for complete) read back transposed = upper.
  const std::int64_t r_rows = mode == QRMode::complete ? m : k;
  DArray<T> r = DArray<T>::zeros({r_rows, n}, site.layout.map(), a.context());
  copy_leading(s.x, r);
  zero_where(r, [](std::int64_t i, std::int64_t j) { return j < i; });
  QRResult<T> out{std::nullopt, r.map() == a.map() ? r : r.remap(a.map())};
  if (mode == QRMode::r) return out;

  const int kk = static_cast<int>(k);
  if (mode == QRMode::complete && m > n) {
    // Q is m x m: ScaLAPACK needs an m x m matrix whose first n rows hold the reflectors.
    Operand<T> q = wrap_operand(DArray<T>::zeros({m, m}, site.layout.map(), a.context()), site);
    copy_leading(s.x, q.x);
    generate_q(q, q.rows, kk, tau, site);
    out.q = transposed_result(std::move(q), a.map());
    return out;
  }
  // Reduced: Q1 is the first k rows of S (ScaLAPACK's view), i.e. pgas's first k columns.
  generate_q(s, kk, kk, tau, site);
  if (n == k) {
    out.q = transposed_result(std::move(s), a.map());
  } else {
    DArray<T> q({m, k}, site.layout.map(), a.context());
    copy_leading(s.x, q);
    out.q = q.map() == a.map() ? q : q.remap(a.map());
  }
  return out;
}

#define PGAS_QR(T) template QRResult<T> qr(const DArray<T>&, QRMode);
PGAS_LINALG_INSTANTIATE(PGAS_QR)

}  // namespace pgas::linalg
