// Who owns what: a C++ program against the installed pgas package.
#include <cstdio>
#include <pgas/pgas.hpp>

int main() {
  using pgas::maps::DimDist;
  using pgas::maps::Map;
  const pgas::maps::Shape shape{6, 10};
  const Map rows({2, 1}, {DimDist::block()});
  const Map tiles({2, 2}, {DimDist::block(), DimDist::block_cyclic(2)}, {3, 2, 1, 0});
  std::printf("%s", rows.show(shape).c_str());
  std::printf("%s", tiles.show(shape).c_str());
  const pgas::maps::Owner o = tiles.owner(shape, {4, 7});
  std::printf("element (4, 7) of the tiled map lives on rank %d at local (%lld, %lld)\n", o.rank,
              static_cast<long long>(o.local[0]), static_cast<long long>(o.local[1]));
  return o.rank == 0 && o.local[0] == 1 && o.local[1] == 3 ? 0 : 1;
}
