#include "pgas/darray/local_buffer.hpp"

#include <cstdint>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#endif

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace pgas {

void advise_huge_pages(void* p, std::size_t bytes) noexcept {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  // Below a few huge pages the hint buys nothing (NumPy uses the same 4 MiB threshold).
  constexpr std::size_t kWorthIt = std::size_t{4} << 20;
  if (bytes < kWorthIt) return;
  const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
  const auto begin = (reinterpret_cast<std::uintptr_t>(p) + page - 1) / page * page;
  const auto end = (reinterpret_cast<std::uintptr_t>(p) + bytes) / page * page;
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
  (void)p;
  (void)bytes;
#endif
}

void guard_slack(void* p, std::size_t bytes, bool guarded) noexcept {
#if defined(__SANITIZE_ADDRESS__)
  if (guarded) {
    ASAN_POISON_MEMORY_REGION(p, bytes);
  } else {
    ASAN_UNPOISON_MEMORY_REGION(p, bytes);
  }
#else
  (void)p;
  (void)bytes;
  (void)guarded;
#endif
}

}  // namespace pgas
