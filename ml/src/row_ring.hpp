// The ring pass: every rank's block of rows visits every rank of a communicator, by shifts
// round the ring of ranks (rank r sends to r + 1 and receives from r - 1), so that a rank can
// combine its own rows with everybody's while it holds only its own rows and two blocks in
// transit. The kNN queries, DBSCAN and the silhouette score (ml/src/neighbors.cpp, dbscan.cpp,
// metrics.cpp) use it; it is the one home of the pattern in the ml layer (docs/ml.md).
//
// A block is a set of per-row fields, field f holding rows x width_f values of one trivially
// copyable type (the rows of X, their global indices, targets, labels, ...). Two passes:
// - pass(): read-only, P - 1 shifts; the next block is already on its way (MPI_Irecv /
//   MPI_Isend) while the visitor works on the current one.
// - circulate(): the visitor may change the block it sees; P shifts, so each block comes home
//   and is copied back into its owner's fields (min-label propagation).
// Both are collective over the communicator; ranks without rows take part with empty blocks.
// A visitor must not throw (the other ranks would wait in the ring): check inputs before.
#pragma once

#include <mpi.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <tuple>
#include <utility>
#include <vector>

#include "pgas/comm/communicator.hpp"
#include "pgas/errors.hpp"

namespace pgas::ml::detail {

/// This rank's values of one field: rows x width values at `data`.
template <typename V>
struct RingField {
  V* data;
  std::size_t width;
};

/// A block seen by a visitor: the `rows` rows of rank `owner`, at ring step `step` (0: this
/// rank's own block). field<V>(f) is field f's rows x width values.
class RingBlock {
 public:
  int owner = 0;
  int step = 0;
  std::int64_t rows = 0;

  template <typename V>
  V* field(std::size_t f) const {
    return reinterpret_cast<V*>(base_ + offsets_[f]);
  }

 private:
  friend class RowRing;
  unsigned char* base_ = nullptr;
  std::vector<std::size_t> offsets_;
};

class RowRing {
 public:
  /// The row counts of every rank (one allgather). Collective.
  RowRing(const comm::Communicator& comm, std::int64_t my_rows)
      : comm_(&comm), rows_(comm.allgather(my_rows)) {
    for (std::int64_t r : rows_) max_rows_ = std::max(max_rows_, r);
  }

  int size() const { return comm_->size(); }
  int rank() const { return comm_->rank(); }
  std::int64_t rows_of(int rank) const { return rows_[static_cast<std::size_t>(rank)]; }
  std::int64_t max_rows() const { return max_rows_; }
  /// The rank whose block this rank sees at `step`. Local.
  int owner_at(int step) const { return (rank() - step % size() + size()) % size(); }

  /// visit(const RingBlock&) once for every rank's block: this rank's first, then those of
  /// rank - 1, rank - 2, ... Collective.
  template <typename Visit, typename... V>
  void pass(Visit&& visit, RingField<const V>... fields) const {
    const std::vector<std::size_t> widths = {(fields.width * sizeof(V))...};
    count(widths, max_rows_);  // the same verdict on every rank, before any message
    std::vector<std::uint64_t> buf[2] = {std::vector<std::uint64_t>(words(widths, max_rows_)),
                                         std::vector<std::uint64_t>(words(widths, max_rows_))};
    pack(buf[0], widths, rows_of(rank()), fields...);
    const int p = size(), to = (rank() + 1) % p, from = (rank() + p - 1) % p;
    int cur = 0;
    for (int step = 0; step < p; ++step) {
      const int owner = owner_at(step);
      MPI_Request req[2];
      const bool more = step + 1 < p;
      if (more) {
        const std::int64_t next_rows = rows_of(owner_at(step + 1));
        MPI_Irecv(buf[1 - cur].data(), count(widths, next_rows), MPI_UINT64_T, from, kTag,
                  comm_->handle(), &req[0]);
        MPI_Isend(buf[cur].data(), count(widths, rows_of(owner)), MPI_UINT64_T, to, kTag,
                  comm_->handle(), &req[1]);
      }
      visit(view(buf[cur], widths, owner, step));
      if (more) {
        MPI_Waitall(2, req, MPI_STATUSES_IGNORE);
        cur = 1 - cur;
      }
    }
  }

