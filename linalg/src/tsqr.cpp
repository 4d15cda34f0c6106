// tsqr: QR of a tall-skinny matrix by a reduction tree on local LAPACK (docs/linalg.md).
//
// Up: every rank QR-factors its own rows, A_r = Q_r R_r (?geqrf, ?orgqr/?ungqr), R_r of
// height h_r = min(rows_r, n) (ranks with few or no rows send short or empty factors). Then
// at step s = 1, 2, 4, ... rank r with r % 2s == s sends its R to r - s, which factors the
// stacked [R_mine; R_theirs] = Qn Rn and carries Rn on; rank 0 ends with R (n x n, since
// m >= n). Down (apply): Q C = diag(Q_r) (tree Qs) C, so rank 0 starts from C, and each
// node multiplies Qn by the C it got, keeps the top rows for itself and sends the bottom
// rows back to its partner; a leaf ends with Q_r times its C. C = I gives Q.
//
// A rank with many rows factors them in cache-sized chunks and then the chunks' stacked R
// factors (LocalQr: the same tree, locally), since one ?geqrf over all of them streams the
// whole block from memory once per column.
//
// Column-major local buffers for LAPACK; a darray's row-major block of l rows (l x w) is
// the column-major (w x l) transpose, so the leaf product is written with gemm('T','T')
// straight into the result's local storage.
#include "tsqr.hpp"

#include <algorithm>
#include <atomic>
#include <climits>
#include <string>
#include <vector>

#include "instantiate.hpp"
#include "operand.hpp"
#include "pgas/linalg/linalg.hpp"
#include "pgas/linalg/local_lapack.hpp"

