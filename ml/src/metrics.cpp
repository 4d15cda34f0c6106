#include "pgas/ml/metrics.hpp"

#include <mpi.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include "pgas/comm/reduce_op.hpp"
#include "pgas/errors.hpp"
#include "pgas/linalg/local_lapack.hpp"
#include "pgas/maps/row_map.hpp"
#include "pgas/ml/validation.hpp"
#include "row_ring.hpp"

namespace pgas::ml {

namespace {

// f(a value, b value, output index) for every owned cell; b is on a's map. 1-D: output 0;
// 2-D: the global column.
template <typename T, typename F>
void for_each_owned_pair(const DArray<T>& a, const DArray<T>& b, F&& f) {
  const T* x = a.local_data();
  const T* y = b.local_data();
  if (a.ndim() == 1) {
    for (std::int64_t i = 0; i < a.owned_shape()[0]; ++i) f(x[i], y[i], std::int64_t{0});
    return;
  }
  const std::int64_t rows = a.owned_shape()[0], cols = a.owned_shape()[1];
  if (rows == 0 || cols == 0) return;
  const std::int64_t stride = a.local_shape()[1];
  const std::vector<std::int64_t> column = a.global_ind(1);
  for (std::int64_t i = 0; i < rows; ++i) {
    for (std::int64_t j = 0; j < cols; ++j) {
      f(x[i * stride + j], y[i * stride + j], column[static_cast<std::size_t>(j)]);
    }
  }
}

template <typename T, typename F>
void for_each_owned(const DArray<T>& a, F&& f) {
  for_each_owned_pair(a, a, [&](T v, T, std::int64_t) { f(v); });
}

// `b` on `a`'s map: `b` itself when the maps agree, else a redistributed copy in `storage`.
template <typename T>
const DArray<T>& aligned(const DArray<T>& a, const DArray<T>& b, std::optional<DArray<T>>& storage,
                         const char* what) {
  a.check_compatible(b, what);
  if (a.ndim() != 1 && a.ndim() != 2) {
    throw ValueError(std::string(what) + ": expected 1-D or 2-D arrays, got " +
                     std::to_string(a.ndim()) + "-D");
  }
  if (b.map() == a.map()) return b;
  storage.emplace(b.remap(a.map()));
  return *storage;
}

}  // namespace

template <typename T>
std::vector<T> unique_values(const DArray<T>& y) {
  std::vector<T> mine;
  for_each_owned(y, [&](T v) { mine.push_back(v); });
  std::sort(mine.begin(), mine.end());
  mine.erase(std::unique(mine.begin(), mine.end()), mine.end());
  const std::vector<std::vector<T>> all = y.context()->comm().allgather(mine);
  std::vector<T> out;
  for (const auto& part : all) out.insert(out.end(), part.begin(), part.end());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

template <typename T>
std::int64_t count_equal(const DArray<T>& a, const DArray<T>& b) {
  std::optional<DArray<T>> storage;
  const DArray<T>& bb = aligned(a, b, storage, "count_equal");
  std::int64_t same = 0;
  for_each_owned_pair(a, bb, [&](T x, T y, std::int64_t) { same += x == y ? 1 : 0; });
  return a.context()->comm().allreduce(same, comm::Op::sum);
}

template <typename T>
RegressionStats regression_stats(const DArray<T>& y_true, const DArray<T>& y_pred) {
  std::optional<DArray<T>> storage;
  const DArray<T>& p = aligned(y_true, y_pred, storage, "regression metric");
  const std::size_t outputs =
      y_true.ndim() == 2 ? static_cast<std::size_t>(y_true.shape()[1]) : std::size_t{1};
  // Pass 1: sum of y_true, squared and absolute errors per output.
  std::vector<double> first(3 * outputs, 0.0);
  for_each_owned_pair(y_true, p, [&](T t, T q, std::int64_t o) {
    const std::size_t k = static_cast<std::size_t>(o);
    const double e = double(t) - double(q);
    first[k] += double(t);
    first[outputs + k] += e * e;
    first[2 * outputs + k] += std::abs(e);
  });
  const comm::Communicator& comm = y_true.context()->comm();
  comm.allreduce(first.data(), first.data(), first.size(), comm::Op::sum);
  RegressionStats out;
  out.n = y_true.shape()[0];
  std::vector<double> mean(outputs);
  for (std::size_t k = 0; k < outputs; ++k)
    mean[k] = first[k] / double(std::max<std::int64_t>(out.n, 1));
  // Pass 2: the total sum of squares about the mean.
  std::vector<double> ss(outputs, 0.0);
  for_each_owned_pair(y_true, p, [&](T t, T, std::int64_t o) {
    const double d = double(t) - mean[static_cast<std::size_t>(o)];
    ss[static_cast<std::size_t>(o)] += d * d;
  });
  comm.allreduce(ss.data(), ss.data(), ss.size(), comm::Op::sum);
  out.sse.assign(first.begin() + static_cast<std::ptrdiff_t>(outputs),
                 first.begin() + static_cast<std::ptrdiff_t>(2 * outputs));
  out.sae.assign(first.begin() + static_cast<std::ptrdiff_t>(2 * outputs), first.end());
  out.ss_tot = ss;
  return out;
}

template <typename T>
std::vector<std::int64_t> contingency(const DArray<T>& a, const DArray<T>& b,
                                      const std::vector<T>& row_labels,
                                      const std::vector<T>& col_labels) {
  std::optional<DArray<T>> storage;
  const DArray<T>& bb = aligned(a, b, storage, "contingency");
  const std::size_t r = row_labels.size(), c = col_labels.size();
  std::vector<std::int64_t> table(r * c, 0);
  const auto code = [](const std::vector<T>& labels, T v) -> std::optional<std::size_t> {
    const auto it = std::lower_bound(labels.begin(), labels.end(), v);
    if (it == labels.end() || *it != v) return std::nullopt;
    return static_cast<std::size_t>(it - labels.begin());
  };
  for_each_owned_pair(a, bb, [&](T x, T y, std::int64_t) {
    const auto i = code(row_labels, x);
    const auto j = code(col_labels, y);
    if (i && j) ++table[*i * c + *j];
  });
  a.context()->comm().allreduce(table.data(), table.data(), table.size(), comm::Op::sum);
  return table;
}

template <typename T>
double silhouette(const DArray<T>& x, const DArray<std::int64_t>& labels,
                  const std::vector<std::int64_t>& sample) {
  if (x.ndim() != 2 || labels.ndim() != 1 || labels.shape()[0] != x.shape()[0]) {
    throw ValueError("silhouette: X must be 2-D and labels 1-D with one label per row of X");
  }
  const comm::Communicator& comm = x.context()->comm();
  std::optional<DArray<T>> storage;
  const DArray<T>& whole = whole_rows(x, storage);
  const maps::Map label_map = maps::row_map(whole.map(), 1);
  std::optional<DArray<std::int64_t>> moved;
  if (!(labels.map() == label_map)) moved.emplace(labels.remap(label_map));
  const DArray<std::int64_t>& lab = moved ? *moved : labels;
  const std::int64_t d = x.shape()[1];
  const std::vector<std::int64_t> global = whole.global_ind(0);
  const std::vector<std::int64_t> codes = unique_values(labels);
  // This rank's sampled rows (as double) and their label codes.
  std::vector<double> mine;
  std::vector<double> mine_code;  // codes travel with the rows, as doubles
  std::vector<std::int64_t> mine_global;
  for (std::size_t i = 0; i < global.size(); ++i) {
    if (!sample.empty() && !std::binary_search(sample.begin(), sample.end(), global[i])) continue;
    const T* row = whole.local_data() + static_cast<std::int64_t>(i) * d;
    for (std::int64_t j = 0; j < d; ++j) mine.push_back(double(row[j]));
    const std::int64_t v = lab.local_data()[i];
    mine_code.push_back(double(std::lower_bound(codes.begin(), codes.end(), v) - codes.begin()));
    mine_global.push_back(global[i]);
  }
  const std::size_t nl = codes.size();
  const std::int64_t m = static_cast<std::int64_t>(mine_global.size());
  std::vector<std::int64_t> freq(nl, 0);
  for (double cd : mine_code) ++freq[static_cast<std::size_t>(cd)];
  comm.allreduce(freq.data(), freq.data(), freq.size(), comm::Op::sum);
  std::int64_t present = 0, n_sampled = 0;
  for (std::int64_t f : freq) {
    present += f > 0 ? 1 : 0;
    n_sampled += f;
  }
  if (present < 2 || present > n_sampled - 1) {
    throw ValueError("Number of labels is " + std::to_string(present) +
                     ". Valid values are 2 to n_samples - 1 (inclusive)");
  }
  std::vector<double> my_norms(static_cast<std::size_t>(m));
  for (std::int64_t i = 0; i < m; ++i) {
    double s = 0;
    for (std::int64_t j = 0; j < d; ++j) s += mine[i * d + j] * mine[i * d + j];
    my_norms[static_cast<std::size_t>(i)] = s;
  }
  std::vector<double> sums(static_cast<std::size_t>(m) * nl, 0.0);  // per row, per cluster
  constexpr std::int64_t kChunk = 1024;
  std::vector<double> dist;
  // The sampled rows, their label codes and global indices travel round the ring of ranks.
  const detail::RowRing ring(comm, m);
  ring.pass(
      [&](const detail::RingBlock& b) {
        const std::int64_t block_m = b.rows;
        const double* rows = b.field<const double>(0);
        const double* code = b.field<const double>(1);
        const std::int64_t* gid = b.field<const std::int64_t>(2);
        std::vector<double> norms(static_cast<std::size_t>(block_m));
        for (std::int64_t j = 0; j < block_m; ++j) {
          double s = 0;
          for (std::int64_t t = 0; t < d; ++t) s += rows[j * d + t] * rows[j * d + t];
          norms[static_cast<std::size_t>(j)] = s;
        }
        dist.resize(static_cast<std::size_t>(kChunk * std::max<std::int64_t>(block_m, 1)));
        for (std::int64_t i0 = 0; i0 < m && block_m > 0; i0 += kChunk) {
          const std::int64_t c = std::min(kChunk, m - i0);
          // dist (c x block_m, row-major) = -2 mine_chunk rows^T, as column-major block_m x c.
          linalg::lapack::gemm('T', 'N', static_cast<int>(block_m), static_cast<int>(c),
                               static_cast<int>(d), -2.0, rows, static_cast<int>(d),
                               mine.data() + i0 * d, static_cast<int>(d), 0.0, dist.data(),
                               static_cast<int>(block_m));
          for (std::int64_t i = 0; i < c; ++i) {
            const std::int64_t me_row = i0 + i;
            double* acc = sums.data() + static_cast<std::size_t>(me_row) * nl;
            for (std::int64_t j = 0; j < block_m; ++j) {
              if (gid[j] == mine_global[static_cast<std::size_t>(me_row)]) continue;
              const double d2 = dist[static_cast<std::size_t>(i * block_m + j)] +
                                my_norms[static_cast<std::size_t>(me_row)] +
                                norms[static_cast<std::size_t>(j)];
              acc[static_cast<std::size_t>(code[j])] += std::sqrt(std::max(0.0, d2));
            }
          }
        }
      },
      detail::RingField<const double>{mine.data(), static_cast<std::size_t>(d)},
      detail::RingField<const double>{mine_code.data(), 1},
      detail::RingField<const std::int64_t>{mine_global.data(), 1});
  // s(i) = (b - a) / max(a, b); 0 for a singleton cluster (scikit-learn's nan_to_num).
  double total = 0;
  for (std::int64_t i = 0; i < m; ++i) {
    const std::size_t own = static_cast<std::size_t>(mine_code[static_cast<std::size_t>(i)]);
    const double* acc = sums.data() + static_cast<std::size_t>(i) * nl;
    if (freq[own] <= 1) continue;
    const double a = acc[own] / double(freq[own] - 1);
    double b = std::numeric_limits<double>::infinity();
    for (std::size_t c = 0; c < nl; ++c) {
      if (c != own && freq[c] > 0) b = std::min(b, acc[c] / double(freq[c]));
    }
    const double denom = std::max(a, b);
    if (denom > 0) total += (b - a) / denom;
  }
  total = comm.allreduce(total, comm::Op::sum);
  return total / double(n_sampled);
}

#define PGAS_ML_METRICS(T)                                                           \
  template std::vector<T> unique_values(const DArray<T>&);                           \
  template std::int64_t count_equal(const DArray<T>&, const DArray<T>&);             \
  template RegressionStats regression_stats(const DArray<T>&, const DArray<T>&);     \
  template std::vector<std::int64_t> contingency(const DArray<T>&, const DArray<T>&, \
                                                 const std::vector<T>&, const std::vector<T>&);
PGAS_ML_METRICS(double)
PGAS_ML_METRICS(float)
PGAS_ML_METRICS(std::int64_t)
PGAS_ML_METRICS(std::int32_t)
#undef PGAS_ML_METRICS
template double silhouette(const DArray<double>&, const DArray<std::int64_t>&,
                           const std::vector<std::int64_t>&);
template double silhouette(const DArray<float>&, const DArray<std::int64_t>&,
                           const std::vector<std::int64_t>&);

}  // namespace pgas::ml
