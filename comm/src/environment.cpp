#include "pgas/comm/environment.hpp"

#include <mpi.h>

#include "pgas/comm/comm_error.hpp"
#include "pgas/errors.hpp"

namespace pgas::comm {
namespace {

int to_mpi(ThreadSupport level) {
  switch (level) {
    case ThreadSupport::single:
      return MPI_THREAD_SINGLE;
    case ThreadSupport::funneled:
      return MPI_THREAD_FUNNELED;
    case ThreadSupport::serialized:
      return MPI_THREAD_SERIALIZED;
    case ThreadSupport::multiple:
      return MPI_THREAD_MULTIPLE;
  }
  return MPI_THREAD_SINGLE;
}

ThreadSupport from_mpi(int level) {
  if (level >= MPI_THREAD_MULTIPLE) return ThreadSupport::multiple;
  if (level >= MPI_THREAD_SERIALIZED) return ThreadSupport::serialized;
  if (level >= MPI_THREAD_FUNNELED) return ThreadSupport::funneled;
  return ThreadSupport::single;
}

void tag_errors_with_world_rank() {
  int rank = -1;
  if (MPI_Comm_rank(MPI_COMM_WORLD, &rank) == MPI_SUCCESS) set_error_rank(rank);
}

}  // namespace

Environment::Environment(ThreadSupport required) {
  start(nullptr, nullptr, required);
}

Environment::Environment(int& argc, char**& argv, ThreadSupport required) {
  start(&argc, &argv, required);
}

void Environment::start(int* argc, char*** argv, ThreadSupport required) {
  if (is_finalized()) {
    throw CommError("pgas::comm::Environment (MPI was already finalised and cannot restart)",
                    MPI_ERR_OTHER);
  }
  int provided = MPI_THREAD_SINGLE;
  if (is_initialized()) {
    check_mpi(MPI_Query_thread(&provided), "MPI_Query_thread");
  } else {
    check_mpi(MPI_Init_thread(argc, argv, to_mpi(required), &provided), "MPI_Init_thread");
    started_ = true;
  }
  provided_ = from_mpi(provided);
  tag_errors_with_world_rank();
}

Environment::~Environment() {
  if (started_ && !is_finalized()) MPI_Finalize();
}

bool Environment::is_initialized() noexcept {
  int flag = 0;
  MPI_Initialized(&flag);
  return flag != 0;
}

bool Environment::is_finalized() noexcept {
  int flag = 0;
  MPI_Finalized(&flag);
  return flag != 0;
}

}  // namespace pgas::comm
