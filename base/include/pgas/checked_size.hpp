// The one checked size product (issue 15 item 4, docs/failure-model.md): a shape whose cell or
// byte count does not fit std::int64_t is a ValueError, not a wrapped-around count that later
// becomes a bogus local shape or a segfault. Every other size product in pgas is of a part of
// an array whose total went through here (a local part, a region, a block), so it cannot
// overflow either.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "pgas/errors.hpp"
#include "pgas/text.hpp"

namespace pgas {

/// a * b, or ValueError("<what>: ... overflows") when it does not fit std::int64_t (both >= 0).
/// Local.
inline std::int64_t checked_multiply(std::int64_t a, std::int64_t b, const std::string& what) {
  std::int64_t product = 0;
  if (__builtin_mul_overflow(a, b, &product)) {
    throw ValueError(what + ": " + std::to_string(a) + " * " + std::to_string(b) +
                     " does not fit a 64-bit size");
  }
  return product;
}

/// The number of cells of a box of `extents` (each >= 0), checking that it and its size in
/// bytes at `element_bytes` per cell fit std::int64_t: otherwise ValueError naming the shape,
/// e.g. "shape (4294967296, 4294967296) has more cells than a 64-bit size can count". Local
/// (every rank passes the same global shape, so every rank raises alike).
template <typename Extent>
std::int64_t checked_cell_count(const std::vector<Extent>& extents, std::size_t element_bytes = 1) {
  std::int64_t cells = 1;
  bool zero = false;
  bool overflow = false;
  for (Extent e : extents) {
    const auto n = static_cast<std::int64_t>(e);
    if (n == 0) zero = true;
    if (!overflow && __builtin_mul_overflow(cells, n, &cells)) overflow = true;
  }
  if (zero) return 0;  // (0, 2**40, 2**40) is a valid empty array
  if (overflow) {
    throw ValueError("shape " + shape_string(extents) +
                     " has more cells than a 64-bit size can count");
  }
  std::int64_t bytes = 0;
  if (__builtin_mul_overflow(cells, static_cast<std::int64_t>(element_bytes), &bytes)) {
    throw ValueError("shape " + shape_string(extents) + " of " + std::to_string(element_bytes) +
                     "-byte elements is more bytes than a 64-bit size can count");
  }
  return cells;
}

}  // namespace pgas
