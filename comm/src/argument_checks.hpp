// The wording of comm's argument checks, shared by the throwing checks of point-to-point
// calls (Communicator::check_peer / check_tag) and the collective ones of the exchanges,
// which gather the first problem and raise it on every rank. Private to comm.
#pragma once

#include <string>

#include "pgas/errors.hpp"

namespace pgas::comm::detail {

/// "" or why `tag` is not a usable tag (0 .. tag_ub).
inline std::string tag_problem(int tag, int tag_ub) {
  if (tag >= 0 && tag <= tag_ub) return {};
  return "tag " + std::to_string(tag) + " is outside [0, " + std::to_string(tag_ub) + "]";
}

/// "" or why `peer` is not a rank of a communicator of `size` ranks (base's one wording).
inline std::string peer_problem(int peer, int size, const char* who = "peer") {
  return outside_communicator(who, peer, size);
}

}  // namespace pgas::comm::detail
