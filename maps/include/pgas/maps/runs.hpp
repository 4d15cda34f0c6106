// Runs: the compact description of a set of indices along one dimension.
//
// `count` runs of `length` consecutive cells; run r starts at `start + r * stride`.
// One Runs describes a block (count 1), a cyclic set (length 1) or the full blocks of a
// block-cyclic set; what a map owns along a dimension is at most two Runs. Sets are
// never enumerated: every operation here costs O(1) or O(number of Runs produced).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pgas::maps {

struct Runs {
  std::int64_t start = 0;
  std::int64_t length = 0;
  std::int64_t stride = 0;
  std::int64_t count = 0;

  /// The cells [lo, hi); empty if hi <= lo.
  static Runs interval(std::int64_t lo, std::int64_t hi);
  /// Canonical form: empty sets are {0,0,0,0}; a single run or back-to-back runs
  /// become one interval, whose stride equals its length. Equal sets of one Runs compare equal.
  static Runs make(std::int64_t start, std::int64_t length, std::int64_t stride,
                   std::int64_t count);

  bool empty() const { return count == 0; }
  std::int64_t size() const { return length * count; }
  /// One past the last cell.
  std::int64_t end() const { return empty() ? start : start + (count - 1) * stride + length; }
  bool contains(std::int64_t i) const;
  /// Position of cell i among the cells, in increasing order; i must be contained.
  std::int64_t position_of(std::int64_t i) const;
  /// The cell at position k (0 <= k < size()).
  std::int64_t cell(std::int64_t k) const;
  /// The same set moved by `offset`.
  Runs shifted(std::int64_t offset) const { return make(start + offset, length, stride, count); }

  std::string to_string() const;
  friend bool operator==(const Runs& a, const Runs& b) {
    return a.start == b.start && a.length == b.length && a.stride == b.stride && a.count == b.count;
  }
  friend bool operator!=(const Runs& a, const Runs& b) { return !(a == b); }
};

/// The cells of `r` inside [lo, hi): at most three Runs (a cut first run, the whole runs,
/// a cut last run), in increasing order.
std::vector<Runs> clip(const Runs& r, std::int64_t lo, std::int64_t hi);

/// The cells in both sets, as Runs in increasing order of their first cells within each
/// period. Cost: O(number of Runs returned) plus, when both sets are periodic, the number of
/// runs of the sparser set inside one common period (or inside the overlap, if shorter).
std::vector<Runs> intersect(const Runs& a, const Runs& b);

/// Total number of cells of a list of disjoint Runs.
std::int64_t total_size(const std::vector<Runs>& runs);

}  // namespace pgas::maps
