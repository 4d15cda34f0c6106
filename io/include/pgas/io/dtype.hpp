// The element types pgas stores (SPEC §2) and how they look in an HDF5 file.
//
// The file types are h5py's, so h5py reads them back as the same NumPy dtypes:
//   float64/float32   IEEE little-endian floats
//   int64/int32       signed little-endian integers
//   uint64/32/16/8    unsigned little-endian integers (the unsigned extension, docs/darray.md)
//   complex128/64     compound {r, i} of two floats
//   bool              enum of int8 {FALSE = 0, TRUE = 1}
// Reading accepts any byte order and member names of those shapes (HDF5 converts).
#pragma once

#include <complex>
#include <cstdint>
#include <string>

namespace pgas::io {

enum class DType {
  float64,
  float32,
  int64,
  int32,
  uint64,
  uint32,
  uint16,
  uint8,
  complex128,
  complex64,
  boolean,
  unsupported
};

/// NumPy's name: "float64", ..., "bool"; "unsupported" for the rest. Local.
std::string dtype_name(DType dtype);

template <typename T>
constexpr DType dtype_of();
template <>
constexpr DType dtype_of<double>() {
  return DType::float64;
}
template <>
constexpr DType dtype_of<float>() {
  return DType::float32;
}
template <>
constexpr DType dtype_of<std::int64_t>() {
  return DType::int64;
}
template <>
constexpr DType dtype_of<std::int32_t>() {
  return DType::int32;
}
template <>
constexpr DType dtype_of<std::uint64_t>() {
  return DType::uint64;
}
template <>
constexpr DType dtype_of<std::uint32_t>() {
  return DType::uint32;
}
template <>
constexpr DType dtype_of<std::uint16_t>() {
  return DType::uint16;
}
template <>
constexpr DType dtype_of<std::uint8_t>() {
  return DType::uint8;
}
template <>
constexpr DType dtype_of<std::complex<double>>() {
  return DType::complex128;
}
template <>
constexpr DType dtype_of<std::complex<float>>() {
  return DType::complex64;
}
template <>
constexpr DType dtype_of<bool>() {
  return DType::boolean;
}

}  // namespace pgas::io
