// dtype names and the HDF5 types that carry each dtype.
#include "pgas/io/dtype.hpp"

#include <cstdint>
#include <cstring>

#include "h5_types.hpp"
#include "pgas/io/errors.hpp"

namespace pgas::io {

std::string dtype_name(DType dtype) {
  switch (dtype) {
    case DType::float64:
      return "float64";
    case DType::float32:
      return "float32";
    case DType::int64:
      return "int64";
    case DType::int32:
      return "int32";
    case DType::uint64:
      return "uint64";
    case DType::uint32:
      return "uint32";
    case DType::uint16:
      return "uint16";
    case DType::uint8:
      return "uint8";
    case DType::complex128:
      return "complex128";
    case DType::complex64:
      return "complex64";
    case DType::boolean:
      return "bool";
    default:
      return "unsupported";
  }
}

namespace h5 {
namespace {

// h5py's complex: a compound {r, i} of two floats of the part type.
Id complex_type(hid_t part, std::size_t part_size) {
  Id t = checked(H5Tcreate(H5T_COMPOUND, 2 * part_size), "H5Tcreate");
  check(H5Tinsert(t, "r", 0, part), "H5Tinsert");
  check(H5Tinsert(t, "i", part_size, part), "H5Tinsert");
  return t;
}

// h5py's bool: an enum of int8 with FALSE = 0 and TRUE = 1.
Id bool_type(hid_t base) {
  Id t = checked(H5Tenum_create(base), "H5Tenum_create");
  const std::int8_t no = 0, yes = 1;
  check(H5Tenum_insert(t, "FALSE", &no), "H5Tenum_insert");
  check(H5Tenum_insert(t, "TRUE", &yes), "H5Tenum_insert");
  return t;
}

Id copy(hid_t t) {
  return checked(H5Tcopy(t), "H5Tcopy");
}

}  // namespace

Id file_type(DType dtype) {
  switch (dtype) {
    case DType::float64:
      return copy(H5T_IEEE_F64LE);
    case DType::float32:
      return copy(H5T_IEEE_F32LE);
    case DType::int64:
      return copy(H5T_STD_I64LE);
    case DType::int32:
      return copy(H5T_STD_I32LE);
    case DType::uint64:
      return copy(H5T_STD_U64LE);
    case DType::uint32:
      return copy(H5T_STD_U32LE);
    case DType::uint16:
      return copy(H5T_STD_U16LE);
    case DType::uint8:
      return copy(H5T_STD_U8LE);
    case DType::complex128:
      return complex_type(H5T_IEEE_F64LE, 8);
    case DType::complex64:
      return complex_type(H5T_IEEE_F32LE, 4);
    case DType::boolean:
      return bool_type(H5T_STD_I8LE);
    default:
      throw IOError("no HDF5 type for an unsupported dtype");
  }
}

Id memory_type(DType dtype) {
  static_assert(sizeof(bool) == 1, "bool is stored as one byte");
  switch (dtype) {
    case DType::float64:
      return copy(H5T_NATIVE_DOUBLE);
    case DType::float32:
      return copy(H5T_NATIVE_FLOAT);
    case DType::int64:
      return copy(H5T_NATIVE_INT64);
    case DType::int32:
      return copy(H5T_NATIVE_INT32);
    case DType::uint64:
      return copy(H5T_NATIVE_UINT64);
    case DType::uint32:
      return copy(H5T_NATIVE_UINT32);
    case DType::uint16:
      return copy(H5T_NATIVE_UINT16);
    case DType::uint8:
      return copy(H5T_NATIVE_UINT8);
    case DType::complex128:
      return complex_type(H5T_NATIVE_DOUBLE, sizeof(double));
    case DType::complex64:
      return complex_type(H5T_NATIVE_FLOAT, sizeof(float));
    case DType::boolean:
      return bool_type(H5T_NATIVE_INT8);
    default:
      throw IOError("no HDF5 type for an unsupported dtype");
  }
}

namespace {

bool is_float(hid_t t, std::size_t size) {
  return H5Tget_class(t) == H5T_FLOAT && H5Tget_size(t) == size;
}

std::string member_name(hid_t t, unsigned i) {
  char* raw = H5Tget_member_name(t, i);
  if (!raw) return {};
  std::string name(raw);
  H5free_memory(raw);
  return name;
}

// h5py's bool enum: int8 base, exactly the members FALSE = 0 and TRUE = 1.
bool is_bool_enum(hid_t t) {
  if (H5Tget_class(t) != H5T_ENUM || H5Tget_size(t) != 1 || H5Tget_nmembers(t) != 2) return false;
  for (unsigned i = 0; i < 2; ++i) {
    std::int8_t value = -1;
    if (H5Tget_member_value(t, i, &value) < 0) return false;
    const std::string name = member_name(t, i);
    if (!((name == "FALSE" && value == 0) || (name == "TRUE" && value == 1))) return false;
  }
  return true;
}

}  // namespace

DType classify(hid_t t) {
  ErrorSilencer quiet;
  switch (H5Tget_class(t)) {
    case H5T_FLOAT:
      if (is_float(t, 8)) return DType::float64;
      if (is_float(t, 4)) return DType::float32;
      return DType::unsupported;
    case H5T_INTEGER:
      if (H5Tget_sign(t) == H5T_SGN_NONE) {
        switch (H5Tget_size(t)) {
          case 8:
            return DType::uint64;
          case 4:
            return DType::uint32;
          case 2:
            return DType::uint16;
          case 1:
            return DType::uint8;
          default:
            return DType::unsupported;
        }
      }
      if (H5Tget_sign(t) != H5T_SGN_2) return DType::unsupported;
      if (H5Tget_size(t) == 8) return DType::int64;
      if (H5Tget_size(t) == 4) return DType::int32;
      return DType::unsupported;
    case H5T_ENUM:
      return is_bool_enum(t) ? DType::boolean : DType::unsupported;
    case H5T_COMPOUND: {
      if (H5Tget_nmembers(t) != 2 || member_name(t, 0) != "r" || member_name(t, 1) != "i") {
        return DType::unsupported;
      }
      Id re(H5Tget_member_type(t, 0)), im(H5Tget_member_type(t, 1));
      if (!re.valid() || !im.valid()) return DType::unsupported;
      if (is_float(re, 8) && is_float(im, 8)) return DType::complex128;
      if (is_float(re, 4) && is_float(im, 4)) return DType::complex64;
      return DType::unsupported;
    }
    default:
      return DType::unsupported;
  }
}

std::string describe(hid_t t) {
  ErrorSilencer quiet;
  const DType known = classify(t);
  if (known != DType::unsupported) return dtype_name(known);
  const std::string bits = std::to_string(8 * H5Tget_size(t));
  switch (H5Tget_class(t)) {
    case H5T_INTEGER:
      return (H5Tget_sign(t) == H5T_SGN_2 ? "int" : "uint") + bits;
    case H5T_FLOAT:
      return "float" + bits;
    case H5T_STRING:
      return "string";
    case H5T_ENUM:
      return "enum";
    case H5T_COMPOUND:
      return "compound";
    case H5T_ARRAY:
      return "array";
    case H5T_VLEN:
      return "vlen";
    case H5T_REFERENCE:
      return "reference";
    case H5T_OPAQUE:
      return "opaque";
    default:
      return "unknown";
  }
}

}  // namespace h5
}  // namespace pgas::io
