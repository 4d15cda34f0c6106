// Parallel HDF5 I/O for darrays (SPEC §6): save, load, info.
//
// Every rank writes and reads its own cells of one dataset with collective MPI-IO transfers,
// whatever the map; the file is a plain HDF5 file (h5py, h5dump), and any HDF5 dataset of a
// pgas dtype with at least one dimension can be loaded. The map travels as dataset
// attributes (pgas_grid, pgas_dist, pgas_procs, pgas_overlap), so a load can restore the
// writer's layout; any other map and rank count reads the file too. docs/io.md has the
// details (atomic saves, chunking, what each error means).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pgas/darray/darray.hpp"
#include "pgas/io/attributes.hpp"
#include "pgas/io/dataset_info.hpp"
#include "pgas/io/dtype.hpp"
#include "pgas/io/errors.hpp"

namespace pgas::io {

/// How a rank's cells reach the file. Block maps always go straight (one hyperslab per
/// rank). For cyclic and block-cyclic maps, `hyperslabs` writes the union of each rank's
/// strided hyperslabs, and `via_blocks` first redistributes to block rows and writes those;
/// `automatic` picks what bench/bench_io measured faster (docs/io.md).
enum class Method { automatic, hyperslabs, via_blocks };

struct SaveOptions {
  /// Attributes of the dataset; names starting with "pgas_" are reserved.
  Attributes attrs;
  /// Chunk shape (one extent >= 1 per dimension). Empty: contiguous storage, or a chunk shape
  /// of about 1 MiB chosen here when compression is on.
  std::vector<std::int64_t> chunks;
  /// With `chunks` empty: chunked storage anyway, in chunks of about 1 MiB chosen here.
  bool auto_chunks = false;
  /// Deflate (gzip) level 0-9; -1 for no compression.
  int compression = -1;
  /// When the file exists: false (default) copies it to a temporary file, adds the dataset
  /// there and renames, so the save is atomic; true writes into the existing file directly,
  /// which avoids the copy but leaves a damaged file if the job dies midway.
  bool in_place = false;
  Method method = Method::automatic;
  /// When `name` is an object of another kind (a group, a named datatype): false (default)
  /// raises ValueError, as h5py does; true deletes it, and everything in a group, first. An
  /// existing dataset is replaced either way.
  bool overwrite = false;
};

/// The default map of load: block rows over all ranks of a communicator of `nranks`
/// (grid [nranks, 1, ..., 1]). Local.
maps::Map default_map(int ndim, int nranks);

/// The method `automatic` stands for when reading with this map (never `automatic`). Local.
Method resolve_method(const maps::Map& map, Method method);
/// The method `automatic` stands for when writing an array of `shape` and `element_size`-byte
/// elements with this map: via_blocks when the map cuts the file's rows into contiguous pieces
/// shorter than `kMinHyperslabPieceBytes`, else hyperslabs (bench/RESULTS.md). Local.
Method resolve_write_method(const maps::Map& map, const maps::Shape& shape,
                            std::size_t element_size, Method method);
inline constexpr std::int64_t kMinHyperslabPieceBytes = 8192;

/// Everything about the datasets of a file: shapes, dtypes, chunks, compression, attributes,
/// stored maps. Collective; FileNotFoundError / IOError (not HDF5) on every rank.
FileInfo info(const std::string& path, const ContextPtr& ctx = Context::world());

/// One dataset's info. Collective; FileNotFoundError, IOError, KeyError on every rank.
DatasetInfo dataset_info(const std::string& path, const std::string& name,
                         const ContextPtr& ctx = Context::world());

/// The map the writer stored with the dataset. Collective; ValueError on every rank if the
/// dataset has none (it was not written by pgas) or it needs more ranks than `ctx` has.
maps::Map stored_map(const std::string& path, const std::string& name,
                     const ContextPtr& ctx = Context::world());

namespace detail {
// The type-erased halves, in src/. `local` is the rank's local array (held shape, row-major).
// `map` lays out `local`; `stored` is the map recorded in the file (the array's own map, also
// when its values were first moved to block rows).
void write_dataset(const std::string& path, const std::string& name, const void* local, DType dtype,
                   const maps::Shape& shape, const maps::Map& map, const maps::Map& stored,
                   const SaveOptions& options, const Context& ctx);
void read_dataset(const std::string& path, const std::string& name, void* local, DType dtype,
                  const maps::Shape& shape, const maps::Map& map, const Context& ctx);
/// ValueError on every rank unless the dataset holds `want` and fits `map`.
void check_loadable(const DatasetInfo& info, DType want, const maps::Map& map, const Context& ctx);
/// info's stored map, or ValueError on every rank (none stored, or too few ranks).
maps::Map require_stored_map(const DatasetInfo& info, const Context& ctx);
}  // namespace detail

/// Writes `a` as dataset `name` of the HDF5 file `path` (created if missing; a dataset of the
/// same name is replaced). Atomic unless options.in_place: the file is written under a
/// temporary name in the same directory and renamed when complete. Collective;
/// FileNotFoundError (missing directory), IOError (cannot write), ValueError (bad options) on
/// every rank, and then no file is left behind.
template <typename T>
void save(const std::string& path, const std::string& name, const DArray<T>& a,
          const SaveOptions& options = {}) {
  if (resolve_write_method(a.map(), a.shape(), sizeof(T), options.method) == Method::via_blocks) {
    const DArray<T> blocks = a.remap(default_map(a.ndim(), a.context()->size()));
    detail::write_dataset(path, name, blocks.local_data(), dtype_of<T>(), a.shape(), blocks.map(),
                          a.map(), options, *a.context());
  } else {
    detail::write_dataset(path, name, a.local_data(), dtype_of<T>(), a.shape(), a.map(), a.map(),
                          options, *a.context());
  }
}

namespace detail {
template <typename T>
DArray<T> load_described(const std::string& path, const DatasetInfo& di, const maps::Map& map,
                         const ContextPtr& ctx) {
  check_loadable(di, dtype_of<T>(), map, *ctx);
  DArray<T> out(di.shape, map, ctx);
  if (resolve_method(map, Method::automatic) == Method::via_blocks) {
    DArray<T> blocks(di.shape, default_map(static_cast<int>(di.shape.size()), ctx->size()), ctx);
    read_dataset(path, di.name, blocks.local_data(), dtype_of<T>(), di.shape, blocks.map(), *ctx);
    out.assign(blocks);
  } else {
    read_dataset(path, di.name, out.local_data(), dtype_of<T>(), di.shape, map, *ctx);
  }
  return out;
}
}  // namespace detail

/// Reads dataset `name` of `path` into a new darray with `map` (overlap cells are read too).
/// Collective; FileNotFoundError, KeyError, IOError, and ValueError (the dataset holds another
/// dtype, has another number of dimensions than the map, or the map does not fit `ctx`) on
/// every rank.
template <typename T>
DArray<T> load(const std::string& path, const std::string& name, const maps::Map& map,
               const ContextPtr& ctx = Context::world()) {
  return detail::load_described<T>(path, dataset_info(path, name, ctx), map, ctx);
}

/// load with the default map: block rows over all ranks. Collective.
template <typename T>
DArray<T> load(const std::string& path, const std::string& name,
               const ContextPtr& ctx = Context::world()) {
  const DatasetInfo di = dataset_info(path, name, ctx);
  return detail::load_described<T>(
      path, di, default_map(static_cast<int>(di.shape.size()), ctx->size()), ctx);
}

/// load with the map the writer stored (see stored_map). Collective.
template <typename T>
DArray<T> load_stored(const std::string& path, const std::string& name,
                      const ContextPtr& ctx = Context::world()) {
  const DatasetInfo di = dataset_info(path, name, ctx);
  return detail::load_described<T>(path, di, detail::require_stored_map(di, *ctx), ctx);
}

}  // namespace pgas::io
