#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <optional>
#include <string>
#include <utility>

#include "pgas/comm/reduce_op.hpp"
#include "pgas/errors.hpp"
#include "pgas/linalg/local_lapack.hpp"
#include "pgas/maps/row_map.hpp"
#include "pgas/ml/mixture.hpp"
#include "pgas/ml/validation.hpp"

namespace pgas::ml {

namespace {

namespace lapack = pgas::linalg::lapack;

// Rows per chunk: the chunk's log probabilities and responsibilities stay in cache while its
// rows are folded into the statistics (X is read from memory once per iteration).
constexpr std::int64_t kChunkRows = 256;
constexpr double kTwoPi = 6.283185307179586;  // math.log(2 * math.pi), as scikit-learn

using Vec = std::vector<double>;

std::size_t sz(std::int64_t v) {
  return static_cast<std::size_t>(v);
}

// A rank's complete rows of X (after whole_rows) and their global indices.
template <typename T>
struct Rows {
  std::int64_t n = 0;  // global rows
  std::int64_t m = 0;  // local rows
  std::int64_t d = 0;
  const T* x = nullptr;
  std::vector<std::int64_t> global;
};

template <typename T>
Rows<T> rows_of(const DArray<T>& whole) {
  Rows<T> r;
  r.n = whole.shape()[0];
  r.m = whole.local_shape()[0];
  r.d = whole.shape()[1];
  r.x = whole.local_data();
  r.global = whole.global_ind(0);
  return r;
}

// Rows [i0, i0 + m) of X as doubles: the data themselves for double, a converted copy else.
template <typename T>
const double* chunk_as_double(const Rows<T>& r, std::int64_t i0, std::int64_t m, Vec& buf) {
  if constexpr (std::is_same_v<T, double>) {
    (void)m;
    (void)buf;
    return r.x + i0 * r.d;
  } else {
    buf.resize(sz(m * r.d));
    for (std::int64_t t = 0; t < m * r.d; ++t) buf[sz(t)] = double(r.x[i0 * r.d + t]);
    return buf.data();
  }
}

void check_2d(int ndim) {
  if (ndim != 2) {
    throw ValueError("Expected 2D array, got " + std::to_string(ndim) + "D array instead");
  }
}

std::string precision_error(bool float32) {
  std::string msg =
      "Fitting the mixture model failed because some components have ill-defined empirical "
      "covariance (for instance caused by singleton or collapsed samples). Try to decrease the "
      "number of components, increase reg_covar, or scale the input data.";
  if (float32) {
    msg +=
        " The numerical accuracy can also be improved by passing float64 data instead of "
        "float32.";
  }
  return msg;
}

// Lower Cholesky factor of the d x d row-major a, in place (upper part zeroed); false when a
// is not positive definite. Plain loops: every rank computes the same bits.
bool cholesky_lower(double* a, std::int64_t d) {
  for (std::int64_t j = 0; j < d; ++j) {
    double s = a[j * d + j];
    for (std::int64_t p = 0; p < j; ++p) s -= a[j * d + p] * a[j * d + p];
    if (!(s > 0)) return false;
    const double l = std::sqrt(s);
    a[j * d + j] = l;
    for (std::int64_t i = j + 1; i < d; ++i) {
      double t = a[i * d + j];
      for (std::int64_t p = 0; p < j; ++p) t -= a[i * d + p] * a[j * d + p];
      a[i * d + j] = t / l;
    }
    for (std::int64_t i = 0; i < j; ++i) a[i * d + j] = 0;
  }
  return true;
}

// (L^-1)^T for a lower triangular L (d x d row-major): scikit-learn's
// solve_triangular(L, I, lower=True).T, an upper triangular matrix.
void inverse_transpose_lower(const double* l, double* out, std::int64_t d) {
  std::fill(out, out + d * d, 0.0);
  for (std::int64_t c = 0; c < d; ++c) {  // column c of L^-1 by forward substitution
    for (std::int64_t i = c; i < d; ++i) {
      double s = i == c ? 1.0 : 0.0;
      for (std::int64_t p = c; p < i; ++p) s -= l[i * d + p] * out[c * d + p];
      out[c * d + i] = s / l[i * d + i];  // out = (L^-1)^T: row c holds column c of L^-1
    }
  }
}

// The derived numbers the E step needs from the parameters.
struct EStepTables {
  CovarianceType type{};
  int k = 0;
  std::int64_t d = 0;
  Vec b;       // full: d x (k d), column block c = U_c; tied: U (d x d)
  Vec mu_u;    // full/tied: k x d, mu_c U_c
  Vec prec;    // diag: k x d precisions; spherical: k
  Vec mp;      // diag: k x d, mu * prec; spherical: k x d means
  Vec mterm;   // diag: sum mu^2 prec; spherical: sum mu^2 (k)
  Vec offset;  // per component: log det + log weight
};

EStepTables tables_of(CovarianceType type, const GaussianMixtureParams& p, int k, std::int64_t d) {
  EStepTables t;
  t.type = type;
  t.k = k;
  t.d = d;
  const Vec& u = p.precisions_cholesky;
  Vec log_det(sz(k), 0.0);
  switch (type) {
    case CovarianceType::full: {
      t.b.assign(sz(d * k * d), 0.0);
      t.mu_u.assign(sz(k * d), 0.0);
      for (int c = 0; c < k; ++c) {
        const double* uc = u.data() + c * d * d;
        for (std::int64_t a = 0; a < d; ++a) {
          log_det[sz(c)] += std::log(uc[a * d + a]);
          for (std::int64_t bcol = 0; bcol < d; ++bcol) {
            t.b[sz(a * k * d + c * d + bcol)] = uc[a * d + bcol];
          }
        }
        for (std::int64_t bcol = 0; bcol < d; ++bcol) {
          double s = 0;
          for (std::int64_t a = 0; a < d; ++a) s += p.means[sz(c * d + a)] * uc[a * d + bcol];
          t.mu_u[sz(c * d + bcol)] = s;
        }
      }
      break;
    }
    case CovarianceType::tied: {
      t.b = u;
      t.mu_u.assign(sz(k * d), 0.0);
      double ld = 0;
      for (std::int64_t a = 0; a < d; ++a) ld += std::log(u[sz(a * d + a)]);
      for (int c = 0; c < k; ++c) {
        log_det[sz(c)] = ld;
        for (std::int64_t bcol = 0; bcol < d; ++bcol) {
          double s = 0;
          for (std::int64_t a = 0; a < d; ++a) s += p.means[sz(c * d + a)] * u[sz(a * d + bcol)];
          t.mu_u[sz(c * d + bcol)] = s;
        }
      }
      break;
    }
    case CovarianceType::diag: {
      t.prec.resize(sz(k * d));
      t.mp.resize(sz(k * d));
      t.mterm.assign(sz(k), 0.0);
      for (int c = 0; c < k; ++c) {
        for (std::int64_t j = 0; j < d; ++j) {
          const std::size_t q = sz(c * d + j);
          log_det[sz(c)] += std::log(u[q]);
          t.prec[q] = u[q] * u[q];
          t.mp[q] = p.means[q] * t.prec[q];
          t.mterm[sz(c)] += p.means[q] * p.means[q] * t.prec[q];
        }
      }
      break;
    }
    case CovarianceType::spherical: {
      t.prec.resize(sz(k));
      t.mp = p.means;
      t.mterm.assign(sz(k), 0.0);
      for (int c = 0; c < k; ++c) {
        log_det[sz(c)] = double(d) * std::log(u[sz(c)]);
        t.prec[sz(c)] = u[sz(c)] * u[sz(c)];
        for (std::int64_t j = 0; j < d; ++j) {
          t.mterm[sz(c)] += p.means[sz(c * d + j)] * p.means[sz(c * d + j)];
        }
      }
      break;
    }
  }
  t.offset.resize(sz(k));
  for (int c = 0; c < k; ++c) t.offset[sz(c)] = log_det[sz(c)] + std::log(p.weights[sz(c)]);
  return t;
}

// Weighted log probabilities (m x k) of the rows x (m x d, doubles); `work` is scratch.
void weighted_log_prob(const EStepTables& t, const double* x, std::int64_t m, double* out,
                       Vec& work) {
  const int k = t.k;
  const std::int64_t d = t.d;
  const double c0 = double(d) * std::log(kTwoPi);
  if (m == 0) return;
  switch (t.type) {
    case CovarianceType::full:
    case CovarianceType::tied: {
      const bool full = t.type == CovarianceType::full;
      const std::int64_t cols = full ? k * d : d;
      work.resize(sz(m * cols));
      // Row-major (m x cols) = x (m x d) B (d x cols): column-major B^T-style call.
      lapack::gemm('N', 'N', static_cast<int>(cols), static_cast<int>(m), static_cast<int>(d), 1.0,
                   t.b.data(), static_cast<int>(cols), x, static_cast<int>(d), 0.0, work.data(),
                   static_cast<int>(cols));
      for (std::int64_t i = 0; i < m; ++i) {
        const double* y = work.data() + i * cols;
        for (int c = 0; c < k; ++c) {
          const double* yc = full ? y + c * d : y;
          const double* mu = t.mu_u.data() + c * d;
          double s = 0;
          for (std::int64_t j = 0; j < d; ++j) {
            const double v = yc[j] - mu[j];
            s += v * v;
          }
          out[i * k + c] = -0.5 * (c0 + s) + t.offset[sz(c)];
        }
      }
      break;
    }
    case CovarianceType::diag: {
      for (std::int64_t i = 0; i < m; ++i) {
        const double* xi = x + i * d;
        for (int c = 0; c < k; ++c) {
          const double* pc = t.prec.data() + c * d;
          const double* mpc = t.mp.data() + c * d;
          double cross = 0, sq = 0;
          for (std::int64_t j = 0; j < d; ++j) {
            cross += xi[j] * mpc[j];
            sq += xi[j] * xi[j] * pc[j];
          }
          out[i * k + c] = -0.5 * (c0 + (t.mterm[sz(c)] - 2.0 * cross + sq)) + t.offset[sz(c)];
        }
      }
      break;
    }
    case CovarianceType::spherical: {
      for (std::int64_t i = 0; i < m; ++i) {
        const double* xi = x + i * d;
        double xx = 0;
        for (std::int64_t j = 0; j < d; ++j) xx += xi[j] * xi[j];
        for (int c = 0; c < k; ++c) {
          const double* mc = t.mp.data() + c * d;
          double dot = 0;
          for (std::int64_t j = 0; j < d; ++j) dot += xi[j] * mc[j];
          const double pc = t.prec[sz(c)];
          out[i * k + c] =
              -0.5 * (c0 + (t.mterm[sz(c)] * pc - 2 * dot * pc + xx * pc)) + t.offset[sz(c)];
        }
      }
      break;
    }
  }
}

// log(sum(exp(row))) of a row of k values (scikit-learn's _logsumexp: shifted by the maximum).
double logsumexp(const double* a, int k) {
  double mx = -std::numeric_limits<double>::infinity();
  for (int c = 0; c < k; ++c) mx = std::max(mx, a[c]);
  if (!std::isfinite(mx)) mx = 0;
  double s = 0;
  for (int c = 0; c < k; ++c) s += std::exp(a[c] - mx);
  return std::log(s) + mx;
}

// Layout of the sufficient statistics: Nk (k), sum r (x - shift_c) (k d), the second moments
// about the shifts (full: k d d, diag/spherical: k d, tied: none, it uses the Gram matrix),
// the sum of the log-likelihoods (1).
struct StatLayout {
  std::int64_t k, d, s2;
  std::size_t nk() const { return 0; }
  std::size_t s1() const { return sz(k); }
  std::size_t s2off() const { return sz(k + k * d); }
  std::size_t ll() const { return sz(k + k * d + s2); }
  std::size_t size() const { return ll() + 1; }
};

StatLayout layout_of(CovarianceType type, int k, std::int64_t d) {
  std::int64_t s2 = 0;
  if (type == CovarianceType::full) s2 = k * d * d;
  if (type == CovarianceType::diag || type == CovarianceType::spherical) s2 = k * d;
  return {k, d, s2};
}

// Folds rows x (m x d) with responsibilities resp (m x k) into the statistics about the
// per-component shifts (k x d). `work` is scratch.
void accumulate(CovarianceType type, const StatLayout& L, const double* x, std::int64_t m,
                const double* resp, const Vec& shift, Vec& stats, Vec& work) {
  const std::int64_t k = L.k, d = L.d;
  double* nk = stats.data() + L.nk();
  double* s1 = stats.data() + L.s1();
  double* s2 = stats.data() + L.s2off();
  const bool full = type == CovarianceType::full;
  const bool diag = type == CovarianceType::diag || type == CovarianceType::spherical;
  if (full) work.resize(sz(2 * m * d));
  for (std::int64_t c = 0; c < k; ++c) {
    const double* sh = shift.data() + c * d;
    double* s1c = s1 + c * d;
    double* s2c = s2 + (full ? c * d * d : c * d);
    double* dif = full ? work.data() : nullptr;
    double* wdif = full ? work.data() + m * d : nullptr;
    for (std::int64_t i = 0; i < m; ++i) {
      const double r = resp[i * k + c];
      nk[c] += r;
      const double* xi = x + i * d;
      for (std::int64_t j = 0; j < d; ++j) {
        const double v = xi[j] - sh[j];
        s1c[j] += r * v;
        if (diag) s2c[j] += r * v * v;
        if (full) {
          dif[i * d + j] = v;
          wdif[i * d + j] = r * v;
        }
      }
    }
    if (full && m > 0) {
      // s2c (row-major d x d) += wdif^T dif.
      lapack::gemm('N', 'T', static_cast<int>(d), static_cast<int>(d), static_cast<int>(m), 1.0,
                   dif, static_cast<int>(d), wdif, static_cast<int>(d), 1.0, s2c,
                   static_cast<int>(d));
    }
  }
}

// Everything an EM run keeps about X.
template <typename T>
struct Problem {
  Rows<T> r;
  CovarianceType type{};
  int k = 0;
  double reg = 0;
  StatLayout layout{};
  Vec mean;  // column means (the shift of the first statistics and of the tied Gram matrix)
  Vec gram;  // tied: sum (x - mean)(x - mean)^T
  const comm::Communicator* comm = nullptr;
};

// The M step from reduced statistics about `shift`: scikit-learn's
// _estimate_gaussian_parameters, written about the shift (exact algebra, no cancellation of
// large second moments). `weights` are nk / n_samples (the init) or normalised (M step).
template <typename T>
GaussianMixtureParams m_step(const Problem<T>& pb, const Vec& stats, const Vec& shift,
                             bool normalise_by_sum) {
  const int k = pb.k;
  const std::int64_t d = pb.r.d;
  const StatLayout& L = pb.layout;
  const double eps10 = 10 * double(std::numeric_limits<T>::epsilon());
  GaussianMixtureParams p;
  Vec nk(sz(k)), big_n(sz(k));
  double nk_sum = 0;
  for (int c = 0; c < k; ++c) {
    big_n[sz(c)] = stats[L.nk() + sz(c)];
    nk[sz(c)] = big_n[sz(c)] + eps10;
    nk_sum += nk[sz(c)];
  }
  p.means.resize(sz(k * d));
  Vec delta(sz(k * d));
  for (int c = 0; c < k; ++c) {
    for (std::int64_t j = 0; j < d; ++j) {
      const std::size_t q = sz(c * d + j);
      const double s1 = stats[L.s1() + q];
      p.means[q] = (s1 + big_n[sz(c)] * shift[q]) / nk[sz(c)];
      delta[q] = p.means[q] - shift[q];
    }
  }
  p.weights.resize(sz(k));
  for (int c = 0; c < k; ++c) {
    p.weights[sz(c)] = normalise_by_sum ? nk[sz(c)] / nk_sum : nk[sz(c)] / double(pb.r.n);
  }
  switch (pb.type) {
    case CovarianceType::full: {
      p.covariances.resize(sz(k * d * d));
      for (int c = 0; c < k; ++c) {
        const double* s2 = stats.data() + L.s2off() + c * d * d;
        const double* s1 = stats.data() + L.s1() + c * d;
        const double* dl = delta.data() + c * d;
        const double nc = big_n[sz(c)];
        for (std::int64_t a = 0; a < d; ++a) {
          for (std::int64_t b = 0; b < d; ++b) {
            const double v = s2[a * d + b] - s1[a] * dl[b] - dl[a] * s1[b] + nc * dl[a] * dl[b];
            p.covariances[sz(c * d * d + a * d + b)] = v / nk[sz(c)] + (a == b ? pb.reg : 0.0);
          }
        }
      }
      break;
    }
    case CovarianceType::tied: {
      p.covariances.resize(sz(d * d));
      for (std::int64_t a = 0; a < d; ++a) {
        for (std::int64_t b = 0; b < d; ++b) {
          double v = pb.gram[sz(a * d + b)];
          for (int c = 0; c < k; ++c) {
            v -= nk[sz(c)] * (p.means[sz(c * d + a)] - pb.mean[sz(a)]) *
                 (p.means[sz(c * d + b)] - pb.mean[sz(b)]);
          }
          p.covariances[sz(a * d + b)] = v / nk_sum + (a == b ? pb.reg : 0.0);
        }
      }
      break;
    }
    case CovarianceType::diag:
    case CovarianceType::spherical: {
      Vec var(sz(k * d));
      for (int c = 0; c < k; ++c) {
        for (std::int64_t j = 0; j < d; ++j) {
          const std::size_t q = sz(c * d + j);
          const double s2 = stats[L.s2off() + q], s1 = stats[L.s1() + q];
          var[q] =
              (s2 - 2 * delta[q] * s1 + big_n[sz(c)] * delta[q] * delta[q]) / nk[sz(c)] + pb.reg;
        }
      }
      if (pb.type == CovarianceType::diag) {
        p.covariances = std::move(var);
      } else {
        p.covariances.assign(sz(k), 0.0);
        for (int c = 0; c < k; ++c) {
          double s = 0;
          for (std::int64_t j = 0; j < d; ++j) s += var[sz(c * d + j)];
          p.covariances[sz(c)] = s / double(d);
        }
      }
      break;
    }
  }
  return p;
}

// The statistics of X under responsibilities produced per chunk by `resp_of(i0, m, out)`
// about `shift`, reduced over the ranks (the log-likelihood slot is left as summed by
// `resp_of`'s return values).
template <typename T, typename F>
Vec reduced_stats(const Problem<T>& pb, const Vec& shift, F&& resp_of) {
  const StatLayout& L = pb.layout;
  Vec stats(L.size(), 0.0), buf, work, resp;
  double ll = 0;
  for (std::int64_t i0 = 0; i0 < pb.r.m; i0 += kChunkRows) {
    const std::int64_t m = std::min(kChunkRows, pb.r.m - i0);
    const double* x = chunk_as_double(pb.r, i0, m, buf);
    resp.assign(sz(m * pb.k), 0.0);
    ll += resp_of(x, i0, m, resp.data());
    accumulate(pb.type, L, x, m, resp.data(), shift, stats, work);
  }
  stats[L.ll()] = ll;
  pb.comm->allreduce(stats.data(), stats.data(), stats.size(), comm::Op::sum);
  return stats;
}

void check_shape(const Vec& v, std::size_t want, const std::string& name) {
  if (v.size() != want) {
    throw ValueError("The parameter '" + name + "' should have " + std::to_string(want) +
                     " values, but got " + std::to_string(v.size()));
  }
}

// numpy's legacy MT19937 (randomkit): the twist, the tempering and random_sample's doubles.
struct Mt19937 {
  static constexpr int N = 624, M = 397;
  std::uint32_t key[N];
  int pos;
  explicit Mt19937(const Mt19937State& s) : pos(s.pos) {
    if (s.key.size() != N || s.pos < 0 || s.pos > N) {
      throw ValueError("Mt19937State: need 624 key words and a position in [0, 624]");
    }
    std::copy(s.key.begin(), s.key.end(), key);
  }
  void twist() {
    constexpr std::uint32_t A = 0x9908b0dfU, UP = 0x80000000U, LO = 0x7fffffffU;
    int i = 0;
    for (; i < N - M; ++i) {
      const std::uint32_t y = (key[i] & UP) | (key[i + 1] & LO);
      key[i] = key[i + M] ^ (y >> 1) ^ (-(y & 1U) & A);
    }
    for (; i < N - 1; ++i) {
      const std::uint32_t y = (key[i] & UP) | (key[i + 1] & LO);
      key[i] = key[i + (M - N)] ^ (y >> 1) ^ (-(y & 1U) & A);
    }
    const std::uint32_t y = (key[N - 1] & UP) | (key[0] & LO);
    key[N - 1] = key[M - 1] ^ (y >> 1) ^ (-(y & 1U) & A);
    pos = 0;
  }
  std::uint32_t next32() {
    if (pos == N) twist();
    std::uint32_t y = key[pos++];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680U;
    y ^= (y << 15) & 0xefc60000U;
    y ^= y >> 18;
    return y;
  }
  double next_double() {
    const std::uint32_t a = next32() >> 5, b = next32() >> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }
  // Skips `count` 32-bit outputs: whole blocks cost one twist each, nothing else.
  void skip32(std::int64_t count) {
    while (count > 0) {
      if (pos == N) twist();
      const std::int64_t step = std::min<std::int64_t>(N - pos, count);
      pos += static_cast<int>(step);
      count -= step;
    }
  }
  Mt19937State state() const { return {std::vector<std::uint32_t>(key, key + N), pos}; }
};

// For each local row, in increasing global order: (global index, local index).
template <typename T>
std::vector<std::pair<std::int64_t, std::int64_t>> sorted_rows(const Rows<T>& r) {
  std::vector<std::pair<std::int64_t, std::int64_t>> out(sz(r.m));
  for (std::int64_t i = 0; i < r.m; ++i) out[sz(i)] = {r.global[sz(i)], i};
  std::sort(out.begin(), out.end());
  return out;
}

// random_state.uniform(size=(n, k)) normalised per row, for this rank's rows (m x k, local
// order); every rank advances the stream by all n k doubles (2 n k words), skipping the rows
// of the other ranks without tempering them.
template <typename T>
Vec random_resp(const Rows<T>& r, int k, Mt19937State& state) {
  Mt19937 mt(state);
  Vec out(sz(r.m * k));
  std::int64_t at = 0;  // next global row of the stream
  for (const auto& [g, i] : sorted_rows(r)) {
    mt.skip32(2 * k * (g - at));
    double s = 0;
    for (int c = 0; c < k; ++c) {
      out[sz(i * k + c)] = mt.next_double();
      s += out[sz(i * k + c)];
    }
    for (int c = 0; c < k; ++c) out[sz(i * k + c)] /= s;
    at = g + 1;
  }
  mt.skip32(2 * k * (r.n - at));
  state = mt.state();
  return out;
}

template <typename T>
void check_options(const GaussianMixtureOptions& o) {
  if (o.n_components < 1) throw ValueError("GaussianMixture: n_components must be >= 1");
  if (!(o.tol >= 0)) throw ValueError("GaussianMixture: tol must be >= 0");
  if (!(o.reg_covar >= 0)) throw ValueError("GaussianMixture: reg_covar must be >= 0");
  if (o.max_iter < 0) throw ValueError("GaussianMixture: max_iter must be >= 0");
}

}  // namespace

CovarianceType covariance_type_from(const std::string& name) {
  if (name == "full") return CovarianceType::full;
  if (name == "tied") return CovarianceType::tied;
  if (name == "diag") return CovarianceType::diag;
  if (name == "spherical") return CovarianceType::spherical;
  throw ValueError(
      "The 'covariance_type' parameter of GaussianMixture must be a str among "
      "{'diag', 'full', 'spherical', 'tied'}. Got '" +
      name + "' instead.");
}

std::int64_t covariance_size(CovarianceType type, int k, std::int64_t d) {
  switch (type) {
    case CovarianceType::full:
      return k * d * d;
    case CovarianceType::tied:
      return d * d;
    case CovarianceType::diag:
      return k * d;
    case CovarianceType::spherical:
      return k;
  }
  return 0;
}

std::vector<double> precision_cholesky_from_covariances(const std::vector<double>& cov,
                                                        CovarianceType type, int k,
                                                        std::int64_t d) {
  check_shape(cov, sz(covariance_size(type, k, d)), "covariances");
  Vec out(cov.size());
  if (type == CovarianceType::full || type == CovarianceType::tied) {
    const int mats = type == CovarianceType::full ? k : 1;
    Vec l(sz(d * d));
    for (int c = 0; c < mats; ++c) {
      std::copy(cov.begin() + c * d * d, cov.begin() + (c + 1) * d * d, l.begin());
      if (!cholesky_lower(l.data(), d)) throw ValueError(precision_error(false));
      inverse_transpose_lower(l.data(), out.data() + c * d * d, d);
    }
  } else {
    for (std::size_t q = 0; q < cov.size(); ++q) {
      if (!(cov[q] > 0)) throw ValueError(precision_error(false));
      out[q] = 1.0 / std::sqrt(cov[q]);
    }
  }
  return out;
}

std::vector<double> precision_cholesky_from_precisions(const std::vector<double>& prec,
                                                       CovarianceType type, int k, std::int64_t d) {
  check_shape(prec, sz(covariance_size(type, k, d)), "precisions");
  Vec out(prec.size());
  if (type == CovarianceType::full || type == CovarianceType::tied) {
    const int mats = type == CovarianceType::full ? k : 1;
    Vec f(sz(d * d));
    for (int c = 0; c < mats; ++c) {
      const double* p = prec.data() + c * d * d;
      for (std::int64_t a = 0; a < d; ++a) {
        for (std::int64_t b = 0; b < d; ++b) f[sz(a * d + b)] = p[(d - 1 - a) * d + (d - 1 - b)];
      }
      if (!cholesky_lower(f.data(), d)) {
        throw ValueError("'" + std::string(type == CovarianceType::full ? "full" : "tied") +
                         " precision' should be symmetric, positive-definite");
      }
      double* o = out.data() + c * d * d;
      for (std::int64_t a = 0; a < d; ++a) {
        for (std::int64_t b = 0; b < d; ++b) o[a * d + b] = f[sz((d - 1 - a) * d + (d - 1 - b))];
      }
    }
  } else {
    for (std::size_t q = 0; q < prec.size(); ++q) {
      if (!(prec[q] > 0)) {
        throw ValueError("'" + std::string(type == CovarianceType::diag ? "diag" : "spherical") +
                         " precision' should be positive");
      }
      out[q] = std::sqrt(prec[q]);
    }
  }
  return out;
}

std::vector<double> precisions_from_cholesky(const std::vector<double>& chol, CovarianceType type,
                                             int k, std::int64_t d) {
  Vec out(chol.size());
  if (type == CovarianceType::full || type == CovarianceType::tied) {
    const int mats = type == CovarianceType::full ? k : 1;
    for (int c = 0; c < mats; ++c) {
      const double* u = chol.data() + c * d * d;
      double* o = out.data() + c * d * d;
      for (std::int64_t a = 0; a < d; ++a) {
        for (std::int64_t b = 0; b < d; ++b) {
          double s = 0;
          for (std::int64_t p = 0; p < d; ++p) s += u[a * d + p] * u[b * d + p];
          o[a * d + b] = s;
        }
      }
    }
  } else {
    for (std::size_t q = 0; q < chol.size(); ++q) out[q] = chol[q] * chol[q];
  }
  return out;
}

template <typename T>
std::vector<double> gather_rows(const DArray<T>& x, const std::vector<std::int64_t>& indices) {
  check_2d(x.ndim());
  std::optional<DArray<T>> storage;
  const DArray<T>& whole = whole_rows(x, storage);
  const Rows<T> r = rows_of(whole);
  const auto rows = sorted_rows(r);
  Vec out(indices.size() * sz(r.d), 0.0);
  for (std::size_t t = 0; t < indices.size(); ++t) {
    const auto it =
        std::lower_bound(rows.begin(), rows.end(), std::make_pair(indices[t], std::int64_t(-1)));
    if (it != rows.end() && it->first == indices[t]) {
      for (std::int64_t j = 0; j < r.d; ++j) {
        out[t * sz(r.d) + sz(j)] = double(r.x[it->second * r.d + j]);
      }
    }
  }
  x.context()->comm().allreduce(out.data(), out.data(), out.size(), comm::Op::sum);
  return out;
}

template <typename T>
std::vector<std::int64_t> kmeans_plus_plus_indices(const DArray<T>& x, int k, double first_u,
                                                   const std::vector<double>& trial_u) {
  check_2d(x.ndim());
  std::optional<DArray<T>> storage;
  const DArray<T>& whole = whole_rows(x, storage);
  const Rows<T> r = rows_of(whole);
  const comm::Communicator& comm = x.context()->comm();
  const std::int64_t n = r.n, d = r.d;
  if (k < 1 || n < k) throw ValueError("kmeans_plus_plus_indices: need 1 <= k <= n_samples");
  const int trials = 2 + static_cast<int>(std::log(double(k)));
  if (trial_u.size() != sz(std::int64_t(k - 1) * trials)) {
    throw ValueError("kmeans_plus_plus_indices: need (k - 1) * (2 + int(log k)) uniforms");
  }
  // random_state.choice(n, p=ones/n): the first index whose normalised cumulative p exceeds u.
  const double p = 1.0 / double(n);
  double last = 0;
  for (std::int64_t i = 0; i < n; ++i) last += p;
  std::int64_t first = n - 1;
  double cum = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    cum += p;
    if (cum / last > first_u) {
      first = i;
      break;
    }
  }
  std::vector<std::int64_t> indices{first};
  const auto rows = sorted_rows(r);
  Vec closest(sz(r.m));
  auto dist_to = [&](const double* c, std::int64_t i) {
    double s = 0;
    for (std::int64_t j = 0; j < d; ++j) {
      const double t = double(r.x[i * d + j]) - c[j];
      s += t * t;
    }
    return s;
  };
  Vec c0 = gather_rows(whole, {first});
  double pot = 0;
  for (std::int64_t i = 0; i < r.m; ++i) {
    closest[sz(i)] = dist_to(c0.data(), i);
    pot += closest[sz(i)];
  }
  pot = comm.allreduce(pot, comm::Op::sum);
  Vec prefix(sz(r.m) + 1, 0.0);  // over the local rows in global order
  std::vector<std::int64_t> sorted_global(sz(r.m));
  for (std::size_t q = 0; q < rows.size(); ++q) sorted_global[q] = rows[q].first;
  for (int c = 1; c < k; ++c) {
    for (std::size_t q = 0; q < rows.size(); ++q) {
      prefix[q + 1] = prefix[q] + closest[sz(rows[q].second)];
    }
    // np.searchsorted(cumsum(closest), u * pot): the first global index whose prefix sum
    // reaches the value, by a bisection over the global indices all trials walk together.
    Vec target(sz(trials));
    for (int t = 0; t < trials; ++t) target[sz(t)] = trial_u[sz((c - 1) * trials + t)] * pot;
    std::vector<std::int64_t> lo(sz(trials), 0), hi(sz(trials), n - 1);
    Vec part(sz(trials));
    while (true) {
      bool open = false;
      for (int t = 0; t < trials; ++t) open = open || lo[sz(t)] < hi[sz(t)];
      if (!open) break;  // the same on every rank: lo/hi follow reduced numbers
      std::vector<std::int64_t> mid(sz(trials));
      for (int t = 0; t < trials; ++t) {
        mid[sz(t)] = lo[sz(t)] + (hi[sz(t)] - lo[sz(t)]) / 2;
        const auto cnt = std::upper_bound(sorted_global.begin(), sorted_global.end(), mid[sz(t)]) -
                         sorted_global.begin();
        part[sz(t)] = prefix[sz(cnt)];
      }
      comm.allreduce(part.data(), part.data(), part.size(), comm::Op::sum);
      for (int t = 0; t < trials; ++t) {
        if (lo[sz(t)] >= hi[sz(t)]) continue;
        if (part[sz(t)] >= target[sz(t)]) {
          hi[sz(t)] = mid[sz(t)];
        } else {
          lo[sz(t)] = mid[sz(t)] + 1;
        }
      }
    }
    const Vec cand = gather_rows(whole, lo);
    Vec cand_pot(sz(trials), 0.0);
    for (std::int64_t i = 0; i < r.m; ++i) {
      for (int t = 0; t < trials; ++t) {
        cand_pot[sz(t)] += std::min(closest[sz(i)], dist_to(cand.data() + t * d, i));
      }
    }
    comm.allreduce(cand_pot.data(), cand_pot.data(), cand_pot.size(), comm::Op::sum);
    const int best =
        static_cast<int>(std::min_element(cand_pot.begin(), cand_pot.end()) - cand_pot.begin());
    for (std::int64_t i = 0; i < r.m; ++i) {
      closest[sz(i)] = std::min(closest[sz(i)], dist_to(cand.data() + best * d, i));
    }
    pot = cand_pot[sz(best)];
    indices.push_back(lo[sz(best)]);
  }
  return indices;
}

