// qr, svd, eigh, norm, lstsq: reconstruction and orthogonality checks against the serial
// matrix, for tall, wide, square and uneven shapes on random maps of every kind.
#include <gtest/gtest.h>

#include "linalg_testing.hpp"

namespace pgas::linalg::testing {
namespace {

template <class T>
class Factorizations : public ::testing::Test {};
using Types = ::testing::Types<double, float, std::complex<double>, std::complex<float>>;
TYPED_TEST_SUITE(Factorizations, Types);

struct ResetBlockSize {
  ~ResetBlockSize() { set_block_size(64); }
};

// Shapes: tall, wide, square, thin, uneven.
std::pair<std::int64_t, std::int64_t> random_shape(std::mt19937_64& rng, int c) {
  const std::int64_t a = pick(rng, 1, 21), b = pick(rng, 1, 21);
  switch (c % 4) {
    case 0:
      return {std::max(a, b), std::min(a, b)};  // tall
    case 1:
      return {std::min(a, b), std::max(a, b)};  // wide
    case 2:
      return {a, a};
    default:
      return {pick(rng, 20, 40), pick(rng, 1, 3)};  // tall and skinny
  }
}

TYPED_TEST(Factorizations, QrReducedAndCompleteReconstruct) {
  using T = TypeParam;
  ResetBlockSize reset;
  std::mt19937_64 rng(21);
  for (int c = 0; c < 8; ++c) {
    set_block_size(pick(rng, 0, 3) == 0 ? 64 : pick(rng, 1, 6));
    const auto [m, n] = random_shape(rng, c);
    const std::int64_t k = std::min(m, n);
    const Dense<T> a = random_dense<T>(rng, m, n);
    const maps::Map ma = random_map(rng, 2, c % 3 == 0);
    const DArray<T> ad = to_darray(a, ma);
    const double tol = 100 * eps<T>() * static_cast<double>(std::max(m, n));
    for (QRMode mode : {QRMode::reduced, QRMode::complete}) {
      const QRResult<T> f = qr(ad, mode);
      const Dense<T> q = to_dense(*f.q), r = to_dense(f.r);
      const std::int64_t qc = mode == QRMode::complete ? m : k;
      bool upper = r.rows == (mode == QRMode::complete ? m : k) && r.cols == n;
      for (std::int64_t i = 0; upper && i < r.rows; ++i) {
        for (std::int64_t j = 0; j < std::min(i, n); ++j) upper = upper && r(i, j) == T(0);
      }
      EXPECT_TRUE(all_ranks(upper && q.rows == m && q.cols == qc && f.q->map() == ma &&
                            f.r.map() == ma && orthonormality(q) <= tol &&
                            max_diff(dense_matmul(q, r), a) <= tol))
          << "case " << c << " " << m << "x" << n << " mode " << static_cast<int>(mode);
    }
    const QRResult<T> ronly = qr(ad, QRMode::r);
    EXPECT_TRUE(all_ranks(!ronly.q && ronly.r.shape() == maps::Shape({k, n})));
  }
}

TYPED_TEST(Factorizations, SvdAnyShapeReconstructs) {
  using T = TypeParam;
  using R = Real<T>;
  ResetBlockSize reset;
  std::mt19937_64 rng(22);
  for (int c = 0; c < 8; ++c) {
    set_block_size(pick(rng, 0, 3) == 0 ? 64 : pick(rng, 1, 6));
    const auto [m, n] = random_shape(rng, c);
    const std::int64_t k = std::min(m, n);
    const Dense<T> a = random_dense<T>(rng, m, n);
    const maps::Map ma = random_map(rng, 2, c % 3 == 0);
    const DArray<T> ad = to_darray(a, ma);
    const double tol = 200 * eps<T>() * static_cast<double>(std::max(m, n));
    for (bool full : {false, true}) {
      const SVDResult<T> f = svd(ad, full, true);
      const Dense<T> u = to_dense(*f.u), vh = to_dense(*f.vh);
      bool sorted = f.s.size() == static_cast<std::size_t>(k);
      for (std::size_t i = 0; sorted && i < f.s.size(); ++i) {
        sorted = f.s[i] >= R(0) && (i == 0 || f.s[i] <= f.s[i - 1]);
      }
      // u[:, :k] diag(s) vh[:k, :] = a
      Dense<T> us(m, k);
      for (std::int64_t i = 0; i < m; ++i) {
        for (std::int64_t j = 0; j < k; ++j)
          us(i, j) = u(i, j) * T(f.s[static_cast<std::size_t>(j)]);
      }
      Dense<T> vk(k, n);
      for (std::int64_t i = 0; i < k; ++i) {
        for (std::int64_t j = 0; j < n; ++j) vk(i, j) = vh(i, j);
      }
      const bool shapes =
          u.rows == m && u.cols == (full ? m : k) && vh.rows == (full ? n : k) && vh.cols == n;
      EXPECT_TRUE(all_ranks(sorted && shapes && orthonormality(u) <= tol &&
                            orthonormality(dense_adjoint(vh)) <= tol &&
                            max_diff(dense_matmul(us, vk), a) <= tol * max_abs(a) &&
                            f.u->map() == ma))
          << "case " << c << " " << m << "x" << n << " full " << full;
    }
    const SVDResult<T> values = svd(ad, false, false);
    const SVDResult<T> both = svd(ad, false, true);
    double sd = 0;
    for (std::size_t i = 0; i < values.s.size(); ++i) {
      sd = std::max(sd, static_cast<double>(std::abs(values.s[i] - both.s[i])));
    }
    EXPECT_TRUE(
        all_ranks(!values.u && !values.vh && sd <= tol * (1 + static_cast<double>(both.s[0]))));
  }
}

TYPED_TEST(Factorizations, EighDiagonalizesSymmetricMatrices) {
  using T = TypeParam;
  using R = Real<T>;
  ResetBlockSize reset;
  std::mt19937_64 rng(23);
  for (int c = 0; c < 6; ++c) {
    set_block_size(pick(rng, 0, 3) == 0 ? 64 : pick(rng, 1, 6));
    const std::int64_t n = pick(rng, 1, 24);
    const Dense<T> m0 = random_dense<T>(rng, n, n);
    Dense<T> a = m0;
    for (std::int64_t i = 0; i < n; ++i) {
      for (std::int64_t j = 0; j < n; ++j) a(i, j) = (m0(i, j) + conj_of(m0(j, i))) / T(2);
    }
    const char uplo = c % 2 == 0 ? 'L' : 'U';
    Dense<T> half = a;  // the unread triangle is garbage: it must not matter
    for (std::int64_t i = 0; i < n; ++i) {
      for (std::int64_t j = 0; j < n; ++j) {
        if ((uplo == 'L' && j > i) || (uplo == 'U' && j < i)) half(i, j) = T(7);
      }
    }
    const maps::Map ma = random_map(rng, 2, c % 3 == 0);
    const EighResult<T> f = eigh(to_darray(half, ma), uplo, true);
    const Dense<T> v = to_dense(*f.v);
    Dense<T> vw(n, n);
    bool ascending = true;
    for (std::int64_t j = 0; j < n; ++j) {
      if (j > 0)
        ascending =
            ascending && f.w[static_cast<std::size_t>(j - 1)] <= f.w[static_cast<std::size_t>(j)];
      for (std::int64_t i = 0; i < n; ++i) vw(i, j) = v(i, j) * T(f.w[static_cast<std::size_t>(j)]);
    }
    const double tol = 200 * eps<T>() * static_cast<double>(n);
    const EighResult<T> values = eigh(to_darray(half, ma), uplo, false);
    double wd = 0;
    for (std::size_t i = 0; i < f.w.size(); ++i) {
      wd = std::max(wd, static_cast<double>(std::abs(values.w[i] - f.w[i])));
    }
    EXPECT_TRUE(all_ranks(ascending && orthonormality(v) <= tol &&
                          max_diff(dense_matmul(a, v), vw) <= tol * (1 + max_abs(a)) && !values.v &&
                          wd <= tol && f.v->map() == ma && std::is_same_v<R, Real<T>>))
        << "case " << c << " n=" << n;
  }
}

TYPED_TEST(Factorizations, NormsMatchSerialSums) {
  using T = TypeParam;
  ResetBlockSize reset;
  std::mt19937_64 rng(24);
  for (int c = 0; c < 6; ++c) {
    set_block_size(pick(rng, 0, 3) == 0 ? 64 : pick(rng, 1, 6));
    const auto [m, n] = random_shape(rng, c);
    const Dense<T> a = random_dense<T>(rng, m, n);
    const DArray<T> ad = to_darray(a, random_map(rng, 2));
    double fro = 0, one = 0, inf = 0;
    std::vector<double> col(static_cast<std::size_t>(n), 0.0);
    for (std::int64_t i = 0; i < m; ++i) {
      double row = 0;
      for (std::int64_t j = 0; j < n; ++j) {
        const double x = static_cast<double>(std::abs(a(i, j)));
        fro += x * x;
        row += x;
        col[static_cast<std::size_t>(j)] += x;
      }
      inf = std::max(inf, row);
    }
    one = *std::max_element(col.begin(), col.end());
    const double s0 = static_cast<double>(svd(ad, false, false).s[0]);
    const double tol = 100 * eps<T>() * static_cast<double>(m + n);
    auto close = [tol](double got, double want) {
      return std::abs(got - want) <= tol * (1 + want);
    };
    EXPECT_TRUE(all_ranks(close(static_cast<double>(norm(ad, NormOrd::fro)), std::sqrt(fro)) &&
                          close(static_cast<double>(norm(ad, NormOrd::one)), one) &&
                          close(static_cast<double>(norm(ad, NormOrd::inf)), inf) &&
                          close(static_cast<double>(norm(ad, NormOrd::two)), s0)))
        << "case " << c;
    // Vectors: 2-norm, sum and max of |x|.
    const Dense<T> v = random_dense<T>(rng, m, 1);
    const DArray<T> vd = to_darray(v, random_map(rng, 1), true);
    double v2 = 0, v1 = 0, vi = 0;
    for (const T& x : v.v) {
      const double ax = static_cast<double>(std::abs(x));
      v2 += ax * ax;
      v1 += ax;
      vi = std::max(vi, ax);
    }
    EXPECT_TRUE(all_ranks(close(static_cast<double>(norm(vd, NormOrd::two)), std::sqrt(v2)) &&
                          close(static_cast<double>(norm(vd, NormOrd::one)), v1) &&
                          close(static_cast<double>(norm(vd, NormOrd::inf)), vi)));
  }
}

TYPED_TEST(Factorizations, LstsqSolvesNormalEquations) {
  using T = TypeParam;
  ResetBlockSize reset;
  std::mt19937_64 rng(25);
  for (int c = 0; c < 6; ++c) {
    set_block_size(pick(rng, 0, 3) == 0 ? 64 : pick(rng, 1, 6));
    const auto [m, n] = random_shape(rng, c);
    const bool vec = c % 2 == 0;
    const Dense<T> a = random_dense<T>(rng, m, n);
    const Dense<T> b = random_dense<T>(rng, m, vec ? 1 : 2);
    const maps::Map mb = random_map(rng, vec ? 1 : 2);
    const LstsqResult<T> f = lstsq(to_darray(a, random_map(rng, 2)), to_darray(b, mb, vec));
    const Dense<T> x = to_dense(f.x);
    // Optimality: a^H (a x - b) = 0. Minimum norm for wide a: x in the row space (x = a^H y)
    // follows from the SVD construction; checked through x's size against the normal
    // equations' solution in the Python suite.
    Dense<T> r = dense_matmul(a, x);
    for (std::size_t i = 0; i < r.v.size(); ++i) r.v[i] -= b.v[i];
    const Dense<T> g = dense_matmul(dense_adjoint(a), r);
    const double tol = 1e3 * eps<T>() * static_cast<double>(m + n) * (1 + max_abs(x));
    bool resid_ok = true;
    if (m > n) {
      for (std::int64_t j = 0; j < r.cols; ++j) {
        double s = 0;
        for (std::int64_t i = 0; i < m; ++i) s += static_cast<double>(std::norm(r(i, j)));
        resid_ok = resid_ok && f.residuals.size() == static_cast<std::size_t>(r.cols) &&
                   std::abs(static_cast<double>(f.residuals[static_cast<std::size_t>(j)]) - s) <=
                       tol * (1 + s);
      }
    } else {
      resid_ok = f.residuals.empty();
    }
    EXPECT_TRUE(
        all_ranks(max_abs(g) <= tol && resid_ok && f.rank == std::min(m, n) && f.x.map() == mb))
        << "case " << c << " " << m << "x" << n << " grad " << max_abs(g);
  }
  // Rank deficient (two equal columns): rank 1 less, still optimal.
  Dense<T> a = random_dense<T>(rng, 9, 4);
  for (std::int64_t i = 0; i < 9; ++i) a(i, 3) = a(i, 1);
  const Dense<T> b = random_dense<T>(rng, 9, 1);
  const LstsqResult<T> f =
      lstsq(to_darray(a, random_map(rng, 2)), to_darray(b, random_map(rng, 1), true));
  EXPECT_TRUE(all_ranks(f.rank == 3 && f.residuals.empty()));
}

TEST(FactorizationErrors, ShapeErrorsAreValueErrorsEverywhere) {
  std::mt19937_64 rng(26);
  const maps::Map ma = random_map(rng, 2), mv = random_map(rng, 1);
  const auto a23 = to_darray(random_dense<double>(rng, 2, 3), ma);
  const auto v4 = to_darray(random_dense<double>(rng, 4, 1), mv, true);
  EXPECT_TRUE(all_ranks(throws<ValueError>([&] { eigh(a23); })));
  EXPECT_TRUE(all_ranks(throws<ValueError>([&] { qr(v4); })));
  EXPECT_TRUE(all_ranks(throws<ValueError>([&] { svd(v4); })));
  EXPECT_TRUE(all_ranks(throws<ValueError>([&] { lstsq(a23, v4); })));
  const auto a33 = to_darray(random_dense<double>(rng, 3, 3), ma);
  EXPECT_TRUE(all_ranks(throws<ValueError>([&] { eigh(a33, 'X'); })));
}

}  // namespace
}  // namespace pgas::linalg::testing
