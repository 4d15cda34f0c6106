#include "pgas/errors.hpp"

#include <atomic>

namespace pgas {
namespace {
std::atomic<int> g_error_rank{-1};
}

int error_rank() noexcept {
  return g_error_rank.load(std::memory_order_relaxed);
}

void set_error_rank(int rank) noexcept {
  g_error_rank.store(rank, std::memory_order_relaxed);
}

std::string with_rank(const std::string& message) {
  const int rank = error_rank();
  if (rank < 0) return message;
  return "[rank " + std::to_string(rank) + "] " + message;
}

std::string outside_communicator(const std::string& who, int rank, int size) {
  if (rank >= 0 && rank < size) return {};
  return who + " " + std::to_string(rank) + " is outside the communicator of " +
         std::to_string(size) + " ranks";
}

void check_rank_in_communicator(const std::string& who, int rank, int size,
                                const std::string& detail) {
  const std::string problem = outside_communicator(who, rank, size);
  if (!problem.empty()) throw ValueError(problem + detail);
}

}  // namespace pgas
