// svd_right: s and vh without u, on tall (TSQR) and wide/square (ScaLAPACK) shapes, every
// kind of map, uneven rows and ranks holding none. Checked against the serial matrix: vh's
// rows orthonormal, a vh^H vh = a (vh spans a's row space), |a v_i| = s_i, and s equal to
// svd()'s; the TSQR path is taken exactly for tall-skinny shapes.
#include <gtest/gtest.h>

#include "linalg_testing.hpp"

namespace pgas::linalg::testing {
namespace {

template <class T>
class SvdRight : public ::testing::Test {};
using Types = ::testing::Types<double, float, std::complex<double>, std::complex<float>>;
TYPED_TEST_SUITE(SvdRight, Types);

std::vector<maps::Map> maps_for(std::mt19937_64& rng) {
  std::vector<maps::Map> out = fixed_2d_maps();
  for (int i = 0; i < 2; ++i) out.push_back(random_map(rng, 2));
  return out;
}

TYPED_TEST(SvdRight, MatchesTheSerialMatrixOnEveryMapAndShape) {
  using T = TypeParam;
  std::mt19937_64 rng(41);
  const int p = world_size();
  // Tall (TSQR at every rank count), tall but short of 4 n P rows, square, wide, one row.
  const std::vector<std::pair<std::int64_t, std::int64_t>> shapes{
      {120, 5}, {37, 3}, {9, 6}, {6, 6}, {4, 11}, {1, 7}, {23, 1}, {0, 3}};
  for (const auto& [m, n] : shapes) {
    const Dense<T> a = random_dense<T>(rng, m, n);
    const std::int64_t k = std::min(m, n);
    const double tol = 200 * eps<T>() * static_cast<double>(std::max(m, n) + p);
    for (const maps::Map& ma : maps_for(rng)) {
      const DArray<T> ad = to_darray(a, ma);
      const std::int64_t before = tsqr_count();
      const RightSVD<T> f = svd_right(ad);
      const bool tsqr_ok = (tsqr_count() > before) == uses_tsqr(m, n, p);
      const SVDResult<T> ref = svd(ad, false, false);
      Dense<T> vh(k, n);
      bool ok = tsqr_ok && f.s.size() == static_cast<std::size_t>(k) &&
                f.vh.size() == static_cast<std::size_t>(k * n);
      if (ok) {
        vh.v = f.vh;
        const Dense<T> av = dense_matmul(a, dense_adjoint(vh));  // columns s_i u_i
        double norms = 0, values = 0;
        for (std::int64_t j = 0; j < k; ++j) {
          double col = 0;
          for (std::int64_t i = 0; i < m; ++i) col += std::norm(std::complex<double>(av(i, j)));
          const double sj = static_cast<double>(f.s[static_cast<std::size_t>(j)]);
          norms = std::max(norms, std::abs(std::sqrt(col) - sj));
          values = std::max(values,
                            std::abs(sj - static_cast<double>(ref.s[static_cast<std::size_t>(j)])));
          if (j > 0 && f.s[static_cast<std::size_t>(j)] > f.s[static_cast<std::size_t>(j - 1)])
            ok = false;
        }
        ok = ok && orthonormality(dense_adjoint(vh)) <= tol && norms <= tol && values <= tol &&
             max_diff(dense_matmul(av, vh), a) <= tol;
      }
      EXPECT_TRUE(all_ranks(ok)) << m << "x" << n << " on " << ma.grid()[0] << "x" << ma.grid()[1];
    }
  }
}

TYPED_TEST(SvdRight, RefusesOtherThanMatricesOnEveryRank) {
  using T = TypeParam;
  const DArray<T> v({4}, maps::Map({world_size()}, {maps::DimDist::block()}));
  EXPECT_TRUE(all_ranks(throws<ValueError>([&] { svd_right(v); })));
}

}  // namespace
}  // namespace pgas::linalg::testing
