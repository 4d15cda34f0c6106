#include "pgas/darray/context.hpp"

#include <vector>

namespace pgas {

namespace {

// A user communicator's context is an MPI attribute of that communicator, not an entry keyed
// by its handle: MPI reuses a freed communicator's handle, and a cache keyed by handles
// would hand the stale context of the freed communicator to the new one. When the user frees
// the communicator, MPI calls `forget`. The contexts themselves are never destroyed: arrays
// may still hold them, and their communicators must not be freed after MPI_Finalize, which
// static destructors would do.
int forget(MPI_Comm, int, void* attribute, void*) {
  static auto* retired = new std::vector<std::shared_ptr<const Context>*>();
  retired->push_back(static_cast<std::shared_ptr<const Context>*>(attribute));
  return MPI_SUCCESS;
}

int context_keyval() {
  static const int keyval = [] {
    int k = MPI_KEYVAL_INVALID;
    MPI_Comm_create_keyval(MPI_COMM_NULL_COPY_FN, forget, &k, nullptr);
    return k;
  }();
  return keyval;
}

}  // namespace

Context::Context(MPI_Comm user_comm)
    : user_(user_comm), comm_(comm::Communicator::wrap(user_comm).dup()) {}

std::shared_ptr<const Context> Context::world() {
  return wrap(MPI_COMM_WORLD);
}

std::shared_ptr<const Context> Context::wrap(MPI_Comm user_comm) {
  void* found = nullptr;
  int flag = 0;
  MPI_Comm_get_attr(user_comm, context_keyval(), &found, &flag);
  if (flag) return *static_cast<std::shared_ptr<const Context>*>(found);
  auto* leaked = new Context(user_comm);
  auto* ctx = new std::shared_ptr<const Context>(leaked, [](const Context*) {});
  MPI_Comm_set_attr(user_comm, context_keyval(), ctx);
  return *ctx;
}

}  // namespace pgas
