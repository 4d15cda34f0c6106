// Small type traits every layer shares: complex or not, and the real type under a complex.
#pragma once

#include <complex>
#include <type_traits>

namespace pgas {

template <typename T>
struct is_complex : std::false_type {};
template <typename U>
struct is_complex<std::complex<U>> : std::true_type {};
template <typename T>
inline constexpr bool is_complex_v = is_complex<T>::value;

/// The real type of T: T itself, or U for std::complex<U>.
template <typename T>
struct RealOf {
  using type = T;
};
template <typename U>
struct RealOf<std::complex<U>> {
  using type = U;
};
template <typename T>
using Real = typename RealOf<T>::type;

}  // namespace pgas
