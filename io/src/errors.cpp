#include "pgas/io/errors.hpp"

#include "pgas/errors.hpp"

namespace pgas::io {

// Messages carry "[rank r] " like every pgas error.
FileNotFoundError::FileNotFoundError(const std::string& message)
    : std::runtime_error(with_rank(message)) {}
KeyError::KeyError(const std::string& message) : std::runtime_error(with_rank(message)) {}
IOError::IOError(const std::string& message) : std::runtime_error(with_rank(message)) {}

}  // namespace pgas::io
