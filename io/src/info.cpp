// info() and dataset_info(): rank 0 looks into the file with the serial driver and
// broadcasts what it found, or why it found nothing, so that every rank returns the same
// description or raises the same error.
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <sstream>
#include <vector>

#include "attributes_h5.hpp"
#include "h5.hpp"
#include "h5_types.hpp"
#include "map_attributes.hpp"
#include "pgas/comm/serialize.hpp"
#include "pgas/io/errors.hpp"
#include "pgas/io/io.hpp"

namespace pgas::io {

const DatasetInfo* FileInfo::find(const std::string& name) const {
  std::string key = name;
  while (!key.empty() && key.front() == '/') key.erase(0, 1);
  for (const DatasetInfo& d : datasets) {
    if (d.name == key) return &d;
  }
  return nullptr;
}

namespace {

enum Verdict : int { found = 0, no_file, no_dataset, io_error };

// What crosses the network: the DatasetInfo without the parsed map (each rank parses the
// pgas_* attributes itself, so a malformed map is judged alike everywhere).
struct WireDataset {
  std::string name;
  std::vector<std::int64_t> shape;
  int dtype = static_cast<int>(DType::unsupported);
  std::string type_description;
  std::vector<std::int64_t> chunks;
  std::string compression;
  int compression_level = -1;
  Attributes attrs;  // pgas_* included

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar& name& shape& dtype& type_description& chunks& compression& compression_level& attrs;
  }
};

struct Report {
  int verdict = found;
  std::string message;
  std::vector<WireDataset> datasets;

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar& verdict& message& datasets;
  }
};

WireDataset describe(hid_t dset, const std::string& name) {
  WireDataset out;
  out.name = name;
  h5::Id space = h5::checked(H5Dget_space(dset), "H5Dget_space");
  const int nd = H5Sget_simple_extent_ndims(space);
  if (nd > 0) {
    std::vector<hsize_t> dims(static_cast<std::size_t>(nd));
    H5Sget_simple_extent_dims(space, dims.data(), nullptr);
    out.shape.assign(dims.begin(), dims.end());
  }
  h5::Id type = h5::checked(H5Dget_type(dset), "H5Dget_type");
  out.dtype = static_cast<int>(h5::classify(type));
  out.type_description = h5::describe(type);
  h5::Id dcpl = h5::checked(H5Dget_create_plist(dset), "H5Dget_create_plist");
  if (H5Pget_layout(dcpl) == H5D_CHUNKED) {
    std::vector<hsize_t> chunk(static_cast<std::size_t>(std::max(nd, 1)));
    const int cnd = H5Pget_chunk(dcpl, static_cast<int>(chunk.size()), chunk.data());
    out.chunks.assign(chunk.begin(), chunk.begin() + std::max(cnd, 0));
  }
  const int nfilters = H5Pget_nfilters(dcpl);
  for (int i = 0; i < nfilters; ++i) {
    unsigned flags = 0, config = 0;
    std::size_t nvalues = 4;
    unsigned values[4] = {0, 0, 0, 0};
    char fname[64] = {0};
    const H5Z_filter_t id = H5Pget_filter2(dcpl, static_cast<unsigned>(i), &flags, &nvalues, values,
                                           sizeof(fname), fname, &config);
    if (id == H5Z_FILTER_DEFLATE) {
      out.compression = "gzip";
      out.compression_level = nvalues > 0 ? static_cast<int>(values[0]) : -1;
    } else if (id != H5Z_FILTER_SHUFFLE && id != H5Z_FILTER_FLETCHER32 && out.compression.empty()) {
      out.compression = fname[0] ? fname : "filter " + std::to_string(id);
    }
  }
  out.attrs = h5::read_attributes(dset);
  return out;
}

herr_t visit(hid_t object, const char* name, const H5O_info_t* info, void* data) {
  if (info->type != H5O_TYPE_DATASET) return 0;
  h5::Id dset(H5Dopen2(object, name, H5P_DEFAULT));
  if (dset.valid()) static_cast<Report*>(data)->datasets.push_back(describe(dset, name));
  return 0;
}

bool is_regular_file(const std::string& path, std::string* why) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    *why = std::strerror(errno);
    return false;
  }
  if (!S_ISREG(st.st_mode)) {
    *why = "not a regular file";
    return false;
  }
  return true;
}

