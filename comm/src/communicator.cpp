#include "pgas/comm/communicator.hpp"

#include <climits>
#include <cstdint>
#include <cstdlib>
#include <utility>

#include "argument_checks.hpp"
#include "pgas/comm/comm_error.hpp"
#include "pgas/comm/environment.hpp"
#include "pgas/errors.hpp"

namespace pgas::comm {
namespace {

/// MPI counts are int (Open MPI 4 has no large-count calls); larger messages are refused
/// with a clear error instead of wrapping around.
int to_count(std::size_t count, const char* what) {
  if (count > static_cast<std::size_t>(INT_MAX)) {
    throw ValueError(std::string(what) + ": " + std::to_string(count) +
                     " elements exceed MPI's int count limit (" + std::to_string(INT_MAX) + ")");
  }
  return static_cast<int>(count);
}

std::string rank_list(const std::vector<int>& ranks) {
  constexpr std::size_t kShown = 8;  // a 4096-rank failure list helps nobody
  std::string text;
  for (std::size_t i = 0; i < ranks.size() && i < kShown; ++i) {
    if (i > 0) text += ", ";
    text += std::to_string(ranks[i]);
  }
  if (ranks.size() > kShown) text += ", ... (" + std::to_string(ranks.size()) + " ranks)";
  return text;
}

void require_mpi_running(const char* what) {
  if (!Environment::is_initialized() || Environment::is_finalized()) {
    throw CommError(std::string(what) + " (MPI is not running: create a pgas::comm::Environment)",
                    MPI_ERR_OTHER);
  }
}

}  // namespace

// ---- Lifetime ---------------------------------------------------------------------------

Communicator::Communicator(MPI_Comm comm, bool owned) : comm_(comm), owned_(owned) {
  if (comm_ == MPI_COMM_NULL) {
    owned_ = false;
    return;
  }
  try {
    // From here on, a failing MPI call on this communicator returns a code that becomes a
    // CommError, instead of aborting the job from inside MPI.
    check_mpi(MPI_Comm_set_errhandler(comm_, MPI_ERRORS_RETURN), "MPI_Comm_set_errhandler");
    check_mpi(MPI_Comm_rank(comm_, &rank_), "MPI_Comm_rank");
    check_mpi(MPI_Comm_size(comm_, &size_), "MPI_Comm_size");
    int* tag_ub = nullptr;
    int found = 0;
    check_mpi(MPI_Comm_get_attr(comm_, MPI_TAG_UB, &tag_ub, &found), "MPI_Comm_get_attr");
    if (found && tag_ub != nullptr) tag_ub_ = *tag_ub;
  } catch (...) {
    release();  // no destructor runs for a half-built object: free an owned handle here
    throw;
  }
}

Communicator Communicator::world() {
  require_mpi_running("Communicator::world");
  if (error_rank() < 0) {
    int world_rank = -1;
    check_mpi(MPI_Comm_rank(MPI_COMM_WORLD, &world_rank), "MPI_Comm_rank");
    set_error_rank(world_rank);
  }
  return Communicator(MPI_COMM_WORLD, /*owned=*/false);
}

Communicator Communicator::self() {
  require_mpi_running("Communicator::self");
  return Communicator(MPI_COMM_SELF, /*owned=*/false);
}

Communicator Communicator::wrap(MPI_Comm comm) {
  require_mpi_running("Communicator::wrap");
  if (comm == MPI_COMM_NULL) throw ValueError("Communicator::wrap: the communicator is null");
  if (error_rank() < 0) world();  // tags error messages with the world rank
  return Communicator(comm, /*owned=*/false);
}

Communicator Communicator::adopt(MPI_Comm comm) {
  require_mpi_running("Communicator::adopt");
  if (comm == MPI_COMM_WORLD || comm == MPI_COMM_SELF) {
    throw ValueError(
        "Communicator::adopt: MPI_COMM_WORLD and MPI_COMM_SELF cannot be freed; "
        "use world(), self() or wrap()");
  }
  if (error_rank() < 0) world();
  return Communicator(comm, /*owned=*/true);
}

Communicator::~Communicator() {
  release();
}

Communicator::Communicator(Communicator&& other) noexcept
    : comm_(std::exchange(other.comm_, MPI_COMM_NULL)),
      owned_(std::exchange(other.owned_, false)),
      rank_(std::exchange(other.rank_, -1)),
      size_(std::exchange(other.size_, 0)),
      tag_ub_(other.tag_ub_) {}

Communicator& Communicator::operator=(Communicator&& other) noexcept {
  if (this != &other) {
    release();
    comm_ = std::exchange(other.comm_, MPI_COMM_NULL);
    owned_ = std::exchange(other.owned_, false);
    rank_ = std::exchange(other.rank_, -1);
    size_ = std::exchange(other.size_, 0);
    tag_ub_ = other.tag_ub_;
  }
  return *this;
}

void Communicator::release() noexcept {
  // A Communicator that outlives MPI_Finalize (a static, a Python object collected late) can
  // no longer free its handle; MPI_Finalize has reclaimed it anyway.
  if (owned_ && comm_ != MPI_COMM_NULL && !Environment::is_finalized()) MPI_Comm_free(&comm_);
  comm_ = MPI_COMM_NULL;
  owned_ = false;
  rank_ = -1;
  size_ = 0;
}

Communicator Communicator::dup() const {
  require_usable("dup");
  MPI_Comm copy = MPI_COMM_NULL;
  check_mpi(MPI_Comm_dup(comm_, &copy), "MPI_Comm_dup");
  return Communicator(copy, /*owned=*/true);
}

Communicator Communicator::split(int color, int key) const {
  require_usable("split");
  const bool ok = color >= 0 || color == undefined_color;
  check_all(ok, "split: a colour must be >= 0 or pgas::comm::undefined_color",
            ok ? std::string() : "colour " + std::to_string(color));
  MPI_Comm part = MPI_COMM_NULL;
  check_mpi(MPI_Comm_split(comm_, color, key, &part), "MPI_Comm_split");
  return Communicator(part, /*owned=*/true);
}

void Communicator::abort(int error_code) const noexcept {
  MPI_Abort(comm_ == MPI_COMM_NULL ? MPI_COMM_WORLD : comm_, error_code);
  std::abort();  // MPI_Abort does not return; this keeps [[noreturn]] honest if it does
}

// ---- Checks -----------------------------------------------------------------------------

void Communicator::require_usable(const char* what) const {
  if (comm_ == MPI_COMM_NULL) {
    throw ValueError(std::string(what) + ": the communicator is null");
  }
}

void Communicator::check_peer(int peer, bool allow_any, const char* what) const {
  if (peer == MPI_PROC_NULL || (allow_any && peer == MPI_ANY_SOURCE)) return;
  const std::string problem = detail::peer_problem(peer, size_, "rank");
  if (!problem.empty()) throw ValueError(std::string(what) + ": " + problem);
}

void Communicator::check_tag(int tag, bool allow_any, const char* what) const {
  if (allow_any && tag == MPI_ANY_TAG) return;
  const std::string problem = detail::tag_problem(tag, tag_ub_);
  if (!problem.empty()) throw ValueError(std::string(what) + ": " + problem);
}

void Communicator::check_root(int root, const char* what) const {
  // The root is the same on every rank, so every rank throws here alike.
  check_rank_in_communicator(std::string(what) + ": root", root, size_);
}

void Communicator::check_all(bool ok_here, const std::string& what,
                             const std::string& why_here) const {
  require_usable("check_all");
  int all_ok = ok_here ? 1 : 0;
  check_mpi(MPI_Allreduce(MPI_IN_PLACE, &all_ok, 1, MPI_INT, MPI_LAND, comm_), "MPI_Allreduce");
  if (all_ok) return;
  // The failure path may cost more: find out who failed and why, so every rank can say so.
  const int mine = ok_here ? 1 : 0;
  std::vector<int> flags(static_cast<std::size_t>(size_));
  check_mpi(MPI_Allgather(&mine, 1, MPI_INT, flags.data(), 1, MPI_INT, comm_), "MPI_Allgather");
  std::vector<int> failed;
  for (int r = 0; r < size_; ++r) {
    if (!flags[static_cast<std::size_t>(r)]) failed.push_back(r);
  }
  std::string why = ok_here ? std::string() : why_here;
  bcast_bytes(why, failed.front());
  std::string message =
      what + ": failed on rank" + (failed.size() > 1 ? "s " : " ") + rank_list(failed);
  if (!why.empty()) message += " (rank " + std::to_string(failed.front()) + ": " + why + ")";
  throw ValueError(message);
}

// ---- Point to point ---------------------------------------------------------------------

void Communicator::send_raw(const void* data, std::size_t count, MPI_Datatype type, int dest,
                            int tag, const char* what) const {
  require_usable(what);
  check_peer(dest, /*allow_any=*/false, what);
  check_tag(tag, /*allow_any=*/false, what);
  check_mpi(MPI_Send(data, to_count(count, what), type, dest, tag, comm_), "MPI_Send");
}

Status Communicator::recv_raw(void* data, std::size_t count, MPI_Datatype type,
                              const char* type_label, int source, int tag, const char* what) const {
  require_usable(what);
  check_peer(source, /*allow_any=*/true, what);
  check_tag(tag, /*allow_any=*/true, what);
  const int expected = to_count(count, what);
  if (source == MPI_PROC_NULL) return Status{MPI_PROC_NULL, MPI_ANY_TAG, 0};  // MPI semantics
  // A matched probe (not MPI_Probe + MPI_Recv) so that no other receive, in another thread,
  // can take the message between learning its size and receiving it.
  MPI_Message message = MPI_MESSAGE_NULL;
  MPI_Status status;
  check_mpi(MPI_Mprobe(source, tag, comm_, &message, &status), "MPI_Mprobe");
  int actual = 0;
  check_mpi(MPI_Get_count(&status, type, &actual), "MPI_Get_count");
  if (actual != expected) {
    // Consume the message anyway, so that it cannot be mistaken for a later one.
    int bytes = 0;
    check_mpi(MPI_Get_count(&status, MPI_BYTE, &bytes), "MPI_Get_count");
    std::vector<char> discard(static_cast<std::size_t>(bytes));
    check_mpi(MPI_Mrecv(discard.data(), bytes, MPI_BYTE, &message, MPI_STATUS_IGNORE), "MPI_Mrecv");
    throw ValueError(std::string(what) + " from rank " + std::to_string(status.MPI_SOURCE) +
                     " (tag " + std::to_string(status.MPI_TAG) + "): the buffer holds " +
                     std::to_string(expected) + " " + type_label + " elements but the message " +
                     (actual == MPI_UNDEFINED ? std::string("is not a whole number of them")
                                              : "has " + std::to_string(actual)));
  }
  check_mpi(MPI_Mrecv(data, expected, type, &message, MPI_STATUS_IGNORE), "MPI_Mrecv");
  return Status{status.MPI_SOURCE, status.MPI_TAG, count};
}

void Communicator::send_bytes(int dest, int tag, const std::string& bytes) const {
  send_raw(bytes.data(), bytes.size(), MPI_BYTE, dest, tag, "send_bytes");
}

Status Communicator::recv_bytes(int source, int tag, std::string& bytes) const {
  const char* what = "recv_bytes";
  require_usable(what);
  check_peer(source, /*allow_any=*/true, what);
  check_tag(tag, /*allow_any=*/true, what);
  if (source == MPI_PROC_NULL) return Status{MPI_PROC_NULL, MPI_ANY_TAG, 0};  // bytes untouched
  MPI_Message message = MPI_MESSAGE_NULL;
  MPI_Status status;
  check_mpi(MPI_Mprobe(source, tag, comm_, &message, &status), "MPI_Mprobe");
  int size = 0;
  check_mpi(MPI_Get_count(&status, MPI_BYTE, &size), "MPI_Get_count");
  bytes.resize(static_cast<std::size_t>(size));
  check_mpi(MPI_Mrecv(bytes.data(), size, MPI_BYTE, &message, MPI_STATUS_IGNORE), "MPI_Mrecv");
  return Status{status.MPI_SOURCE, status.MPI_TAG, bytes.size()};
}

// ---- Collectives ------------------------------------------------------------------------

void Communicator::barrier() const {
  require_usable("barrier");
  check_mpi(MPI_Barrier(comm_), "MPI_Barrier");
}

void Communicator::bcast_raw(void* data, std::size_t count, MPI_Datatype type, int root,
                             const char* what) const {
  require_usable(what);
  check_root(root, what);
  check_mpi(MPI_Bcast(data, to_count(count, what), type, root, comm_), "MPI_Bcast");
}

void Communicator::bcast_bytes(std::string& bytes, int root) const {
  bcast_object_bytes(bytes, /*encoded=*/true, std::string(), root);
}

void Communicator::bcast_object_bytes(std::string& bytes, bool encoded, const std::string& why,
                                      int root) const {
  const char* what = "bcast";
  require_usable(what);
  check_root(root, what);
  // The size travels first; a size of -1 says the root could not encode its value, so that
  // every rank throws instead of waiting for bytes that never come.
  std::int64_t size = -1;
  if (rank_ == root) {
    size = encoded && bytes.size() <= static_cast<std::size_t>(INT_MAX)
               ? static_cast<std::int64_t>(bytes.size())
               : -1;
  }
  check_mpi(MPI_Bcast(&size, 1, MPI_INT64_T, root, comm_), "MPI_Bcast");
  if (size < 0) {
    std::string reason = why;
    if (rank_ == root && encoded) reason = std::to_string(bytes.size()) + " bytes exceed 2 GiB";
    bcast_bytes(reason, root);
    throw ValueError("bcast: the root (rank " + std::to_string(root) +
                     ") could not send its value: " + reason);
  }
  bytes.resize(static_cast<std::size_t>(size));
  check_mpi(MPI_Bcast(bytes.data(), static_cast<int>(size), MPI_BYTE, root, comm_), "MPI_Bcast");
}

void Communicator::allreduce_raw(const void* in, void* out, std::size_t count, MPI_Datatype type,
                                 MPI_Op op, const char* what) const {
  require_usable(what);
  const void* source = in == out ? MPI_IN_PLACE : in;
  check_mpi(MPI_Allreduce(source, out, to_count(count, what), type, op, comm_), "MPI_Allreduce");
}

void Communicator::reduce_raw(const void* in, void* out, std::size_t count, MPI_Datatype type,
                              MPI_Op op, int root, const char* what) const {
  require_usable(what);
  check_root(root, what);
  const void* source = (in == out && rank_ == root) ? MPI_IN_PLACE : in;
  check_mpi(MPI_Reduce(source, out, to_count(count, what), type, op, root, comm_), "MPI_Reduce");
}

void Communicator::exscan_raw(const void* in, void* out, MPI_Datatype type, MPI_Op op,
                              const char* what) const {
  require_usable(what);
  check_mpi(MPI_Exscan(in, out, 1, type, op, comm_), "MPI_Exscan");
}

void Communicator::gather_raw(const void* send, std::size_t count, void* recv, MPI_Datatype type,
                              int root, const char* what) const {
  require_usable(what);
  check_root(root, what);
  const int n = to_count(count, what);
  check_mpi(MPI_Gather(send, n, type, recv, n, type, root, comm_), "MPI_Gather");
}

void Communicator::allgather_raw(const void* send, std::size_t count, void* recv, MPI_Datatype type,
                                 const char* what) const {
  require_usable(what);
  const int n = to_count(count, what);
  check_mpi(MPI_Allgather(send, n, type, recv, n, type, comm_), "MPI_Allgather");
}

namespace {

/// Whether counts/displacements describe one non-negative range per rank; the reason if not.
std::string bad_layout(const std::vector<int>& counts, const std::vector<int>& displs, int size,
                       const char* name) {
  const auto expected = static_cast<std::size_t>(size);
  if (counts.size() != expected || displs.size() != expected) {
    return std::string(name) + " counts/displacements have " + std::to_string(counts.size()) + "/" +
           std::to_string(displs.size()) + " entries for " + std::to_string(size) + " ranks";
  }
  for (std::size_t r = 0; r < expected; ++r) {
    if (counts[r] < 0 || displs[r] < 0) {
      return std::string(name) + " count/displacement of rank " + std::to_string(r) +
             " is negative";
    }
  }
  return {};
}

}  // namespace

void Communicator::gatherv_raw(const void* send, std::size_t count, void* recv,
                               const std::vector<int>& recv_counts, const std::vector<int>& displs,
                               MPI_Datatype type, int root, const char* what) const {
  require_usable(what);
  check_root(root, what);
  std::string why = count > static_cast<std::size_t>(INT_MAX) ? "count exceeds INT_MAX" : "";
  if (why.empty() && rank_ == root) why = bad_layout(recv_counts, displs, size_, "receive");
  check_all(why.empty(), std::string(what) + ": bad arguments", why);
  check_mpi(MPI_Gatherv(send, static_cast<int>(count), type, recv, recv_counts.data(),
                        displs.data(), type, root, comm_),
            "MPI_Gatherv");
}

void Communicator::scatterv_raw(const void* send, const std::vector<int>& send_counts,
                                const std::vector<int>& displs, void* recv, std::size_t count,
                                MPI_Datatype type, int root, const char* what) const {
  require_usable(what);
  check_root(root, what);
  std::string why = count > static_cast<std::size_t>(INT_MAX) ? "count exceeds INT_MAX" : "";
  if (why.empty() && rank_ == root) why = bad_layout(send_counts, displs, size_, "send");
  check_all(why.empty(), std::string(what) + ": bad arguments", why);
  check_mpi(MPI_Scatterv(send, send_counts.data(), displs.data(), type, recv,
                         static_cast<int>(count), type, root, comm_),
            "MPI_Scatterv");
}

void Communicator::alltoall_raw(const void* send, std::size_t count, void* recv, MPI_Datatype type,
                                const char* what) const {
  require_usable(what);
  const int n = to_count(count, what);
  check_mpi(MPI_Alltoall(send, n, type, recv, n, type, comm_), "MPI_Alltoall");
}

void Communicator::alltoallv_raw(const void* send, const std::vector<int>& send_counts,
                                 const std::vector<int>& send_displs, void* recv,
                                 const std::vector<int>& recv_counts,
                                 const std::vector<int>& recv_displs, MPI_Datatype type,
                                 const char* what) const {
  require_usable(what);
  std::string why = bad_layout(send_counts, send_displs, size_, "send");
  if (why.empty()) why = bad_layout(recv_counts, recv_displs, size_, "receive");
  check_all(why.empty(), std::string(what) + ": bad arguments", why);
  check_mpi(MPI_Alltoallv(send, send_counts.data(), send_displs.data(), type, recv,
                          recv_counts.data(), recv_displs.data(), type, comm_),
            "MPI_Alltoallv");
}

namespace {

// Parts of `sizes` bytes laid end to end: each one's displacement into `displs`; returns the
// total (which may exceed an int: the callers check before MPI sees it).
std::int64_t end_to_end(const std::vector<int>& sizes, std::vector<int>& displs) {
  displs.resize(sizes.size());
  std::int64_t total = 0;
  for (std::size_t r = 0; r < sizes.size(); ++r) {
    displs[r] = static_cast<int>(total);
    total += sizes[r];
  }
  return total;
}

std::vector<std::string> parts_of(const std::string& all, const std::vector<int>& sizes,
                                  const std::vector<int>& displs) {
  std::vector<std::string> parts;
  for (std::size_t r = 0; r < sizes.size(); ++r) {
    parts.push_back(
        all.substr(static_cast<std::size_t>(displs[r]), static_cast<std::size_t>(sizes[r])));
  }
  return parts;
}

}  // namespace

std::vector<std::string> Communicator::gather_bytes(const std::string& mine, int root) const {
  const char* what = "gather";
  require_usable(what);
  check_root(root, what);
  const int size = to_count(mine.size(), what);
  std::vector<int> sizes(rank_ == root ? static_cast<std::size_t>(size_) : 0);
  check_mpi(MPI_Gather(&size, 1, MPI_INT, sizes.data(), 1, MPI_INT, root, comm_), "MPI_Gather");
  std::vector<int> displs;
  const std::int64_t total = end_to_end(sizes, displs);
  // Only the root knows whether the concatenation fits MPI's int displacements.
  check_all(total <= INT_MAX, std::string(what) + ": the gathered objects exceed 2 GiB");
  std::string all(static_cast<std::size_t>(total), '\0');
  check_mpi(MPI_Gatherv(mine.data(), size, MPI_BYTE, all.data(), sizes.data(), displs.data(),
                        MPI_BYTE, root, comm_),
            "MPI_Gatherv");
  return parts_of(all, sizes, displs);
}

std::vector<std::string> Communicator::allgather_bytes(const std::string& mine) const {
  const char* what = "allgather";
  require_usable(what);
  const int size = to_count(mine.size(), what);
  std::vector<int> sizes(static_cast<std::size_t>(size_));
  check_mpi(MPI_Allgather(&size, 1, MPI_INT, sizes.data(), 1, MPI_INT, comm_), "MPI_Allgather");
  std::vector<int> displs;
  const std::int64_t total = end_to_end(sizes, displs);
  if (total > INT_MAX) {  // every rank computed the same total, so every rank throws
    throw ValueError(std::string(what) + ": the gathered objects exceed 2 GiB");
  }
  std::string all(static_cast<std::size_t>(total), '\0');
  check_mpi(MPI_Allgatherv(mine.data(), size, MPI_BYTE, all.data(), sizes.data(), displs.data(),
                           MPI_BYTE, comm_),
            "MPI_Allgatherv");
  return parts_of(all, sizes, displs);
}

}  // namespace pgas::comm