  /// visit(const RingBlock&) for every rank's block, in pass()'s order; the visitor may
  /// change the block's values, and the block this rank started with comes back, changed by
  /// every rank, into `fields`. Collective.
  template <typename Visit, typename... V>
  void circulate(Visit&& visit, RingField<V>... fields) const {
    const std::vector<std::size_t> widths = {(fields.width * sizeof(V))...};
    count(widths, max_rows_);  // the same verdict on every rank, before any message
    std::vector<std::uint64_t> buf[2] = {std::vector<std::uint64_t>(words(widths, max_rows_)),
                                         std::vector<std::uint64_t>(words(widths, max_rows_))};
    pack(buf[0], widths, rows_of(rank()), RingField<const V>{fields.data, fields.width}...);
    const int p = size(), to = (rank() + 1) % p, from = (rank() + p - 1) % p;
    int cur = 0;
    for (int step = 0; step < p; ++step) {
      const int owner = owner_at(step);
      visit(view(buf[cur], widths, owner, step));
      if (p > 1) {
        MPI_Sendrecv(buf[cur].data(), count(widths, rows_of(owner)), MPI_UINT64_T, to, kTag,
                     buf[1 - cur].data(), count(widths, rows_of(owner_at(step + 1))), MPI_UINT64_T,
                     from, kTag, comm_->handle(), MPI_STATUS_IGNORE);
        cur = 1 - cur;
      }
    }
    unpack(buf[cur], widths, rows_of(rank()), fields...);
  }

 private:
  static constexpr int kTag = 32001;  // next to comm's exchange tag, clear of small user tags

  // Field f of a block of `rows` rows starts at offsets[f] (8-byte aligned).
  static std::vector<std::size_t> offsets(const std::vector<std::size_t>& widths,
                                          std::int64_t rows) {
    std::vector<std::size_t> out;
    std::size_t at = 0;
    for (std::size_t w : widths) {
      out.push_back(at);
      at += (w * static_cast<std::size_t>(rows) + 7) / 8 * 8;
    }
    out.push_back(at);
    return out;
  }
  static std::size_t words(const std::vector<std::size_t>& widths, std::int64_t rows) {
    return std::max<std::size_t>(offsets(widths, rows).back() / 8, 1);
  }
  static int count(const std::vector<std::size_t>& widths, std::int64_t rows) {
    const std::size_t n = offsets(widths, rows).back() / 8;
    if (n > static_cast<std::size_t>(INT_MAX)) {
      throw ValueError("row ring: a block of " + std::to_string(rows) +
                       " rows is too large for one message");
    }
    return static_cast<int>(n);
  }

  RingBlock view(std::vector<std::uint64_t>& buf, const std::vector<std::size_t>& widths, int owner,
                 int step) const {
    RingBlock b;
    b.owner = owner;
    b.step = step;
    b.rows = rows_of(owner);
    b.base_ = reinterpret_cast<unsigned char*>(buf.data());
    b.offsets_ = offsets(widths, b.rows);
    return b;
  }

  template <typename... V>
  static void pack(std::vector<std::uint64_t>& buf, const std::vector<std::size_t>& widths,
                   std::int64_t rows, RingField<const V>... fields) {
    const std::vector<std::size_t> off = offsets(widths, rows);
    unsigned char* base = reinterpret_cast<unsigned char*>(buf.data());
    std::size_t f = 0;
    const auto one = [&](const void* data, std::size_t bytes) {
      if (bytes > 0) std::memcpy(base + off[f], data, bytes);
      ++f;
    };
    (one(fields.data, fields.width * sizeof(V) * static_cast<std::size_t>(rows)), ...);
  }

  template <typename... V>
  static void unpack(std::vector<std::uint64_t>& buf, const std::vector<std::size_t>& widths,
                     std::int64_t rows, RingField<V>... fields) {
    const std::vector<std::size_t> off = offsets(widths, rows);
    const unsigned char* base = reinterpret_cast<const unsigned char*>(buf.data());
    std::size_t f = 0;
    const auto one = [&](void* data, std::size_t bytes) {
      if (bytes > 0) std::memcpy(data, base + off[f], bytes);
      ++f;
    };
    (one(fields.data, fields.width * sizeof(V) * static_cast<std::size_t>(rows)), ...);
  }

  const comm::Communicator* comm_;
  std::vector<std::int64_t> rows_;
  std::int64_t max_rows_ = 0;
};

}  // namespace pgas::ml::detail
