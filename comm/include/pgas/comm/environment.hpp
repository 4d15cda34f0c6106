// MPI's lifetime for C++ programs (and for the Python module, which may find MPI already
// started by mpi4py). Whoever starts MPI finishes it; pgas never finalises an MPI it joined.
#pragma once

namespace pgas::comm {

/// The thread support a program asks MPI_Init_thread for.
enum class ThreadSupport { single, funneled, serialized, multiple };

/// RAII over MPI_Init_thread/MPI_Finalize. If MPI is already initialised (mpi4py, or the
/// program itself), the Environment joins it and its destructor does nothing.
///
///   int main(int argc, char** argv) {
///     pgas::comm::Environment mpi(argc, argv);
///     auto world = pgas::comm::Communicator::world();
///   }
class Environment {
 public:
  /// Collective over MPI_COMM_WORLD when it starts MPI. Throws CommError if MPI was already
  /// finalised (it cannot be restarted) or did not start.
  explicit Environment(ThreadSupport required = ThreadSupport::funneled);
  Environment(int& argc, char**& argv, ThreadSupport required = ThreadSupport::funneled);
  /// Collective when this object started MPI (MPI_Finalize); otherwise does nothing.
  ~Environment();

  Environment(const Environment&) = delete;
  Environment& operator=(const Environment&) = delete;

  /// Whether this object called MPI_Init_thread (and will call MPI_Finalize). Local.
  bool started_mpi() const noexcept { return started_; }
  /// The thread support MPI provides. Local.
  ThreadSupport provided() const noexcept { return provided_; }

  /// MPI_Initialized / MPI_Finalized. Local; callable at any time.
  static bool is_initialized() noexcept;
  static bool is_finalized() noexcept;

 private:
  void start(int* argc, char*** argv, ThreadSupport required);
  bool started_ = false;
  ThreadSupport provided_ = ThreadSupport::single;
};

}  // namespace pgas::comm
