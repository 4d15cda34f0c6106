// Communicator: one MPI communicator, owned or borrowed, with the typed point-to-point,
// collective and object operations that the layers above pgas::comm need.
//
// Every member says whether it is *collective* (every rank of the communicator must call it,
// with the same root/op/count arguments, in the same order) or *local* (a rank may call it
// alone). Argument checks of collective calls either depend only on arguments that are the
// same on every rank (so every rank throws alike), or go through check_all (so every rank
// throws alike); a bad argument never leaves some ranks waiting in MPI.
//
// MPI failures become pgas::comm::CommError (the communicator runs with MPI_ERRORS_RETURN); bad
// arguments become pgas::ValueError. Messages start with "[rank r] ", r being the rank in
// MPI_COMM_WORLD.
#pragma once

#include <mpi.h>

#include <climits>
#include <cstddef>
#include <exception>
#include <functional>
#include <map>
#include <string>
#include <type_traits>
#include <vector>

#include "pgas/comm/comm_error.hpp"
#include "pgas/comm/mpi_type.hpp"
#include "pgas/comm/reduce_op.hpp"
#include "pgas/comm/serialize.hpp"

namespace pgas::comm {

/// Receive from whichever rank sends first (recv only).
inline constexpr int any_source = MPI_ANY_SOURCE;
/// Receive a message of any tag (recv only).
inline constexpr int any_tag = MPI_ANY_TAG;
/// The rank that sends and receives nothing: operations with it complete at once.
inline constexpr int proc_null = MPI_PROC_NULL;
/// The colour of a rank that wants no part in split(): it gets a null Communicator.
inline constexpr int undefined_color = MPI_UNDEFINED;
/// The largest tag every MPI implementation accepts (the standard's minimum for MPI_TAG_UB).
inline constexpr int max_portable_tag = 32767;
/// The tag exchange() uses unless told otherwise: high, so it stays clear of small user tags.
inline constexpr int default_exchange_tag = 32000;

/// exchange() sends a byte range longer than `threshold` (default INT_MAX, MPI's int count) as
/// one message of a derived datatype: `unit`-byte blocks (default 1 MiB) plus the remainder,
/// so any size travels as one message and size checks still see it whole. Tests lower both
/// to exercise that path on small data. Process-wide; local; not thread-safe.
void set_large_message_split(std::size_t threshold, std::size_t unit);

/// One message of a typed sparse exchange: one item of `type`, `bytes` long, placed
/// relative to the exchange's send or receive buffer, to or from `peer`.
struct TypedMessage {
  int peer = -1;
  MPI_Datatype type = MPI_DATATYPE_NULL;
  std::size_t bytes = 0;
};

/// Where a received message came from and how big it was.
struct Status {
  int source = MPI_PROC_NULL;
  int tag = MPI_ANY_TAG;
  /// Elements for typed receives, bytes for object and byte receives.
  std::size_t count = 0;
};

/// One side of a sparse exchange: the peers this rank sends to (or receives from), and for
/// each the contiguous byte range of the send (or receive) buffer. Peers with count 0 are
/// skipped: nothing is sent for them.
struct ExchangeLayout {
  std::vector<int> peers;
  std::vector<std::size_t> counts;
  std::vector<std::size_t> displs;
};

/// An MPI communicator. Movable, not copyable: exactly one object frees an owned handle.
class Communicator {
 public:
  /// A null communicator (what split() gives ranks with undefined_color). Local.
  Communicator() noexcept = default;

  /// MPI_COMM_WORLD, borrowed. The first call tags error messages with the world rank. Local.
  static Communicator world();
  /// MPI_COMM_SELF, borrowed. Local.
  static Communicator self();
  /// Borrows `comm` (e.g. an mpi4py communicator's handle): never freed by pgas, and it must
  /// outlive the Communicator. Sets MPI_ERRORS_RETURN on it. Local.
  static Communicator wrap(MPI_Comm comm);
  /// Takes ownership of `comm`: MPI_Comm_free when the Communicator dies. Local.
  static Communicator adopt(MPI_Comm comm);

