// tsqr, and the TSQR paths of qr/svd/lstsq: reconstruction and orthogonality against the
// serial matrix for uneven row counts, ranks holding no rows, m < n P, maps used in place and
// maps redistributed; bad shapes raise ValueError on every rank.
#include <gtest/gtest.h>

#include "linalg_testing.hpp"
#include "pgas/linalg/local_lapack.hpp"

namespace pgas::linalg::testing {
namespace {

template <class T>
class Tsqr : public ::testing::Test {};
using Types = ::testing::Types<double, float, std::complex<double>, std::complex<float>>;
TYPED_TEST_SUITE(Tsqr, Types);

template <class T>
bool upper_triangular(const Dense<T>& r) {
  for (std::int64_t i = 0; i < r.rows; ++i) {
    for (std::int64_t j = 0; j < std::min(i, r.cols); ++j) {
      if (r(i, j) != T(0)) return false;
    }
  }
  return true;
}

// Maps of every kind for P ranks: block rows (in place), cyclic rows (in place), all rows on
// the last rank (in place; the others hold none), block rows with overlap, split columns,
// square block-cyclic, and a few random ones (redistributed).
std::vector<maps::Map> tsqr_maps(std::mt19937_64& rng) {
  std::vector<maps::Map> out = fixed_2d_maps();
  out.push_back(random_map(rng, 2, true));
  for (int i = 0; i < 2; ++i) out.push_back(random_map(rng, 2));
  return out;
}

TYPED_TEST(Tsqr, ReconstructsOnEveryMapAndShape) {
  using T = TypeParam;
  std::mt19937_64 rng(31);
  const int p = world_size();
  // Uneven rows, fewer rows than ranks, m < n P (ranks with fewer than n rows), square.
  const std::vector<std::pair<std::int64_t, std::int64_t>> shapes{
      {40, 3}, {13, 4}, {3, 3}, {1, 1}, {9, 6}, {2, 1}, {6, 5}, {100, 8}, {5, 0}, {0, 0}};
  for (const auto& [m, n] : shapes) {
    const Dense<T> a = random_dense<T>(rng, m, n);
    const double tol = 100 * eps<T>() * static_cast<double>(std::max<std::int64_t>(m, 1) + p);
    for (const maps::Map& ma : tsqr_maps(rng)) {
      const DArray<T> ad = to_darray(a, ma);
      const QRResult<T> f = tsqr(ad);
      const Dense<T> q = to_dense(*f.q), r = to_dense(f.r);
      const bool shapes_ok = q.rows == m && q.cols == n && r.rows == n && r.cols == n;
      EXPECT_TRUE(all_ranks(shapes_ok && f.q->map() == ma && f.r.map() == ma &&
                            upper_triangular(r) && orthonormality(q) <= tol &&
                            max_diff(dense_matmul(q, r), a) <= tol))
          << m << "x" << n << " on " << ma.grid()[0] << "x" << ma.grid()[1];
    }
  }
}

// Each rank's rows factored in chunks (and the chunks' R factors in chunks again): small
// chunks force two or three local levels on these shapes.
TYPED_TEST(Tsqr, ChunkedLocalQrReconstructs) {
  using T = TypeParam;
  struct Reset {
    ~Reset() { set_tsqr_chunk_rows(0); }
  } reset;
  std::mt19937_64 rng(35);
  const int p = world_size();
  const std::vector<std::pair<std::int64_t, std::int64_t>> shapes{{40, 3}, {100, 8}, {13, 2},
                                                                  {64, 1}, {9, 6},   {203, 4}};
  for (std::int64_t chunk : {1, 5, 16}) {
    set_tsqr_chunk_rows(chunk);
    for (const auto& [m, n] : shapes) {
      const Dense<T> a = random_dense<T>(rng, m, n);
      const double tol = 100 * eps<T>() * static_cast<double>(m + p);
      for (const maps::Map& ma : tsqr_maps(rng)) {
        const QRResult<T> f = tsqr(to_darray(a, ma));
        const Dense<T> q = to_dense(*f.q), r = to_dense(f.r);
        EXPECT_TRUE(all_ranks(upper_triangular(r) && orthonormality(q) <= tol &&
                              max_diff(dense_matmul(q, r), a) <= tol))
            << "chunk " << chunk << " " << m << "x" << n;
      }
    }
  }
}

TYPED_TEST(Tsqr, ZeroAndRankDeficientColumns) {
  using T = TypeParam;
  std::mt19937_64 rng(32);
  const maps::Map rows({world_size(), 1}, {maps::DimDist::block(), maps::DimDist::block()});
  Dense<T> a = random_dense<T>(rng, 17, 4);
  for (std::int64_t i = 0; i < a.rows; ++i) {
    a(i, 1) = T(0);
    a(i, 3) = a(i, 0);
  }
  const Dense<T> z(11, 3);
  const double tol = 200 * eps<T>() * 20;
  for (const Dense<T>* x : std::vector<const Dense<T>*>{&a, &z}) {
    const QRResult<T> f = tsqr(to_darray(*x, rows));
    const Dense<T> q = to_dense(*f.q), r = to_dense(f.r);
    EXPECT_TRUE(all_ranks(upper_triangular(r) && orthonormality(q) <= tol &&
                          max_diff(dense_matmul(q, r), *x) <= tol));
  }
}

TYPED_TEST(Tsqr, BadShapesRaiseValueErrorEverywhere) {
  using T = TypeParam;
  const int p = world_size();
  const maps::Map rows({p, 1}, {maps::DimDist::block(), maps::DimDist::block()});
  const DArray<T> wide = DArray<T>::zeros({2, 3}, rows);
  const DArray<T> vec = DArray<T>::zeros({5}, maps::Map({p}, {maps::DimDist::block()}));
  EXPECT_TRUE(all_ranks(throws<ValueError>([&] { tsqr(wide); })));
  EXPECT_TRUE(all_ranks(throws<ValueError>([&] { tsqr(vec); })));
}

TEST(TsqrThreshold, TallSkinnyOnly) {
  EXPECT_TRUE(uses_tsqr(400, 3, 4));
  EXPECT_TRUE(uses_tsqr(1 << 20, 32, 2));
  EXPECT_TRUE(uses_tsqr(4 * 256, 256, 1));
  EXPECT_FALSE(uses_tsqr(4 * 257, 257, 1));
  EXPECT_FALSE(uses_tsqr(47, 3, 4));
  EXPECT_FALSE(uses_tsqr(10, 0, 1));
  EXPECT_FALSE(uses_tsqr(3, 5, 1));
}

// qr (reduced, r), svd (reduced, values only) and lstsq on a tall-skinny matrix take TSQR
// (the counter moves by one per call) and give what the ScaLAPACK paths give.
TYPED_TEST(Tsqr, QrSvdLstsqTakeTheTsqrPath) {
  using T = TypeParam;
  using R = Real<T>;
  std::mt19937_64 rng(33);
  const int p = world_size();
  const std::int64_t n = 5, m = 4 * n * p + 7;
  ASSERT_TRUE(uses_tsqr(m, n, p));
  const Dense<T> a = random_dense<T>(rng, m, n);
  const double tol = 200 * eps<T>() * static_cast<double>(m);
  for (const maps::Map& ma : tsqr_maps(rng)) {
    const DArray<T> ad = to_darray(a, ma);
    std::int64_t before = tsqr_count();
    const QRResult<T> f = qr(ad, QRMode::reduced);
    const QRResult<T> ronly = qr(ad, QRMode::r);
    bool ok = tsqr_count() == before + 2;
    const Dense<T> q = to_dense(*f.q), r = to_dense(f.r), r2 = to_dense(ronly.r);
    ok = ok && f.q->map() == ma && f.r.map() == ma && upper_triangular(r) &&
         orthonormality(q) <= tol && max_diff(dense_matmul(q, r), a) <= tol &&
         max_diff(r, r2) == 0 && !ronly.q;
    EXPECT_TRUE(all_ranks(ok)) << "qr";

    before = tsqr_count();
    const SVDResult<T> sv = svd(ad, false, true);
    const SVDResult<T> values = svd(ad, false, false);
    ok = tsqr_count() == before + 2;
    const SVDResult<T> full = svd(ad, true, true);  // m x m u: ScaLAPACK
    ok = ok && tsqr_count() == before + 2;
    const Dense<T> u = to_dense(*sv.u), vh = to_dense(*sv.vh);
    Dense<T> us(m, n);
    double sd = 0;
    for (std::int64_t i = 0; i < m; ++i) {
      for (std::int64_t j = 0; j < n; ++j)
        us(i, j) = u(i, j) * T(sv.s[static_cast<std::size_t>(j)]);
    }
    for (std::size_t i = 0; i < sv.s.size(); ++i) {
      sd = std::max(sd, static_cast<double>(std::abs(sv.s[i] - full.s[i])));
      sd = std::max(sd, static_cast<double>(std::abs(values.s[i] - sv.s[i])));
      ok = ok && sv.s[i] >= R(0) && (i == 0 || sv.s[i] <= sv.s[i - 1]);
    }
    ok = ok && sv.s.size() == static_cast<std::size_t>(n) && u.rows == m && u.cols == n &&
         vh.rows == n && vh.cols == n && sv.u->map() == ma && sv.vh->map() == ma &&
         orthonormality(u) <= tol && orthonormality(dense_adjoint(vh)) <= tol &&
         max_diff(dense_matmul(us, vh), a) <= tol * max_abs(a) && sd <= tol * max_abs(a);
    EXPECT_TRUE(all_ranks(ok)) << "svd";
  }
}

// lstsq on the TSQR path: full rank (1-d and 2-d b: the normal equations hold, residuals are
// |b - a x|^2) and rank deficient (numpy's minimum-norm answer).
TYPED_TEST(Tsqr, LstsqOnTheTsqrPathMatchesTheOracle) {
  using T = TypeParam;
  std::mt19937_64 rng(34);
  const int p = world_size();
  const std::int64_t n = 4, m = 4 * n * p + 3;
  const double tol = 500 * eps<T>() * static_cast<double>(m);
  const maps::Map rows({p, 1}, {maps::DimDist::block(), maps::DimDist::block()});
  const maps::Map cols({1, p}, {maps::DimDist::block(), maps::DimDist::cyclic()});
  const maps::Map vec({p}, {maps::DimDist::cyclic()});
  Dense<T> a = random_dense<T>(rng, m, n);
  for (int deficient = 0; deficient < 2; ++deficient) {
    if (deficient) {
      for (std::int64_t i = 0; i < m; ++i) a(i, n - 1) = a(i, 0);
    }
    for (int nrhs : {0, 2}) {  // 0: a 1-d b
      const Dense<T> b = random_dense<T>(rng, m, nrhs == 0 ? 1 : nrhs);
      const maps::Map& ma = deficient ? cols : rows;
      const DArray<T> bd = nrhs == 0 ? to_darray(b, vec, true) : to_darray(b, cols);
      const std::int64_t before = tsqr_count();
      const LstsqResult<T> f = lstsq(to_darray(a, ma), bd);
      bool ok = tsqr_count() == before + 1 && f.x.ndim() == (nrhs == 0 ? 1 : 2) &&
                f.x.map() == bd.map() && f.rank == (deficient ? n - 1 : n) &&
                f.s.size() == static_cast<std::size_t>(n);
      const Dense<T> x = to_dense(f.x);
      Dense<T> res = dense_matmul(a, x);
      for (std::size_t i = 0; i < res.v.size(); ++i) res.v[i] = b.v[i] - res.v[i];
      // normal equations a^H (b - a x) = 0
      const Dense<T> g = dense_matmul(dense_adjoint(a), res);
      ok = ok && max_abs(g) <= tol * max_abs(a) * max_abs(b) * static_cast<double>(m);
      if (deficient) {
        // minimum norm: x orthogonal to the null vector e_0 - e_{n-1}
        for (std::int64_t j = 0; j < x.cols; ++j) {
          ok = ok && std::abs(x(0, j) - x(n - 1, j)) <= tol * max_abs(x);
        }
        ok = ok && f.residuals.empty();
      } else {
        ok = ok && f.residuals.size() == static_cast<std::size_t>(b.cols);
        for (std::int64_t j = 0; ok && j < res.cols; ++j) {
          double want = 0;
          for (std::int64_t i = 0; i < res.rows; ++i) {
            want += static_cast<double>(std::norm(res(i, j)));
          }
          ok = std::abs(static_cast<double>(f.residuals[static_cast<std::size_t>(j)]) - want) <=
               tol * std::max(1.0, want);
        }
      }
      EXPECT_TRUE(all_ranks(ok)) << "deficient " << deficient << " nrhs " << nrhs;
    }
  }
}

// TSQR's LAPACK matrices keep room for one leading dimension past their end (OpenBLAS's
// c/zgemv_n read there, docs/testing.md), and keep it when moved into the factorization.
TEST(LapackPadded, LeavesRoomForOneLeadingDimensionPastTheMatrix) {
  std::vector<std::complex<float>> v = lapack::padded<std::complex<float>>(35, 7);
  bool zeros = v.size() == 35u;
  for (const auto& x : v) zeros = zeros && x == std::complex<float>(0);
  EXPECT_TRUE(zeros);
  EXPECT_GE(v.capacity(), 35u + 7u + 16u);
  const std::vector<std::complex<float>> kept = std::move(v);
  EXPECT_GE(kept.capacity(), 35u + 7u + 16u);
  EXPECT_GE(lapack::padded<double>(0, 0).capacity(), 16u);
}

}  // namespace
}  // namespace pgas::linalg::testing
