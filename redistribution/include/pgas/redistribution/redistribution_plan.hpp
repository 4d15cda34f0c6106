// RedistributionPlan: what this rank sends to and receives from whom when an array moves
// from one map to another (or when overlap cells are refreshed: a map to itself).
//
// A cell travels from the rank that owns it under the source map to every rank that holds
// it (owns it, or keeps it as overlap) under the destination map. Cells that stay on a
// rank are copied locally, never sent; peers with nothing to exchange get no message.
// Planning asks the maps layer only about the peers this rank meets, so its cost grows
// with the Runs involved and the peers met, not with the array's size or P^2.
//
// Local arrays are row-major with the held (owned + overlap) local shape of each map.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "pgas/comm/communicator.hpp"
#include "pgas/maps/map.hpp"
#include "pgas/redistribution/exchange_method.hpp"
#include "pgas/redistribution/local_box.hpp"

namespace pgas::redistribution {

using comm::Communicator;

/// Every `step`-th index from `start`, `count` of them (Python's slice after .indices());
/// step may be negative.
struct Slice {
  std::int64_t start = 0;
  std::int64_t step = 1;
  std::int64_t count = 0;
  std::int64_t at(std::int64_t x) const { return start + step * x; }
  friend bool operator==(const Slice& a, const Slice& b) {
    return a.start == b.start && a.step == b.step && a.count == b.count;
  }
};

struct PlanDatatypes;

class RedistributionPlan {
 public:
  /// Plans moving an array of `shape` from `from` to `to`, elements of `element_size` bytes,
  /// on `comm`. Ranks of `comm` outside either map take part with empty parts. Maps must
  /// not name ranks outside `comm` (ValueError, raised identically on every rank). Local:
  /// it needs no communication, every rank plans its own side.
  RedistributionPlan(const Communicator& comm, const maps::Map& from, const maps::Map& to,
                     const maps::Shape& shape, std::size_t element_size);

  /// Plans copying the cells source[source_region] into dest[dest_region] (the regions have
  /// equal counts per dimension): the slice assignments `B[r] = A[s]`. Planning enumerates
  /// each dimension's region once (work grows with the regions' extents, not their product).
  /// ValueError if the regions do not fit their arrays or differ in counts. Local.
  static RedistributionPlan for_regions(const Communicator& comm, const maps::Map& from,
                                        const maps::Shape& from_shape,
                                        const std::vector<Slice>& source_region,
                                        const maps::Map& to, const maps::Shape& to_shape,
                                        const std::vector<Slice>& dest_region,
                                        std::size_t element_size);

  /// Moves the values: `source` is this rank's local array under `from`, `dest` under `to`.
  /// `source == dest` is allowed when from == to (overlap refresh: owned cells stay, only
  /// overlap cells are written). Collective over the plan's communicator.
  void execute(const Communicator& comm, const void* source, void* dest) const;

  /// Whether execute() would use MPI derived datatypes under the current ExchangeMethod. Local.
  bool uses_datatypes() const;

  /// Bytes this rank sends to other ranks (the local copy is not counted). Local.
  std::int64_t bytes_sent() const { return bytes_sent_; }
  /// Bytes this rank receives from other ranks. Local.
  std::int64_t bytes_received() const { return bytes_received_; }
  /// Peers this rank sends to / receives from (never itself). Local.
  std::vector<int> send_peers() const;
  std::vector<int> receive_peers() const;
  /// (peer, bytes) of each message this rank sends / receives. Local.
  std::vector<std::pair<int, std::int64_t>> send_counts() const;
  std::vector<std::pair<int, std::int64_t>> receive_counts() const;
  /// Cells copied within this rank. Local.
  std::int64_t cells_kept() const;

  const maps::Shape& source_local_shape() const { return source_local_shape_; }
  const maps::Shape& dest_local_shape() const { return dest_local_shape_; }

 private:
  RedistributionPlan() = default;

  std::size_t element_size_ = 0;
  maps::Shape source_local_shape_;
  maps::Shape dest_local_shape_;
  std::vector<LocalBox> sends_;     // peers != me
  std::vector<LocalBox> receives_;  // peers != me
  LocalBox keep_source_;            // cells that stay: where they are under `from`
  LocalBox keep_dest_;              //                  and where they go under `to`
  bool in_place_ok_ = false;        // from == to: owned cells are where they belong
  std::int64_t bytes_sent_ = 0;
  std::int64_t bytes_received_ = 0;
  // The boxes as MPI datatypes, made on first use and shared by copies of the plan.
  mutable std::shared_ptr<const PlanDatatypes> datatypes_;
  // (every box under 2 GiB, cells in long pieces): what uses_datatypes() decides on.
  mutable std::optional<std::pair<bool, bool>> piece_facts_;
  const PlanDatatypes& datatypes() const;
  void execute_packed(const Communicator& comm, const void* source, void* dest) const;
};

/// Plans are pure functions of their arguments; this cache keeps recently used ones so that
/// repeated assignments between the same maps skip planning. Local; not thread-safe.
std::shared_ptr<const RedistributionPlan> cached_plan(const Communicator& comm,
                                                      const maps::Map& from, const maps::Map& to,
                                                      const maps::Shape& shape,
                                                      std::size_t element_size);

/// Plans execute in two process-wide scratch buffers that grow to the largest exchange
/// seen, so that repeated redistributions do not allocate and fault in fresh pages. Frees
/// them (they are allocated again when next needed). Local.
void release_scratch();

}  // namespace pgas::redistribution