  ~Communicator();
  Communicator(Communicator&& other) noexcept;
  Communicator& operator=(Communicator&& other) noexcept;
  Communicator(const Communicator&) = delete;
  Communicator& operator=(const Communicator&) = delete;

  /// The MPI handle, for calls pgas does not wrap (the Communicator keeps ownership). Local.
  MPI_Comm handle() const noexcept { return comm_; }
  /// Whether this is a null communicator. Local.
  bool is_null() const noexcept { return comm_ == MPI_COMM_NULL; }
  /// Whether the handle is freed with this object. Local.
  bool owns_handle() const noexcept { return owned_; }
  /// This rank in the communicator (-1 when null). Local.
  int rank() const noexcept { return rank_; }
  /// The number of ranks (0 when null). Local.
  int size() const noexcept { return size_; }

  /// A new communicator with the same ranks and a separate message space (MPI_Comm_dup).
  /// Collective.
  Communicator dup() const;
  /// Ranks with the same `color` form a new communicator, ordered by `key` then by rank;
  /// undefined_color gives a null communicator. Any other negative colour throws ValueError
  /// on every rank. Collective.
  Communicator split(int color, int key) const;
  Communicator split(int color) const { return split(color, rank()); }

  /// MPI_Abort on this communicator: ends the job with `error_code`. Local.
  [[noreturn]] void abort(int error_code) const noexcept;

  /// Waits for every rank. Collective.
  void barrier() const;

  /// Throws the same ValueError on every rank unless every rank has `ok_here`. The message
  /// names the failing ranks and, when the first failing rank gave one, its `why_here`:
  ///   "[rank r] <what>: failed on rank(s) 1, 3 (rank 1: <why_here>)". Collective.
  void check_all(bool ok_here, const std::string& what, const std::string& why_here = {}) const;

  // ---- Point to point --------------------------------------------------------------------

  /// Sends `count` elements. Local (blocks until the buffer may be reused).
  template <class T>
  void send(int dest, int tag, const T* data, std::size_t count) const {
    send_raw(data, count, mpi_type<T>(), dest, tag, "send");
  }
  /// Receives exactly `count` elements; a message of another size is consumed and throws
  /// ValueError. Local.
  template <class T>
  Status recv(int source, int tag, T* data, std::size_t count) const {
    return recv_raw(data, count, mpi_type<T>(), type_name<T>(), source, tag, "recv");
  }
  /// Sends one value: as itself when T has an MPI datatype, otherwise as a Boost.Serialization
  /// archive (an object message). Local.
  template <class T>
  void send(int dest, int tag, const T& value) const {
    if constexpr (has_mpi_type_v<T>) {
      send(dest, tag, &value, 1);
    } else {
      send_bytes(dest, tag, to_bytes(value));
    }
  }
  /// Receives one value sent with send(dest, tag, value) of the same T. Local.
  template <class T>
  Status recv(int source, int tag, T& value) const {
    if constexpr (has_mpi_type_v<T>) {
      return recv(source, tag, &value, 1);
    } else {
      std::string bytes;
      const Status status = recv_bytes(source, tag, bytes);
      if (status.source != MPI_PROC_NULL) from_bytes(bytes.data(), bytes.size(), value);
      return status;
    }
  }
  /// Receives and returns one value of type T. Local.
  template <class T>
  T recv(int source, int tag) const {
    T value{};
    recv(source, tag, value);
    return value;
  }
  /// Sends raw bytes (e.g. a pickle) as one message. Local.
  void send_bytes(int dest, int tag, const std::string& bytes) const;
  /// Receives one message of any size into `bytes`. Local.
  Status recv_bytes(int source, int tag, std::string& bytes) const;

  // ---- Collectives -----------------------------------------------------------------------

