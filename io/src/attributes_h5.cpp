#include "attributes_h5.hpp"

#include <cstdint>
#include <vector>

namespace pgas::io::h5 {

void write_attribute(hid_t object, const std::string& name, const AttrValue& value) {
  if (H5Aexists(object, name.c_str()) > 0) {
    check(H5Adelete(object, name.c_str()), "deleting attribute '" + name + "'");
  }
  const bool scalar = value.kind == AttrValue::integer || value.kind == AttrValue::real ||
                      value.kind == AttrValue::text;
  Id space;
  if (scalar) {
    space = checked(H5Screate(H5S_SCALAR), "H5Screate");
  } else {
    const hsize_t n =
        value.kind == AttrValue::integer_array ? value.ints.size() : value.doubles.size();
    space = checked(H5Screate_simple(1, &n, nullptr), "H5Screate_simple");
  }
  const std::string what = "writing attribute '" + name + "'";
  if (value.kind == AttrValue::text) {
    Id type = checked(H5Tcopy(H5T_C_S1), "H5Tcopy");
    check(H5Tset_size(type, H5T_VARIABLE), "H5Tset_size");
    check(H5Tset_cset(type, H5T_CSET_UTF8), "H5Tset_cset");
    Id attr =
        checked(H5Acreate2(object, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), what);
    const char* text = value.str.c_str();
    check(H5Awrite(attr, type, &text), what);
  } else if (value.kind == AttrValue::integer || value.kind == AttrValue::integer_array) {
    Id attr = checked(
        H5Acreate2(object, name.c_str(), H5T_STD_I64LE, space, H5P_DEFAULT, H5P_DEFAULT), what);
    if (!value.ints.empty()) check(H5Awrite(attr, H5T_NATIVE_INT64, value.ints.data()), what);
  } else {
    Id attr = checked(
        H5Acreate2(object, name.c_str(), H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT), what);
    if (!value.doubles.empty())
      check(H5Awrite(attr, H5T_NATIVE_DOUBLE, value.doubles.data()), what);
  }
}

namespace {

struct Reader {
  Attributes* out;
};

herr_t read_one(hid_t object, const char* name, const H5A_info_t* /*info*/, void* data) {
  auto* out = static_cast<Reader*>(data)->out;
  Id attr(H5Aopen(object, name, H5P_DEFAULT));
  if (!attr.valid()) return 0;
  Id type(H5Aget_type(attr));
  Id space(H5Aget_space(attr));
  if (!type.valid() || !space.valid()) return 0;
  const H5S_class_t space_class = H5Sget_simple_extent_type(space);
  const bool scalar = space_class == H5S_SCALAR;
  const hssize_t n = H5Sget_simple_extent_npoints(space);
  if (n < 0 || space_class == H5S_NULL) return 0;
  const auto count = static_cast<std::size_t>(n);
  switch (H5Tget_class(type)) {
    case H5T_INTEGER: {
      AttrValue v;
      v.kind = scalar ? AttrValue::integer : AttrValue::integer_array;
      v.ints.resize(count);
      if (H5Aread(attr, H5T_NATIVE_INT64, v.ints.data()) >= 0) (*out)[name] = v;
      break;
    }
    case H5T_FLOAT: {
      AttrValue v;
      v.kind = scalar ? AttrValue::real : AttrValue::real_array;
      v.doubles.resize(count);
      if (H5Aread(attr, H5T_NATIVE_DOUBLE, v.doubles.data()) >= 0) (*out)[name] = v;
      break;
    }
    case H5T_STRING: {
      if (!scalar) break;
      if (H5Tis_variable_str(type) > 0) {
        Id mem = checked(H5Tcopy(H5T_C_S1), "H5Tcopy");
        H5Tset_size(mem, H5T_VARIABLE);
        H5Tset_cset(mem, H5Tget_cset(type));
        char* text = nullptr;
        if (H5Aread(attr, mem, &text) >= 0 && text) {
          (*out)[name] = AttrValue::of(std::string(text));
          H5free_memory(text);
        }
      } else {
        const std::size_t size = H5Tget_size(type);
        std::vector<char> buffer(size + 1, '\0');
        Id mem = checked(H5Tcopy(type), "H5Tcopy");
        if (H5Aread(attr, mem, buffer.data()) >= 0) {
          std::string text(buffer.data());  // fixed strings are NUL- or space-padded
          while (!text.empty() && text.back() == ' ') text.pop_back();
          (*out)[name] = AttrValue::of(text);
        }
      }
      break;
    }
    default:
      break;  // other kinds of attributes are not part of a pgas Attributes
  }
  return 0;
}

}  // namespace

Attributes read_attributes(hid_t object) {
  ErrorSilencer quiet;
  Attributes out;
  Reader reader{&out};
  hsize_t index = 0;
  H5Aiterate2(object, H5_INDEX_NAME, H5_ITER_INC, &index, read_one, &reader);
  H5Eclear2(H5E_DEFAULT);
  return out;
}

}  // namespace pgas::io::h5
