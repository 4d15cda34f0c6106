#include "pgas/ml/kmeans.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <utility>

#include "pgas/comm/reduce_op.hpp"
#include "pgas/darray/column_stats.hpp"
#include "pgas/darray/counter_random.hpp"
#include "pgas/darray/reductions.hpp"
#include "pgas/errors.hpp"
#include "pgas/linalg/local_lapack.hpp"
#include "pgas/maps/row_map.hpp"
#include "pgas/ml/validation.hpp"

namespace pgas::ml {

namespace {

namespace lapack = pgas::linalg::lapack;

// Rows per GEMM: the chunk of X and its k distances stay in cache while the rows are folded
// into the cluster sums right after (X is read from memory once per iteration).
constexpr std::int64_t kChunkRows = 256;

// A rank's complete rows of X as one row-major block (after whole_rows, the local array).
template <typename T>
struct Rows {
  std::int64_t n = 0;  // local rows
  std::int64_t d = 0;  // features
  const T* x = nullptr;
  std::vector<std::int64_t> global;  // global index of each local row
};

template <typename T>
Rows<T> rows_of(const DArray<T>& whole) {
  Rows<T> r;
  r.n = whole.local_shape()[0];
  r.d = whole.shape()[1];
  r.x = whole.local_data();
  r.global = whole.global_ind(0);
  return r;
}

// splitmix64: independent random streams from (seed, run, purpose, ...).
std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
  std::uint64_t z = a + 0x9E3779B97F4A7C15ULL * (b + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

template <typename T>
double squared_distance(const T* a, const T* b, std::int64_t d) {
  double s = 0;
  for (std::int64_t j = 0; j < d; ++j) {
    const double t = double(a[j]) - double(b[j]);
    s += t * t;
  }
  return s;
}

template <typename T>
std::vector<T> squared_norms(const std::vector<T>& centers, int k, std::int64_t d) {
  std::vector<T> out(static_cast<std::size_t>(k));
  for (int c = 0; c < k; ++c) {
    T s = 0;
    const T* row = centers.data() + c * d;
    for (std::int64_t j = 0; j < d; ++j) s += row[j] * row[j];
    out[static_cast<std::size_t>(c)] = s;
  }
  return out;
}

// The distance kernel for few clusters (k <= 16): the k dot products of a few rows at a time
// in registers, instead of one BLAS GEMM per chunk. For k = 8, d = 16 OpenBLAS spends more
// time packing the chunk of X than multiplying (perf of a fit: dgemm_oncopy 19 %, dgemm_kernel
// 14 %, all the rest of KMeans::fit 1 %). Built for AVX-512, AVX2 and baseline x86-64 (the
// loader picks the widest), like darray's reduction kernels.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && \
    !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define PGAS_KMEANS_CLONES \
  __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define PGAS_KMEANS_CLONES
#endif

// The centres for the small-k kernel: transposed (d rows of `pad` values, one or two vectors),
// zero-padded, with +inf as the padded clusters' squared norms so that no row picks one.
template <typename T>
struct SmallKTable {
  int pad = 0;
  std::vector<T> ct;
  std::vector<T> norms;
};

template <typename T>
std::optional<SmallKTable<T>> small_k_table_if(const std::vector<T>& centers,
                                               const std::vector<T>& norms, int k, std::int64_t d) {
  if (k > 16) return std::nullopt;
  SmallKTable<T> t;
  // Whole 64-byte vectors: 8 doubles or 16 floats per vector (assign_small_k).
  const int w = detail::simd<T>::width;
  t.pad = k <= w ? w : 2 * w;
  const auto pad = static_cast<std::size_t>(t.pad);
  const auto dd = static_cast<std::size_t>(d);
  t.ct.assign(dd * pad, T(0));
  t.norms.assign(pad, std::numeric_limits<T>::infinity());
  for (int c = 0; c < k; ++c) {
    const auto cc = static_cast<std::size_t>(c);
    t.norms[cc] = norms[cc];
    for (std::size_t j = 0; j < dd; ++j) t.ct[j * pad + cc] = centers[cc * dd + j];
  }
  return t;
}

// argmin_c norms[c] + (-2) dot[c], the first minimum (scikit-learn's strict <), with the GEMM
// path's expression.
template <int K, typename T>
inline std::int32_t nearest(const T* dot, const T* norms) {
  std::int32_t best = 0;
  T low = norms[0] + T(-2) * dot[0];
  for (int c = 1; c < K; ++c) {
    const T dist = norms[c] + T(-2) * dot[c];
    best = dist < low ? c : best;
    low = dist < low ? dist : low;
  }
  return best;
}

// Labels of rows [0, m), four rows per sweep so that four independent chains of
// multiply-adds fill the pipeline. The dot products are GCC/Clang vector types (NV vectors of
// 64 bytes per row, as darray's reduction kernels): with plain arrays, -O3 turned the loop into
// shuffles (perf showed a fit 2.5x slower than at -O2).
template <int NV, typename T>
PGAS_KMEANS_CLONES void assign_small_k(const T* x, std::int64_t m, std::int64_t d, const T* ct,
                                       const T* norms, std::int32_t* labels) {
  using V = typename detail::simd<T>::type;
  constexpr int w = detail::simd<T>::width;
  constexpr int K = NV * w;
  constexpr int kRows = 4;
  std::int64_t i = 0;
  T out[K];
  for (; i + kRows <= m; i += kRows) {
    V dot[kRows][NV] = {};
    for (std::int64_t j = 0; j < d; ++j) {
      V c[NV];
      std::memcpy(c, ct + j * K, sizeof c);
      for (int r = 0; r < kRows; ++r) {
        const T v = x[(i + r) * d + j];
        for (int q = 0; q < NV; ++q) dot[r][q] += v * c[q];
      }
    }
    for (int r = 0; r < kRows; ++r) {
      std::memcpy(out, dot[r], sizeof out);
      labels[i + r] = nearest<K>(out, norms);
    }
  }
  for (; i < m; ++i) {
    V dot[NV] = {};
    for (std::int64_t j = 0; j < d; ++j) {
      V c[NV];
      std::memcpy(c, ct + j * K, sizeof c);
      const T v = x[i * d + j];
      for (int q = 0; q < NV; ++q) dot[q] += v * c[q];
    }
    std::memcpy(out, dot, sizeof out);
    labels[i] = nearest<K>(out, norms);
  }
}

// Folds rows [0, m) of x into their clusters' sums (stats[c * d ..]) and counts (stats[kd + c]),
// stores their labels and returns how many changed. Cloned like assign_small_k: the row sums
// are the other half of an iteration's work.
template <typename T>
PGAS_KMEANS_CLONES double fold_chunk(const T* x, std::int64_t m, std::size_t d,
                                     const std::int32_t* fresh, std::int32_t* labels, double* stats,
                                     std::size_t kd) {
  double changed = 0;
  for (std::int64_t i = 0; i < m; ++i) {
    const std::int32_t c = fresh[i];
    if (labels[i] != c) changed += 1;
    labels[i] = c;
    const T* __restrict row = x + i * static_cast<std::int64_t>(d);
    double* __restrict s = stats + static_cast<std::size_t>(c) * d;
    for (std::size_t j = 0; j < d; ++j) s[j] += double(row[j]);
    stats[kd + static_cast<std::size_t>(c)] += 1;
  }
  return changed;
}

// Labels of rows [0, m) of x: argmin_c ||c||^2 - 2 x.c (first minimum, as scikit-learn's
// strict <). `dist` holds m * k values. `table`: the small-k kernel's centres, or nullptr.
template <typename T>
void assign_chunk(const T* x, std::int64_t m, std::int64_t d, const T* centers, const T* norms,
                  int k, T* dist, std::int32_t* labels, const SmallKTable<T>* table = nullptr) {
  if (table != nullptr) {
    if (table->pad == detail::simd<T>::width) {
      assign_small_k<1>(x, m, d, table->ct.data(), table->norms.data(), labels);
    } else {
      assign_small_k<2>(x, m, d, table->ct.data(), table->norms.data(), labels);
    }
    return;
  }
  for (std::int64_t i = 0; i < m; ++i) std::copy(norms, norms + k, dist + i * k);
  // Row-major dist (m x k) is column-major k x m: dist^T = C (k x d) X^T (d x m).
  lapack::gemm('T', 'N', k, static_cast<int>(m), static_cast<int>(d), T(-2), centers,
               static_cast<int>(d), x, static_cast<int>(d), T(1), dist, k);
  for (std::int64_t i = 0; i < m; ++i) {
    const T* row = dist + i * k;
    int best = 0;
    T low = row[0];
    for (int c = 1; c < k; ++c) {
      if (row[c] < low) {
        low = row[c];
        best = c;
      }
    }
    labels[i] = best;
  }
}

// Labels of all local rows against `centers`; returns the local inertia (sum of squared
// distances computed directly, as scikit-learn's _inertia_dense).
template <typename T>
double assign_all(const Rows<T>& r, const std::vector<T>& centers, int k, std::int32_t* labels) {
  const std::vector<T> norms = squared_norms(centers, k, r.d);
  const auto table = small_k_table_if(centers, norms, k, r.d);
  std::vector<T> dist(static_cast<std::size_t>(kChunkRows * k));
  double inertia = 0;
  for (std::int64_t i0 = 0; i0 < r.n; i0 += kChunkRows) {
    const std::int64_t m = std::min(kChunkRows, r.n - i0);
    assign_chunk(r.x + i0 * r.d, m, r.d, centers.data(), norms.data(), k, dist.data(), labels + i0,
                 table ? &*table : nullptr);
    for (std::int64_t i = i0; i < i0 + m; ++i) {
      inertia += squared_distance(r.x + i * r.d, centers.data() + labels[i] * r.d, r.d);
    }
  }
  return inertia;
}

// The rows with the given global indices (each owned by exactly one rank), on every rank:
// one allreduce in which only the owners contribute. `extra[i]` travels with row i.
template <typename T>
std::vector<T> fetch_rows(const Rows<T>& r, const std::vector<std::int64_t>& wanted,
                          const comm::Communicator& comm, std::vector<double>* extra = nullptr,
                          const std::int32_t* labels = nullptr) {
  const std::size_t w = wanted.size();
  const std::size_t width = static_cast<std::size_t>(r.d) + 1;
  std::vector<double> buf(w * width, 0.0);
  for (std::int64_t i = 0; i < r.n; ++i) {
    const std::int64_t g = r.global[static_cast<std::size_t>(i)];
    for (std::size_t t = 0; t < w; ++t) {
      if (wanted[t] != g) continue;
      for (std::int64_t j = 0; j < r.d; ++j) buf[t * width + j] = double(r.x[i * r.d + j]);
      if (labels) buf[t * width + width - 1] = labels[i];
    }
  }
  comm.allreduce(buf.data(), buf.data(), buf.size(), comm::Op::sum);
  std::vector<T> out(w * static_cast<std::size_t>(r.d));
  for (std::size_t t = 0; t < w; ++t) {
    for (std::int64_t j = 0; j < r.d; ++j) {
      out[t * static_cast<std::size_t>(r.d) + j] = static_cast<T>(buf[t * width + j]);
    }
  }
  if (extra) {
    extra->resize(w);
    for (std::size_t t = 0; t < w; ++t) (*extra)[t] = buf[t * width + width - 1];
  }
  return out;
}

// k distinct row indices in [0, n), Floyd's algorithm on counter-based draws: they depend on
// the stream and n only (scikit-learn draws random_state.choice(n, k, replace=False)).
std::vector<std::int64_t> distinct_rows(std::uint64_t stream, std::int64_t n, int k) {
  std::vector<std::int64_t> out;
  for (std::int64_t j = n - k; j < n; ++j) {
    const double u = counter_uniform(stream, static_cast<std::uint64_t>(j));
    const std::int64_t t = std::min<std::int64_t>(static_cast<std::int64_t>(u * double(j + 1)), j);
    out.push_back(std::find(out.begin(), out.end(), t) == out.end() ? t : j);
  }
  return out;
}

// Greedy k-means++ (scikit-learn's _kmeans_plusplus: 2 + log(k) candidates per centre, the one
// that lowers the potential most wins). A candidate is drawn with probability proportional to
// its squared distance D(x)^2 to the chosen centres by an exponential race: the row with the
// smallest E / D(x)^2, E = -log(1 - u) and u a counter-based uniform of (stream, global row),
// wins; one MINLOC reduction finds it whatever the rank count or map.
template <typename T>
std::vector<T> kmeans_plus_plus(const Rows<T>& r, std::int64_t n, int k, std::uint64_t stream,
                                const comm::Communicator& comm) {
  const int trials = 2 + static_cast<int>(std::log(double(k)));
  const std::int64_t first = std::min<std::int64_t>(
      static_cast<std::int64_t>(counter_uniform(mix(stream, 0), 0) * double(n)), n - 1);
  std::vector<T> centers = fetch_rows(r, {first}, comm);
  centers.reserve(static_cast<std::size_t>(k * r.d));
  std::vector<double> closest(static_cast<std::size_t>(r.n));
  for (std::int64_t i = 0; i < r.n; ++i) {
    closest[static_cast<std::size_t>(i)] = squared_distance(r.x + i * r.d, centers.data(), r.d);
  }
  std::vector<double> to_candidate(static_cast<std::size_t>(trials * r.n));
  for (int c = 1; c < k; ++c) {
    std::vector<comm::ValueIndex<double>> race(static_cast<std::size_t>(trials));
    for (int t = 0; t < trials; ++t) {
      const std::uint64_t s =
          mix(mix(stream, static_cast<std::uint64_t>(c)), static_cast<std::uint64_t>(t) + 1);
      comm::ValueIndex<double>& best = race[static_cast<std::size_t>(t)];
      for (std::int64_t i = 0; i < r.n; ++i) {
        const std::int64_t g = r.global[static_cast<std::size_t>(i)];
        const double d2 = closest[static_cast<std::size_t>(i)];
        const double e = -std::log1p(-counter_uniform(s, static_cast<std::uint64_t>(g)));
        const double key = d2 > 0 ? e / d2 : std::numeric_limits<double>::infinity();
        if (best.index < 0 || key < best.value || (key == best.value && g < best.index)) {
          best = {key, g};
        }
      }
    }
    comm.allreduce(race.data(), race.data(), race.size(), comm::Op::minloc);
    std::vector<std::int64_t> ids;
    for (const auto& v : race) ids.push_back(v.index);
    const std::vector<T> cand = fetch_rows(r, ids, comm);
    std::vector<double> potential(static_cast<std::size_t>(trials), 0.0);
    for (int t = 0; t < trials; ++t) {
      for (std::int64_t i = 0; i < r.n; ++i) {
        const double d2 = std::min(closest[static_cast<std::size_t>(i)],
                                   squared_distance(r.x + i * r.d, cand.data() + t * r.d, r.d));
        to_candidate[static_cast<std::size_t>(t * r.n + i)] = d2;
        potential[static_cast<std::size_t>(t)] += d2;
      }
    }
    comm.allreduce(potential.data(), potential.data(), potential.size(), comm::Op::sum);
    const int best =
        static_cast<int>(std::min_element(potential.begin(), potential.end()) - potential.begin());
    std::copy(to_candidate.begin() + best * r.n, to_candidate.begin() + (best + 1) * r.n,
              closest.begin());
    centers.insert(centers.end(), cand.begin() + best * r.d, cand.begin() + (best + 1) * r.d);
  }
  return centers;
}

// scikit-learn's _relocate_empty_clusters_dense: each empty cluster takes one of the points
// farthest from their (old) centres, which leaves its old cluster. The farthest points are
// taken in decreasing distance, ties to the smaller global row index.
template <typename T>
void relocate_empty(const Rows<T>& r, const std::vector<T>& old_centers, const std::int32_t* labels,
                    std::vector<double>& sums, std::vector<double>& weights, int k,
                    const comm::Communicator& comm) {
  std::vector<int> empty;
  for (int c = 0; c < k; ++c) {
    if (weights[static_cast<std::size_t>(c)] == 0) empty.push_back(c);
  }
  if (empty.empty()) return;
  const std::size_t e = empty.size();
  using Candidate = std::pair<double, std::int64_t>;  // distance, global row
  const auto farther = [](const Candidate& a, const Candidate& b) {
    return a.first > b.first || (a.first == b.first && a.second < b.second);
  };
  std::vector<Candidate> mine;
  for (std::int64_t i = 0; i < r.n; ++i) {
    mine.emplace_back(squared_distance(r.x + i * r.d, old_centers.data() + labels[i] * r.d, r.d),
                      r.global[static_cast<std::size_t>(i)]);
  }
  const std::size_t keep = std::min(e, mine.size());
  std::partial_sort(mine.begin(), mine.begin() + static_cast<std::ptrdiff_t>(keep), mine.end(),
                    farther);
  std::vector<double> send(2 * e, -1.0);
  for (std::size_t t = 0; t < keep; ++t) {
    send[2 * t] = mine[t].first;
    send[2 * t + 1] = double(mine[t].second);
  }
  std::vector<double> all(2 * e * static_cast<std::size_t>(comm.size()));
  comm.allgather(send.data(), send.size(), all.data());
  std::vector<Candidate> pool;
  for (std::size_t t = 0; t < all.size(); t += 2) {
    if (all[t + 1] >= 0) pool.emplace_back(all[t], static_cast<std::int64_t>(all[t + 1]));
  }
  std::sort(pool.begin(), pool.end(), farther);
  std::vector<std::int64_t> far;
  for (std::size_t t = 0; t < e && t < pool.size(); ++t) far.push_back(pool[t].second);
  std::vector<double> old_label;
  const std::vector<T> rows = fetch_rows(r, far, comm, &old_label, labels);
  const std::size_t d = static_cast<std::size_t>(r.d);
  for (std::size_t t = 0; t < far.size(); ++t) {
    const std::size_t to = static_cast<std::size_t>(empty[t]);
    const std::size_t from = static_cast<std::size_t>(old_label[t]);
    for (std::size_t j = 0; j < d; ++j) {
      sums[from * d + j] -= double(rows[t * d + j]);
      sums[to * d + j] = double(rows[t * d + j]);
    }
    weights[to] = 1;
    weights[from] -= 1;
  }
}

struct RunResult {
  double inertia = 0;
  int n_iter = 0;
};

// One Lloyd run from `centers` (updated in place); labels of the local rows in `labels`.
template <typename T>
RunResult lloyd(const Rows<T>& r, std::vector<T>& centers, int k, int max_iter, double tol,
                std::int32_t* labels, const comm::Communicator& comm) {
  const std::size_t d = static_cast<std::size_t>(r.d);
  const std::size_t kd = static_cast<std::size_t>(k) * d;
  std::fill(labels, labels + r.n, -1);
  std::vector<T> dist(static_cast<std::size_t>(kChunkRows * k));
  std::vector<std::int32_t> fresh(static_cast<std::size_t>(kChunkRows));
  std::vector<double> stats(kd + static_cast<std::size_t>(k) + 1);
  std::vector<T> new_centers(kd);
  bool strict = false;
  int it = 0;
  for (; it < max_iter; ++it) {
    std::fill(stats.begin(), stats.end(), 0.0);
    const std::vector<T> norms = squared_norms(centers, k, r.d);
    const auto table = small_k_table_if(centers, norms, k, r.d);
    double changed = 0;
    for (std::int64_t i0 = 0; i0 < r.n; i0 += kChunkRows) {
      const std::int64_t m = std::min(kChunkRows, r.n - i0);
      assign_chunk(r.x + i0 * r.d, m, r.d, centers.data(), norms.data(), k, dist.data(),
                   fresh.data(), table ? &*table : nullptr);
      changed += fold_chunk(r.x + i0 * r.d, m, d, fresh.data(), labels + i0, stats.data(), kd);
    }
    stats[kd + static_cast<std::size_t>(k)] = changed;
    comm.allreduce(stats.data(), stats.data(), stats.size(), comm::Op::sum);  // the one message
    std::vector<double> sums(stats.begin(), stats.begin() + static_cast<std::ptrdiff_t>(kd));
    std::vector<double> weights(stats.begin() + static_cast<std::ptrdiff_t>(kd),
                                stats.begin() + static_cast<std::ptrdiff_t>(kd) + k);
    relocate_empty(r, centers, labels, sums, weights, k, comm);
    double shift = 0;
    for (int c = 0; c < k; ++c) {
      const double w = weights[static_cast<std::size_t>(c)];
      const double alpha = w > 0 ? 1.0 / w : 1.0;
      double s2 = 0;
      for (std::size_t j = 0; j < d; ++j) {
        const std::size_t at = static_cast<std::size_t>(c) * d + j;
        new_centers[at] = w > 0 ? static_cast<T>(sums[at] * alpha) : T(0);
        const double diff = double(new_centers[at]) - double(centers[at]);
        s2 += diff * diff;
      }
      const double norm = std::sqrt(s2);  // scikit-learn's center_shift, squared again below
      shift += norm * norm;
    }
    centers.swap(new_centers);
    if (stats[kd + static_cast<std::size_t>(k)] == 0) {
      strict = true;
      break;
    }
    if (shift <= tol) break;
  }
  RunResult out;
  out.n_iter = std::min(it + 1, max_iter);
  if (strict) {
    double local = 0;
    for (std::int64_t i = 0; i < r.n; ++i) {
      local += squared_distance(r.x + i * r.d, centers.data() + labels[i] * r.d, r.d);
    }
    out.inertia = comm.allreduce(local, comm::Op::sum);
  } else {
    // The final assignment: labels consistent with the final centres.
    out.inertia = comm.allreduce(assign_all(r, centers, k, labels), comm::Op::sum);
  }
  return out;
}

// scikit-learn's _is_same_clustering: a permutation of labels maps one labelling onto the
// other. Each rank checks its rows; the per-cluster images must agree across ranks.
bool same_clustering(const std::int32_t* a, const std::int32_t* b, std::int64_t n, int k,
                     const comm::Communicator& comm) {
  std::vector<std::int32_t> image(static_cast<std::size_t>(k), -1);
  int ok = 1;
  for (std::int64_t i = 0; i < n && ok; ++i) {
    std::int32_t& m = image[static_cast<std::size_t>(a[i])];
    if (m == -1) {
      m = b[i];
    } else if (m != b[i]) {
      ok = 0;
    }
  }
  // max and -min of the image of each cluster (unset: -1 is below every label).
  std::vector<std::int64_t> hi(2 * static_cast<std::size_t>(k) + 1);
  for (int c = 0; c < k; ++c) {
    const std::int32_t m = image[static_cast<std::size_t>(c)];
    hi[static_cast<std::size_t>(c)] = m;
    hi[static_cast<std::size_t>(k + c)] = m < 0 ? -k - 1 : -std::int64_t(m);
  }
  hi[2 * static_cast<std::size_t>(k)] = ok ? 0 : 1;
  comm.allreduce(hi.data(), hi.data(), hi.size(), comm::Op::max);
  if (hi[2 * static_cast<std::size_t>(k)] != 0) return false;
  for (int c = 0; c < k; ++c) {
    const std::int64_t top = hi[static_cast<std::size_t>(c)];
    if (top >= 0 && top != -hi[static_cast<std::size_t>(k + c)]) return false;
  }
  return true;
}

template <typename T>
void check_centers(const std::vector<T>& centers, int k, std::int64_t d) {
  if (centers.size() != static_cast<std::size_t>(k) * static_cast<std::size_t>(d)) {
    throw ValueError("KMeans: expected " + std::to_string(k) + " x " + std::to_string(d) +
                     " centres, got " + std::to_string(centers.size()) + " values");
  }
}

template <typename T>
void check_features(const DArray<T>& x, std::int64_t d) {
  if (x.ndim() != 2) {
    throw ValueError("Expected 2D array, got " + std::to_string(x.ndim()) + "D array instead");
  }
  if (x.shape()[1] != d) {
    throw ValueError("X has " + std::to_string(x.shape()[1]) +
                     " features, but KMeans is expecting " + std::to_string(d) +
                     " features as input.");
  }
}

}  // namespace

template <typename T>
KMeansAssignment kmeans_assign(const DArray<T>& x, const std::vector<T>& centers, int k) {
  check_features(x, x.ndim() == 2 ? x.shape()[1] : 0);
  check_centers(centers, k, x.shape()[1]);
  std::optional<DArray<T>> storage;
  const DArray<T>& whole = whole_rows(x, storage);
  const Rows<T> r = rows_of(whole);
  DArray<std::int32_t> labels({x.shape()[0]}, maps::row_map(whole.map(), 1), x.context());
  const double local = assign_all(r, centers, k, labels.local_data());
  return {std::move(labels), x.context()->comm().allreduce(local, comm::Op::sum)};
}

template <typename T>
DArray<T> euclidean_distances(const DArray<T>& x, const std::vector<T>& centers, int k) {
  check_features(x, x.ndim() == 2 ? x.shape()[1] : 0);
  check_centers(centers, k, x.shape()[1]);
  std::optional<DArray<T>> storage;
  const DArray<T>& whole = whole_rows(x, storage);
  const Rows<T> r = rows_of(whole);
  DArray<T> out({x.shape()[0], k}, maps::row_map(whole.map(), 2), x.context());
  T* y = out.local_data();
  if constexpr (std::is_same_v<T, double>) {
    // scikit-learn's float64 path: ||x||^2 - 2 x.c + ||c||^2, clipped at 0.
    const std::vector<T> norms = squared_norms(centers, k, r.d);
    for (std::int64_t i = 0; i < r.n; ++i) std::copy(norms.begin(), norms.end(), y + i * k);
    if (r.n > 0) {
      lapack::gemm('T', 'N', k, static_cast<int>(r.n), static_cast<int>(r.d), T(-2), centers.data(),
                   static_cast<int>(r.d), r.x, static_cast<int>(r.d), T(1), y, k);
    }
    for (std::int64_t i = 0; i < r.n; ++i) {
      double xx = 0;
      for (std::int64_t j = 0; j < r.d; ++j) xx += r.x[i * r.d + j] * r.x[i * r.d + j];
      for (int c = 0; c < k; ++c) y[i * k + c] = std::sqrt(std::max(0.0, y[i * k + c] + xx));
    }
  } else {
    // float32: scikit-learn upcasts to float64; the direct difference is as accurate.
    for (std::int64_t i = 0; i < r.n; ++i) {
      for (int c = 0; c < k; ++c) {
        y[i * k + c] = static_cast<T>(
            std::sqrt(squared_distance(r.x + i * r.d, centers.data() + c * r.d, r.d)));
      }
    }
  }
  return out;
}

template <typename T>
KMeans<T>::KMeans(KMeansOptions options) : options_(std::move(options)) {
  if (options_.n_clusters < 1) throw ValueError("KMeans: n_clusters must be >= 1");
  if (options_.n_init < 1) throw ValueError("KMeans: n_init must be >= 1");
  if (options_.max_iter < 1) throw ValueError("KMeans: max_iter must be >= 1");
  if (!(options_.tol >= 0)) throw ValueError("KMeans: tol must be >= 0");
}

template <typename T>
const DArray<std::int32_t>& KMeans<T>::labels() const {
  if (!labels_) throw ValueError("This KMeans instance is not fitted yet.");
  return *labels_;
}

template <typename T>
KMeans<T>& KMeans<T>::fit(const DArray<T>& x) {
  if (x.ndim() != 2) {
    throw ValueError("Expected 2D array, got " + std::to_string(x.ndim()) + "D array instead");
  }
  const int k = options_.n_clusters;
  const std::int64_t n = x.shape()[0], d = x.shape()[1];
  if (n < k) {
    throw ValueError("n_samples=" + std::to_string(n) +
                     " should be >= n_clusters=" + std::to_string(k) + ".");
  }
  if (options_.init == KMeansInit::given) {
    if (options_.init_centers.size() != static_cast<std::size_t>(k * d)) {
      throw ValueError("The shape of the initial centers does not match (" + std::to_string(k) +
                       ", " + std::to_string(d) + "): got " +
                       std::to_string(options_.init_centers.size()) + " values");
    }
  }
  const comm::Communicator& comm = x.context()->comm();
  // Tolerance relative to the mean feature variance, and the mean that centres the data.
  const ColumnMoments moments = column_moments(x);
  double mean_var = 0;
  for (double v : moments.var) mean_var += v;
  const double tol = d > 0 ? options_.tol * mean_var / double(d) : 0.0;

  std::optional<DArray<T>> storage;
  const DArray<T>& whole = whole_rows(x, storage);
  const std::int64_t local_rows = whole.local_shape()[0];
  std::vector<T> centred(static_cast<std::size_t>(local_rows * d));
  const T* src = whole.local_data();
  for (std::int64_t i = 0; i < local_rows; ++i) {
    for (std::int64_t j = 0; j < d; ++j) {
      centred[static_cast<std::size_t>(i * d + j)] = static_cast<T>(
          src[i * d + j] - static_cast<T>(moments.mean[static_cast<std::size_t>(j)]));
    }
  }
  Rows<T> r = rows_of(whole);
  r.x = centred.data();

  const maps::Map label_map = maps::row_map(whole.map(), 1);
  DArray<std::int32_t> best_labels({n}, label_map, x.context());
  std::vector<std::int32_t> labels(static_cast<std::size_t>(local_rows));
  std::vector<T> best_centers;
  double best_inertia = 0;
  int best_iter = 0;
  const int runs = options_.init == KMeansInit::given ? 1 : options_.n_init;
  for (int run = 0; run < runs; ++run) {
    std::vector<T> centers;
    const std::uint64_t stream = mix(options_.seed, static_cast<std::uint64_t>(run));
    switch (options_.init) {
      case KMeansInit::given:
        for (std::int64_t c = 0; c < k; ++c) {
          for (std::int64_t j = 0; j < d; ++j) {
            centers.push_back(static_cast<T>(
                static_cast<T>(options_.init_centers[static_cast<std::size_t>(c * d + j)]) -
                static_cast<T>(moments.mean[static_cast<std::size_t>(j)])));
          }
        }
        break;
      case KMeansInit::random:
        centers = fetch_rows(r, distinct_rows(mix(stream, 1), n, k), comm);
        break;
      case KMeansInit::k_means_plus_plus:
        centers = kmeans_plus_plus(r, n, k, mix(stream, 2), comm);
        break;
    }
    const RunResult res = lloyd(r, centers, k, options_.max_iter, tol, labels.data(), comm);
    if (run == 0 ||
        (res.inertia < best_inertia &&
         !same_clustering(labels.data(), best_labels.local_data(), local_rows, k, comm))) {
      std::copy(labels.begin(), labels.end(), best_labels.local_data());
      best_centers = centers;
      best_inertia = res.inertia;
      best_iter = res.n_iter;
    }
  }
  for (std::int64_t c = 0; c < k; ++c) {
    for (std::int64_t j = 0; j < d; ++j) {
      T& v = best_centers[static_cast<std::size_t>(c * d + j)];
      v = static_cast<T>(v + static_cast<T>(moments.mean[static_cast<std::size_t>(j)]));
    }
  }
  centers_ = std::move(best_centers);
  labels_.emplace(std::move(best_labels));
  inertia_ = best_inertia;
  n_iter_ = best_iter;
  n_features_ = d;
  return *this;
}

template <typename T>
void KMeans<T>::check_fitted_input(const DArray<T>& x) const {
  if (!fitted()) throw ValueError("This KMeans instance is not fitted yet.");
  check_features(x, n_features_);
}

template <typename T>
DArray<std::int32_t> KMeans<T>::predict(const DArray<T>& x) const {
  check_fitted_input(x);
  return kmeans_assign(x, centers_, options_.n_clusters).labels;
}

template <typename T>
DArray<T> KMeans<T>::transform(const DArray<T>& x) const {
  check_fitted_input(x);
  return euclidean_distances(x, centers_, options_.n_clusters);
}

template <typename T>
double KMeans<T>::score(const DArray<T>& x) const {
  check_fitted_input(x);
  return -kmeans_assign(x, centers_, options_.n_clusters).inertia;
}

template class KMeans<float>;
template class KMeans<double>;
template KMeansAssignment kmeans_assign(const DArray<float>&, const std::vector<float>&, int);
template KMeansAssignment kmeans_assign(const DArray<double>&, const std::vector<double>&, int);
template DArray<float> euclidean_distances(const DArray<float>&, const std::vector<float>&, int);
template DArray<double> euclidean_distances(const DArray<double>&, const std::vector<double>&, int);

}  // namespace pgas::ml