  /// Broadcasts `count` elements from `root`. Collective.
  template <class T>
  void bcast(T* data, std::size_t count, int root) const {
    bcast_raw(data, count, mpi_type<T>(), root, "bcast");
  }
  /// Broadcasts one value from `root`: directly when T has an MPI datatype, otherwise as an
  /// object message (the value on other ranks is replaced, whatever its size). If the root
  /// cannot serialize it, every rank throws. Collective.
  template <class T>
  void bcast(T& value, int root) const {
    if constexpr (has_mpi_type_v<T>) {
      bcast(&value, 1, root);
    } else {
      std::string bytes;
      bool encoded = true;
      std::string why;
      if (rank_ == root) {
        try {
          bytes = to_bytes(value);
        } catch (const std::exception& error) {
          encoded = false;
          why = error.what();
        }
      }
      bcast_object_bytes(bytes, encoded, why, root);
      if (rank_ != root) from_bytes(bytes.data(), bytes.size(), value);
    }
  }
  /// Broadcasts bytes from `root`; other ranks' `bytes` are replaced. Collective.
  void bcast_bytes(std::string& bytes, int root) const;

  /// out[i] = op over ranks of in[i]. `in == out` reduces in place. T may be ValueIndex<U>
  /// with Op::minloc/maxloc (argmin/argmax). Unsupported type/op pairs throw ValueError on
  /// every rank. Collective.
  template <class T>
  void allreduce(const T* in, T* out, std::size_t count, Op op) const {
    if constexpr (is_value_index_v<T>) {
      detail::ValueIndexReduction<decltype(T::value)> reduction(op);
      allreduce_raw(in, out, count, reduction.type(), reduction.op(), "allreduce");
    } else {
      allreduce_raw(in, out, count, mpi_type<T>(), mpi_op<T>(op), "allreduce");
    }
  }
  /// op over ranks of `value`, on every rank. Collective.
  template <class T>
  T allreduce(const T& value, Op op) const {
    T result{};
    allreduce(&value, &result, 1, op);
    return result;
  }
  /// Like allreduce, with the result in `out` on `root` only (`out` is unused elsewhere and
  /// may be null). Collective.
  template <class T>
  void reduce(const T* in, T* out, std::size_t count, Op op, int root) const {
    if constexpr (is_value_index_v<T>) {
      detail::ValueIndexReduction<decltype(T::value)> reduction(op);
      reduce_raw(in, out, count, reduction.type(), reduction.op(), root, "reduce");
    } else {
      reduce_raw(in, out, count, mpi_type<T>(), mpi_op<T>(op), root, "reduce");
    }
  }
  /// The sum of `value` over the ranks below this one (0 on rank 0): the offset of this
  /// rank's part in a concatenation. Collective.
  template <class T>
  T exscan_sum(const T& value) const {
    T result{};
    exscan_raw(&value, &result, mpi_type<T>(), mpi_op<T>(Op::sum), "exscan_sum");
    return rank_ == 0 ? T{} : result;  // MPI leaves rank 0's result undefined
  }