template <typename T>
GaussianMixtureRun gaussian_mixture_em(const DArray<T>& x, const GaussianMixtureOptions& options,
                                       GaussianMixtureInit& init) {
  check_options<T>(options);
  check_2d(x.ndim());
  const int k = options.n_components;
  const std::int64_t n = x.shape()[0], d = x.shape()[1];
  if (n < k) {
    throw ValueError("Expected n_samples >= n_components but got n_components = " +
                     std::to_string(k) + ", n_samples = " + std::to_string(n));
  }
  std::optional<DArray<T>> storage;
  const DArray<T>& whole = whole_rows(x, storage);
  Problem<T> pb;
  pb.r = rows_of(whole);
  pb.type = options.covariance_type;
  pb.k = k;
  pb.reg = options.reg_covar;
  pb.layout = layout_of(pb.type, k, d);
  pb.comm = &x.context()->comm();
  const std::int64_t m_all = pb.r.m;
  const std::size_t cov_n = sz(covariance_size(pb.type, k, d));

  // Column means (and the tied Gram matrix about them): the shift of the first statistics.
  pb.mean.assign(sz(d), 0.0);
  {
    Vec buf;
    for (std::int64_t i0 = 0; i0 < m_all; i0 += kChunkRows) {
      const std::int64_t m = std::min(kChunkRows, m_all - i0);
      const double* xc = chunk_as_double(pb.r, i0, m, buf);
      for (std::int64_t t = 0; t < m * d; ++t) pb.mean[sz(t % d)] += xc[t];
    }
    pb.comm->allreduce(pb.mean.data(), pb.mean.data(), pb.mean.size(), comm::Op::sum);
    for (double& v : pb.mean) v /= double(n);
  }
  if (pb.type == CovarianceType::tied) {
    pb.gram.assign(sz(d * d), 0.0);
    Vec buf, cen;
    for (std::int64_t i0 = 0; i0 < m_all; i0 += kChunkRows) {
      const std::int64_t m = std::min(kChunkRows, m_all - i0);
      const double* xc = chunk_as_double(pb.r, i0, m, buf);
      cen.resize(sz(m * d));
      for (std::int64_t t = 0; t < m * d; ++t) cen[sz(t)] = xc[t] - pb.mean[sz(t % d)];
      lapack::gemm('N', 'T', static_cast<int>(d), static_cast<int>(d), static_cast<int>(m), 1.0,
                   cen.data(), static_cast<int>(d), cen.data(), static_cast<int>(d), 1.0,
                   pb.gram.data(), static_cast<int>(d));
    }
    pb.comm->allreduce(pb.gram.data(), pb.gram.data(), pb.gram.size(), comm::Op::sum);
  }
  Vec mean_shift(sz(k * d));
  for (int c = 0; c < k; ++c) std::copy(pb.mean.begin(), pb.mean.end(), mean_shift.begin() + c * d);

  // ---- initialisation (scikit-learn's _initialize) ----
  GaussianMixtureParams params;
  if (init.resp != GaussianMixtureInit::Resp::none) {
    Vec local_resp;  // the responsibilities of the local rows (m x k)
    switch (init.resp) {
      case GaussianMixtureInit::Resp::labels: {
        if (!init.labels || init.labels->shape() != maps::Shape{n} ||
            init.labels->local_shape()[0] != m_all) {
          throw ValueError("GaussianMixture: the init labels must lie on X's rows");
        }
        local_resp.assign(sz(m_all * k), 0.0);
        const std::int32_t* lab = init.labels->local_data();
        for (std::int64_t i = 0; i < m_all; ++i) {
          if (lab[i] < 0 || lab[i] >= k) throw ValueError("GaussianMixture: bad init label");
          local_resp[sz(i * k + lab[i])] = 1.0;
        }
        break;
      }
      case GaussianMixtureInit::Resp::indices: {
        if (init.indices.size() != sz(k)) {
          throw ValueError("GaussianMixture: need n_components init indices");
        }
        local_resp.assign(sz(m_all * k), 0.0);
        const auto rows = sorted_rows(pb.r);
        for (int c = 0; c < k; ++c) {
          const auto it = std::lower_bound(rows.begin(), rows.end(),
                                           std::make_pair(init.indices[sz(c)], std::int64_t(-1)));
          if (it != rows.end() && it->first == init.indices[sz(c)]) {
            local_resp[sz(it->second * k + c)] = 1.0;
          }
        }
        break;
      }
      case GaussianMixtureInit::Resp::random:
        local_resp = random_resp(pb.r, k, init.random);
        break;
      case GaussianMixtureInit::Resp::none:
        break;
    }
    auto given = [&](const double* /*x*/, std::int64_t i0, std::int64_t m, double* out) {
      std::copy(local_resp.begin() + i0 * k, local_resp.begin() + (i0 + m) * k, out);
      return 0.0;
    };
    // Two passes: the means about the column means, then the second moments about them.
    Vec stats = reduced_stats(pb, mean_shift, given);
    Vec shift = mean_shift;
    if (pb.type != CovarianceType::tied) {
      shift = m_step(pb, stats, mean_shift, false).means;
      stats = reduced_stats(pb, shift, given);
    }
    params = m_step(pb, stats, shift, false);
  }
  if (!init.weights.empty()) {
    check_shape(init.weights, sz(k), "weights");
    params.weights = init.weights;
  }
  if (!init.means.empty()) {
    check_shape(init.means, sz(k * d), "means");
    params.means = init.means;
  }
  if (!init.precisions_cholesky.empty()) {
    check_shape(init.precisions_cholesky, cov_n, "precisions_cholesky");
    params.precisions_cholesky = init.precisions_cholesky;
    params.covariances = init.covariances;
  } else if (!init.precisions.empty()) {
    params.precisions_cholesky = precision_cholesky_from_precisions(init.precisions, pb.type, k, d);
    params.covariances.clear();
  } else {
    if (params.covariances.empty()) {
      throw ValueError("GaussianMixture: no responsibilities and no precisions to start from");
    }
    params.precisions_cholesky =
        precision_cholesky_from_covariances(params.covariances, pb.type, k, d);
  }
  if (params.weights.size() != sz(k) || params.means.size() != sz(k * d)) {
    throw ValueError("GaussianMixture: weights and means must be given or estimated");
  }

  // ---- EM ----
  GaussianMixtureRun run;
  double lower_bound = init.lower_bound;
  Vec wlp;
  for (int it = 1; it <= options.max_iter; ++it) {
    const double prev = lower_bound;
    const EStepTables tab = tables_of(pb.type, params, k, d);
    Vec work;
    auto e_step = [&](const double* xc, std::int64_t, std::int64_t m, double* out) {
      wlp.resize(sz(m * k));
      weighted_log_prob(tab, xc, m, wlp.data(), work);
      double ll = 0;
      for (std::int64_t i = 0; i < m; ++i) {
        const double lse = logsumexp(wlp.data() + i * k, k);
        ll += lse;
        for (int c = 0; c < k; ++c) out[i * k + c] = std::exp(wlp[sz(i * k + c)] - lse);
      }
      return ll;
    };
    const Vec& shift = pb.type == CovarianceType::tied ? mean_shift : params.means;
    const Vec stats = reduced_stats(pb, shift, e_step);
    lower_bound = stats[pb.layout.ll()] / double(n);
    GaussianMixtureParams next = m_step(pb, stats, shift, true);
    next.precisions_cholesky = precision_cholesky_from_covariances(next.covariances, pb.type, k, d);
    params = std::move(next);
    run.lower_bounds.push_back(lower_bound);
    run.n_iter = it;
    if (std::abs(lower_bound - prev) < options.tol) {
      run.converged = true;
      break;
    }
  }
  run.lower_bound = options.max_iter == 0 ? -std::numeric_limits<double>::infinity() : lower_bound;
  run.params = std::move(params);
  return run;
}

