// HDF5 datatypes of the pgas dtypes (dtype.hpp says which), private to the io layer.
#pragma once

#include <string>

#include "h5.hpp"
#include "pgas/io/dtype.hpp"

namespace pgas::io::h5 {

/// The type written to files (h5py's layout, little-endian).
Id file_type(DType dtype);
/// The type of the values in memory (native byte order, C++'s layout of T).
Id memory_type(DType dtype);
/// Which pgas dtype a dataset's type is (any byte order), or unsupported.
DType classify(hid_t type);
/// A short description of any type for messages and info (e.g. "uint8", "string").
std::string describe(hid_t type);

}  // namespace pgas::io::h5
