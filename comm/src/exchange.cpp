// Sparse exchange: every rank talks only to the peers it shares data with, which is what a
// redistribution between two maps needs (a block-to-block remap touches a few neighbours,
// not all ranks), and what MPI_Alltoallv cannot do without O(size) counts on every rank.
#include <algorithm>
#include <climits>
#include <string>

#include "argument_checks.hpp"
#include "pgas/comm/comm_error.hpp"
#include "pgas/comm/communicator.hpp"
#include "pgas/errors.hpp"

namespace pgas::comm {
namespace {

std::string bad_layout(const ExchangeLayout& layout, int size, const char* side) {
  if (layout.counts.size() != layout.peers.size() || layout.displs.size() != layout.peers.size()) {
    return std::string(side) + " layout has " + std::to_string(layout.peers.size()) + " peers, " +
           std::to_string(layout.counts.size()) + " counts and " +
           std::to_string(layout.displs.size()) + " displacements";
  }
  for (std::size_t i = 0; i < layout.peers.size(); ++i) {
    std::string why = detail::peer_problem(layout.peers[i], size);
    if (!why.empty()) return std::string(side) + " " + why;
  }
  return {};
}

std::size_t g_split_threshold = static_cast<std::size_t>(INT_MAX);
std::size_t g_split_unit = std::size_t{1} << 20;

// `bytes` contiguous bytes as one item: `bytes / unit` blocks of `unit` bytes, then the rest.
// Committed; the caller frees it.
MPI_Datatype large_bytes_type(std::size_t bytes) {
  const std::size_t unit = g_split_unit;
  MPI_Datatype block = MPI_DATATYPE_NULL;
  check_mpi(MPI_Type_contiguous(static_cast<int>(unit), MPI_BYTE, &block), "MPI_Type_contiguous");
  MPI_Datatype types[2] = {block, MPI_BYTE};
  int lengths[2] = {static_cast<int>(bytes / unit), static_cast<int>(bytes % unit)};
  MPI_Aint displs[2] = {0, static_cast<MPI_Aint>(bytes / unit * unit)};
  MPI_Datatype out = MPI_DATATYPE_NULL;
  check_mpi(MPI_Type_create_struct(2, lengths, displs, types, &out), "MPI_Type_create_struct");
  MPI_Type_free(&block);
  check_mpi(MPI_Type_commit(&out), "MPI_Type_commit");
  return out;
}

/// Waits for every request; returns "" or what went wrong. Never throws, so that a failure
/// can still be reported to every rank through check_all.
std::string wait_all(std::vector<MPI_Request>& requests, std::vector<MPI_Status>& statuses) {
  statuses.resize(requests.size());
  const int rc = MPI_Waitall(static_cast<int>(requests.size()), requests.data(), statuses.data());
  if (rc == MPI_SUCCESS) return {};
  std::string failure;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    int code = rc == MPI_ERR_IN_STATUS ? statuses[i].MPI_ERROR : rc;
    if (code == MPI_ERR_PENDING) {  // not failed, just not finished: finish it
      code = MPI_Wait(&requests[i], &statuses[i]);
    }
    if (code != MPI_SUCCESS && failure.empty()) failure = CommError("MPI_Waitall", code).what();
  }
  return failure;
}

}  // namespace

void set_large_message_split(std::size_t threshold, std::size_t unit) {
  g_split_threshold = threshold;
  g_split_unit = std::max<std::size_t>(unit, 1);
}

void Communicator::exchange(const std::byte* send, const ExchangeLayout& to, std::byte* recv,
                            const ExchangeLayout& from, int tag) const {
  require_usable("exchange");
  std::string why = bad_layout(to, size_, "send");
  if (why.empty()) why = bad_layout(from, size_, "receive");
  if (why.empty()) why = detail::tag_problem(tag, tag_ub_);
  check_all(why.empty(), "exchange: bad arguments", why);

  // Byte ranges past MPI's int count go as one item of a derived type, freed after the wait.
  std::vector<MPI_Datatype> large_types;
  auto posted = [&](int peer, const std::byte* at, std::size_t bytes) {
    if (bytes <= g_split_threshold) {
      return Posted{peer, const_cast<std::byte*>(at), static_cast<int>(bytes), MPI_BYTE, bytes};
    }
    large_types.push_back(large_bytes_type(bytes));
    return Posted{peer, const_cast<std::byte*>(at), 1, large_types.back(), bytes};
  };
  std::vector<Posted> receives;
  std::vector<Posted> sends;
  for (std::size_t i = 0; i < from.peers.size(); ++i) {
    receives.push_back(posted(from.peers[i], recv + from.displs[i], from.counts[i]));
  }
  for (std::size_t i = 0; i < to.peers.size(); ++i) {
    sends.push_back(posted(to.peers[i], send + to.displs[i], to.counts[i]));
  }
  struct FreeTypes {
    std::vector<MPI_Datatype>& types;
    ~FreeTypes() {
      for (MPI_Datatype& t : types) MPI_Type_free(&t);
    }
  } free_types{large_types};
  exchange_posted(receives, sends, {}, tag);
}

