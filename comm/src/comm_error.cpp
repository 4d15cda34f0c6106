#include "pgas/comm/comm_error.hpp"

#include <mpi.h>

#include "pgas/errors.hpp"

namespace pgas::comm {
namespace {

std::string describe(const std::string& call, int error_code, int error_class) {
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  // MPI_Error_string is callable even when MPI is finalised or the code is bogus; if it
  // fails anyway, the numeric class still identifies the error.
  if (MPI_Error_string(error_code, text, &length) != MPI_SUCCESS) length = 0;
  std::string message = call + ": ";
  message += length > 0 ? std::string(text, static_cast<std::size_t>(length)) : "unknown MPI error";
  message += " (MPI error class " + std::to_string(error_class) + ")";
  return with_rank(message);
}

int class_of(int error_code) {
  int error_class = error_code;
  if (MPI_Error_class(error_code, &error_class) != MPI_SUCCESS) error_class = error_code;
  return error_class;
}

}  // namespace

CommError::CommError(const std::string& call, int error_code)
    : std::runtime_error(describe(call, error_code, class_of(error_code))),
      error_class_(class_of(error_code)),
      rank_(error_rank()) {}

}  // namespace pgas::comm
