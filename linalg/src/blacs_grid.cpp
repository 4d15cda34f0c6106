#include "blacs_grid.hpp"

#include <map>
#include <mutex>
#include <tuple>
#include <vector>

#include "scalapack.hpp"

namespace pgas::linalg::detail {

const BlacsGrid& blacs_grid(const Context& ctx, const BlockCyclicLayout& layout) {
  using Key = std::tuple<MPI_Comm, int, int, std::vector<int>>;
  static std::map<Key, BlacsGrid> grids;
  static std::map<MPI_Comm, int> system_handles;
  static std::mutex lock;
  const std::lock_guard<std::mutex> guard(lock);

  MPI_Comm comm = ctx.comm().handle();
  Key key{comm, layout.prow, layout.pcol, layout.procs};
  auto found = grids.find(key);
  if (found != grids.end()) return found->second;

  auto handle = system_handles.find(comm);
  if (handle == system_handles.end()) {
    int me = 0;
    int np = 0;
    Cblacs_pinfo(&me, &np);  // initialises BLACS on first use (MPI is up already)
    handle = system_handles.emplace(comm, Csys2blacs_handle(comm)).first;
  }
  // BLACS grids are column-major: usermap[i + j * ldumap] is the rank at BLACS (i, j), which
  // is layout position (j, i) = procs[j * pcol + i]. With ldumap = pcol that is procs itself.
  std::vector<int> usermap = layout.procs;
  BlacsGrid grid;
  grid.ctxt = handle->second;
  Cblacs_gridmap(&grid.ctxt, usermap.data(), layout.pcol, layout.pcol, layout.prow);
  bool member = false;
  for (int r : layout.procs) member = member || r == ctx.rank();
  if (member) {
    Cblacs_gridinfo(grid.ctxt, &grid.nprow, &grid.npcol, &grid.myrow, &grid.mycol);
  } else {
    grid = BlacsGrid{};
  }
  return grids.emplace(key, grid).first->second;
}

}  // namespace pgas::linalg::detail