void Communicator::exchange_typed(const void* send, const std::vector<TypedMessage>& to, void* recv,
                                  const std::vector<TypedMessage>& from,
                                  const std::function<void()>& while_in_flight, int tag) const {
  require_usable("exchange");
  std::string why;
  for (const auto* side : {&to, &from}) {
    for (const TypedMessage& m : *side) {
      if (why.empty()) why = detail::peer_problem(m.peer, size_);
      if (why.empty() && m.bytes > static_cast<std::size_t>(INT_MAX)) {
        why = "the message for peer " + std::to_string(m.peer) + " exceeds 2 GiB";
      }
    }
  }
  if (why.empty()) why = detail::tag_problem(tag, tag_ub_);
  check_all(why.empty(), "exchange: bad arguments", why);

  std::vector<Posted> receives;
  std::vector<Posted> sends;
  for (const TypedMessage& m : from) receives.push_back(Posted{m.peer, recv, 1, m.type, m.bytes});
  for (const TypedMessage& m : to) {
    sends.push_back(Posted{m.peer, const_cast<void*>(send), 1, m.type, m.bytes});
  }
  exchange_posted(receives, sends, while_in_flight, tag);
}

void Communicator::exchange_posted(const std::vector<Posted>& receives,
                                   const std::vector<Posted>& sends,
                                   const std::function<void()>& while_in_flight, int tag) const {
  std::vector<MPI_Request> requests;
  std::vector<const Posted*> receive_of_request;  // the receive each receive request serves
  requests.reserve(receives.size() + sends.size());
  // Receives first, so that messages land in place rather than in MPI's unexpected queue.
  for (const Posted& p : receives) {
    if (p.bytes == 0) continue;
    requests.emplace_back();
    receive_of_request.push_back(&p);
    check_mpi(MPI_Irecv(p.buffer, p.count, p.type, p.peer, tag, comm_, &requests.back()),
              "MPI_Irecv");
  }
  const std::size_t receive_requests = requests.size();
  for (const Posted& p : sends) {
    if (p.bytes == 0) continue;
    requests.emplace_back();
    check_mpi(MPI_Isend(p.buffer, p.count, p.type, p.peer, tag, comm_, &requests.back()),
              "MPI_Isend");
  }
  std::string failure;
  if (while_in_flight) {
    try {
      while_in_flight();
    } catch (const std::exception& error) {
      failure = error.what();  // reported after the wait, so that no request is left behind
    }
  }
  std::vector<MPI_Status> statuses;
  const std::string wait_failure = wait_all(requests, statuses);
  if (failure.empty()) failure = wait_failure;
  // A message shorter than expected is no MPI error, but a plan the peers disagree on.
  for (std::size_t k = 0; k < receive_requests && failure.empty(); ++k) {
    const Posted& p = *receive_of_request[k];
    MPI_Count got = 0;
    MPI_Get_elements_x(&statuses[k], p.type, &got);  // basic elements: bytes, for our types
    if (got < 0 || static_cast<std::size_t>(got) != p.bytes) {
      failure = "expected " + std::to_string(p.bytes) + " bytes from rank " +
                std::to_string(p.peer) + ", got " + std::to_string(got);
    }
  }
  check_all(failure.empty(), "exchange: the peers disagree on what to send", failure);
}

std::map<int, std::vector<std::byte>> Communicator::exchange(
    const std::map<int, std::vector<std::byte>>& outgoing, int tag) const {
  require_usable("exchange");
  std::string why = detail::tag_problem(tag, tag_ub_);
  for (const auto& [peer, bytes] : outgoing) {
    if (!why.empty()) break;
    why = detail::peer_problem(peer, size_);
    if (why.empty() && bytes.size() > static_cast<std::size_t>(INT_MAX)) {
      why = "the message for peer " + std::to_string(peer) + " exceeds 2 GiB";
    }
  }
  check_all(why.empty(), "exchange: bad arguments", why);

  // How many messages come to each rank: rank r learns the sum over senders of
  // "sends to r", without anyone holding more than one row of the pattern.
  std::vector<int> sends_to(static_cast<std::size_t>(size_), 0);
  for (const auto& [peer, bytes] : outgoing) {
    if (!bytes.empty()) sends_to[static_cast<std::size_t>(peer)] = 1;
  }
  int incoming = 0;
  check_mpi(MPI_Reduce_scatter_block(sends_to.data(), &incoming, 1, MPI_INT, MPI_SUM, comm_),
            "MPI_Reduce_scatter_block");

  std::vector<MPI_Request> requests;
  for (const auto& [peer, bytes] : outgoing) {
    if (bytes.empty()) continue;
    requests.emplace_back();
    check_mpi(MPI_Isend(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, peer, tag, comm_,
                        &requests.back()),
              "MPI_Isend");
  }
  // Messages of the next exchange cannot arrive early: a sender starts it only after its
  // MPI_Reduce_scatter_block, which needs this rank's contribution, i.e. after this loop.
  std::map<int, std::vector<std::byte>> received;
  for (int k = 0; k < incoming; ++k) {
    MPI_Message message = MPI_MESSAGE_NULL;
    MPI_Status status;
    check_mpi(MPI_Mprobe(MPI_ANY_SOURCE, tag, comm_, &message, &status), "MPI_Mprobe");
    int size = 0;
    check_mpi(MPI_Get_count(&status, MPI_BYTE, &size), "MPI_Get_count");
    std::vector<std::byte>& bytes = received[status.MPI_SOURCE];
    bytes.resize(static_cast<std::size_t>(size));
    check_mpi(MPI_Mrecv(bytes.data(), size, MPI_BYTE, &message, MPI_STATUS_IGNORE), "MPI_Mrecv");
  }
  check_mpi(MPI_Waitall(static_cast<int>(requests.size()), requests.data(), MPI_STATUSES_IGNORE),
            "MPI_Waitall");
  return received;
}

}  // namespace pgas::comm
