#include "pgas/comm/agreement.hpp"

#include <mpi.h>

#include <algorithm>
#include <map>

#include "pgas/comm/comm_error.hpp"
#include "pgas/errors.hpp"
#include "pgas/text.hpp"

namespace pgas::comm {

void check_same_arguments(const Communicator& comm, const std::string& call,
                          const std::vector<ArgumentFingerprint>& arguments) {
  if (comm.size() == 1) return;
  // The maximum of h and of ~h (that is, the minimum of h) in one reduction: they are equal
  // exactly when every rank has the same h.
  const std::size_t n = arguments.size();
  std::vector<std::uint64_t> extremes(2 * n + 1);
  for (std::size_t i = 0; i < n; ++i) {
    extremes[2 * i] = arguments[i].hash;
    extremes[2 * i + 1] = ~arguments[i].hash;
  }
  extremes[2 * n] = n;  // a rank passing another number of arguments differs too
  std::vector<std::uint64_t> reduced(extremes.size());
  comm.allreduce(extremes.data(), reduced.data(), extremes.size(), Op::max);
  std::vector<std::size_t> differing;
  for (std::size_t i = 0; i < n; ++i) {
    if (reduced[2 * i] != ~reduced[2 * i + 1]) differing.push_back(i);
  }
  if (reduced[2 * n] != n) {
    throw ValueError(call + ": the ranks disagree on how many collective arguments they pass");
  }
  if (differing.empty()) return;
  // Error path: name the ranks, grouped by the value they passed, for the first argument that
  // differs.
  const std::size_t first = differing.front();
  const std::vector<std::uint64_t> hashes = comm.allgather(arguments[first].hash);
  std::map<std::uint64_t, std::vector<int>> groups;
  for (int r = 0; r < comm.size(); ++r) groups[hashes[static_cast<std::size_t>(r)]].push_back(r);
  std::vector<std::vector<int>> ranks_by_group;
  for (auto& [hash, ranks] : groups) ranks_by_group.push_back(ranks);
  // The largest group first (it is probably the intended value), then by lowest rank, so the
  // message is the same whatever the hashes are.
  std::sort(ranks_by_group.begin(), ranks_by_group.end(), [](const auto& a, const auto& b) {
    return a.size() != b.size() ? a.size() > b.size() : a.front() < b.front();
  });
  std::string message = call + ": argument '" + arguments[first].name +
                        "' must be the same on every rank, but rank(s) " +
                        join(ranks_by_group[0], "", ", ", "") + " pass one value";
  for (std::size_t g = 1; g < ranks_by_group.size(); ++g) {
    message += g + 1 == ranks_by_group.size() && g > 1 ? " and rank(s) " : ", rank(s) ";
    message += join(ranks_by_group[g], "", ", ", "") + " another";
  }
  if (differing.size() > 1) {
    std::vector<std::string> others;
    for (std::size_t k = 1; k < differing.size(); ++k)
      others.push_back("'" + arguments[differing[k]].name + "'");
    message +=
        " (" + join(others, "", ", ", "") + " differ" + (others.size() == 1 ? "s" : "") + " too)";
  }
  throw ValueError(message);
}

AgreedOutcome agree_outcome(const Communicator& comm, bool failed_here,
                            const std::string& description) {
  AgreedOutcome outcome;
  if (comm.size() == 1) {
    if (failed_here) outcome = {{0}, description};
    return outcome;
  }
  const int any_failed = comm.allreduce(failed_here ? 1 : 0, Op::max);
  if (!any_failed) return outcome;
  const std::vector<int> flags = comm.allgather(failed_here ? 1 : 0);
  for (int r = 0; r < comm.size(); ++r) {
    if (flags[static_cast<std::size_t>(r)]) outcome.failed_ranks.push_back(r);
  }
  outcome.first_description = description;
  comm.bcast_bytes(outcome.first_description, outcome.failed_ranks.front());
  return outcome;
}

}  // namespace pgas::comm
