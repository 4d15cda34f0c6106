// Reading and writing AttrValues as HDF5 attributes, private to the io layer.
#pragma once

#include <string>

#include "h5.hpp"
#include "pgas/io/attributes.hpp"

namespace pgas::io::h5 {

/// Writes (or replaces) one attribute of `object`. Integers as int64, reals as float64, text
/// as a variable-length UTF-8 string (h5py shows str). Local to the calling rank(s): in a
/// parallel file every rank must call it with the same value.
void write_attribute(hid_t object, const std::string& name, const AttrValue& value);

/// Every attribute of `object` that maps onto an AttrValue: integers, floats (scalars or
/// arrays, flattened) and scalar strings; others are skipped. Local.
Attributes read_attributes(hid_t object);

}  // namespace pgas::io::h5
