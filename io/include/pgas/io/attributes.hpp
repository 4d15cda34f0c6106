// User attributes of a dataset: scalars, strings and 1-d arrays of numbers, stored as plain
// HDF5 attributes (h5py's dset.attrs shows them).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace pgas::io {

/// One attribute value. `kind` says which member holds it; a scalar is stored as an HDF5
/// scalar, an array (also of length 1) as a 1-d attribute.
struct AttrValue {
  enum Kind { integer, real, text, integer_array, real_array };
  int kind = integer;
  std::vector<std::int64_t> ints;
  std::vector<double> doubles;
  std::string str;

  static AttrValue of(std::int64_t v) { return {integer, {v}, {}, {}}; }
  static AttrValue of(double v) { return {real, {}, {v}, {}}; }
  static AttrValue of(std::string v) { return {text, {}, {}, std::move(v)}; }
  static AttrValue of(const char* v) { return of(std::string(v)); }
  static AttrValue of(std::vector<std::int64_t> v) { return {integer_array, std::move(v), {}, {}}; }
  static AttrValue of(std::vector<double> v) { return {real_array, {}, std::move(v), {}}; }

  friend bool operator==(const AttrValue& a, const AttrValue& b) {
    return a.kind == b.kind && a.ints == b.ints && a.doubles == b.doubles && a.str == b.str;
  }

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar& kind& ints& doubles& str;
  }
};

/// Attributes by name. Names starting with "pgas_" are reserved for the stored map.
using Attributes = std::map<std::string, AttrValue>;

}  // namespace pgas::io
