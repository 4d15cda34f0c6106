// The exception an MPI failure becomes. Communicators of pgas run with MPI_ERRORS_RETURN, so
// a failing MPI call returns a code instead of aborting the job; check_mpi turns that code into
// a CommError that says which call failed, MPI's own explanation, and on which rank.
#pragma once

#include <stdexcept>
#include <string>

namespace pgas::comm {

/// An MPI call failed. The message reads "[rank r] MPI_Xxx: <MPI error string> (MPI error
/// class c)".
class CommError : public std::runtime_error {
 public:
  /// `call` names the failing MPI function (or pgas operation); `error_code` is what it
  /// returned. Local.
  CommError(const std::string& call, int error_code);

  /// The MPI error class (MPI_ERR_RANK, MPI_ERR_TRUNCATE, ...). Local.
  int error_class() const noexcept { return error_class_; }
  /// The rank (in MPI_COMM_WORLD) that raised it, or -1 before MPI was up. Local.
  int rank() const noexcept { return rank_; }

 private:
  int error_class_;
  int rank_;
};

/// Throws CommError unless `error_code` is MPI_SUCCESS. Local.
inline void check_mpi(int error_code, const char* call) {
  if (error_code != 0) throw CommError(call, error_code);  // MPI_SUCCESS is 0 by the standard
}

}  // namespace pgas::comm
