#include "pgas/ml/dbscan.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <numeric>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "pair_distance.hpp"
#include "pgas/comm/reduce_op.hpp"
#include "pgas/errors.hpp"
#include "pgas/maps/row_map.hpp"
#include "pgas/ml/validation.hpp"
#include "row_ring.hpp"

namespace pgas::ml {

namespace {

constexpr std::int64_t kNone = std::numeric_limits<std::int64_t>::max();

// A neighbour pair: this rank's row i and row j of the block seen at one ring step.
using Edge = std::pair<std::int32_t, std::int32_t>;

std::int32_t find(std::vector<std::int32_t>& parent, std::int32_t i) {
  while (parent[static_cast<std::size_t>(i)] != i) {
    parent[static_cast<std::size_t>(i)] =
        parent[static_cast<std::size_t>(parent[static_cast<std::size_t>(i)])];
    i = parent[static_cast<std::size_t>(i)];
  }
  return i;
}

}  // namespace

template <typename T>
DBSCANResult<T> dbscan(const DArray<T>& x_in, const DBSCANOptions& o) {
  if (!(o.eps > 0)) throw ValueError("DBSCAN: eps must be > 0");
  if (o.min_samples < 1) throw ValueError("DBSCAN: min_samples must be >= 1");
  if (o.metric == NeighborMetric::minkowski && !(o.p > 0)) {
    throw ValueError("DBSCAN: minkowski's p must be > 0");
  }
  std::optional<DArray<T>> storage;
  const DArray<T>& x = whole_rows(x_in, storage);
  if (x.shape()[0] == 0) throw ValueError("DBSCAN: X has no rows");
  const comm::Communicator& comm = x.context()->comm();
  const std::int64_t d = x.shape()[1];
  const std::int64_t m = x.local_shape()[0];
  if (comm.allreduce(m, comm::Op::max) > std::numeric_limits<std::int32_t>::max()) {
    throw ValueError("DBSCAN: more than 2^31 rows on one rank");
  }
  const std::vector<std::int64_t> gid = x.global_ind(0);
  const detail::PairDistance dist(effective_metric(o.metric, o.p), o.p, d);
  const double radius = dist.reduced_of(o.eps);
  const std::vector<double> q(x.local_data(), x.local_data() + m * d);
  const std::vector<double> qn = dist.norms(q.data(), m);
  const detail::RowRing ring(comm, m);
  const int p = ring.size();

  // 1. Neighbourhoods (the point itself included): edges per ring step, and their counts.
  std::vector<std::vector<Edge>> edges(static_cast<std::size_t>(p));
  std::vector<std::int64_t> count(static_cast<std::size_t>(m), 0);
  {
    detail::TrainTile tile;
    std::vector<double> scratch;
    ring.pass(
        [&](const detail::RingBlock& b) {
          const T* rows = b.field<const T>(0);
          std::vector<Edge>& mine = edges[static_cast<std::size_t>(b.step)];
          for (std::int64_t t0 = 0; t0 < b.rows; t0 += detail::kTrainTile) {
            const std::int64_t nt = std::min(detail::kTrainTile, b.rows - t0);
            dist.load(rows + t0 * d, nt, tile);
            for (std::int64_t q0 = 0; q0 < m; q0 += detail::kQueryTile) {
              const std::int64_t mq = std::min(detail::kQueryTile, m - q0);
              dist.scan(
                  q.data() + q0 * d, qn.empty() ? nullptr : qn.data() + q0, mq, tile, scratch,
                  [&](std::int64_t) { return radius; },
                  [&](std::int64_t i, std::int64_t j, double) {
                    mine.emplace_back(static_cast<std::int32_t>(q0 + i),
                                      static_cast<std::int32_t>(t0 + j));
                    ++count[static_cast<std::size_t>(q0 + i)];
                  });
            }
          }
        },
        detail::RingField<const T>{x.local_data(), static_cast<std::size_t>(d)});
  }

  // 2. Core points; keep the core-core edges and the (non-core, core) ones.
  std::vector<std::uint8_t> core(static_cast<std::size_t>(m));
  for (std::size_t i = 0; i < core.size(); ++i) core[i] = count[i] >= o.min_samples ? 1 : 0;
  std::vector<std::vector<Edge>> core_edges(static_cast<std::size_t>(p));
  std::vector<std::vector<Edge>> border_edges(static_cast<std::size_t>(p));
  ring.pass(
      [&](const detail::RingBlock& b) {
        const std::uint8_t* other = b.field<const std::uint8_t>(0);
        const std::size_t s = static_cast<std::size_t>(b.step);
        for (const Edge& e : edges[s]) {
          if (!other[e.second]) continue;
          (core[static_cast<std::size_t>(e.first)] ? core_edges : border_edges)[s].push_back(e);
        }
        std::vector<Edge>().swap(edges[s]);
      },
      detail::RingField<const std::uint8_t>{core.data(), 1});

  // 3. Components of the core points: this rank's own edges by union-find, then min-label
  //    propagation round the ring until no label changes.
  std::vector<std::int32_t> parent(static_cast<std::size_t>(m));
  std::iota(parent.begin(), parent.end(), 0);
  for (const Edge& e : core_edges[0]) {
    const std::int32_t a = find(parent, e.first), b = find(parent, e.second);
    if (a != b) parent[static_cast<std::size_t>(std::max(a, b))] = std::min(a, b);
  }
  std::vector<std::int32_t> root(static_cast<std::size_t>(m));
  std::vector<std::int64_t> set_label(static_cast<std::size_t>(m), kNone);
  for (std::int32_t i = 0; i < static_cast<std::int32_t>(m); ++i) {
    const std::size_t at = static_cast<std::size_t>(i);
    root[at] = find(parent, i);
    if (core[at]) {
      std::int64_t& l = set_label[static_cast<std::size_t>(root[at])];
      l = std::min(l, gid[at]);
    }
  }
  std::vector<std::int64_t> label(static_cast<std::size_t>(m), kNone);
  for (std::size_t i = 0; i < label.size(); ++i) {
    if (core[i]) label[i] = set_label[static_cast<std::size_t>(root[i])];
  }
  for (;;) {
    const std::vector<std::int64_t> before = label;
    ring.circulate(
        [&](const detail::RingBlock& b) {
          if (b.step == 0) return;  // this rank's own edges are in the union-find already
          std::int64_t* other = b.field<std::int64_t>(0);
          for (const Edge& e : core_edges[static_cast<std::size_t>(b.step)]) {
            std::int64_t& mine =
                set_label[static_cast<std::size_t>(root[static_cast<std::size_t>(e.first)])];
            std::int64_t& theirs = other[e.second];
            const std::int64_t low = std::min(mine, theirs);
            mine = low;
            theirs = low;
          }
        },
        detail::RingField<std::int64_t>{label.data(), 1});
    for (std::size_t i = 0; i < label.size(); ++i) {
      if (!core[i]) continue;
      std::int64_t& l = set_label[static_cast<std::size_t>(root[i])];
      l = std::min(l, label[i]);
    }
    std::int64_t changed = 0;
    for (std::size_t i = 0; i < label.size(); ++i) {
      if (!core[i]) continue;
      label[i] = set_label[static_cast<std::size_t>(root[i])];
      changed += label[i] != before[i] ? 1 : 0;
    }
    if (comm.allreduce(changed, comm::Op::sum) == 0) break;
  }

  // 4. Border points: the smallest component label among their core neighbours.
  std::vector<std::int64_t> border(static_cast<std::size_t>(m), kNone);
  ring.pass(
      [&](const detail::RingBlock& b) {
        const std::int64_t* other = b.field<const std::int64_t>(0);
        for (const Edge& e : border_edges[static_cast<std::size_t>(b.step)]) {
          std::int64_t& l = border[static_cast<std::size_t>(e.first)];
          l = std::min(l, other[e.second]);
        }
      },
      detail::RingField<const std::int64_t>{label.data(), 1});

  // Cluster ids: the components in increasing order of their smallest core index (the
  // labels), as scikit-learn's index-order search numbers them. One allgather of the roots.
  std::vector<std::int64_t> my_roots, my_core;
  std::vector<T> my_rows;
  for (std::size_t i = 0; i < label.size(); ++i) {
    if (!core[i]) continue;
    if (label[i] == gid[i]) my_roots.push_back(gid[i]);
    my_core.push_back(gid[i]);
    my_rows.insert(my_rows.end(), x.local_data() + static_cast<std::int64_t>(i) * d,
                   x.local_data() + static_cast<std::int64_t>(i + 1) * d);
  }
  std::vector<std::int64_t> roots;
  for (const auto& part : comm.allgather(my_roots))
    roots.insert(roots.end(), part.begin(), part.end());
  std::sort(roots.begin(), roots.end());
  const auto id = [&](std::int64_t l) -> std::int64_t {
    return l == kNone ? -1 : std::lower_bound(roots.begin(), roots.end(), l) - roots.begin();
  };
  DBSCANResult<T> out{
      DArray<std::int64_t>({x.shape()[0]}, maps::row_map(x.map(), 1), x.context()), {}, {}};
  for (std::size_t i = 0; i < label.size(); ++i) {
    out.labels.local_data()[i] = core[i] ? id(label[i]) : id(border[i]);
  }

  // core_sample_indices_ and components_ on every rank (scikit-learn's fitted state).
  const std::vector<std::vector<std::int64_t>> all_core = comm.allgather(my_core);
  const std::vector<std::vector<T>> all_rows = comm.allgather(my_rows);
  std::vector<std::pair<std::int64_t, const T*>> order;
  for (std::size_t r = 0; r < all_core.size(); ++r) {
    for (std::size_t i = 0; i < all_core[r].size(); ++i) {
      order.emplace_back(all_core[r][i], all_rows[r].data() + i * static_cast<std::size_t>(d));
    }
  }
  std::sort(order.begin(), order.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [g, row] : order) {
    out.core_sample_indices.push_back(g);
    out.components.insert(out.components.end(), row, row + d);
  }
  return out;
}

template DBSCANResult<double> dbscan(const DArray<double>&, const DBSCANOptions&);
template DBSCANResult<float> dbscan(const DArray<float>&, const DBSCANOptions&);

}  // namespace pgas::ml
