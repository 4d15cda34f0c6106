// The element types a DArray holds, in one list: SPEC §2's float64, float32, int64, int32,
// complex128, complex64 and bool, and the unsigned extension uint64, uint32, uint16, uint8
// (docs/darray.md). The layers above (io's file types, the Python bindings) walk this list
// instead of restating it; a type's NumPy name is comm::type_name<T>().
#pragma once

#include <complex>
#include <cstdint>
#include <string>
#include <type_traits>

#include "pgas/comm/mpi_type.hpp"

namespace pgas {

/// A type as a value, for the callbacks of for_each_element_type.
template <typename T>
struct type_tag {
  using type = T;
};

template <typename... T>
struct type_list {};

using element_types =
    type_list<double, float, std::int64_t, std::int32_t, std::uint64_t, std::uint32_t,
              std::uint16_t, std::uint8_t, std::complex<double>, std::complex<float>, bool>;

namespace detail {
template <typename F, typename... T>
void for_each_in(type_list<T...>, F&& f) {
  (f(type_tag<T>{}), ...);
}
template <typename T, typename... U>
constexpr bool is_in(type_list<U...>) {
  return (std::is_same_v<T, U> || ...);
}
}  // namespace detail

/// f(type_tag<T>{}) for every element type, in the order of element_types. Local.
template <typename F>
void for_each_element_type(F&& f) {
  detail::for_each_in(element_types{}, f);
}

/// Whether a DArray may hold T (cv-qualifiers ignored).
template <typename T>
inline constexpr bool is_element_type_v = detail::is_in<std::remove_cv_t<T>>(element_types{});

/// "float64, float32, ..., complex64 and bool": the element types for messages. Local.
inline std::string element_type_names() {
  std::string out;
  std::size_t i = 0, n = 0;
  for_each_element_type([&n](auto) { ++n; });
  for_each_element_type([&](auto tag) {
    if (i > 0) out += i + 1 == n ? " and " : ", ";
    out += comm::type_name<typename decltype(tag)::type>();
    ++i;
  });
  return out;
}

}  // namespace pgas
