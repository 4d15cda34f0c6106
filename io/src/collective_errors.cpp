#include "collective_errors.hpp"

#include "pgas/errors.hpp"
#include "pgas/io/errors.hpp"

namespace pgas::io {

namespace {
// Messages caught from pgas exceptions already start with "[rank r] "; the exception raised
// again adds the prefix of the rank raising it.
std::string without_rank(const std::string& message) {
  if (message.rfind("[rank ", 0) == 0) {
    const auto close = message.find("] ");
    if (close != std::string::npos) return message.substr(close + 2);
  }
  return message;
}
}  // namespace

void raise(ErrorKind kind, const std::string& with_prefix) {
  const std::string message = without_rank(with_prefix);
  switch (kind) {
    case ErrorKind::file_not_found:
      throw FileNotFoundError(message);
    case ErrorKind::key:
      throw KeyError(message);
    case ErrorKind::value:
      throw ValueError(message);
    default:
      throw IOError(message);
  }
}

void raise_everywhere(const Context& ctx, ErrorKind kind, const std::string& message) {
  const comm::Communicator& comm = ctx.comm();
  const int mine = kind == ErrorKind::none ? comm.size() : comm.rank();
  const int first = comm.allreduce(mine, comm::Op::min);
  if (first == comm.size()) return;
  int code = static_cast<int>(kind);
  std::string text = message;
  comm.bcast(&code, 1, first);
  comm.bcast_bytes(text, first);
  // The exception adds "[rank r] " for the rank raising it; say where it was found.
  if (first != comm.rank()) text += " (found on rank " + std::to_string(first) + ")";
  raise(static_cast<ErrorKind>(code), text);
}

}  // namespace pgas::io
