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

}  // namespace pgas
