// Exceptions of the io layer. Each is raised on every rank of the communicator at once (a
// verdict found on one rank is broadcast first), so no rank is ever left waiting.
//
// They derive from std::runtime_error; the Python binding turns them into Python's
// FileNotFoundError, KeyError and OSError. Bad arguments (a map that does not fit the
// dataset, a dtype mismatch) are pgas::ValueError, as everywhere in pgas.
#pragma once

#include <stdexcept>
#include <string>

namespace pgas::io {

/// The file (or the directory a save writes into) does not exist.
class FileNotFoundError : public std::runtime_error {
 public:
  explicit FileNotFoundError(const std::string& message);
};

/// The file has no dataset of that name.
class KeyError : public std::runtime_error {
 public:
  explicit KeyError(const std::string& message);
};

/// The file system or HDF5 refused: a directory that cannot be written, a file that is not
/// HDF5, a failed read or write.
class IOError : public std::runtime_error {
 public:
  explicit IOError(const std::string& message);
};

}  // namespace pgas::io
