#include "pgas/darray/context.hpp"

#include <map>

namespace pgas {

Context::Context(MPI_Comm user_comm)
    : user_(user_comm), comm_(comm::Communicator::wrap(user_comm).dup()) {}

std::shared_ptr<const Context> Context::world() {
  return wrap(MPI_COMM_WORLD);
}

std::shared_ptr<const Context> Context::wrap(MPI_Comm user_comm) {
  // Contexts live until the process ends: their communicators must not be freed after
  // MPI_Finalize, which static destructors would do. One per user communicator.
  static auto* contexts = new std::map<MPI_Comm, std::shared_ptr<const Context>>();
  auto it = contexts->find(user_comm);
  if (it != contexts->end()) return it->second;
  auto* leaked = new Context(user_comm);
  std::shared_ptr<const Context> ctx(leaked, [](const Context*) {});
  contexts->emplace(user_comm, ctx);
  return ctx;
}

}  // namespace pgas
