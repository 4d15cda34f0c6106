// The one p?gesvd call of svd and svd_right: workspace query, then the padded run.
// Internal header: not installed, not part of the API.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "operand.hpp"
#include "scalapack.hpp"

namespace pgas::linalg::detail {

/// p?gesvd on the operand `s` (ScaLAPACK's matrix x^T, destroyed), singular values into `sv`.
/// The LWORK query comes out short on some shapes (the complex drivers overrun it in p?gebrd
/// under AddressSanitizer), so WORK and RWORK get room for the panels too (panel_pad). `u` or
/// `vt` may alias `s` when its JOB is 'N' (never referenced). Returns INFO. Collective over
/// the grid's ranks (call it only where site.active()).
template <class T>
int gesvd_padded(char jobu, char jobvt, Operand<T>& s, Real<T>* sv, T* u, const int* descu, T* vt,
                 const int* descvt, const Site& site) {
  using R = Real<T>;
  const std::int64_t extent = std::max(s.rows, s.cols);
  const std::size_t pad = panel_pad(s, site, extent);
  std::vector<R> rwork(static_cast<std::size_t>(2 + 8 * extent) + pad);
  T query(0);
  int info = 0;
  gesvd(jobu, jobvt, s.rows, s.cols, s.data(), s.d(), sv, u, descu, vt, descvt, &query, -1,
        rwork.data(), &info);
  if (info != 0) return info;
  std::vector<T> work = padded_work(query, s, site, extent);
  gesvd(jobu, jobvt, s.rows, s.cols, s.data(), s.d(), sv, u, descu, vt, descvt, work.data(),
        static_cast<int>(work.size()), rwork.data(), &info);
  return info;
}

}  // namespace pgas::linalg::detail
