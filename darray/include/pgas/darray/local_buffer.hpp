// The storage of a rank's local part: one allocation, left uninitialised, that large arrays
// back with transparent huge pages where the kernel offers them (as NumPy does), so that first
// touching a big array costs a few hundred page faults instead of one per 4 KiB.
#pragma once

#include <cstddef>
#include <memory>
#include <new>
#include <type_traits>

namespace pgas {

/// Ask the kernel for huge pages over [p, p + bytes) (madvise(MADV_HUGEPAGE) on the whole pages
/// inside it). A hint: does nothing where unsupported or for small ranges. Local.
void advise_huge_pages(void* p, std::size_t bytes) noexcept;

/// Under AddressSanitizer, marks [p, p + bytes) as memory pgas's own code must not touch
/// (reported if it does) or, with `guarded` false, lifts that mark; otherwise does nothing. Local.
void guard_slack(void* p, std::size_t bytes, bool guarded) noexcept;

/// n default-initialised elements (no zeroing for arithmetic types), freed with the pointer,
/// followed by `slack` zeroed elements that are not part of the buffer: room for the reads
/// optimised BLAS kernels make past the end of the vectors they are given (OpenBLAS 0.3.21's
/// Haswell c/zgemv_n read up to one stride past x, and past y: docs/testing.md), so that such a
/// read never leaves the allocation. Under AddressSanitizer the slack is guarded, so pgas code
/// that reads or writes it is still reported. Local.
template <typename T>
std::shared_ptr<T> allocate_local(std::size_t n, std::size_t slack = 0) {
  static_assert(std::is_trivially_destructible_v<T>, "local buffers hold plain numbers");
  void* raw = ::operator new((n + slack) * sizeof(T));
  advise_huge_pages(raw, n * sizeof(T));
  T* first = static_cast<T*>(raw);
  for (std::size_t i = 0; i < n; ++i) new (first + i) T;  // complex<T>'s constructor zeroes
  for (std::size_t i = n; i < n + slack; ++i) new (first + i) T(0);
  const std::size_t slack_bytes = slack * sizeof(T);
  guard_slack(first + n, slack_bytes, true);
  return std::shared_ptr<T>(first, [n, slack_bytes](T* p) {
    guard_slack(p + n, slack_bytes, false);
    ::operator delete(static_cast<void*>(p));
  });
}

}  // namespace pgas
