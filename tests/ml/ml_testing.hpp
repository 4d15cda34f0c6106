// What the ml GoogleTest suites share: the maps X and y go on, and darrays filled from a whole
// row-major matrix or vector held on every rank (the serial oracle's data).
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "darray_testing.hpp"

namespace pgas::ml::testing_data {

/// Block rows, cyclic rows, cyclic columns, everything on the last rank, and a random map
/// drawn from `seed`: the X maps of the suites. Local.
inline std::vector<maps::Map> x_maps(unsigned seed) {
  using maps::DimDist;
  using maps::Map;
  const int p = testing::world_size();
  std::vector<Map> out{Map({p, 1}, {DimDist::block(), DimDist::block()}),
                       Map({p, 1}, {DimDist::cyclic(), DimDist::block()}),
                       Map({1, p}, {DimDist::block(), DimDist::cyclic()}),
                       Map({1, 1}, {DimDist::block(), DimDist::block()}, {p - 1})};
  std::mt19937_64 rng(seed);
  out.push_back(testing::random_map(rng, 2));
  return out;
}

/// An (n, d) darray on `m` holding the row-major matrix `x`. Collective (construction).
inline DArray<double> to_darray(const std::vector<double>& x, std::int64_t n, std::int64_t d,
                                const maps::Map& m) {
  DArray<double> a({n, d}, m);
  const auto gi = a.global_ind(0), gj = a.global_ind(1);
  for (std::size_t i = 0; i < gi.size(); ++i)
    for (std::size_t j = 0; j < gj.size(); ++j)
      a.local_data()[i * gj.size() + j] = x[static_cast<std::size_t>(gi[i] * d + gj[j])];
  return a;
}

/// A 1-d darray on `m` holding `y`. Collective (construction).
inline DArray<double> to_darray(const std::vector<double>& y, const maps::Map& m) {
  DArray<double> a({static_cast<std::int64_t>(y.size())}, m);
  const auto gi = a.global_ind(0);
  for (std::size_t i = 0; i < gi.size(); ++i) a.local_data()[i] = y[gi[i]];
  return a;
}

}  // namespace pgas::ml::testing_data
