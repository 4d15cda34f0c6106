// norm: fro, 1 and inf are sums over owned cells, reduced where the operand lives (no
// redistribution); 2 of a matrix is its largest singular value (pdgesvd, values only).
#include <algorithm>
#include <cmath>
#include <vector>

#include "instantiate.hpp"
#include "operand.hpp"
#include "pgas/linalg/linalg.hpp"

namespace pgas::linalg {

using namespace detail;

template <class T>
Real<T> norm(const DArray<T>& a, NormOrd ord) {
  using R = Real<T>;
  const auto& comm = a.context()->comm();
  if (a.ndim() < 1 || a.ndim() > 2)
    throw ValueError("norm: Improper number of dimensions to norm.");
  if (a.ndim() == 2 && ord == NormOrd::two) {
    const auto s = svd(a, false, false).s;
    return s.empty() ? R(0) : s.front();
  }
  // Owned cells are the leading part of each local dimension (overlap cells follow them).
  const std::int64_t rows = a.owned_shape()[0];
  const std::int64_t cols = a.ndim() == 2 ? a.owned_shape()[1] : 1;
  const std::int64_t stride = a.ndim() == 2 ? a.local_shape()[1] : 1;
  const T* x = a.local_data();
  auto at = [&](std::int64_t i, std::int64_t j) { return std::abs(x[i * stride + j]); };
  const bool vector = a.ndim() == 1;
  if (ord == NormOrd::fro || ord == NormOrd::two || (vector && ord == NormOrd::one)) {
    const bool squares = ord != NormOrd::one;
    R sum(0);
    for (std::int64_t i = 0; i < rows; ++i) {
      for (std::int64_t j = 0; j < cols; ++j) sum += squares ? at(i, j) * at(i, j) : at(i, j);
    }
    sum = comm.allreduce(sum, comm::Op::sum);
    return squares ? std::sqrt(sum) : sum;
  }
  if (vector) {  // inf: max |x|
    R most(0);
    for (std::int64_t i = 0; i < rows; ++i) most = std::max(most, at(i, 0));
    return comm.allreduce(most, comm::Op::max);
  }
  // one: max column sum; inf: max row sum. Partial sums per global index, reduced.
  const int axis = ord == NormOrd::one ? 1 : 0;
  const auto g = a.global_ind(axis);
  std::vector<R> sums(static_cast<std::size_t>(a.shape()[static_cast<std::size_t>(axis)]), R(0));
  for (std::int64_t i = 0; i < rows; ++i) {
    for (std::int64_t j = 0; j < cols; ++j) {
      sums[static_cast<std::size_t>(g[static_cast<std::size_t>(axis == 1 ? j : i)])] += at(i, j);
    }
  }
  comm.allreduce(sums.data(), sums.data(), sums.size(), comm::Op::sum);
  return sums.empty() ? R(0) : *std::max_element(sums.begin(), sums.end());
}

#define PGAS_NORM(T) template Real<T> norm(const DArray<T>&, NormOrd);
PGAS_LINALG_INSTANTIATE(PGAS_NORM)

}  // namespace pgas::linalg
