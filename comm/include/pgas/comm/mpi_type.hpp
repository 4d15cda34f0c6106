// The MPI datatype of a C++ element type: the bridge that lets every typed operation of a
// Communicator be a template over the element type.
//
// Integers are mapped by size and signedness (MPI_INT32_T, MPI_UINT64_T, ...) rather than by
// C name, so int64_t, long and long long all travel correctly whichever of them is which on
// the platform. bool travels as MPI_CXX_BOOL (one byte on every ABI pgas supports), complex
// numbers as MPI_CXX_*_COMPLEX, std::byte as MPI_BYTE (raw, never reduced).
#pragma once

#include <mpi.h>

#include <complex>
#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace pgas::comm {

namespace detail {

template <class T>
constexpr bool is_sized_integer_v =
    std::is_integral_v<T> && !std::is_same_v<T, bool> && !std::is_same_v<T, char> &&
    (sizeof(T) == 1 || sizeof(T) == 2 || sizeof(T) == 4 || sizeof(T) == 8);

// The complex types MPI has predefined datatypes for (not every pgas::is_complex type).
template <class T>
constexpr bool is_mpi_complex_v =
    std::is_same_v<T, std::complex<float>> || std::is_same_v<T, std::complex<double>>;

}  // namespace detail

/// True when T (cv-qualifiers ignored) has a predefined MPI datatype; such values travel as
/// they are, everything else goes through Boost.Serialization.
template <class T>
constexpr bool has_mpi_type_v =
    detail::is_sized_integer_v<std::remove_cv_t<T>> || std::is_same_v<std::remove_cv_t<T>, bool> ||
    std::is_same_v<std::remove_cv_t<T>, char> || std::is_same_v<std::remove_cv_t<T>, float> ||
    std::is_same_v<std::remove_cv_t<T>, double> || std::is_same_v<std::remove_cv_t<T>, std::byte> ||
    detail::is_mpi_complex_v<std::remove_cv_t<T>>;

/// The predefined MPI datatype of T. Local; needs MPI initialised (the handles are globals
/// that Open MPI fills in at MPI_Init).
template <class T>
MPI_Datatype mpi_type() {
  using U = std::remove_cv_t<T>;
  static_assert(has_mpi_type_v<U>,
                "pgas::comm::mpi_type<T>: T has no predefined MPI datatype; send it as an object "
                "(Boost.Serialization) instead");
  if constexpr (std::is_same_v<U, bool>) {
    static_assert(sizeof(bool) == 1, "pgas assumes a one-byte bool on the wire");
    return MPI_CXX_BOOL;
  } else if constexpr (std::is_same_v<U, char>) {
    return MPI_CHAR;
  } else if constexpr (std::is_same_v<U, std::byte>) {
    return MPI_BYTE;
  } else if constexpr (std::is_same_v<U, float>) {
    return MPI_FLOAT;
  } else if constexpr (std::is_same_v<U, double>) {
    return MPI_DOUBLE;
  } else if constexpr (std::is_same_v<U, std::complex<float>>) {
    return MPI_CXX_FLOAT_COMPLEX;
  } else if constexpr (std::is_same_v<U, std::complex<double>>) {
    return MPI_CXX_DOUBLE_COMPLEX;
  } else if constexpr (std::is_signed_v<U>) {
    if constexpr (sizeof(U) == 1) return MPI_INT8_T;
    if constexpr (sizeof(U) == 2) return MPI_INT16_T;
    if constexpr (sizeof(U) == 4) return MPI_INT32_T;
    if constexpr (sizeof(U) == 8) return MPI_INT64_T;
  } else {
    if constexpr (sizeof(U) == 1) return MPI_UINT8_T;
    if constexpr (sizeof(U) == 2) return MPI_UINT16_T;
    if constexpr (sizeof(U) == 4) return MPI_UINT32_T;
    if constexpr (sizeof(U) == 8) return MPI_UINT64_T;
  }
}

/// A short NumPy-like name of T for error messages ("float64", "int32", "complex128", ...).
/// Local.
template <class T>
constexpr const char* type_name() {
  using U = std::remove_cv_t<T>;
  if constexpr (std::is_same_v<U, bool>) {
    return "bool";
  } else if constexpr (std::is_same_v<U, char>) {
    return "char";
  } else if constexpr (std::is_same_v<U, std::byte>) {
    return "byte";
  } else if constexpr (std::is_same_v<U, float>) {
    return "float32";
  } else if constexpr (std::is_same_v<U, double>) {
    return "float64";
  } else if constexpr (std::is_same_v<U, std::complex<float>>) {
    return "complex64";
  } else if constexpr (std::is_same_v<U, std::complex<double>>) {
    return "complex128";
  } else if constexpr (detail::is_sized_integer_v<U>) {
    constexpr const char* signed_names[] = {"int8", "int16", "", "int32", "", "", "", "int64"};
    constexpr const char* unsigned_names[] = {"uint8", "uint16", "", "uint32",
                                              "",      "",       "", "uint64"};
    return std::is_signed_v<U> ? signed_names[sizeof(U) - 1] : unsigned_names[sizeof(U) - 1];
  } else {
    return "object";
  }
}

}  // namespace pgas::comm