namespace pgas::linalg {

using namespace detail;

namespace {

constexpr int kUpTag = 32101;
constexpr int kDownTag = 32102;
std::atomic<std::int64_t> g_tsqr_count{0};

template <class T>
DArray<T> on_rows(const DArray<T>& a) {
  if (tsqr_in_place(a.map())) return a;
  const int p = a.context()->size();
  return a.remap(maps::Map({p, 1}, {maps::DimDist::block(), maps::DimDist::block()}));
}

// QR of the column-major (rows x n) matrix in `a` (leading dimension rows): R (h x n,
// column-major, h = min(rows, n), zeros below the diagonal) into `r`; with keep_q, `a`
// becomes Q (rows x h). A negative LAPACK INFO is kept in `info`. Returns h. Local.
template <class T>
int local_qr(std::vector<T>& a, int rows, int n, bool keep_q, std::vector<T>& r, int& info) {
  const int h = std::min(rows, n);
  r.assign(static_cast<std::size_t>(h) * static_cast<std::size_t>(n), T(0));
  if (h == 0) {
    a.clear();
    return 0;
  }
  std::vector<T> tau(static_cast<std::size_t>(h));
  int status = 0;
  T wq(0);
  lapack::geqrf(rows, n, a.data(), rows, tau.data(), &wq, -1, &status);
  if (status == 0) {
    std::vector<T> work =
        lapack::padded<T>(static_cast<std::size_t>(std::max(workspace_size(wq), n)), 0);
    lapack::geqrf(rows, n, a.data(), rows, tau.data(), work.data(), static_cast<int>(work.size()),
                  &status);
  }
  info = std::min(info, status);
  const auto at = [](int i, int j, int ld) {
    return static_cast<std::size_t>(j) * static_cast<std::size_t>(ld) + static_cast<std::size_t>(i);
  };
  for (int j = 0; j < n; ++j) {
    for (int i = 0; i <= std::min(j, h - 1); ++i) r[at(i, j, h)] = a[at(i, j, rows)];
  }
  if (!keep_q) {
    a.clear();
    return h;
  }
  status = 0;
  lapack::ungqr(rows, h, h, a.data(), rows, tau.data(), &wq, -1, &status);
  if (status == 0) {
    std::vector<T> work =
        lapack::padded<T>(static_cast<std::size_t>(std::max(workspace_size(wq), h)), 0);
    lapack::ungqr(rows, h, h, a.data(), rows, tau.data(), work.data(),
                  static_cast<int>(work.size()), &status);
  }
  info = std::min(info, status);
  a.resize(static_cast<std::size_t>(rows) * static_cast<std::size_t>(h));  // Q's h columns
  return h;
}

std::atomic<std::int64_t> g_chunk_rows{0};

// Rows per chunk of the local QR: about 512 KiB per chunk (LAPACK's panel sweeps then run in
// cache: ~3.5x faster than one ?geqrf + ?orgqr over 524288 x 32 doubles) but at least 8n (for
// wide n, ?geqrf is level-3 anyway and every stacked level re-factors n rows per chunk). Set by
// set_tsqr_chunk_rows: at least 2n, so that the stacked R's are at most half as tall as the rows.
template <class T>
int chunk_rows(int n) {
  const std::int64_t set = g_chunk_rows.load();
  const std::int64_t wide = std::int64_t{n};
  if (set > 0)
    return static_cast<int>(std::min<std::int64_t>(std::max(set, 2 * wide), INT_MAX / 4));
  const std::int64_t automatic =
      (std::int64_t{1} << 19) / (static_cast<std::int64_t>(std::max(n, 1)) * sizeof(T));
  return static_cast<int>(std::max(automatic, 8 * wide));
}

// Element (i, j) at p[i * rs + j * cs]: a row-major darray block or a column-major buffer.
template <class T>
struct View {
  const T* p;
  std::size_t rs;
  std::size_t cs;
  T operator()(int i, int j) const {
    return p[static_cast<std::size_t>(i) * rs + static_cast<std::size_t>(j) * cs];
  }
};

// QR of the (rows x n) matrix `a` into `f` (see LocalQr); R (h x n, column-major) into `r`.
template <class T>
int factor(LocalQr<T>& f, View<T> a, int rows, int n, bool keep_q, std::vector<T>& r, int& info) {
  f.rows = rows;
  const int chunk = chunk_rows<T>(n);
  if (rows <= 2 * chunk) {
    // LAPACK factors c in place (leading dimension rows): room past it (lapack::padded).
    std::vector<T> c =
        lapack::padded<T>(static_cast<std::size_t>(rows) * static_cast<std::size_t>(n),
                          static_cast<std::size_t>(rows));
    for (int j = 0; j < n; ++j) {
      T* col = c.data() + static_cast<std::size_t>(j) * static_cast<std::size_t>(rows);
      for (int i = 0; i < rows; ++i) col[i] = a(i, j);
    }
    f.h = local_qr(c, rows, n, keep_q, r, info);
    if (keep_q) f.q = std::move(c);
    return f.h;
  }
  const int k = (rows + chunk - 1) / chunk;
  f.parts.resize(static_cast<std::size_t>(k));
  std::vector<std::vector<T>> rs(static_cast<std::size_t>(k));
  int total = 0;
  for (int c = 0; c < k; ++c) {
    const auto cs = static_cast<std::size_t>(c);
    const View<T> part{a.p + static_cast<std::size_t>(c) * static_cast<std::size_t>(chunk) * a.rs,
                       a.rs, a.cs};
    total += factor(f.parts[cs], part, std::min(chunk, rows - c * chunk), n, keep_q, rs[cs], info);
  }
  std::vector<T> stacked(static_cast<std::size_t>(total) * static_cast<std::size_t>(n));
  int off = 0;
  for (int c = 0; c < k; ++c) {
    const int h = f.parts[static_cast<std::size_t>(c)].h;
    for (int j = 0; j < n; ++j) {
      std::copy_n(rs[static_cast<std::size_t>(c)].data() +
                      static_cast<std::size_t>(j) * static_cast<std::size_t>(h),
                  h,
                  stacked.data() + static_cast<std::size_t>(j) * static_cast<std::size_t>(total) +
                      static_cast<std::size_t>(off));
    }
    off += h;
  }
  f.stack.resize(1);
  f.h = factor(f.stack[0], View<T>{stacked.data(), 1, static_cast<std::size_t>(total)}, total, n,
               keep_q, r, info);
  return f.h;
}

// out = Q C for the Q of `f` (rows x h) and C (h x w, column-major, leading dimension ldc):
// column-major with leading dimension ldo, or row-major (rows x w, row stride w). Local.
template <class T>
void apply_local(const LocalQr<T>& f, const T* c, int ldc, int w, T* out, bool row_major, int ldo) {
  if (f.rows == 0 || w == 0) return;
  if (f.stack.empty()) {
    if (row_major) {  // (Q C)^T column-major = C^T Q^T
      lapack::gemm('T', 'T', w, f.rows, f.h, T(1), c, ldc, f.q.data(), f.rows, T(0), out, w);
    } else {
      lapack::gemm('N', 'N', f.rows, w, f.h, T(1), f.q.data(), f.rows, c, ldc, T(0), out, ldo);
    }
    return;
  }
  const LocalQr<T>& st = f.stack[0];
  std::vector<T> mid(static_cast<std::size_t>(st.rows) * static_cast<std::size_t>(w));
  apply_local(st, c, ldc, w, mid.data(), false, st.rows);
  int off = 0;
  int row = 0;
  for (const LocalQr<T>& part : f.parts) {
    T* dst = out + (row_major ? static_cast<std::size_t>(row) * static_cast<std::size_t>(w)
                              : static_cast<std::size_t>(row));
    apply_local(part, mid.data() + off, std::max(1, st.rows), w, dst, row_major, ldo);
    off += part.h;
    row += part.rows;
  }
}

}  // namespace

namespace detail {

bool tsqr_in_place(const maps::Map& map) {
  if (map.ndim() != 2 || map.grid()[1] != 1) return false;
  return std::all_of(map.overlap().begin(), map.overlap().end(),
                     [](std::int64_t o) { return o == 0; });
}

template <class T>
Tsqr<T>::Tsqr(const DArray<T>& a, bool keep_q)
    : m_(a.shape()[0]), n_(a.shape()[1]), a_rows_(on_rows(a)) {
  ++g_tsqr_count;
  const comm::Communicator& comm = a.context()->comm();
  const int me = comm.rank();
  const int p = comm.size();
  const int n = fortran_int(n_, "tsqr");
  const int l = fortran_int(a_rows_.local_shape()[0], "tsqr");
  int info = 0;
  std::vector<T> r;
  // This rank's rows (row-major in the darray).
  int h = factor(local_, View<T>{a_rows_.local_data(), static_cast<std::size_t>(n), 1}, l, n,
                 keep_q, r, info);
  for (int s = 1; s < p; s *= 2) {
    if (me % (2 * s) == s) {  // send R up and stop
      parent_ = me - s;
      comm.send(parent_, kUpTag, h);
      comm.send(parent_, kUpTag, r.data(), r.size());
      break;
    }
    if (me + s >= p) continue;  // no partner at this step
    Level lv;
    lv.partner = me + s;
    comm.recv(lv.partner, kUpTag, lv.h_partner);
    std::vector<T> theirs(static_cast<std::size_t>(lv.h_partner) * static_cast<std::size_t>(n));
    comm.recv(lv.partner, kUpTag, theirs.data(), theirs.size());
    lv.h_mine = h;
    const int sh = lv.h_mine + lv.h_partner;
    std::vector<T> stacked = lapack::padded<T>(
        static_cast<std::size_t>(sh) * static_cast<std::size_t>(n), static_cast<std::size_t>(sh));
    for (int j = 0; j < n; ++j) {
      const auto js = static_cast<std::size_t>(j);
      std::copy_n(r.data() + js * static_cast<std::size_t>(lv.h_mine), lv.h_mine,
                  stacked.data() + js * static_cast<std::size_t>(sh));
      std::copy_n(
          theirs.data() + js * static_cast<std::size_t>(lv.h_partner), lv.h_partner,
          stacked.data() + js * static_cast<std::size_t>(sh) + static_cast<std::size_t>(lv.h_mine));
    }
    std::vector<T> rn;
    lv.h_node = local_qr(stacked, sh, n, keep_q, rn, info);
    if (keep_q) lv.qn = std::move(stacked);
    h = lv.h_node;
    r = std::move(rn);
    levels_.push_back(std::move(lv));
  }

  const int lowest = comm.allreduce(info, comm::Op::min);
  if (lowest < 0) {
    throw std::logic_error(with_rank("linalg: geqrf/orgqr refused argument " +
                                     std::to_string(-lowest) + " (a pgas bug)"));
  }
  // R, row-major, to every rank. On rank 0, h = min(m, n) = n.
  r_.assign(static_cast<std::size_t>(n) * static_cast<std::size_t>(n), T(0));
  if (me == 0) {
    for (int i = 0; i < h; ++i) {
      for (int j = 0; j < n; ++j) {
        r_[static_cast<std::size_t>(i) * static_cast<std::size_t>(n) +
           static_cast<std::size_t>(j)] =
            r[static_cast<std::size_t>(j) * static_cast<std::size_t>(h) +
              static_cast<std::size_t>(i)];
      }
    }
  }
  comm.bcast(r_.data(), r_.size(), 0);
}

template <class T>
maps::Map Tsqr<T>::rows_map_for(int ndim) const {
  const maps::Map& rows = a_rows_.map();
  return ndim == 2 ? rows : rows.without_dim(1);
}

template <class T>
DArray<T> Tsqr<T>::apply(const std::vector<T>& c, std::int64_t width) const {
  const comm::Communicator& comm = a_rows_.context()->comm();
  const int n = static_cast<int>(n_);
  const int w = fortran_int(width, "tsqr");
  const auto sz = [](int a, int b) {
    return static_cast<std::size_t>(a) * static_cast<std::size_t>(b);
  };
  // The C of this rank's top node (the R it sent up, or rank 0's R): column-major h x w.
  const int h_top = levels_.empty() ? local_.h : levels_.back().h_node;
  std::vector<T> cur(sz(h_top, w));
  if (parent_ < 0) {
    for (int i = 0; i < n; ++i) {
      for (int j = 0; j < w; ++j)
        cur[sz(j, n) + static_cast<std::size_t>(i)] = c[sz(i, w) + static_cast<std::size_t>(j)];
    }
  } else {
    comm.recv(parent_, kDownTag, cur.data(), cur.size());
  }
  for (auto it = levels_.rbegin(); it != levels_.rend(); ++it) {
    const Level& lv = *it;
    const int sh = lv.h_mine + lv.h_partner;
    std::vector<T> prod(sz(sh, w), T(0));
    if (sh > 0 && w > 0) {
      lapack::gemm('N', 'N', sh, w, lv.h_node, T(1), lv.qn.data(), sh, cur.data(),
                   std::max(1, lv.h_node), T(0), prod.data(), sh);
    }
    std::vector<T> mine(sz(lv.h_mine, w));
    std::vector<T> theirs(sz(lv.h_partner, w));
    for (int j = 0; j < w; ++j) {
      std::copy_n(prod.data() + sz(j, sh), lv.h_mine, mine.data() + sz(j, lv.h_mine));
      std::copy_n(prod.data() + sz(j, sh) + static_cast<std::size_t>(lv.h_mine), lv.h_partner,
                  theirs.data() + sz(j, lv.h_partner));
    }
    comm.send(lv.partner, kDownTag, theirs.data(), theirs.size());
    cur = std::move(mine);
  }
  DArray<T> out({m_, width}, rows_map_for(2), a_rows_.context());
  apply_local(local_, cur.data(), std::max(1, local_.h), w, out.local_data(), true, w);
  return out;
}

template <class T>
SmallSvd<T> small_svd(const std::vector<T>& r, int n, bool vectors,
                      const comm::Communicator& comm) {
  using R = Real<T>;
  const auto nn = static_cast<std::size_t>(n) * static_cast<std::size_t>(n);
  SmallSvd<T> out;
  out.s.assign(static_cast<std::size_t>(n), R(0));
  if (vectors) {
    out.u.assign(nn, T(0));
    out.vh.assign(nn, T(0));
  }
  int info = 0;
  if (comm.rank() == 0 && n > 0) {
    // Row-major r is column-major r^T = U1 S VT1, so r = VT1^T S U1^T: u is VT1 and vh is
    // U1, each read row-major from LAPACK's column-major output.
    // LAPACK's matrices with room past them (lapack::padded).
    const auto ldn = static_cast<std::size_t>(n);
    std::vector<T> a = lapack::padded<T>(nn, ldn);
    std::copy(r.begin(), r.end(), a.begin());
    std::vector<T> u1 = lapack::padded<T>(vectors ? nn : 1, ldn);
    std::vector<T> vt1 = lapack::padded<T>(vectors ? nn : 1, ldn);
    std::vector<R> rwork(static_cast<std::size_t>(5 * n + 8));
    const char job = vectors ? 'S' : 'N';
    const int ld = vectors ? n : 1;
    T wq(0);
    lapack::gesvd(job, job, n, n, a.data(), n, out.s.data(), u1.data(), ld, vt1.data(), ld, &wq, -1,
                  rwork.data(), &info);
    if (info == 0) {
      std::vector<T> work =
          lapack::padded<T>(static_cast<std::size_t>(std::max(workspace_size(wq), 5 * n + 8)), 0);
      lapack::gesvd(job, job, n, n, a.data(), n, out.s.data(), u1.data(), ld, vt1.data(), ld,
                    work.data(), static_cast<int>(work.size()), rwork.data(), &info);
    }
    if (vectors) {
      out.u = std::move(vt1);
      out.vh = std::move(u1);
    }
  }
  comm.bcast(info, 0);
  if (info < 0) {
    throw std::logic_error(
        with_rank("linalg: gesvd refused argument " + std::to_string(-info) + " (a pgas bug)"));
  }
  if (info > 0) throw LinAlgError("SVD did not converge");
  comm.bcast(out.s.data(), out.s.size(), 0);
  if (vectors) {
    comm.bcast(out.u.data(), out.u.size(), 0);
    comm.bcast(out.vh.data(), out.vh.size(), 0);
  }
  return out;
}

#define PGAS_TSQR_CLASS(T) \
  template class Tsqr<T>;  \
  template SmallSvd<T> small_svd(const std::vector<T>&, int, bool, const comm::Communicator&);
PGAS_LINALG_INSTANTIATE(PGAS_TSQR_CLASS)
#undef PGAS_TSQR_CLASS

}  // namespace detail

bool uses_tsqr(std::int64_t m, std::int64_t n, int ranks) {
  return n >= 1 && n <= tsqr_max_cols && m >= 4 * n * std::max(1, ranks);
}

std::int64_t tsqr_count() {
  return g_tsqr_count.load();
}

void set_tsqr_chunk_rows(std::int64_t rows) {
  g_chunk_rows = std::max<std::int64_t>(rows, 0);
}

template <class T>
QRResult<T> tsqr(const DArray<T>& a) {
  require_matrix(a, "tsqr");
  const std::int64_t m = a.shape()[0];
  const std::int64_t n = a.shape()[1];
  if (m < n) {
    throw ValueError("tsqr: a tall matrix (rows >= columns) is needed, got " +
                     shape_string(a.shape()));
  }
  const Tsqr<T> f(a, true);
  std::vector<T> eye(static_cast<std::size_t>(n * n), T(0));
  for (std::int64_t i = 0; i < n; ++i) eye[static_cast<std::size_t>(i * n + i)] = T(1);
  const DArray<T> q = f.apply(eye, n);
  QRResult<T> out{q.map() == a.map() ? q : q.remap(a.map()),
                  from_replicated(f.r(), n, n, a.map(), a.context())};
  return out;
}

#define PGAS_TSQR(T) template QRResult<T> tsqr(const DArray<T>&);
PGAS_LINALG_INSTANTIATE(PGAS_TSQR)

}  // namespace pgas::linalg
