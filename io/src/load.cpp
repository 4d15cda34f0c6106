// load: every rank reads the cells it holds (owned and overlap) with a collective transfer.
#include <string>

#include "collective_errors.hpp"
#include "h5.hpp"
#include "h5_types.hpp"
#include "pgas/io/io.hpp"
#include "selection.hpp"

namespace pgas::io {

maps::Map default_map(int ndim, int nranks) {
  std::vector<int> grid(static_cast<std::size_t>(std::max(ndim, 1)), 1);
  grid[0] = nranks;
  return maps::Map(grid, {maps::DimDist::block()});
}

Method resolve_method(const maps::Map& map, Method method) {
  bool all_block = true;
  for (const maps::DimDist& d : map.dists())
    all_block = all_block && d.kind() == maps::DistKind::block;
  if (all_block) return Method::hyperslabs;  // one hyperslab per rank either way
  // Measured in bench/bench_io (bench/RESULTS.md): see docs/io.md.
  return method == Method::automatic ? Method::hyperslabs : method;
}

Method resolve_write_method(const maps::Map& map, const maps::Shape& shape,
                            std::size_t element_size, Method method) {
  const Method read = resolve_method(map, method);
  if (method != Method::automatic || read != Method::hyperslabs) return read;
  // The contiguous piece of the file a rank writes: the trailing dimensions the map does not
  // split, times the run of the innermost split one. Many short pieces made the collective
  // write slower than redistributing to block rows first (512-byte pieces: 0.32 against
  // 0.58 GB/s), whole rows made it faster (128 KiB: 0.89 against 0.53 GB/s).
  std::int64_t piece = static_cast<std::int64_t>(element_size);
  for (std::size_t d = shape.size(); d-- > 0;) {
    const int p = map.grid()[d];
    if (p == 1) {
      piece *= shape[d];
      continue;
    }
    const maps::DimDist& dist = map.dists()[d];
    piece *= dist.kind() == maps::DistKind::block ? shape[d] / p : dist.block_size();
    break;
  }
  return piece < kMinHyperslabPieceBytes ? Method::via_blocks : Method::hyperslabs;
}

namespace detail {

void check_loadable(const DatasetInfo& info, DType want, const maps::Map& map, const Context& ctx) {
  if (info.dtype != want) {
    throw ValueError("dataset '" + info.name + "' holds " + info.type_description + ", not " +
                     dtype_name(want));
  }
  if (info.shape.empty()) {
    throw ValueError("dataset '" + info.name +
                     "' is a scalar; pgas loads arrays of 1 or more dimensions");
  }
  if (map.ndim() != static_cast<int>(info.shape.size())) {
    throw ValueError("the map has " + std::to_string(map.ndim()) + " dimensions but dataset '" +
                     info.name + "' has " + std::to_string(info.shape.size()) + " (shape " +
                     shape_string(info.shape) + ")");
  }
  map.check_fits(ctx.size());
}

void read_dataset(const std::string& path, const std::string& name, void* local, DType dtype,
                  const maps::Shape& shape, const maps::Map& map, const Context& ctx) {
  const std::int64_t size = maps::cell_count(shape);
  if (size == 0) return;  // an empty dataset has no storage to read
  h5::ErrorSilencer quiet;
  ErrorKind kind = ErrorKind::none;
  std::string message;
  h5::Id fapl = h5::mpio_fapl(ctx.comm().handle());
  h5::Id file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl));
  if (!file.valid()) {
    kind = ErrorKind::io;
    message = "cannot open '" + path + "': " + h5::error_stack();
  }
  raise_everywhere(ctx, kind, message);
  try {
    h5::Id dset =
        h5::checked(H5Dopen2(file, name.c_str(), H5P_DEFAULT), "opening dataset '" + name + "'");
    h5::Id file_space = h5::checked(H5Dget_space(dset), "H5Dget_space");
    h5::Id mem_space = h5::select_cells(file_space, shape, map, ctx.rank(), /*held=*/true);
    h5::Id mem_type = h5::memory_type(dtype);
    h5::Id dxpl = h5::collective_dxpl();
    h5::check(H5Dread(dset, mem_type, mem_space, file_space, dxpl, local),
              "reading dataset '" + name + "'");
  } catch (const std::exception& error) {
    kind = ErrorKind::io;
    message = error.what();
  }
  raise_everywhere(ctx, kind, message);
}

}  // namespace detail
}  // namespace pgas::io
