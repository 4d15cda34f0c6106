// save: every rank writes its owned cells into one dataset with a collective transfer.
//
// Atomicity (SPEC §6): rank 0 reserves "<dir>/.<name>.tmp-<random>" (a copy of the target when
// it exists), all ranks write there, close it (collective: HDF5 flushes everything), and rank
// 0 fsyncs and renames it over the target. A job that dies before the rename leaves the
// target as it was (and a stray temporary file); a failure reported on any rank removes the
// temporary file and raises on every rank.
#include <cstdlib>
#include <string>
#include <vector>

#include "attributes_h5.hpp"
#include "collective_errors.hpp"
#include "h5.hpp"
#include "h5_types.hpp"
#include "map_attributes.hpp"
#include "pgas/io/io.hpp"
#include "pgas/text.hpp"
#include "selection.hpp"
#include "temp_file.hpp"

namespace pgas::io {

namespace {

std::size_t dtype_size(DType dtype) {
  switch (dtype) {
    case DType::float64:
    case DType::int64:
    case DType::uint64:
    case DType::complex64:
      return 8;
    case DType::float32:
    case DType::int32:
    case DType::uint32:
      return 4;
    case DType::uint16:
      return 2;
    case DType::complex128:
      return 16;
    default:
      return 1;
  }
}

// The first problem with the options, or "" (depends only on arguments, so alike everywhere).
std::string option_problem(const std::string& name, const maps::Shape& shape,
                           const SaveOptions& options) {
  if (name.empty() || name == "/") return "the dataset name is empty";
  for (const auto& [key, value] : options.attrs) {
    if (key.rfind(reserved_prefix, 0) == 0) {
      return "attribute '" + key + "': names starting with 'pgas_' are reserved for the map";
    }
    if (key.empty()) return "an attribute name is empty";
  }
  if (!options.chunks.empty()) {
    if (options.chunks.size() != shape.size()) {
      return "chunks " + shape_string(options.chunks) + " must have one extent per dimension of " +
             shape_string(shape);
    }
    for (std::size_t d = 0; d < shape.size(); ++d) {
      if (options.chunks[d] < 1)
        return "chunks " + shape_string(options.chunks) + ": extents must be >= 1";
      if (shape[d] > 0 && options.chunks[d] > shape[d]) {
        return "chunks " + shape_string(options.chunks) + " exceed the shape " +
               shape_string(shape);
      }
    }
  }
  if (options.compression < -1 || options.compression > 9) {
    return "compression level " + std::to_string(options.compression) +
           " must be 0-9 (or -1 for none)";
  }
  return {};
}

// About 1 MiB per chunk: halve the leading dimensions first, so chunks are runs of whole rows.
std::vector<hsize_t> auto_chunks(const maps::Shape& shape, std::size_t item) {
  std::vector<hsize_t> chunk(shape.begin(), shape.end());
  const hsize_t target = hsize_t{1} << 20;
  auto bytes = [&] {
    hsize_t b = item;
    for (hsize_t c : chunk) b *= c;
    return b;
  };
  for (std::size_t d = 0; d < chunk.size() && bytes() > target; ++d) {
    while (chunk[d] > 1 && bytes() > target) chunk[d] = (chunk[d] + 1) / 2;
  }
  return chunk;
}

h5::Id creation_list(DType dtype, const maps::Shape& shape, const SaveOptions& options) {
  h5::Id dcpl = h5::checked(H5Pcreate(H5P_DATASET_CREATE), "H5Pcreate");
  // Every cell is written by its owner: filling with zeros first would write the file twice.
  h5::check(H5Pset_fill_time(dcpl, H5D_FILL_TIME_NEVER), "H5Pset_fill_time");
  const std::int64_t size = maps::cell_count(shape);
  const bool chunked =
      size > 0 && (!options.chunks.empty() || options.auto_chunks || options.compression >= 0);
  if (!chunked) return dcpl;  // an empty dataset has nothing to chunk or compress
  std::vector<hsize_t> chunk =
      options.chunks.empty() ? auto_chunks(shape, dtype_size(dtype))
                             : std::vector<hsize_t>(options.chunks.begin(), options.chunks.end());
  h5::check(H5Pset_chunk(dcpl, static_cast<int>(chunk.size()), chunk.data()), "H5Pset_chunk");
  if (options.compression >= 0) {
    h5::check(H5Pset_deflate(dcpl, static_cast<unsigned>(options.compression)), "H5Pset_deflate");
  }
  // Parallel HDF5 writes chunked datasets only with their space allocated at creation.
  h5::check(H5Pset_alloc_time(dcpl, H5D_ALLOC_TIME_EARLY), "H5Pset_alloc_time");
  return dcpl;
}

// A test hook (docs/io.md): PGAS_IO_TEST_ABORT_IN_SAVE=r makes rank r abort the job after
// its cells went into the temporary file and before the file is closed and renamed.
void maybe_abort_for_test(const Context& ctx) {
  const char* rank = std::getenv("PGAS_IO_TEST_ABORT_IN_SAVE");
  if (rank && *rank && std::atoi(rank) == ctx.rank()) MPI_Abort(MPI_COMM_WORLD, 3);
}

// Creates the dataset and writes this rank's cells into the open file.
void write_into(hid_t file, const std::string& name, const void* local, DType dtype,
                const maps::Shape& shape, const maps::Map& map, const maps::Map& stored,
                const SaveOptions& options, const Context& ctx) {
  ErrorKind kind = ErrorKind::none;
  std::string message;
  h5::Id dset;
  h5::Id file_space = h5::simple_space(shape);
  try {
    if (H5Lexists(file, name.c_str(), H5P_DEFAULT) > 0) {
      H5O_info_t existing;
      const bool dataset = H5Oget_info_by_name(file, name.c_str(), &existing, H5P_DEFAULT) >= 0 &&
                           existing.type == H5O_TYPE_DATASET;
      if (!dataset && !options.overwrite) {
        // Deleting a group would delete everything in it: only on request.
        kind = ErrorKind::value;
        message =
            with_rank("save: '" + name + "' exists and is not a dataset (" +
                      (existing.type == H5O_TYPE_GROUP ? "a group" : "another kind of object") +
                      "); pass overwrite=True to replace it and everything in it");
        throw std::runtime_error(message);
      }
      // Replacing: the old space is not reclaimed (h5repack does that).
      h5::check(H5Ldelete(file, name.c_str(), H5P_DEFAULT), "replacing '" + name + "'");
    }
    h5::Id lcpl = h5::checked(H5Pcreate(H5P_LINK_CREATE), "H5Pcreate");
    h5::check(H5Pset_create_intermediate_group(lcpl, 1), "H5Pset_create_intermediate_group");
    h5::Id dcpl = creation_list(dtype, shape, options);
    h5::Id type = h5::file_type(dtype);
    dset = h5::checked(H5Dcreate2(file, name.c_str(), type, file_space, lcpl, dcpl, H5P_DEFAULT),
                       "creating dataset '" + name + "'");
    for (const auto& [key, value] : map_attributes(stored)) h5::write_attribute(dset, key, value);
    for (const auto& [key, value] : options.attrs) h5::write_attribute(dset, key, value);
  } catch (const std::exception& error) {
    if (kind == ErrorKind::none) {
      kind = ErrorKind::io;
      message = error.what();
    }
  }
  raise_everywhere(ctx, kind, message);

  const std::int64_t size = maps::cell_count(shape);
  // An empty dataset has no storage: there is nothing to write (and HDF5 would refuse).
  if (size > 0) {
    try {
      h5::Id mem_space = h5::select_cells(file_space, shape, map, ctx.rank(), /*held=*/false);
      h5::Id mem_type = h5::memory_type(dtype);
      h5::Id dxpl = h5::collective_dxpl();
      h5::check(H5Dwrite(dset, mem_type, mem_space, file_space, dxpl, local),
                "writing dataset '" + name + "'");
    } catch (const std::exception& error) {
      kind = ErrorKind::io;
      message = error.what();
    }
  }
  raise_everywhere(ctx, kind, message);
  maybe_abort_for_test(ctx);
  if (!dset.close()) {
    kind = ErrorKind::io;
    message = "closing dataset '" + name + "': " + h5::error_stack();
  }
  raise_everywhere(ctx, kind, message);
}

// Where the ranks write: rank 0's decision, broadcast.
struct Plan {
  int error = 0;  // ErrorKind
  std::string message;
  std::string target;  // the file the ranks open
  int existing = 0;    // open (1) or create (0)
  int temp = 0;        // target is a temporary file to rename
  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar& error& message& target& existing& temp;
  }
};

}  // namespace

