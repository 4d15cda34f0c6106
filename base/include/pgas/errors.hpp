// Exceptions of pgas. Every message starts with "[rank r] " once the rank is known,
// so that a failure in a many-rank job says where it happened.
//
// ValueError and IndexError derive from the standard exceptions that pybind11 turns
// into Python's ValueError and IndexError.
#pragma once

#include <new>
#include <stdexcept>
#include <string>

namespace pgas {

/// The rank that messages are tagged with; -1 (no tag) until comm sets it. Local.
int error_rank() noexcept;
/// Set by the comm layer when MPI is up. Local.
void set_error_rank(int rank) noexcept;
/// "[rank r] message", or the message alone while the rank is unknown. Local.
std::string with_rank(const std::string& message);

/// A bad argument: a map spec, a shape, a dtype.
class ValueError : public std::invalid_argument {
 public:
  explicit ValueError(const std::string& message) : std::invalid_argument(with_rank(message)) {}
};

/// An index or slice outside an array or a map.
class IndexError : public std::out_of_range {
 public:
  explicit IndexError(const std::string& message) : std::out_of_range(with_rank(message)) {}
};

/// An allocation that failed; pybind11 turns std::bad_alloc into Python's MemoryError, with
/// this message.
class MemoryError : public std::bad_alloc {
 public:
  explicit MemoryError(const std::string& message) : message_(with_rank(message)) {}
  const char* what() const noexcept override { return message_.c_str(); }

 private:
  std::string message_;
};

/// The one wording for a rank that a communicator of `size` ranks does not have:
/// "<who> <rank> is outside the communicator of <size> ranks" (who: "procs: rank",
/// "agg: leader", "peer", ...), or "" when 0 <= rank < size. Local.
std::string outside_communicator(const std::string& who, int rank, int size);
/// Throws ValueError(outside_communicator(who, rank, size) + detail) unless
/// 0 <= rank < size. Local (callers pass arguments alike on every rank).
void check_rank_in_communicator(const std::string& who, int rank, int size,
                                const std::string& detail = "");

}  // namespace pgas