// Opens the file on this rank alone (serial driver), or fills the report's verdict.
h5::Id open_alone(const std::string& path, Report& report) {
  std::string why;
  if (!is_regular_file(path, &why)) {
    report.verdict = no_file;
    report.message = "no such file: '" + path + "' (" + why + ")";
    return h5::Id();
  }
  h5::Id fapl = h5::serial_fapl();
  h5::Id file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl));
  if (!file.valid()) {
    report.verdict = io_error;
    report.message = "cannot open '" + path + "' as an HDF5 file: " + h5::error_stack();
  }
  return file;
}

// Whether every component of a path names a link, and the last a dataset.
void find_dataset(hid_t file, const std::string& path, const std::string& name, Report& report) {
  std::string key = name;
  while (!key.empty() && key.front() == '/') key.erase(0, 1);
  std::string prefix;
  std::stringstream parts(key);
  bool exists = !key.empty();
  for (std::string part; exists && std::getline(parts, part, '/');) {
    prefix += (prefix.empty() ? "" : "/") + part;
    exists = !part.empty() && H5Lexists(file, prefix.c_str(), H5P_DEFAULT) > 0;
  }
  if (!exists) {
    report.verdict = no_dataset;
    report.message = "'" + path + "' has no dataset '" + name + "'";
    return;
  }
  H5O_info_t info;
  if (H5Oget_info_by_name(file, key.c_str(), &info, H5P_DEFAULT) < 0 ||
      info.type != H5O_TYPE_DATASET) {
    report.verdict = no_dataset;
    report.message = "'" + name + "' in '" + path + "' is not a dataset";
    return;
  }
  h5::Id dset = h5::checked(H5Dopen2(file, key.c_str(), H5P_DEFAULT), "opening '" + name + "'");
  report.datasets.push_back(describe(dset, key));
}

// Rank 0 runs `look`; every rank gets the report and raises its verdict.
template <class Look>
Report shared_report(const std::string& path, const Context& ctx, Look&& look) {
  Report report;
  if (ctx.rank() == 0) {
    h5::ErrorSilencer quiet;
    try {
      h5::Id file = open_alone(path, report);
      if (file.valid()) look(file.get(), report);
    } catch (const std::exception& error) {
      report.verdict = io_error;
      report.message = error.what();
    }
  }
  ctx.comm().bcast(report, 0);
  switch (report.verdict) {
    case no_file:
      throw FileNotFoundError(report.message);
    case no_dataset:
      throw KeyError(report.message);
    case io_error:
      throw IOError(report.message);
    default:
      return report;
  }
}

DatasetInfo unwire(WireDataset w) {
  DatasetInfo out;
  out.name = std::move(w.name);
  out.shape = std::move(w.shape);
  out.dtype = static_cast<DType>(w.dtype);
  out.type_description = std::move(w.type_description);
  out.chunks = std::move(w.chunks);
  out.compression = std::move(w.compression);
  out.compression_level = w.compression_level;
  out.attrs = std::move(w.attrs);
  const Attributes map_attrs = take_map_attributes(out.attrs);
  out.stored_map = map_from_attributes(map_attrs, nullptr);
  return out;
}

}  // namespace

FileInfo info(const std::string& path, const ContextPtr& ctx) {
  Report report = shared_report(path, *ctx, [](hid_t file, Report& r) {
    H5Ovisit(file, H5_INDEX_NAME, H5_ITER_INC, visit, &r);
  });
  FileInfo out;
  out.path = path;
  for (WireDataset& w : report.datasets) out.datasets.push_back(unwire(std::move(w)));
  return out;
}

DatasetInfo dataset_info(const std::string& path, const std::string& name, const ContextPtr& ctx) {
  Report report =
      shared_report(path, *ctx, [&](hid_t file, Report& r) { find_dataset(file, path, name, r); });
  return unwire(std::move(report.datasets.at(0)));
}

maps::Map stored_map(const std::string& path, const std::string& name, const ContextPtr& ctx) {
  return detail::require_stored_map(dataset_info(path, name, ctx), *ctx);
}

namespace detail {

maps::Map require_stored_map(const DatasetInfo& info, const Context& ctx) {
  if (!info.stored_map) {
    throw ValueError("dataset '" + info.name +
                     "' has no stored map (no pgas_grid/pgas_dist attributes): pass a map");
  }
  if (info.stored_map->max_rank() >= ctx.size()) {
    throw ValueError("the stored map of '" + info.name + "' (" + info.stored_map->to_string() +
                     ") needs " + std::to_string(info.stored_map->max_rank() + 1) +
                     " ranks; this communicator has " + std::to_string(ctx.size()));
  }
  return *info.stored_map;
}

}  // namespace detail
}  // namespace pgas::io