  /// Every rank's `value`, in rank order, on `root` (empty elsewhere). Any T: objects travel
  /// through Boost.Serialization. Collective.
  template <class T>
  std::vector<T> gather(const T& value, int root) const {
    std::vector<T> result;
    if constexpr (has_mpi_type_v<T>) {
      if (rank_ == root) result.resize(static_cast<std::size_t>(size_));
      gather_raw(&value, 1, result.data(), mpi_type<T>(), root, "gather");
    } else {
      const std::vector<std::string> parts = gather_bytes(encode_everywhere(value, "gather"), root);
      result.resize(parts.size());
      for (std::size_t r = 0; r < parts.size(); ++r) {
        from_bytes(parts[r].data(), parts[r].size(), result[r]);
      }
    }
    return result;
  }
  /// Every rank's `value`, in rank order, on every rank. Any T. Collective.
  template <class T>
  std::vector<T> allgather(const T& value) const {
    std::vector<T> result;
    if constexpr (has_mpi_type_v<T>) {
      result.resize(static_cast<std::size_t>(size_));
      allgather(&value, 1, result.data());
    } else {
      const std::vector<std::string> parts = allgather_bytes(encode_everywhere(value, "allgather"));
      result.resize(parts.size());
      for (std::size_t r = 0; r < parts.size(); ++r) {
        from_bytes(parts[r].data(), parts[r].size(), result[r]);
      }
    }
    return result;
  }
  /// recv[r * count + i] = rank r's send[i], on every rank. Collective.
  template <class T>
  void allgather(const T* send, std::size_t count, T* recv) const {
    allgather_raw(send, count, recv, mpi_type<T>(), "allgather");
  }
  /// Rank r's `count` elements land at recv + displs[r] on `root`, which gives recv_counts
  /// and displs (one entry per rank; ignored elsewhere). A count that disagrees with the
  /// root's recv_counts is MPI's error (truncation) on the root. Collective.
  template <class T>
  void gatherv(const T* send, std::size_t count, T* recv, const std::vector<int>& recv_counts,
               const std::vector<int>& displs, int root) const {
    gatherv_raw(send, count, recv, recv_counts, displs, mpi_type<T>(), root, "gatherv");
  }
  /// The inverse of gatherv: `root` sends send_counts[r] elements at send + displs[r] to rank
  /// r, which receives `count` of them. Collective.
  template <class T>
  void scatterv(const T* send, const std::vector<int>& send_counts, const std::vector<int>& displs,
                T* recv, std::size_t count, int root) const {
    scatterv_raw(send, send_counts, displs, recv, count, mpi_type<T>(), root, "scatterv");
  }
  /// Rank r gets `count` elements from every rank q, from q's send + r * count into its
  /// recv + q * count. Collective.
  template <class T>
  void alltoall(const T* send, std::size_t count, T* recv) const {
    alltoall_raw(send, count, recv, mpi_type<T>(), "alltoall");
  }
  /// MPI_Alltoallv: counts and displacements (in elements) have one entry per rank; wrong
  /// sizes throw ValueError on every rank. With T = std::byte this moves packed bytes (the
  /// redistribution executor's dense path). Collective.
  template <class T>
  void alltoallv(const T* send, const std::vector<int>& send_counts,
                 const std::vector<int>& send_displs, T* recv, const std::vector<int>& recv_counts,
                 const std::vector<int>& recv_displs) const {
    alltoallv_raw(send, send_counts, send_displs, recv, recv_counts, recv_displs, mpi_type<T>(),
                  "alltoallv");
  }

  // ---- Sparse exchange -------------------------------------------------------------------

  /// Each rank sends the byte range `to.displs[i]`, `to.counts[i]` of `send` to `to.peers[i]`
  /// and receives `from.counts[i]` bytes from `from.peers[i]` at `recv + from.displs[i]`,
  /// with nonblocking point-to-point messages: peers with nothing to exchange get no
  /// message. Both sides must agree on every count (a redistribution plan does). Bad layouts
  /// and size mismatches throw on every rank. Collective (every rank calls it, even with
  /// nothing to exchange, so that failures are reported everywhere).
  void exchange(const std::byte* send, const ExchangeLayout& to, std::byte* recv,
                const ExchangeLayout& from, int tag = default_exchange_tag) const;
  /// The same with MPI derived datatypes describing where each message's bytes lie in `send`
  /// and `recv` (a redistribution plan's boxes), so that MPI moves them between the arrays
  /// without a packed copy. `while_in_flight` runs after every message is posted and before
  /// waiting for them (it must not touch the bytes the messages name). Collective; bad peers
  /// and disagreeing sizes throw on every rank.
  void exchange_typed(const void* send, const std::vector<TypedMessage>& to, void* recv,
                      const std::vector<TypedMessage>& from,
                      const std::function<void()>& while_in_flight = {},
                      int tag = default_exchange_tag) const;
  /// The same when receivers do not know who sends to them or how much: `outgoing[peer]` goes
  /// to `peer`, and the result holds, for every rank that sent this rank something, its bytes.
  /// Empty messages are not sent. Costs one MPI_Reduce_scatter_block (of size() ints) to count
  /// the incoming messages. Collective.
  std::map<int, std::vector<std::byte>> exchange(
      const std::map<int, std::vector<std::byte>>& outgoing, int tag = default_exchange_tag) const;

