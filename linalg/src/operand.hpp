// Operands: darrays on a layout's block-cyclic map, with the ScaLAPACK descriptor of the
// matrix ScaLAPACK sees in them. Internal header.
//
// The one fact everything here rests on: a row-major local array of an (m x n) pgas matrix
// on the (prow, pcol) block-cyclic map IS the column-major local array of its (n x m)
// transpose on the (pcol x prow) BLACS grid. So an Operand whose darray is X presents X^T to
// ScaLAPACK, with no copy. To present a matrix M itself, the darray holds M^T (a local
// transpose plus a redistribution: operand_of_transpose).
#pragma once

#include <algorithm>
#include <array>
#include <climits>
#include <cmath>
#include <complex>
#include <limits>
#include <string>
#include <type_traits>

#include "blacs_grid.hpp"
#include "pgas/darray/darray.hpp"
#include "pgas/linalg/layout.hpp"
#include "pgas/linalg/linalg_error.hpp"
#include "scalapack.hpp"

namespace pgas::linalg::detail {

/// ScaLAPACK counts with Fortran INTEGERs: shapes beyond that are refused (ValueError on
/// every rank: shapes are the same everywhere). Local.
inline int fortran_int(std::int64_t n, const char* what) {
  if (n > INT_MAX) {
    throw ValueError(std::string(what) + ": extent " + std::to_string(n) +
                     " exceeds ScaLAPACK's 32-bit integers");
  }
  return static_cast<int>(n);
}

/// `layout` shrunk, if needed, so that every grid row and column holds a block of an (m x n)
/// matrix: the leading (prow', pcol') corner of its grid, same block size. Local.
inline BlockCyclicLayout fitted_layout(const BlockCyclicLayout& layout, std::int64_t m,
                                       std::int64_t n) {
  const auto blocks = [&](std::int64_t e) {
    return std::max<std::int64_t>(1, (e + layout.nb - 1) / layout.nb);
  };
  const int pr = static_cast<int>(std::min<std::int64_t>(layout.prow, blocks(m)));
  const int pc = static_cast<int>(std::min<std::int64_t>(layout.pcol, blocks(n)));
  if (pr == layout.prow && pc == layout.pcol) return layout;
  BlockCyclicLayout out = layout;
  out.prow = pr;
  out.pcol = pc;
  out.procs.clear();
  for (int i = 0; i < pr; ++i) {
    for (int j = 0; j < pc; ++j)
      out.procs.push_back(layout.procs[static_cast<std::size_t>(i * layout.pcol + j)]);
  }
  return out;
}

/// Where and how ScaLAPACK computes for one call: the layout, its BLACS grid, the context.
struct Site {
  ContextPtr ctx;
  BlockCyclicLayout layout;
  const BlacsGrid* grid;
  bool active() const { return grid->in_grid(); }
};

/// Collective the first time a layout is seen on a communicator (BLACS grid creation).
inline Site make_site(const ContextPtr& ctx, const BlockCyclicLayout& layout) {
  return Site{ctx, layout, &blacs_grid(*ctx, layout)};
}

template <class T>
struct Operand {
  DArray<T> x;  // on site.layout.map(); ScaLAPACK sees x^T
  std::array<int, 9> desc{};
  int rows = 0;  // of the ScaLAPACK matrix x^T
  int cols = 0;
  T* data() { return x.local_data(); }
  const T* data() const { return x.local_data(); }
  int* d() { return desc.data(); }
  const int* d() const { return desc.data(); }
};

template <class T>
Operand<T> wrap_operand(DArray<T> x, const Site& site) {
  Operand<T> op{std::move(x), {}, 0, 0};
  op.rows = fortran_int(op.x.shape()[1], "linalg");
  op.cols = fortran_int(op.x.shape()[0], "linalg");
  op.desc.fill(0);
  op.desc[1] = -1;  // ranks outside the grid: BLACS's "not in this context"
  if (site.active()) {
    const int nb = fortran_int(site.layout.nb, "linalg: block size");
    const int zero = 0;
    const int lld = std::max<int>(1, static_cast<int>(op.x.local_shape()[1]));
    int info = 0;
    descinit_(op.desc.data(), &op.rows, &op.cols, &nb, &nb, &zero, &zero, &site.grid->ctxt, &lld,
              &info);
    if (info != 0) {
      throw std::logic_error(
          with_rank("linalg: descinit refused argument " + std::to_string(-info)));
    }
  }
  return op;
}

/// ScaLAPACK sees a^T. In place (shared storage, no copy) when `a` is on the site's map and
/// will not be overwritten; otherwise a redistributed copy. Collective.
template <class T>
Operand<T> operand_of(const DArray<T>& a, const Site& site, bool overwritten) {
  const maps::Map target = site.layout.map();
  if (!overwritten && a.map() == target) return wrap_operand(a, site);
  return wrap_operand(a.remap(target), site);
}

/// ScaLAPACK sees `a` itself (its darray holds a^T: a local transpose, then a
/// redistribution). Always a fresh array. Collective.
template <class T>
Operand<T> operand_of_transpose(const DArray<T>& a, const Site& site) {
  return wrap_operand(a.transpose().remap(site.layout.map()), site);
}

/// A fresh (uninitialised) operand in which ScaLAPACK sees a rows x cols matrix. Collective.
template <class T>
Operand<T> new_operand(std::int64_t rows, std::int64_t cols, const Site& site) {
  return wrap_operand(DArray<T>({cols, rows}, site.layout.map(), site.ctx), site);
}

/// The darray of ScaLAPACK's matrix transposed (= the operand's own darray), on `map`.
/// Collective.
template <class T>
DArray<T> transposed_result(Operand<T>&& op, const maps::Map& map) {
  if (op.x.map() == map) return std::move(op.x);
  return op.x.remap(map);
}

/// The darray of ScaLAPACK's matrix itself, on `map`. Collective.
template <class T>
DArray<T> direct_result(const Operand<T>& op, const maps::Map& map) {
  return op.x.transpose().remap(map);
}

/// Every rank learns ScaLAPACK's verdict: a negative INFO anywhere is a pgas bug (an illegal
/// argument), a positive one becomes LinAlgError(`failure`) on every rank. Collective.
inline void check_info(const Site& site, int info, const char* routine,
                       const std::string& failure) {
  const auto& comm = site.ctx->comm();
  const int lowest = comm.allreduce(info, comm::Op::min);
  const int highest = comm.allreduce(info, comm::Op::max);
  if (lowest < 0) {
    throw std::logic_error(with_rank(std::string("linalg: ") + routine + " refused argument " +
                                     std::to_string(-lowest) + " (a pgas bug)"));
  }
  if (highest > 0) throw LinAlgError(failure);
}

/// Workspace sizes from a LAPACK or ScaLAPACK query come back as a floating-point value in
/// WORK(1): in single precision a size above 2^24 may have been rounded down, so the value is
/// rounded up past its relative error, plus one. Local.
template <class T>
int workspace_size(const T& w) {
  using R = Real<T>;
  double v;
  if constexpr (std::is_floating_point_v<T>) {
    v = static_cast<double>(w);
  } else {
    v = static_cast<double>(w.real());
  }
  const double up = v * (1 + 2 * static_cast<double>(std::numeric_limits<R>::epsilon()));
  const double size = std::min(std::ceil(up) + 1, static_cast<double>(INT_MAX));
  return std::max(1, static_cast<int>(size));
}

/// A workspace of at least `query` entries plus room for the panels ScaLAPACK's drivers use
/// (2 nb^2 + 2 (local rows + local cols + extent) nb): their LWORK queries are short on some
/// shapes, and the complex drivers then read past WORK (seen under AddressSanitizer). Local.
template <class T>
std::size_t panel_pad(const Operand<T>& op, const Site& site, std::int64_t extent) {
  const auto nb = static_cast<std::size_t>(site.layout.nb);
  const auto span =
      static_cast<std::size_t>(op.x.local_shape()[0] + op.x.local_shape()[1] + extent);
  return 2 * nb * nb + 2 * span * nb + 64;
}
template <class T, class U>
std::vector<T> padded_work(const U& query, const Operand<T>& op, const Site& site,
                           std::int64_t extent) {
  return std::vector<T>(static_cast<std::size_t>(workspace_size(query)) * 2 +
                        panel_pad(op, site, extent));
}

/// Throws ValueError (same on every rank: shapes are global) unless `a` is 2-D and square.
template <class T>
void require_square(const DArray<T>& a, const char* fn) {
  if (a.ndim() != 2) {
    throw ValueError(std::string(fn) + ": " + std::to_string(a.ndim()) +
                     "-dimensional array given. Array must be two-dimensional");
  }
  if (a.shape()[0] != a.shape()[1]) {
    throw ValueError(std::string(fn) + ": Last 2 dimensions of the array must be square, got " +
                     shape_string(a.shape()));
  }
}

template <class T>
void require_matrix(const DArray<T>& a, const char* fn) {
  if (a.ndim() != 2) {
    throw ValueError(std::string(fn) + ": " + std::to_string(a.ndim()) +
                     "-dimensional array given. Array must be two-dimensional");
  }
}

/// A 1-d darray as the (1 x n) row with the same local storage (no communication): its map
/// gains a leading dimension of extent 1. Collective (constructs a darray).
template <class T>
DArray<T> as_row(const DArray<T>& v) {
  return v.with_unit_dim(0);
}

/// The inverse of as_row: a (1 x n) row as a 1-d darray on the 1-d `map`. Collective.
template <class T>
DArray<T> from_row(const DArray<T>& row, const maps::Map& map) {
  const maps::Map lifted = map.with_unit_dim(0);
  if (row.map() == lifted) return row.without_unit_dim(0);
  return row.remap(lifted).without_unit_dim(0);
}

/// Copies the leading (min rows x min cols) block of `from` into `to`; both on the same
/// block-cyclic map, so that block is a leading local block on every rank: no communication.
/// Local.
template <class T>
void copy_leading(const DArray<T>& from, DArray<T>& to) {
  const std::int64_t r = std::min(from.shape()[0], to.shape()[0]);
  const std::int64_t c = std::min(from.shape()[1], to.shape()[1]);
  const auto count_below = [](const std::vector<std::int64_t>& g, std::int64_t n) {
    return static_cast<std::int64_t>(
        std::count_if(g.begin(), g.end(), [n](std::int64_t i) { return i < n; }));
  };
  const std::int64_t lr = count_below(from.global_ind(0), r);
  const std::int64_t lc = count_below(from.global_ind(1), c);
  const std::int64_t fs = from.local_shape()[1];
  const std::int64_t ts = to.local_shape()[1];
  for (std::int64_t i = 0; i < lr; ++i) {
    std::copy(from.local_data() + i * fs, from.local_data() + i * fs + lc,
              to.local_data() + i * ts);
  }
}

/// Sets the cells (i, j) of `x` (global indices) where `drop(i, j)` to zero. Local.
template <class T, class F>
void zero_where(DArray<T>& x, F&& drop) {
  const auto gi = x.global_ind(0);
  const auto gj = x.global_ind(1);
  T* v = x.local_data();
  for (std::size_t i = 0; i < gi.size(); ++i) {
    for (std::size_t j = 0; j < gj.size(); ++j) {
      if (drop(gi[i], gj[j])) v[i * gj.size() + j] = T(0);
    }
  }
}

/// Elementwise complex conjugate (identity for real types). Local.
template <class T>
DArray<T> conjugated(const DArray<T>& x) {
  if constexpr (std::is_same_v<T, Real<T>>) {
    return x;
  } else {
    return x.map_values([](T v) { return std::conj(v); });
  }
}

/// Broadcasts a vector that the grid's ranks hold (all alike) to every rank. Collective.
template <class R>
void share_from_grid(std::vector<R>& v, const Site& site) {
  site.ctx->comm().bcast(v.data(), v.size(), site.layout.procs.front());
}

}  // namespace pgas::linalg::detail
