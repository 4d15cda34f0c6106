// cholesky: ScaLAPACK sees S = A^T, whose upper triangle is A's lower one (the triangle
// numpy reads). pdpotrf('U') gives S = U^H U; then A = S^T = U^T conj(U) = L L^H with
// L = U^T, which is exactly what pgas reads back from the operand: no transposition.
#include "instantiate.hpp"
#include "operand.hpp"
#include "pgas/linalg/linalg.hpp"

namespace pgas::linalg {

using namespace detail;

template <class T>
DArray<T> cholesky(const DArray<T>& a) {
  require_square(a, "cholesky");
  const Site site = make_site(a.context(), layout_for(a.map(), a.context()->size()));
  Operand<T> s = operand_of(a, site, true);
  int info = 0;
  if (site.active()) potrf('U', s.rows, s.data(), s.d(), &info);
  check_info(site, info, "potrf", "cholesky: Matrix is not positive definite");
  // pdpotrf leaves S's strictly lower triangle (L's strictly upper one) as it was.
  const std::vector<std::int64_t> rows = s.x.global_ind(0);
  const std::vector<std::int64_t> cols = s.x.global_ind(1);
  T* x = s.data();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t j = 0; j < cols.size(); ++j) {
      if (cols[j] > rows[i]) x[i * cols.size() + j] = T(0);
    }
  }
  return transposed_result(std::move(s), a.map());
}

#define PGAS_CHOLESKY(T) template DArray<T> cholesky(const DArray<T>&);
PGAS_LINALG_INSTANTIATE(PGAS_CHOLESKY)

}  // namespace pgas::linalg