namespace detail {

void write_dataset(const std::string& path, const std::string& name, const void* local, DType dtype,
                   const maps::Shape& shape, const maps::Map& map, const maps::Map& stored,
                   const SaveOptions& options, const Context& ctx) {
  const std::string problem = option_problem(name, shape, options);
  ctx.comm().check_all(problem.empty(), "save: bad arguments", problem);
  h5::ErrorSilencer quiet;

  // Rank 0 decides where to write and reserves the temporary file.
  Plan plan;
  if (ctx.rank() == 0) {
    bool regular = false;
    const bool exists = path_exists(path, &regular);
    if (exists && !regular) {
      plan.error = static_cast<int>(ErrorKind::io);
      plan.message = "cannot save to '" + path + "': it exists and is not a regular file";
    } else if (exists && options.in_place) {
      plan.target = path;
      plan.existing = 1;
    } else {
      const FsResult r = create_temp_beside(path, exists, &plan.target);
      plan.error = static_cast<int>(r.error == FsError::none        ? ErrorKind::none
                                    : r.error == FsError::not_found ? ErrorKind::file_not_found
                                                                    : ErrorKind::io);
      plan.message = r.message;
      plan.existing = exists;
      plan.temp = 1;
    }
  }
  ctx.comm().bcast(plan, 0);
  if (plan.error) raise(static_cast<ErrorKind>(plan.error), plan.message);

  ErrorKind kind = ErrorKind::none;
  std::string message;
  try {
    {
      h5::Id fapl = h5::mpio_fapl(ctx.comm().handle());
      h5::Id file(plan.existing ? H5Fopen(plan.target.c_str(), H5F_ACC_RDWR, fapl)
                                : H5Fcreate(plan.target.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl));
      if (!file.valid()) {
        kind = ErrorKind::io;
        message = (plan.existing ? "cannot open '" + path + "' for writing as HDF5: "
                                 : "cannot create '" + plan.target + "': ") +
                  h5::error_stack();
      }
      raise_everywhere(ctx, kind, message);
      write_into(file, name, local, dtype, shape, map, stored, options, ctx);
      if (!file.close()) {
        kind = ErrorKind::io;
        message = "closing '" + plan.target + "': " + h5::error_stack();
      }
      raise_everywhere(ctx, kind, message);
    }
    if (plan.temp) {
      if (ctx.rank() == 0) {
        const FsResult r = commit_temp(plan.target, path);
        if (r.error != FsError::none) {
          kind = ErrorKind::io;
          message = r.message;
        }
      }
      raise_everywhere(ctx, kind, message);
    }
  } catch (...) {
    // Every rank is here (errors are raised everywhere); the file handles are closed.
    if (plan.temp && ctx.rank() == 0) remove_temp(plan.target);
    throw;
  }
}

}  // namespace detail
}  // namespace pgas::io
