#include "h5.hpp"

#include <dlfcn.h>

#include <vector>

#include "pgas/io/errors.hpp"

namespace pgas::io::h5 {

bool Id::close() {
  if (id_ < 0) return true;
  const herr_t status = H5Idec_ref(std::exchange(id_, H5I_INVALID_HID));
  return status >= 0;
}

void Id::reset() noexcept {
  if (id_ >= 0) {
    ErrorSilencer quiet;
    H5Idec_ref(id_);
    id_ = H5I_INVALID_HID;
  }
}

ErrorSilencer::ErrorSilencer() {
  H5Eget_auto2(H5E_DEFAULT, &func_, &data_);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

ErrorSilencer::~ErrorSilencer() {
  H5Eset_auto2(H5E_DEFAULT, func_, data_);
}

namespace {
herr_t collect(unsigned n, const H5E_error2_t* err, void* out) {
  auto* lines = static_cast<std::vector<std::string>*>(out);
  (void)n;
  lines->push_back(std::string(err->func_name ? err->func_name : "?") + ": " +
                   (err->desc ? err->desc : ""));
  return 0;
}
}  // namespace

std::string error_stack() {
  std::vector<std::string> lines;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, collect, &lines);
  H5Eclear2(H5E_DEFAULT);
  for (const std::string& line : lines) {
    const auto at = line.find("required filter");
    if (at == std::string::npos) continue;
    // HDF5's own words name the filter but not the remedy.
    return "the dataset is compressed with an HDF5 filter that is not available here (" +
           line.substr(at) +
           "): install the filter's HDF5 plugin (Debian's hdf5-plugin-lzf for h5py's 'lzf'), or "
           "point HDF5_PLUGIN_PATH at a directory holding it (e.g. the hdf5plugin package's)";
  }
  // The innermost two say what went wrong; the outer ones only repeat the call chain.
  std::string out;
  for (std::size_t i = 0; i < lines.size() && i < 2; ++i) out += (i ? "; " : "") + lines[i];
  return out.empty() ? "HDF5 error" : out;
}

Id checked(hid_t id, const std::string& what) {
  if (id < 0) throw IOError(what + ": " + error_stack());
  return Id(id);
}

void check(herr_t status, const std::string& what) {
  if (status < 0) throw IOError(what + ": " + error_stack());
}

namespace {
// HDF5 filter plugins (Debian's hdf5-plugin-lzf, ...) are shared objects that take HDF5's own
// symbols from the global namespace, but Python loads pgas._core, and with it libhdf5, with
// RTLD_LOCAL: the plugin would fail to load ("undefined symbol"). Promote the libhdf5 already
// loaded to RTLD_GLOBAL, once, before the first file is opened.
void expose_hdf5_to_plugins() {
  static const bool done = [] {
    Dl_info info{};
    if (dladdr(static_cast<const void*>(&H5E_ERR_CLS_g), &info) != 0 && info.dli_fname != nullptr) {
      dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_GLOBAL);
    }
    // Debian 12's hdf5-plugin-lzf calls liblzf without naming it as a dependency (nor does
    // the package depend on liblzf1): preloaded, the plugin loads; absent, nothing changes.
    dlopen("liblzf.so.1", RTLD_NOW | RTLD_GLOBAL);
    return true;
  }();
  (void)done;
}
}  // namespace

Id mpio_fapl(MPI_Comm comm) {
  expose_hdf5_to_plugins();
  Id fapl = checked(H5Pcreate(H5P_FILE_ACCESS), "H5Pcreate");
  check(H5Pset_fapl_mpio(fapl, comm, MPI_INFO_NULL), "H5Pset_fapl_mpio");
  // Collective metadata: one rank reads the file's metadata and shares it, instead of every
  // rank hitting the file system with the same small reads.
  check(H5Pset_all_coll_metadata_ops(fapl, true), "H5Pset_all_coll_metadata_ops");
  check(H5Pset_coll_metadata_write(fapl, true), "H5Pset_coll_metadata_write");
  check(H5Pset_file_locking(fapl, false, true), "H5Pset_file_locking");
  return fapl;
}

Id serial_fapl() {
  Id fapl = checked(H5Pcreate(H5P_FILE_ACCESS), "H5Pcreate");
  check(H5Pset_fapl_sec2(fapl), "H5Pset_fapl_sec2");
  check(H5Pset_file_locking(fapl, false, true), "H5Pset_file_locking");
  return fapl;
}

Id collective_dxpl() {
  Id dxpl = checked(H5Pcreate(H5P_DATASET_XFER), "H5Pcreate");
  check(H5Pset_dxpl_mpio(dxpl, H5FD_MPIO_COLLECTIVE), "H5Pset_dxpl_mpio");
  return dxpl;
}

}  // namespace pgas::io::h5
