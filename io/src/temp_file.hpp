// The file-system half of an atomic save, done by one rank: reserve a temporary name next to
// the target (optionally starting as a copy of the existing target), make it durable, rename
// it over the target, or remove it after a failure. Private to the io layer; all local calls
// made on rank 0 only.
#pragma once

#include <string>

namespace pgas::io {

enum class FsError { none, not_found, other };

struct FsResult {
  FsError error = FsError::none;
  std::string message;
};

/// "<dir>/.<base>.tmp-<host>.<pid>.<16 random hex digits>" (after removing such files of this
/// host whose process is gone: leftovers of killed saves), created empty with O_EXCL (mode 0666 &
/// ~umask), or a copy of `path` (with its permissions) when `copy_existing`. Fills `temp`.
FsResult create_temp_beside(const std::string& path, bool copy_existing, std::string* temp);

/// fsync(temp); rename(temp, path); fsync(directory), so that the new file is complete on
/// disk before it takes the target's name.
FsResult commit_temp(const std::string& temp, const std::string& path);

/// Whether `path` exists (any kind of file), and whether it is a regular file.
bool path_exists(const std::string& path, bool* regular);

/// unlink(temp), ignoring errors (best effort after a failed save).
void remove_temp(const std::string& temp);

}  // namespace pgas::io
