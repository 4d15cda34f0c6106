#include "pgas/ml/neighbors.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include "pair_distance.hpp"
#include "pgas/errors.hpp"
#include "pgas/maps/row_map.hpp"
#include "pgas/ml/metrics.hpp"
#include "pgas/ml/validation.hpp"
#include "row_ring.hpp"

namespace pgas::ml {

namespace {

// One candidate neighbour of a query: its reduced distance, global index and the slot of its
// targets. Ordered by (distance, index): the answer does not depend on the visiting order.
struct Candidate {
  double r;
  std::int64_t gid;
  std::int32_t slot;
};
inline bool closer(const Candidate& a, const Candidate& b) {
  return a.r < b.r || (a.r == b.r && a.gid < b.gid);
}

template <typename T>
void check_pair(const DArray<T>& train, const DArray<T>& query) {
  if (query.ndim() != 2) {
    throw ValueError("Expected 2D array, got " + std::to_string(query.ndim()) + "D array instead");
  }
  if (query.shape()[1] != train.shape()[1]) {
    throw ValueError("X has " + std::to_string(query.shape()[1]) +
                     " features, but NearestNeighbors is expecting " +
                     std::to_string(train.shape()[1]) + " features as input.");
  }
  if (query.context().get() != train.context().get()) {
    throw ValueError(
        "kneighbors: the query and the training data must be on the same "
        "communicator");
  }
}

// Neighbour weights of one query (k distances): scikit-learn's _get_weights.
void weights_of(const double* dist, int k, NeighborWeights how, double* w) {
  if (how == NeighborWeights::uniform) {
    std::fill(w, w + k, 1.0);
    return;
  }
  bool zero = false;
  for (int j = 0; j < k; ++j) zero = zero || dist[j] == 0.0;
  for (int j = 0; j < k; ++j) w[j] = zero ? (dist[j] == 0.0 ? 1.0 : 0.0) : 1.0 / dist[j];
}

// y on the training rows' row map: a copy (the caller's array is never shared or changed).
DArray<double> on_rows(const DArray<double>& y, const maps::Map& train_map) {
  const maps::Map m = maps::row_map(train_map, y.ndim());
  return y.map() == m ? DArray<double>(y) : y.remap(m);
}

}  // namespace

NeighborMetric effective_metric(NeighborMetric metric, double p) {
  if (metric != NeighborMetric::minkowski) return metric;
  if (p == 1) return NeighborMetric::manhattan;
  if (p == 2) return NeighborMetric::euclidean;
  if (std::isinf(p)) return NeighborMetric::chebyshev;
  return metric;
}

template <typename T>
KNeighbors<T> kneighbors(const DArray<T>& train_in, const DArray<T>* query_in, int k,
                         NeighborMetric metric, double p, const DArray<double>* targets,
                         std::vector<double>* neighbor_targets) {
  if (train_in.ndim() != 2) {
    throw ValueError("Expected 2D array, got " + std::to_string(train_in.ndim()) +
                     "D array instead");
  }
  if (query_in) check_pair(train_in, *query_in);
  const bool self = query_in == nullptr;
  const std::int64_t n_fit = train_in.shape()[0], d = train_in.shape()[1];
  if (k <= 0) throw ValueError("Expected n_neighbors > 0. Got " + std::to_string(k));
  if (k > n_fit - (self ? 1 : 0)) {
    throw ValueError(std::string("Expected ") +
                     (self ? "n_neighbors < n_samples_fit" : "n_neighbors <= n_samples_fit") +
                     ", but n_neighbors = " + std::to_string(k) +
                     ", n_samples_fit = " + std::to_string(n_fit) +
                     ", n_samples = " + std::to_string(self ? n_fit : query_in->shape()[0]));
  }
  if (metric == NeighborMetric::minkowski && !(p > 0)) {
    throw ValueError("kneighbors: minkowski's p must be > 0");
  }
  std::optional<DArray<T>> train_copy, query_copy;
  const DArray<T>& train = whole_rows(train_in, train_copy);
  const DArray<T>& query = self ? train : whole_rows(*query_in, query_copy);
  std::optional<DArray<double>> y;
  std::size_t w = 0;
  if (targets) {
    if (targets->shape()[0] != n_fit || targets->ndim() > 2) {
      throw ValueError("kneighbors: the targets must have one row per training row");
    }
    const maps::Map rows = maps::row_map(train.map(), targets->ndim());
    y.emplace(targets->map() == rows ? targets->alias() : targets->remap(rows));
    w = targets->ndim() == 2 ? static_cast<std::size_t>(targets->shape()[1]) : 1;
  }
  const comm::Communicator& comm = train.context()->comm();
  const NeighborMetric eff = effective_metric(metric, p);
  const detail::PairDistance dist(eff, p, d);

  // This rank's queries in float64, their norms and global indices; a k-best heap each.
  const std::int64_t m = query.local_shape()[0];
  const std::vector<double> q(query.local_data(), query.local_data() + m * d);
  const std::vector<double> qn = dist.norms(q.data(), m);
  const std::vector<std::int64_t> qgid = query.global_ind(0);
  const std::size_t kk = static_cast<std::size_t>(k);
  std::vector<Candidate> heaps(static_cast<std::size_t>(m) * kk);
  std::vector<int> filled(static_cast<std::size_t>(m), 0);
  std::vector<double> slots(static_cast<std::size_t>(m) * kk * w);

  const std::int64_t nt_local = train.local_shape()[0];
  const std::vector<std::int64_t> tgid = train.global_ind(0);
  detail::RowRing ring(comm, nt_local);
  detail::TrainTile tile;
  std::vector<double> scratch;
  ring.pass(
      [&](const detail::RingBlock& b) {
        const T* rows = b.field<const T>(0);
        const std::int64_t* gid = b.field<const std::int64_t>(1);
        const double* pay = b.field<const double>(2);
        for (std::int64_t t0 = 0; t0 < b.rows; t0 += detail::kTrainTile) {
          const std::int64_t nt = std::min(detail::kTrainTile, b.rows - t0);
          dist.load(rows + t0 * d, nt, tile);
          for (std::int64_t q0 = 0; q0 < m; q0 += detail::kQueryTile) {
            const std::int64_t mq = std::min(detail::kQueryTile, m - q0);
            const auto bound = [&](std::int64_t i) {
              const std::size_t at = static_cast<std::size_t>(q0 + i);
              return filled[at] < k ? std::numeric_limits<double>::infinity() : heaps[at * kk].r;
            };
            const auto accept = [&](std::int64_t i, std::int64_t j, double r) {
              const std::size_t at = static_cast<std::size_t>(q0 + i);
              const std::int64_t g = gid[t0 + j];
              if (self && g == qgid[at]) return;
              Candidate* h = heaps.data() + at * kk;
              int& c = filled[at];
              Candidate next{r, g, 0};
              if (c < k) {
                next.slot = c;
                h[c++] = next;
                std::push_heap(h, h + c, closer);
              } else {
                if (!closer(next, h[0])) return;
                std::pop_heap(h, h + k, closer);
                next.slot = h[k - 1].slot;
                h[k - 1] = next;
                std::push_heap(h, h + k, closer);
              }
              std::copy(pay + (t0 + j) * static_cast<std::int64_t>(w),
                        pay + (t0 + j + 1) * static_cast<std::int64_t>(w),
                        slots.begin() + static_cast<std::ptrdiff_t>((at * kk + next.slot) * w));
            };
            dist.scan(q.data() + q0 * d, qn.empty() ? nullptr : qn.data() + q0, mq, tile, scratch,
                      bound, accept);
          }
        }
      },
      detail::RingField<const T>{train.local_data(), static_cast<std::size_t>(d)},
      detail::RingField<const std::int64_t>{tgid.data(), 1},
      detail::RingField<const double>{y ? y->local_data() : nullptr, w});

  const maps::Map out_map = maps::row_map(query.map(), 2);
  KNeighbors<T> out{DArray<T>({query.shape()[0], k}, out_map, query.context()),
                    DArray<std::int64_t>({query.shape()[0], k}, out_map, query.context())};
  if (neighbor_targets) neighbor_targets->assign(static_cast<std::size_t>(m) * kk * w, 0.0);
  for (std::int64_t i = 0; i < m; ++i) {
    Candidate* h = heaps.data() + static_cast<std::size_t>(i) * kk;
    std::sort_heap(h, h + k, closer);
    for (int j = 0; j < k; ++j) {
      const std::size_t at = static_cast<std::size_t>(i) * kk + static_cast<std::size_t>(j);
      out.distances.local_data()[at] = static_cast<T>(dist.distance(h[j].r));
      out.indices.local_data()[at] = h[j].gid;
      if (neighbor_targets) {
        const auto from =
            slots.begin() +
            static_cast<std::ptrdiff_t>(
                (static_cast<std::size_t>(i) * kk + static_cast<std::size_t>(h[j].slot)) * w);
        std::copy(from, from + static_cast<std::ptrdiff_t>(w),
                  neighbor_targets->begin() + static_cast<std::ptrdiff_t>(at * w));
      }
    }
  }
  return out;
}

// ---- NearestNeighbors ---------------------------------------------------------------------

template <typename T>
NearestNeighbors<T>::NearestNeighbors(NeighborsOptions options) : options_(options) {
  if (options_.n_neighbors < 1) throw ValueError("NearestNeighbors: n_neighbors must be >= 1");
  if (!(options_.p > 0)) throw ValueError("NearestNeighbors: p must be > 0");
}

template <typename T>
NearestNeighbors<T>& NearestNeighbors<T>::fit(const DArray<T>& x) {
  if (x.ndim() != 2) {
    throw ValueError("Expected 2D array, got " + std::to_string(x.ndim()) + "D array instead");
  }
  if (x.shape()[0] == 0) throw ValueError("n_samples must be greater than 0");
  train_.emplace(whole_rows(x));
  return *this;
}

template <typename T>
const DArray<T>& NearestNeighbors<T>::train() const {
  if (!train_) throw ValueError("This NearestNeighbors instance is not fitted yet.");
  return *train_;
}

template <typename T>
std::int64_t NearestNeighbors<T>::n_samples_fit() const {
  return train().shape()[0];
}

template <typename T>
std::int64_t NearestNeighbors<T>::n_features() const {
  return train().shape()[1];
}

template <typename T>
KNeighbors<T> NearestNeighbors<T>::kneighbors(const DArray<T>& query, int k) const {
  return ml::kneighbors(train(), &query, k > 0 ? k : options_.n_neighbors, options_.metric,
                        options_.p);
}

template <typename T>
KNeighbors<T> NearestNeighbors<T>::kneighbors(int k) const {
  return ml::kneighbors(train(), static_cast<const DArray<T>*>(nullptr),
                        k > 0 ? k : options_.n_neighbors, options_.metric, options_.p);
}

// ---- KNeighborsClassifier -------------------------------------------------------------------

template <typename T>
KNeighborsClassifier<T>& KNeighborsClassifier<T>::fit(const DArray<T>& x, const DArray<double>& y) {
  if (y.ndim() != 1 || y.shape()[0] != x.shape()[0]) {
    throw ValueError("KNeighborsClassifier: y must be 1-D with one label per row of X");
  }
  NearestNeighbors<T>::fit(x);
  classes_ = unique_values(y);
  DArray<double> codes = on_rows(y, this->train().map());
  for (std::int64_t i = 0; i < codes.local_shape()[0]; ++i) {
    double& v = codes.local_data()[i];
    v = double(std::lower_bound(classes_.begin(), classes_.end(), v) - classes_.begin());
  }
  codes_.emplace(std::move(codes));
  return *this;
}

template <typename T>
DArray<double> KNeighborsClassifier<T>::predict_proba(const DArray<T>* query) const {
  const int k = this->options_.n_neighbors;
  std::vector<double> codes;
  const KNeighbors<T> nb = ml::kneighbors(this->train(), query, k, this->options_.metric,
                                          this->options_.p, &*codes_, &codes);
  const std::int64_t nq = nb.distances.shape()[0];
  const std::int64_t c = static_cast<std::int64_t>(classes_.size());
  DArray<double> proba({nq, c}, maps::row_map(nb.distances.map(), 2), nb.distances.context());
  const std::int64_t m = nb.distances.local_shape()[0];
  std::vector<double> dist(static_cast<std::size_t>(k)), w(static_cast<std::size_t>(k));
  for (std::int64_t i = 0; i < m; ++i) {
    for (int j = 0; j < k; ++j) {
      dist[static_cast<std::size_t>(j)] = double(nb.distances.local_data()[i * k + j]);
    }
    weights_of(dist.data(), k, this->options_.weights, w.data());
    double* row = proba.local_data() + i * c;
    std::fill(row, row + c, 0.0);
    double total = 0;
    for (int j = 0; j < k; ++j) {
      row[static_cast<std::int64_t>(codes[static_cast<std::size_t>(i * k + j)])] +=
          w[static_cast<std::size_t>(j)];
    }
    for (std::int64_t t = 0; t < c; ++t) total += row[t];
    for (std::int64_t t = 0; t < c; ++t) row[t] /= total;
  }
  return proba;
}

template <typename T>
DArray<double> KNeighborsClassifier<T>::predict(const DArray<T>* query) const {
  const DArray<double> proba = predict_proba(query);
  DArray<double> out({proba.shape()[0]}, maps::row_map(proba.map(), 1), proba.context());
  const std::int64_t c = proba.shape()[1];
  for (std::int64_t i = 0; i < proba.local_shape()[0]; ++i) {
    const double* row = proba.local_data() + i * c;
    out.local_data()[i] = classes_[static_cast<std::size_t>(std::max_element(row, row + c) - row)];
  }
  return out;
}

template <typename T>
double KNeighborsClassifier<T>::score(const DArray<T>& query, const DArray<double>& y) const {
  const DArray<double> pred = predict(&query);
  return double(count_equal(pred, y)) / double(std::max<std::int64_t>(pred.shape()[0], 1));
}

// ---- KNeighborsRegressor ----------------------------------------------------------------------

template <typename T>
KNeighborsRegressor<T>& KNeighborsRegressor<T>::fit(const DArray<T>& x, const DArray<double>& y) {
  if ((y.ndim() != 1 && y.ndim() != 2) || y.shape()[0] != x.shape()[0]) {
    throw ValueError("KNeighborsRegressor: y must be 1-D or 2-D with one row per row of X");
  }
  NearestNeighbors<T>::fit(x);
  y_.emplace(on_rows(y, this->train().map()));
  return *this;
}

template <typename T>
DArray<double> KNeighborsRegressor<T>::predict(const DArray<T>* query) const {
  const int k = this->options_.n_neighbors;
  std::vector<double> ys;
  const KNeighbors<T> nb =
      ml::kneighbors(this->train(), query, k, this->options_.metric, this->options_.p, &*y_, &ys);
  const std::int64_t nq = nb.distances.shape()[0];
  const bool one = y_->ndim() == 1;
  const std::int64_t w = one ? 1 : y_->shape()[1];
  DArray<double> out =
      one ? DArray<double>({nq}, maps::row_map(nb.distances.map(), 1), nb.distances.context())
          : DArray<double>({nq, w}, maps::row_map(nb.distances.map(), 2), nb.distances.context());
  const std::int64_t m = nb.distances.local_shape()[0];
  std::vector<double> dist(static_cast<std::size_t>(k)), wt(static_cast<std::size_t>(k));
  for (std::int64_t i = 0; i < m; ++i) {
    for (int j = 0; j < k; ++j) {
      dist[static_cast<std::size_t>(j)] = double(nb.distances.local_data()[i * k + j]);
    }
    weights_of(dist.data(), k, this->options_.weights, wt.data());
    double denom = 0;
    for (int j = 0; j < k; ++j) denom += wt[static_cast<std::size_t>(j)];
    for (std::int64_t o = 0; o < w; ++o) {
      double num = 0;
      for (int j = 0; j < k; ++j) {
        const double v = ys[static_cast<std::size_t>((i * k + j) * w + o)];
        num += this->options_.weights == NeighborWeights::uniform
                   ? v
                   : v * wt[static_cast<std::size_t>(j)];
      }
      out.local_data()[i * w + o] = num / denom;
    }
  }
  return out;
}

#define PGAS_ML_NEIGHBORS(T)                                                                 \
  template KNeighbors<T> kneighbors(const DArray<T>&, const DArray<T>*, int, NeighborMetric, \
                                    double, const DArray<double>*, std::vector<double>*);    \
  template class NearestNeighbors<T>;                                                        \
  template class KNeighborsClassifier<T>;                                                    \
  template class KNeighborsRegressor<T>;
PGAS_ML_NEIGHBORS(double)
PGAS_ML_NEIGHBORS(float)
#undef PGAS_ML_NEIGHBORS

}  // namespace pgas::ml
