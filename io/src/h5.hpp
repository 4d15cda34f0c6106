// Thin RAII over the HDF5 C API, private to the io layer.
//
// Handles close themselves (H5Idec_ref works for every kind of id), so an exception on the
// way out of a collective write still closes the file on every rank. HDF5's automatic error
// printing is switched off while pgas calls it (ErrorSilencer) and its error stack is turned
// into the message of the exception instead.
#pragma once

#include <hdf5.h>

#include <string>
#include <utility>

namespace pgas::io::h5 {

/// An owned HDF5 id (file, dataset, dataspace, datatype, property list, attribute, group).
class Id {
 public:
  Id() = default;
  explicit Id(hid_t id) : id_(id) {}
  ~Id() { reset(); }
  Id(Id&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)) {}
  Id& operator=(Id&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
    }
    return *this;
  }
  Id(const Id&) = delete;
  Id& operator=(const Id&) = delete;

  hid_t get() const { return id_; }
  operator hid_t() const { return id_; }  // NOLINT: reads naturally in H5 calls
  bool valid() const { return id_ >= 0; }
  /// Closes now; returns false if HDF5 reported a failure (for files: a failed flush).
  bool close();
  void reset() noexcept;

 private:
  hid_t id_ = H5I_INVALID_HID;
};

/// Turns HDF5's error printing off for its lifetime (restored afterwards, as the user had it).
class ErrorSilencer {
 public:
  ErrorSilencer();
  ~ErrorSilencer();
  ErrorSilencer(const ErrorSilencer&) = delete;
  ErrorSilencer& operator=(const ErrorSilencer&) = delete;

 private:
  H5E_auto2_t func_ = nullptr;
  void* data_ = nullptr;
};

/// The innermost messages of HDF5's current error stack, e.g. "H5Fcreate: unable to ...".
std::string error_stack();

/// `id` if valid, else IOError("<what>: <error stack>"). Local.
Id checked(hid_t id, const std::string& what);
/// Throws IOError("<what>: <error stack>") if status < 0. Local.
void check(herr_t status, const std::string& what);

/// A file access list for the MPI-IO driver on `comm`. File locking is off in both lists:
/// MPI-IO never locks, and flock fails on some parallel file systems.
Id mpio_fapl(MPI_Comm comm);
/// A file access list for the serial (sec2) driver.
Id serial_fapl();
/// A transfer list for collective MPI-IO transfers.
Id collective_dxpl();

}  // namespace pgas::io::h5
