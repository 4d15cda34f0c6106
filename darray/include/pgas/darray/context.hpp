// Context: the communicator a family of darrays lives on.
//
// pgas talks over its own duplicate of the user's communicator, so that its messages
// never match a user's receive. Arrays share their Context; two arrays can be combined
// only if they share one.
#pragma once

#include <mpi.h>

#include <memory>

#include "pgas/comm/communicator.hpp"

namespace pgas {

class Context {
 public:
  /// The context over MPI_COMM_WORLD, created on first use. Collective the first time
  /// (it duplicates the communicator), local afterwards.
  static std::shared_ptr<const Context> world();
  /// A context over a duplicate of `user_comm` (e.g. an mpi4py communicator's handle);
  /// repeated calls with the same handle return the same context. Collective over
  /// `user_comm` the first time.
  static std::shared_ptr<const Context> wrap(MPI_Comm user_comm);

  const comm::Communicator& comm() const { return comm_; }
  /// The communicator the user handed in (MPI_COMM_WORLD for world()).
  MPI_Comm user_handle() const { return user_; }
  int rank() const { return comm_.rank(); }
  int size() const { return comm_.size(); }

  explicit Context(MPI_Comm user_comm);

 private:
  MPI_Comm user_;
  comm::Communicator comm_;
};

using ContextPtr = std::shared_ptr<const Context>;

}  // namespace pgas
