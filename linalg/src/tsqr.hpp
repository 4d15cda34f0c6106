// The TSQR reduction tree (tsqr.cpp), as a two-phase object that qr/svd/lstsq also use:
// the constructor factors A = Q R (local QR per rank, R factors combined pairwise up a binary
// tree over the ranks, R on every rank); apply(C) then forms Q C for any small C (C = I gives
// Q, C = U_R gives the left singular vectors of A) by one pass down the same tree.
// Internal header.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "operand.hpp"
#include "pgas/darray/darray.hpp"

namespace pgas::linalg::detail {

/// QR of one rank's rows (column-major storage). Up to 2 * chunk rows: one LAPACK QR (a leaf,
/// `q`). Taller: QR of each chunk of rows (`parts`, cache-sized), then of their stacked R
/// factors (`stack`, itself chunked if tall), so that LAPACK's level-2 panel sweeps stay in
/// cache: a local TSQR tree of two or more levels.
template <class T>
struct LocalQr {
  int rows = 0;
  int h = 0;         // height of R: min(rows, n)
  std::vector<T> q;  // leaf: rows x h
  std::vector<LocalQr> parts;
  std::vector<LocalQr> stack;  // 0 or 1 element (the QR of the parts' stacked R's)
};

template <class T>
class Tsqr {
 public:
  /// Factors the (m x n) matrix `a`, m >= n (callers check). `a` is used in place when its
  /// rows are not split across columns (grid [q, 1], no overlap: any row distribution, any
  /// ranks), else redistributed to block rows over all ranks. With `keep_q` false only R is
  /// computed (apply may not be called). Collective.
  Tsqr(const DArray<T>& a, bool keep_q);

  std::int64_t m() const { return m_; }
  std::int64_t n() const { return n_; }
  /// R (n x n, upper triangular), row-major, the same on every rank.
  const std::vector<T>& r() const { return r_; }
  /// `a` on rows_map() (a itself when used in place).
  const DArray<T>& a_rows() const { return a_rows_; }
  /// The map the factorization ran on: Q's rows live where a_rows()'s do.
  const maps::Map& rows_map() const { return a_rows_.map(); }

  /// Q C (m x w) on rows_map() for C (n x w, row-major, the same on every rank; only rank
  /// 0's is read). Collective.
  DArray<T> apply(const std::vector<T>& c, std::int64_t w) const;

  /// A map for an operand with the same rows as a_rows(): ndim 1 (a vector of m) or 2 (an
  /// (m x k) matrix, columns unsplit). Local.
  maps::Map rows_map_for(int ndim) const;

 private:
  struct Level {  // a node this rank combined: [R_mine; R_partner] = Qn Rn
    int partner = 0;
    int h_mine = 0;
    int h_partner = 0;
    int h_node = 0;
    std::vector<T> qn;  // (h_mine + h_partner) x h_node, column-major
  };
  std::int64_t m_ = 0;
  std::int64_t n_ = 0;
  DArray<T> a_rows_;
  LocalQr<T> local_;  // this rank's rows
  std::vector<Level> levels_;
  int parent_ = -1;  // the rank this one sent its R to (-1 on rank 0)
  std::vector<T> r_;
};

/// Whether a matrix on `map` is used by Tsqr in place. Local.
bool tsqr_in_place(const maps::Map& map);

/// The SVD of a small (n x n) matrix given row-major on every rank, computed by LAPACK on
/// rank 0 and broadcast (every rank gets the same bits): r = u diag(s) vh, u and vh
/// row-major n x n (empty without `vectors`). LinAlgError if it does not converge.
/// Collective.
template <class T>
struct SmallSvd {
  std::vector<Real<T>> s;
  std::vector<T> u;
  std::vector<T> vh;
};
template <class T>
SmallSvd<T> small_svd(const std::vector<T>& r, int n, bool vectors, const comm::Communicator& comm);

/// v summed over the ranks, the same bits on every rank (reduce to 0, then broadcast).
/// Collective.
template <class V>
void sum_everywhere(std::vector<V>& v, const comm::Communicator& comm) {
  std::vector<V> total(v.size());
  comm.reduce(v.data(), total.data(), v.size(), comm::Op::sum, 0);
  if (comm.rank() == 0) v = std::move(total);
  comm.bcast(v.data(), v.size(), 0);
}

/// A (rows x cols) darray on `map` holding `values` (row-major, the same on every rank), or
/// a vector of `rows` when cols < 0. No communication beyond construction. Collective.
template <class T>
DArray<T> from_replicated(const std::vector<T>& values, std::int64_t rows, std::int64_t cols,
                          const maps::Map& map, const ContextPtr& ctx) {
  if (cols < 0) {
    DArray<T> out({rows}, map, ctx);
    const auto gi = out.global_ind(0);
    for (std::size_t i = 0; i < gi.size(); ++i)
      out.local_data()[i] = values[static_cast<std::size_t>(gi[i])];
    return out;
  }
  DArray<T> out({rows, cols}, map, ctx);
  const auto gi = out.global_ind(0);
  const auto gj = out.global_ind(1);
  T* v = out.local_data();
  for (std::size_t i = 0; i < gi.size(); ++i) {
    for (std::size_t j = 0; j < gj.size(); ++j)
      v[i * gj.size() + j] = values[static_cast<std::size_t>(gi[i] * cols + gj[j])];
  }
  return out;
}

}  // namespace pgas::linalg::detail
