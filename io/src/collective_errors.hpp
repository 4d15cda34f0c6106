// Turning one rank's failure into the same exception on every rank, private to the io layer.
#pragma once

#include <string>

#include "pgas/darray/context.hpp"

namespace pgas::io {

enum class ErrorKind : int { none = 0, file_not_found, key, io, value };

/// Collective: if any rank has kind != none, every rank throws the exception of the
/// lowest such rank, with its message.
void raise_everywhere(const Context& ctx, ErrorKind kind, const std::string& message);

/// Throws the exception of `kind` with `message` (kind != none). Local.
[[noreturn]] void raise(ErrorKind kind, const std::string& message);

}  // namespace pgas::io
