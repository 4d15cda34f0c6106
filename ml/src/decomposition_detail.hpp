// Kernels PCA and TruncatedSVD share: row-major local GEMM, reductions that give every rank
// the same bits, the small SVD of a replicated matrix, scikit-learn's sign rule and the
// randomized range finder. Internal header.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "pgas/darray/darray.hpp"
#include "pgas/linalg/linalg.hpp"
#include "pgas/ml/decomposition.hpp"

namespace pgas::ml::detail {

/// Row-major C (m x n) = op(A) op(B) + beta C, A, B, C row-major with row lengths lda, ldb,
/// ldc: the column-major GEMM of the transposes (C^T = op(B)^T op(A)^T). Local.
template <typename T>
void gemm_rows(char ta, char tb, std::int64_t m, std::int64_t n, std::int64_t k, const T* a,
               std::int64_t lda, const T* b, std::int64_t ldb, T beta, T* c, std::int64_t ldc);

/// v summed over the ranks, the same bits on every rank (reduce to 0, then broadcast; an
/// allreduce may round differently per rank). Collective.
template <typename V>
void sum_to_all(std::vector<V>& v, const comm::Communicator& comm) {
  std::vector<V> total(v.size());
  comm.reduce(v.data(), total.data(), v.size(), comm::Op::sum, 0);
  if (comm.rank() == 0) v = std::move(total);
  comm.bcast(v.data(), v.size(), 0);
}

/// s and vt of a small (rows x cols) row-major matrix b, the same on every rank: LAPACK's
/// gesvd on rank 0, broadcast. vt: min(rows, cols) x cols. LinAlgError if it does not
/// converge. Collective.
template <typename T>
linalg::RightSVD<T> small_right_svd(const std::vector<T>& b, std::int64_t rows, std::int64_t cols,
                                    const comm::Communicator& comm);

/// scikit-learn's svd_flip(u_based_decision=False): each row of vt (k x n) multiplied by the
/// sign of its largest-magnitude entry (the first one on ties), so that entry is positive.
/// Local.
template <typename T>
void flip_rows(std::vector<T>& vt, std::int64_t k, std::int64_t n) {
  for (std::int64_t i = 0; i < k; ++i) {
    T* row = vt.data() + i * n;
    std::int64_t best = 0;
    for (std::int64_t j = 1; j < n; ++j) {
      if (std::abs(row[j]) > std::abs(row[best])) best = j;
    }
    const T sign = row[best] > T(0) ? T(1) : (row[best] < T(0) ? T(-1) : T(0));
    for (std::int64_t j = 0; j < n; ++j) row[j] *= sign;
  }
}

/// The randomized SVD (Halko et al.; scikit-learn's _randomized_svd without its transpose
/// option) of x (on a map holding whole rows): l = n_components + oversamples random
/// directions (clipped to min(m, n), where the range finder is exact), n_iter power
/// iterations normalized as `normalizer` says, then the small SVD of Q^T x. s and vt have
/// min(l, n) entries / rows. Collective.
template <typename T>
linalg::RightSVD<T> randomized_right_svd(const DArray<T>& x, std::int64_t n_components,
                                         int n_oversamples, int n_iter, PowerNormalizer normalizer,
                                         std::uint64_t seed);

/// X's rows as whole local rows (ml::whole_rows) after checking it is a 2-D array with
/// `features` columns (any count when features < 0). Collective.
template <typename T>
DArray<T> rows_of(const DArray<T>& x, std::int64_t features, const char* what);

}  // namespace pgas::ml::detail
