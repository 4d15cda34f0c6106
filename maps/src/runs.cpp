#include "pgas/maps/runs.hpp"

#include <algorithm>
#include <limits>
#include <numeric>
#include <utility>

namespace pgas::maps {

Runs Runs::make(std::int64_t start, std::int64_t length, std::int64_t stride, std::int64_t count) {
  if (count <= 0 || length <= 0) return Runs{};
  if (count == 1 || stride == length) return Runs{start, length * count, length * count, 1};
  return Runs{start, length, stride, count};
}

Runs Runs::interval(std::int64_t lo, std::int64_t hi) {
  return make(lo, hi - lo, hi - lo, 1);
}

bool Runs::contains(std::int64_t i) const {
  if (empty() || i < start || i >= end()) return false;
  return (i - start) % stride < length;
}

std::int64_t Runs::position_of(std::int64_t i) const {
  const std::int64_t offset = i - start;
  return (offset / stride) * length + offset % stride;
}

std::int64_t Runs::cell(std::int64_t k) const {
  return start + (k / length) * stride + k % length;
}

std::string Runs::to_string() const {
  if (empty()) return "{}";
  if (count == 1) return "[" + std::to_string(start) + "," + std::to_string(end()) + ")";
  return std::to_string(count) + "x[" + std::to_string(start) + "," +
         std::to_string(start + length) + ")+" + std::to_string(stride) + "r";
}

std::int64_t total_size(const std::vector<Runs>& runs) {
  std::int64_t total = 0;
  for (const Runs& r : runs) total += r.size();
  return total;
}

std::vector<Runs> clip(const Runs& r, std::int64_t lo, std::int64_t hi) {
  lo = std::max(lo, r.start);
  hi = std::min(hi, r.end());
  if (r.empty() || lo >= hi) return {};
  // First run ending after lo, last run starting before hi.
  const std::int64_t first = lo < r.start + r.length ? 0 : (lo - r.start - r.length) / r.stride + 1;
  const std::int64_t last = std::min(r.count - 1, (hi - 1 - r.start) / r.stride);
  if (first > last) return {};
  const std::int64_t first_begin = r.start + first * r.stride;
  const std::int64_t last_begin = r.start + last * r.stride;
  if (first == last) {
    const Runs only =
        Runs::interval(std::max(first_begin, lo), std::min(first_begin + r.length, hi));
    if (only.empty()) return {};
    return {only};
  }
  std::vector<Runs> out;
  std::int64_t whole_first = first;
  std::int64_t whole_last = last;
  if (first_begin < lo) {
    out.push_back(Runs::interval(lo, first_begin + r.length));
    ++whole_first;
  }
  const bool cut_last = last_begin + r.length > hi;
  if (cut_last) --whole_last;
  if (whole_first <= whole_last) {
    out.push_back(Runs::make(r.start + whole_first * r.stride, r.length, r.stride,
                             whole_last - whole_first + 1));
  }
  if (cut_last) out.push_back(Runs::interval(last_begin, hi));
  return out;
}

namespace {

// lcm(a, b), or 0 when it does not fit in 64 bits.
std::int64_t checked_lcm(std::int64_t a, std::int64_t b) {
  const std::int64_t g = std::gcd(a, b);
  const std::int64_t a_over_g = a / g;
  if (a_over_g > std::numeric_limits<std::int64_t>::max() / b) return 0;
  return a_over_g * b;
}

// Appends the copies piece + j*period (j >= 0) that start before hi, the last one cut at hi.
void append_periodic_copies(const Runs& piece, std::int64_t period, std::int64_t hi,
                            std::vector<Runs>& out) {
  const std::int64_t whole_copies = (hi - piece.end()) / period + 1;
  if (piece.count == 1) {
    out.push_back(Runs::make(piece.start, piece.length, period, whole_copies));
  } else {
    for (std::int64_t j = 0; j < whole_copies; ++j) out.push_back(piece.shifted(j * period));
  }
  const Runs cut_copy = piece.shifted(whole_copies * period);
  if (cut_copy.start < hi) {
    for (const Runs& part : clip(cut_copy, cut_copy.start, hi)) out.push_back(part);
  }
}

}  // namespace

std::vector<Runs> intersect(const Runs& a_in, const Runs& b_in) {
  if (a_in.empty() || b_in.empty()) return {};
  if (a_in.count == 1) return clip(b_in, a_in.start, a_in.end());
  if (b_in.count == 1) return clip(a_in, b_in.start, b_in.end());

  // Walk the sparser set (longer stride): fewer runs to visit per period.
  const Runs& a = a_in.stride >= b_in.stride ? a_in : b_in;
  const Runs& b = a_in.stride >= b_in.stride ? b_in : a_in;
  const std::int64_t lo = std::max(a.start, b.start);
  const std::int64_t hi = std::min(a.end(), b.end());
  if (lo >= hi) return {};

  // Inside [lo, hi) both sets agree with their infinite periodic extensions, so their
  // intersection there repeats with period lcm(strides). Compute one window, then copy it.
  const std::int64_t lcm = checked_lcm(a.stride, b.stride);
  const bool repeats = lcm != 0 && lcm < hi - lo;
  const std::int64_t window_end = repeats ? lo + lcm : hi;

  std::vector<Runs> out;
  for (const Runs& a_part : clip(a, lo, window_end)) {
    for (std::int64_t r = 0; r < a_part.count; ++r) {
      const std::int64_t run_begin = a_part.start + r * a_part.stride;
      for (const Runs& piece : clip(b, run_begin, run_begin + a_part.length)) {
        if (repeats) {
          append_periodic_copies(piece, lcm, hi, out);
        } else {
          out.push_back(piece);
        }
      }
    }
  }
  return out;
}

}  // namespace pgas::maps
