// Agreement across ranks at the price of one small allreduce (docs/failure-model.md): that the
// arguments of a collective call are the same on every rank, and that a local step succeeded
// on every rank. The costly part (who differs, who failed, why) runs only when something is
// wrong, so a correct program pays one MPI_Allreduce of a few words per check.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pgas/comm/communicator.hpp"

namespace pgas::comm {

/// One collective argument as every rank must give it: its name and a hash of its value.
struct ArgumentFingerprint {
  std::string name;
  std::uint64_t hash = 0;
};

/// Throws the same ValueError on every rank unless every rank passed the same hashes, e.g.
///   "[rank r] pgas.remap: argument 'map' differs across ranks: rank(s) 0, 2 pass one value,
///   rank(s) 1 another". One MPI_Allreduce of 2 words per argument. Collective; every rank must
/// pass the same number of arguments (the names are not compared, only counted).
void check_same_arguments(const Communicator& comm, const std::string& call,
                          const std::vector<ArgumentFingerprint>& arguments);

/// The outcome of a local step, agreed: the ranks on which it failed (empty when it succeeded
/// everywhere), and the description the lowest failing rank gave. One MPI_Allreduce of one
/// word when no rank failed. Collective.
struct AgreedOutcome {
  std::vector<int> failed_ranks;
  std::string first_description;
};
AgreedOutcome agree_outcome(const Communicator& comm, bool failed_here,
                            const std::string& description);

}  // namespace pgas::comm
