// matmul: C = A B through pdgemm. ScaLAPACK sees each operand transposed (operand.hpp), so
// it computes C^T = B^T A^T with no transposition at all: 'N','N' on the operands as stored.
#include <string>

#include "instantiate.hpp"
#include "operand.hpp"
#include "pgas/linalg/linalg.hpp"

namespace pgas::linalg {

using namespace detail;

template <class T>
DArray<T> matmul(const DArray<T>& a, const DArray<T>& b) {
  if (a.context() != b.context()) {
    throw ValueError("matmul: the arrays live on different communicators");
  }
  if (a.ndim() < 1 || a.ndim() > 2 || b.ndim() < 1 || b.ndim() > 2) {
    throw ValueError("matmul: operands must be 1- or 2-dimensional, got " +
                     shape_string(a.shape()) + " and " + shape_string(b.shape()));
  }
  if (a.ndim() == 1 && b.ndim() == 1) {
    throw ValueError("matmul: two 1-d operands (an inner product) are not a matrix product");
  }
  const std::int64_t k = a.shape().back();
  if (b.shape()[0] != k) {
    throw ValueError(
        "matmul: Input operand 1 has a mismatch in its core dimension 0, with "
        "gufunc signature (n?,k),(k,m?)->(n?,m?) (size " +
        std::to_string(b.shape()[0]) + " is different from " + std::to_string(k) + ")");
  }
  const maps::Map& lead = a.ndim() == 2 ? a.map() : b.map();
  const Site site = make_site(a.context(), layout_for(lead, a.context()->size()));
  const int kk = fortran_int(k, "matmul");
  const T one(1);
  const T zero(0);

  if (a.ndim() == 2 && b.ndim() == 2) {
    const Operand<T> at = operand_of(a, site, false);                  // ScaLAPACK: A^T (k x m)
    const Operand<T> bt = operand_of(b, site, false);                  // B^T (n x k)
    Operand<T> ct = new_operand<T>(b.shape()[1], a.shape()[0], site);  // C^T (n x m)
    if (site.active()) {
      gemm('N', 'N', ct.rows, ct.cols, kk, one, bt.data(), bt.d(), at.data(), at.d(), zero,
           ct.data(), ct.d());
    }
    return transposed_result(std::move(ct), a.map());
  }
  if (a.ndim() == 2) {  // (m, k) @ (k,) -> (m,): c = (A^T)^T b, b as a (k x 1) column
    const Operand<T> at = operand_of(a, site, false);
    const Operand<T> bc = operand_of(as_row(b), site, false);
    Operand<T> c = new_operand<T>(a.shape()[0], 1, site);
    if (site.active()) {
      gemm('T', 'N', c.rows, 1, kk, one, at.data(), at.d(), bc.data(), bc.d(), zero, c.data(),
           c.d());
    }
    return from_row(c.x, b.map());
  }
  // (k,) @ (k, n) -> (n,): c = B^T a
  const Operand<T> bt = operand_of(b, site, false);
  const Operand<T> ac = operand_of(as_row(a), site, false);
  Operand<T> c = new_operand<T>(b.shape()[1], 1, site);
  if (site.active()) {
    gemm('N', 'N', c.rows, 1, kk, one, bt.data(), bt.d(), ac.data(), ac.d(), zero, c.data(), c.d());
  }
  return from_row(c.x, a.map());
}

#define PGAS_MATMUL(T) template DArray<T> matmul(const DArray<T>&, const DArray<T>&);
PGAS_LINALG_INSTANTIATE(PGAS_MATMUL)

}  // namespace pgas::linalg