template <typename T>
GaussianMixtureEstimate gaussian_mixture_estimate(const DArray<T>& x, CovarianceType type,
                                                  const GaussianMixtureParams& params,
                                                  bool want_labels, bool want_resp,
                                                  bool want_log_prob) {
  check_2d(x.ndim());
  const int k = static_cast<int>(params.weights.size());
  const std::int64_t d = x.shape()[1];
  if (k < 1 || params.means.size() != sz(k * d) ||
      params.precisions_cholesky.size() != sz(covariance_size(type, k, d))) {
    throw ValueError("gaussian_mixture_estimate: the parameters do not fit X");
  }
  std::optional<DArray<T>> storage;
  const DArray<T>& whole = whole_rows(x, storage);
  const Rows<T> r = rows_of(whole);
  GaussianMixtureEstimate est;
  if (want_labels) est.labels.emplace(maps::Shape{r.n}, maps::row_map(whole.map(), 1), x.context());
  if (want_resp) est.resp.emplace(maps::Shape{r.n, k}, maps::row_map(whole.map(), 2), x.context());
  if (want_log_prob) {
    est.log_prob.emplace(maps::Shape{r.n}, maps::row_map(whole.map(), 1), x.context());
  }
  const EStepTables tab = tables_of(type, params, k, d);
  Vec buf, work, wlp;
  double sum = 0;
  for (std::int64_t i0 = 0; i0 < r.m; i0 += kChunkRows) {
    const std::int64_t m = std::min(kChunkRows, r.m - i0);
    const double* xc = chunk_as_double(r, i0, m, buf);
    wlp.resize(sz(m * k));
    weighted_log_prob(tab, xc, m, wlp.data(), work);
    for (std::int64_t i = 0; i < m; ++i) {
      const double* row = wlp.data() + i * k;
      const double lse = logsumexp(row, k);
      sum += lse;
      if (want_labels) {
        est.labels->local_data()[i0 + i] = std::max_element(row, row + k) - row;
      }
      if (want_resp) {
        double* out = est.resp->local_data() + (i0 + i) * k;
        for (int c = 0; c < k; ++c) out[c] = std::exp(row[c] - lse);
      }
      if (want_log_prob) est.log_prob->local_data()[i0 + i] = lse;
    }
  }
  est.log_prob_sum = x.context()->comm().allreduce(sum, comm::Op::sum);
  return est;
}

#define PGAS_GMM_INSTANTIATE(T)                                                                    \
  template GaussianMixtureRun gaussian_mixture_em(const DArray<T>&, const GaussianMixtureOptions&, \
                                                  GaussianMixtureInit&);                           \
  template GaussianMixtureEstimate gaussian_mixture_estimate(                                      \
      const DArray<T>&, CovarianceType, const GaussianMixtureParams&, bool, bool, bool);           \
  template std::vector<std::int64_t> kmeans_plus_plus_indices(const DArray<T>&, int, double,       \
                                                              const std::vector<double>&);         \
  template std::vector<double> gather_rows(const DArray<T>&, const std::vector<std::int64_t>&);

PGAS_GMM_INSTANTIATE(float)
PGAS_GMM_INSTANTIATE(double)

}  // namespace pgas::ml