 private:
  Communicator(MPI_Comm comm, bool owned);

  /// to_bytes(value), or ValueError on every rank if any rank cannot serialize its value
  /// (or it exceeds MPI's int count).
  template <class T>
  std::string encode_everywhere(const T& value, const char* what) const {
    std::string bytes;
    std::string why;
    try {
      bytes = to_bytes(value);
      if (bytes.size() > static_cast<std::size_t>(INT_MAX)) why = "more than 2 GiB";
    } catch (const std::exception& error) {
      why = error.what();
    }
    check_all(why.empty(), std::string(what) + ": cannot send the value", why);
    return bytes;
  }
  void release() noexcept;

  void require_usable(const char* what) const;
  void check_peer(int peer, bool allow_any, const char* what) const;
  void check_tag(int tag, bool allow_any, const char* what) const;
  void check_root(int root, const char* what) const;

  /// One posted message of an exchange: `count` items of `type` at `buffer`.
  struct Posted {
    int peer;
    void* buffer;
    int count;
    MPI_Datatype type;
    std::size_t bytes;
  };
  void exchange_posted(const std::vector<Posted>& receives, const std::vector<Posted>& sends,
                       const std::function<void()>& while_in_flight, int tag) const;

  void send_raw(const void* data, std::size_t count, MPI_Datatype type, int dest, int tag,
                const char* what) const;
  Status recv_raw(void* data, std::size_t count, MPI_Datatype type, const char* type_label,
                  int source, int tag, const char* what) const;
  void bcast_raw(void* data, std::size_t count, MPI_Datatype type, int root,
                 const char* what) const;
  void bcast_object_bytes(std::string& bytes, bool encoded, const std::string& why, int root) const;
  void allreduce_raw(const void* in, void* out, std::size_t count, MPI_Datatype type, MPI_Op op,
                     const char* what) const;
  void reduce_raw(const void* in, void* out, std::size_t count, MPI_Datatype type, MPI_Op op,
                  int root, const char* what) const;
  void exscan_raw(const void* in, void* out, MPI_Datatype type, MPI_Op op, const char* what) const;
  void gather_raw(const void* send, std::size_t count, void* recv, MPI_Datatype type, int root,
                  const char* what) const;
  void allgather_raw(const void* send, std::size_t count, void* recv, MPI_Datatype type,
                     const char* what) const;
  void gatherv_raw(const void* send, std::size_t count, void* recv,
                   const std::vector<int>& recv_counts, const std::vector<int>& displs,
                   MPI_Datatype type, int root, const char* what) const;
  void scatterv_raw(const void* send, const std::vector<int>& send_counts,
                    const std::vector<int>& displs, void* recv, std::size_t count,
                    MPI_Datatype type, int root, const char* what) const;
  void alltoall_raw(const void* send, std::size_t count, void* recv, MPI_Datatype type,
                    const char* what) const;
  void alltoallv_raw(const void* send, const std::vector<int>& send_counts,
                     const std::vector<int>& send_displs, void* recv,
                     const std::vector<int>& recv_counts, const std::vector<int>& recv_displs,
                     MPI_Datatype type, const char* what) const;
  std::vector<std::string> gather_bytes(const std::string& mine, int root) const;
  std::vector<std::string> allgather_bytes(const std::string& mine) const;

  MPI_Comm comm_ = MPI_COMM_NULL;
  bool owned_ = false;
  int rank_ = -1;
  int size_ = 0;
  int tag_ub_ = max_portable_tag;
};

}  // namespace pgas::comm
