#include "temp_file.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

namespace pgas::io {

namespace {

std::string parent_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string base_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

FsResult from_errno(int err, const std::string& what) {
  return {err == ENOENT ? FsError::not_found : FsError::other, what + ": " + std::strerror(err)};
}

std::string random_suffix() {
  std::random_device device;
  std::mt19937_64 rng((static_cast<std::uint64_t>(device()) << 32) ^ device() ^
                      static_cast<std::uint64_t>(::getpid()));
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%016llx", static_cast<unsigned long long>(rng()));
  return buf;
}

// "<host>.<pid>." identifies the process that reserved a temporary file, so that a later save
// can tell a leftover of a killed save (its process is gone) from a save still running.
std::string owner_tag() {
  char host[256] = {0};
  if (::gethostname(host, sizeof(host) - 1) != 0) host[0] = '\0';
  for (char* c = host; *c; ++c) {
    if (*c == '.' || *c == '/') *c = '_';  // the tag's separators
  }
  return std::string(host) + "." + std::to_string(::getpid()) + ".";
}

// Whether a process of this host still runs. A killed rank whose parent is gone stays a zombie
// until init reaps it (slowly, in some containers): kill(pid, 0) succeeds on a zombie, but a
// zombie will never rename its temporary file, so it counts as gone.
bool process_is_running(pid_t pid) {
  if (::kill(pid, 0) != 0 && errno == ESRCH) return false;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return true;  // no /proc: trust kill()
  const auto close = line.rfind(')');          // the command may hold spaces and parentheses
  return close == std::string::npos || close + 2 >= line.size() || line[close + 2] != 'Z';
}

// Removes "<dir>/.<base>.tmp-<host>.<pid>.<hex>" files of this host whose process no longer
// exists: what a save killed before its rename left behind. Temporary files of other hosts,
// or of live processes, are kept (another job may be saving to the same target right now).
void remove_leftovers(const std::string& dir, const std::string& base) {
  const std::string prefix = "." + base + ".tmp-";
  std::string host = owner_tag();
  host = host.substr(0, host.find('.') + 1);  // "<host>."
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string file = entry.path().filename().string();
    if (file.rfind(prefix + host, 0) != 0) continue;
    const std::string rest = file.substr(prefix.size() + host.size());  // "<pid>.<hex>"
    const auto dot = rest.find('.');
    if (dot == std::string::npos || dot == 0) continue;
    const std::string pid_text = rest.substr(0, dot);
    if (pid_text.find_first_not_of("0123456789") != std::string::npos) continue;
    const long pid = std::strtol(pid_text.c_str(), nullptr, 10);
    if (pid <= 0 || !process_is_running(static_cast<pid_t>(pid))) {
      std::error_code ignored;
      std::filesystem::remove(entry.path(), ignored);
    }
  }
}

FsResult sync_path(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags);
  if (fd < 0) return from_errno(errno, "cannot open '" + path + "' to flush it");
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  // Some file systems cannot fsync a directory (EINVAL): the rename still happened.
  if (rc != 0 && err != EINVAL) return from_errno(err, "cannot flush '" + path + "'");
  return {};
}

}  // namespace

bool path_exists(const std::string& path, bool* regular) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return false;
  if (regular) *regular = S_ISREG(st.st_mode);
  return true;
}

FsResult create_temp_beside(const std::string& path, bool copy_existing, std::string* temp) {
  const std::string dir = parent_of(path);
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) {
    return from_errno(errno, "cannot write '" + path + "': directory '" + dir + "'");
  }
  if (!S_ISDIR(st.st_mode)) {
    return {FsError::other, "cannot write '" + path + "': '" + dir + "' is not a directory"};
  }
  remove_leftovers(dir, base_of(path));
  *temp = (dir == "/" ? "" : dir) + "/." + base_of(path) + ".tmp-" + owner_tag() + random_suffix();
  const int fd = ::open(temp->c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0) {
    // The directory exists, so whatever the errno, this is not a missing file.
    return {FsError::other,
            "cannot create a file in directory '" + dir + "': " + std::strerror(errno)};
  }
  ::close(fd);
  if (copy_existing) {
    std::error_code ec;
    std::filesystem::copy_file(path, *temp, std::filesystem::copy_options::overwrite_existing, ec);
    struct stat old {};
    if (!ec && ::stat(path.c_str(), &old) == 0) ::chmod(temp->c_str(), old.st_mode & 07777);
    if (ec) {
      remove_temp(*temp);
      return {FsError::other, "cannot copy '" + path + "' to a temporary file: " + ec.message()};
    }
  }
  return {};
}

FsResult commit_temp(const std::string& temp, const std::string& path) {
  FsResult r = sync_path(temp, O_RDONLY | O_CLOEXEC);
  if (r.error != FsError::none) return r;
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    return from_errno(errno, "cannot rename the temporary file to '" + path + "'");
  }
  // Best effort: the rename has happened, so a failure here must not report the save failed.
  sync_path(parent_of(path), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  return {};
}

void remove_temp(const std::string& temp) {
  if (!temp.empty()) ::unlink(temp.c_str());
}

}  // namespace pgas::io
