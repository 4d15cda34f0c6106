// matmul, solve, inv, det, cholesky against serial oracles, on random maps of every kind,
// uneven sizes and several block sizes; bad inputs raise the documented error on every rank.
#include <gtest/gtest.h>

#include "linalg_testing.hpp"

namespace pgas::linalg::testing {
namespace {

template <class T>
class LinalgTyped : public ::testing::Test {};
using Types = ::testing::Types<double, float, std::complex<double>, std::complex<float>>;
TYPED_TEST_SUITE(LinalgTyped, Types);

// A different block size per case, so that small matrices still span several blocks.
void random_block_size(std::mt19937_64& rng) {
  set_block_size(pick(rng, 0, 3) == 0 ? 64 : pick(rng, 1, 6));
}

struct ResetBlockSize {
  ~ResetBlockSize() { set_block_size(64); }
};

TYPED_TEST(LinalgTyped, MatmulMatchesSerialProductOnAnyMaps) {
  using T = TypeParam;
  ResetBlockSize reset;
  std::mt19937_64 rng(11);
  for (int c = 0; c < 12; ++c) {
    random_block_size(rng);
    const std::int64_t m = pick(rng, 1, 23), k = pick(rng, 1, 19), n = pick(rng, 1, 21);
    const bool bc = c % 4 == 0;  // both operands on one square block-cyclic map: in place
    const maps::Map ma = random_map(rng, 2, bc);
    const maps::Map mb = bc ? ma : random_map(rng, 2);
    const Dense<T> a = random_dense<T>(rng, m, k), b = random_dense<T>(rng, k, n);
    const DArray<T> c_d = matmul(to_darray(a, ma), to_darray(b, mb));
    const Dense<T> want = dense_matmul(a, b);
    const Dense<T> got = to_dense(c_d);
    const double tol = 50 * eps<T>() * static_cast<double>(k);
    EXPECT_TRUE(
        all_ranks(max_diff(got, want) <= tol && c_d.map() == ma && halo_consistent(c_d, got)))
        << "case " << c << " " << m << "x" << k << "x" << n << " " << ma.to_string() << " "
        << mb.to_string() << " diff " << max_diff(got, want);
  }
}

TYPED_TEST(LinalgTyped, MatmulWithVectorsFollowsNumpyShapes) {
  using T = TypeParam;
  ResetBlockSize reset;
  std::mt19937_64 rng(12);
  for (int c = 0; c < 6; ++c) {
    random_block_size(rng);
    const std::int64_t m = pick(rng, 1, 17), k = pick(rng, 1, 17);
    const maps::Map ma = random_map(rng, 2), mv = random_map(rng, 1);
    const Dense<T> a = random_dense<T>(rng, m, k), x = random_dense<T>(rng, k, 1);
    const Dense<T> y = random_dense<T>(rng, m, 1);
    const DArray<T> ax = matmul(to_darray(a, ma), to_darray(x, mv, true));  // (m,)
    const DArray<T> ya = matmul(to_darray(y, mv, true), to_darray(a, ma));  // (k,)
    Dense<T> yt = y;
    yt.rows = 1;
    yt.cols = m;
    Dense<T> want_ya = dense_matmul(yt, a);
    want_ya.rows = k;
    want_ya.cols = 1;
    const double tol = 50 * eps<T>() * static_cast<double>(std::max(m, k));
    EXPECT_TRUE(all_ranks(ax.shape() == maps::Shape{m} && ya.shape() == maps::Shape{k} &&
                          ax.map() == mv && ya.map() == mv &&
                          max_diff(to_dense(ax), dense_matmul(a, x)) <= tol &&
                          max_diff(to_dense(ya), want_ya) <= tol))
        << "case " << c;
  }
}

TYPED_TEST(LinalgTyped, SolveGivesSmallResidualsForVectorsAndMatrices) {
  using T = TypeParam;
  ResetBlockSize reset;
  std::mt19937_64 rng(13);
  for (int c = 0; c < 10; ++c) {
    random_block_size(rng);
    const std::int64_t n = pick(rng, 1, 25), k = pick(rng, 1, 4);
    Dense<T> a = random_dense<T>(rng, n, n);
    for (std::int64_t i = 0; i < n; ++i) a(i, i) += T(static_cast<Real<T>>(n));  // well posed
    const bool vec = c % 2 == 0;
    const Dense<T> b = random_dense<T>(rng, n, vec ? 1 : k);
    const maps::Map ma = random_map(rng, 2, c % 5 == 0);
    const maps::Map mb = random_map(rng, vec ? 1 : 2);
    const DArray<T> x = solve(to_darray(a, ma), to_darray(b, mb, vec));
    const Dense<T> xd = to_dense(x);
    const double resid = max_diff(dense_matmul(a, xd), b);
    const double tol = 100 * eps<T>() * static_cast<double>(n) * (1 + max_abs(xd)) * max_abs(a);
    EXPECT_TRUE(
        all_ranks(resid <= tol && x.map() == mb && x.shape() == to_darray(b, mb, vec).shape()))
        << "case " << c << " n=" << n << " residual " << resid << " tol " << tol;
  }
}

TEST(LinalgSolve, IllConditionedHilbertMatchesKnownSolution) {
  ResetBlockSize reset;
  set_block_size(3);
  // Hilbert matrix n = 8 (condition ~1.5e10): the solution of H x = H 1 is 1 to ~1e-6.
  const std::int64_t n = 8;
  Dense<double> h(n, n), ones(n, 1);
  for (std::int64_t i = 0; i < n; ++i) {
    ones(i, 0) = 1;
    for (std::int64_t j = 0; j < n; ++j) h(i, j) = 1.0 / static_cast<double>(i + j + 1);
  }
  const Dense<double> b = dense_matmul(h, ones);
  std::mt19937_64 rng(14);
  const DArray<double> x =
      solve(to_darray(h, random_map(rng, 2)), to_darray(b, random_map(rng, 1), true));
  EXPECT_TRUE(all_ranks(max_diff(to_dense(x), ones) < 1e-5));
}

TYPED_TEST(LinalgTyped, InverseTimesMatrixIsIdentity) {
  using T = TypeParam;
  ResetBlockSize reset;
  std::mt19937_64 rng(15);
  for (int c = 0; c < 6; ++c) {
    random_block_size(rng);
    const std::int64_t n = pick(rng, 1, 22);
    Dense<T> a = random_dense<T>(rng, n, n);
    for (std::int64_t i = 0; i < n; ++i) a(i, i) += T(static_cast<Real<T>>(n) / 2);
    const maps::Map ma = random_map(rng, 2, c % 3 == 0);
    const DArray<T> ai = inv(to_darray(a, ma));
    Dense<T> eye(n, n);
    for (std::int64_t i = 0; i < n; ++i) eye(i, i) = T(1);
    const Dense<T> aid = to_dense(ai);
    const double tol = 200 * eps<T>() * static_cast<double>(n) * max_abs(aid) * max_abs(a);
    EXPECT_TRUE(all_ranks(max_diff(dense_matmul(a, aid), eye) <= tol && ai.map() == ma &&
                          halo_consistent(ai, aid)))
        << "case " << c << " n=" << n;
  }
}

// Serial LU with partial pivoting: the determinant oracle.
template <class T>
T serial_det(Dense<T> a) {
  T d(1);
  const std::int64_t n = a.rows;
  for (std::int64_t c = 0; c < n; ++c) {
    std::int64_t p = c;
    for (std::int64_t r = c + 1; r < n; ++r) {
      if (std::abs(a(r, c)) > std::abs(a(p, c))) p = r;
    }
    if (p != c) {
      for (std::int64_t j = 0; j < n; ++j) std::swap(a(p, j), a(c, j));
      d = -d;
    }
    d *= a(c, c);
    if (a(c, c) == T(0)) return T(0);
    for (std::int64_t r = c + 1; r < n; ++r) {
      const T f = a(r, c) / a(c, c);
      for (std::int64_t j = c; j < n; ++j) a(r, j) -= f * a(c, j);
    }
  }
  return d;
}

TYPED_TEST(LinalgTyped, DeterminantMatchesSerialLU) {
  using T = TypeParam;
  ResetBlockSize reset;
  std::mt19937_64 rng(16);
  for (int c = 0; c < 8; ++c) {
    random_block_size(rng);
    const std::int64_t n = pick(rng, 1, 14);
    const Dense<T> a = random_dense<T>(rng, n, n);
    const T got = det(to_darray(a, random_map(rng, 2, c % 3 == 0)));
    const T want = serial_det(a);
    const double tol = 1e3 * eps<T>() * std::max(1.0, static_cast<double>(std::abs(want)));
    EXPECT_TRUE(all_ranks(std::abs(got - want) <= tol)) << "case " << c << " n=" << n;
  }
  // A singular matrix (two equal rows) has determinant 0, not an error (numpy).
  Dense<T> s = random_dense<T>(rng, 5, 5);
  for (std::int64_t j = 0; j < 5; ++j) s(3, j) = s(1, j);
  EXPECT_TRUE(all_ranks(std::abs(det(to_darray(s, random_map(rng, 2)))) <= 1e3 * eps<T>()));
}

TYPED_TEST(LinalgTyped, CholeskyIsLowerAndReconstructs) {
  using T = TypeParam;
  ResetBlockSize reset;
  std::mt19937_64 rng(17);
  for (int c = 0; c < 6; ++c) {
    random_block_size(rng);
    const std::int64_t n = pick(rng, 1, 20);
    const Dense<T> m = random_dense<T>(rng, n, n);
    Dense<T> a = dense_matmul(m, dense_adjoint(m));
    for (std::int64_t i = 0; i < n; ++i) a(i, i) += T(static_cast<Real<T>>(n));
    // Only the lower triangle is read (numpy): garbage above it must not matter.
    Dense<T> lower_only = a;
    for (std::int64_t i = 0; i < n; ++i) {
      for (std::int64_t j = i + 1; j < n; ++j) lower_only(i, j) = T(99);
    }
    const maps::Map ma = random_map(rng, 2, c % 3 == 0);
    const DArray<T> l = cholesky(to_darray(lower_only, ma));
    const Dense<T> ld = to_dense(l);
    bool lower = true;
    for (std::int64_t i = 0; i < n; ++i) {
      for (std::int64_t j = i + 1; j < n; ++j) lower = lower && ld(i, j) == T(0);
    }
    const double tol = 100 * eps<T>() * static_cast<double>(n) * max_abs(a);
    EXPECT_TRUE(all_ranks(lower && max_diff(dense_matmul(ld, dense_adjoint(ld)), a) <= tol &&
                          l.map() == ma))
        << "case " << c << " n=" << n;
  }
}

TYPED_TEST(LinalgTyped, SingularAndIndefiniteRaiseLinAlgErrorEverywhere) {
  using T = TypeParam;
  std::mt19937_64 rng(18);
  // A zero row: LU meets an exact zero pivot in either orientation (as in numpy, which
  // raises only for exact zeros). Two equal rows would not: rounding leaves a tiny pivot.
  Dense<T> s = random_dense<T>(rng, 6, 6);
  for (std::int64_t j = 0; j < 6; ++j) s(4, j) = T(0);
  const Dense<T> b = random_dense<T>(rng, 6, 1);
  const maps::Map ma = random_map(rng, 2), mv = random_map(rng, 1);
  EXPECT_TRUE(
      all_ranks(throws<LinAlgError>([&] { solve(to_darray(s, ma), to_darray(b, mv, true)); })));
  EXPECT_TRUE(all_ranks(throws<LinAlgError>([&] { inv(to_darray(s, ma)); })));
  Dense<T> indefinite(4, 4);
  for (std::int64_t i = 0; i < 4; ++i) indefinite(i, i) = T(i == 2 ? -1 : 1);
  EXPECT_TRUE(all_ranks(throws<LinAlgError>([&] { cholesky(to_darray(indefinite, ma)); })));
}

TEST(LinalgErrors, ShapeErrorsAreValueErrorsEverywhere) {
  std::mt19937_64 rng(19);
  const maps::Map ma = random_map(rng, 2), mv = random_map(rng, 1);
  const auto a23 = to_darray(random_dense<double>(rng, 2, 3), ma);
  const auto a33 = to_darray(random_dense<double>(rng, 3, 3), ma);
  const auto a44 = to_darray(random_dense<double>(rng, 4, 4), ma);
  const auto v4 = to_darray(random_dense<double>(rng, 4, 1), mv, true);
  EXPECT_TRUE(all_ranks(throws<ValueError>([&] { matmul(a23, a23); })));
  EXPECT_TRUE(all_ranks(throws<ValueError>([&] { matmul(a33, v4); })));
  EXPECT_TRUE(all_ranks(throws<ValueError>([&] { matmul(v4, v4); })));
  EXPECT_TRUE(all_ranks(throws<ValueError>([&] { solve(a23, v4); })));
  EXPECT_TRUE(all_ranks(throws<ValueError>([&] { solve(a33, v4); })));
  EXPECT_TRUE(all_ranks(throws<ValueError>([&] { inv(a23); })));
  EXPECT_TRUE(all_ranks(throws<ValueError>([&] { det(v4); })));
  EXPECT_TRUE(all_ranks(throws<ValueError>([&] { cholesky(a23); })));
  // The error is still usable afterwards: a good call works on every rank.
  EXPECT_TRUE(all_ranks(inv(a44).shape() == maps::Shape({4, 4})));
}

}  // namespace
}  // namespace pgas::linalg::testing
