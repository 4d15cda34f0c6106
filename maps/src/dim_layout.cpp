#include "pgas/maps/dim_layout.hpp"

#include <algorithm>
#include <numeric>
#include <string>

#include "pgas/errors.hpp"

namespace pgas::maps {

DimLayout::DimLayout(DimDist dist, std::int64_t n, int p, std::int64_t overlap)
    : dist_(dist), n_(n), p_(p), overlap_(overlap) {
  if (n < 0) throw ValueError("shape: extent must be >= 0, got " + std::to_string(n));
  if (p < 1) throw ValueError("grid: positions must be >= 1, got " + std::to_string(p));
  if (overlap < 0) throw ValueError("overlap: must be >= 0, got " + std::to_string(overlap));
  if (overlap > 0 && dist.kind() != DistKind::block) {
    throw ValueError("overlap: only block dimensions may overlap, this one is " + dist.to_string());
  }
}

void DimLayout::check_position(int q) const {
  if (q < 0 || q >= p_) {
    throw IndexError("grid position " + std::to_string(q) + " outside [0, " + std::to_string(p_) +
                     ")");
  }
}

std::int64_t DimLayout::block_begin(int q) const {
  const std::int64_t f = n_ / p_;
  const std::int64_t r = n_ % p_;
  return q * f + std::min<std::int64_t>(q, r);
}

std::int64_t DimLayout::held_end(int q) const {
  if (q == p_ - 1) return n_;
  return std::min(block_begin(q + 1) + overlap_, n_);
}

std::int64_t DimLayout::owned_size(int q) const {
  return total_size(owned(q));
}

std::int64_t DimLayout::held_size(int q) const {
  return total_size(held(q));
}

std::vector<Runs> DimLayout::owned(int q) const {
  check_position(q);
  if (dist_.kind() == DistKind::block) {
    const Runs block = Runs::interval(block_begin(q), block_begin(q + 1));
    return block.empty() ? std::vector<Runs>{} : std::vector<Runs>{block};
  }
  const std::int64_t k = dist_.block_size();
  const std::int64_t whole_blocks = n_ / k;
  std::vector<Runs> out;
  if (whole_blocks > q) {
    out.push_back(Runs::make(q * k, k, k * p_, (whole_blocks - 1 - q) / p_ + 1));
  }
  if (n_ % k != 0 && whole_blocks % p_ == q) out.push_back(Runs::interval(whole_blocks * k, n_));
  return out;
}

std::vector<Runs> DimLayout::held(int q) const {
  if (dist_.kind() != DistKind::block || overlap_ == 0) return owned(q);
  check_position(q);
  const Runs cells = Runs::interval(block_begin(q), held_end(q));
  return cells.empty() ? std::vector<Runs>{} : std::vector<Runs>{cells};
}

DimOwner DimLayout::owner(std::int64_t i) const {
  if (i < 0 || i >= n_) {
    throw IndexError("index " + std::to_string(i) + " is out of bounds for extent " +
                     std::to_string(n_));
  }
  if (dist_.kind() == DistKind::block) {
    const std::int64_t f = n_ / p_;
    const std::int64_t r = n_ % p_;
    const std::int64_t cut = r * (f + 1);
    const std::int64_t q = i < cut ? i / (f + 1) : r + (i - cut) / f;
    return DimOwner{static_cast<int>(q), i - block_begin(static_cast<int>(q))};
  }
  const std::int64_t k = dist_.block_size();
  const std::int64_t b = i / k;
  return DimOwner{static_cast<int>(b % p_), (b / p_) * k + i % k};
}

std::int64_t DimLayout::to_global(int q, std::int64_t local) const {
  check_position(q);
  if (local < 0 || local >= held_size(q)) {
    throw IndexError("local index " + std::to_string(local) + " outside the " +
                     std::to_string(held_size(q)) + " cells of grid position " + std::to_string(q));
  }
  if (dist_.kind() == DistKind::block) return block_begin(q) + local;
  const std::int64_t k = dist_.block_size();
  return (q + (local / k) * p_) * k + local % k;
}

std::optional<std::int64_t> DimLayout::to_local(int q, std::int64_t i) const {
  check_position(q);
  if (i < 0 || i >= n_) return std::nullopt;
  if (dist_.kind() == DistKind::block) {
    if (i < block_begin(q) || i >= held_end(q)) return std::nullopt;
    return i - block_begin(q);
  }
  const DimOwner o = owner(i);
  if (o.position != q) return std::nullopt;
  return o.local;
}

std::vector<int> DimLayout::owners_of(const std::vector<Runs>& cells) const {
  return positions_meeting(cells, false);
}

std::vector<int> DimLayout::holders_of(const std::vector<Runs>& cells) const {
  return positions_meeting(cells, overlap_ > 0);
}

std::vector<int> DimLayout::positions_meeting(const std::vector<Runs>& cells,
                                              bool with_overlap) const {
  std::vector<int> found;
  auto add_interval = [&](std::int64_t lo, std::int64_t hi) {  // cells [lo, hi), inside [0, n)
    if (dist_.kind() == DistKind::block) {
      // Position q's overlap reaches overlap_ cells past its block: the first holder of lo
      // is the owner of lo - overlap_.
      const int first =
          owner(with_overlap ? std::max<std::int64_t>(lo - overlap_, 0) : lo).position;
      const int last = owner(hi - 1).position;
      for (int q = first; q <= last; ++q) found.push_back(q);
      return;
    }
    const std::int64_t k = dist_.block_size();
    const std::int64_t first_block = lo / k;
    const std::int64_t blocks = (hi - 1) / k - first_block + 1;
    const std::int64_t distinct = std::min<std::int64_t>(blocks, p_);
    for (std::int64_t b = 0; b < distinct; ++b) {
      found.push_back(static_cast<int>((first_block + b) % p_));
    }
  };
  for (const Runs& r : cells) {
    if (r.empty()) continue;
    if (r.start < 0 || r.end() > n_) {
      throw IndexError("cells " + r.to_string() + " outside extent " + std::to_string(n_));
    }
    // Visit only the runs that can meet a position not met yet: with blocks, runs closer
    // than the smallest block meet every position between the first and the last; with
    // (block-)cyclic, the pattern of positions repeats after lcm(stride, k*p) cells.
    std::int64_t runs_to_visit = r.count;
    if (dist_.kind() == DistKind::block) {
      const std::int64_t smallest_block = n_ / p_;
      if (r.count > 1 && smallest_block > 0 && r.stride <= smallest_block) {
        add_interval(r.start, r.end());
        continue;
      }
    } else {
      const std::int64_t period = dist_.block_size() * p_;
      const std::int64_t g = std::gcd(r.stride, period);
      runs_to_visit = std::min(runs_to_visit, period / g);
    }
    for (std::int64_t j = 0; j < runs_to_visit; ++j) {
      const std::int64_t begin = r.start + j * r.stride;
      add_interval(begin, begin + r.length);
      if (static_cast<std::int64_t>(found.size()) >= 4 * static_cast<std::int64_t>(p_)) {
        std::sort(found.begin(), found.end());
        found.erase(std::unique(found.begin(), found.end()), found.end());
        if (static_cast<int>(found.size()) == p_) return found;
      }
    }
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  return found;
}

}  // namespace pgas::maps
