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

/// n default-initialised elements (no zeroing for arithmetic types), freed with the pointer.
template <typename T>
std::shared_ptr<T> allocate_local(std::size_t n) {
  static_assert(std::is_trivially_destructible_v<T>, "local buffers hold plain numbers");
  void* raw = ::operator new(n * sizeof(T));
  advise_huge_pages(raw, n * sizeof(T));
  T* first = static_cast<T*>(raw);
  for (std::size_t i = 0; i < n; ++i) new (first + i) T;  // complex<T>'s constructor zeroes
  return std::shared_ptr<T>(first, [](T* p) { ::operator delete(static_cast<void*>(p)); });
}

}  // namespace pgas
