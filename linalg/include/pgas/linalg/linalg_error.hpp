// LinAlgError: the matrix cannot be factored as asked (singular, not positive definite,
// an algorithm that did not converge). Python sees numpy.linalg.LinAlgError.
//
// Thrown on every rank alike: ScaLAPACK may report a failure on some ranks only, so the
// drivers all-reduce its INFO before deciding.
#pragma once

#include <stdexcept>
#include <string>

#include "pgas/errors.hpp"

namespace pgas::linalg {

class LinAlgError : public std::runtime_error {
 public:
  explicit LinAlgError(const std::string& message) : std::runtime_error(with_rank(message)) {}
};

}  // namespace pgas::linalg
