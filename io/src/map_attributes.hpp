// The map as dataset attributes, so that a load can restore the writer's layout:
//   pgas_grid     int64[ndim]   positions per dimension
//   pgas_dist     string        one per dimension, comma-separated: "b", "c", "bc(k)"
//   pgas_procs    int64[...]    ranks in row-major grid order; absent when 0 .. prod(grid)-1
//   pgas_overlap  int64[ndim]   high-side overlap per dimension
// Private to the io layer; docs/io.md documents the spelling for other tools.
#pragma once

#include <optional>
#include <string>

#include "pgas/io/attributes.hpp"
#include "pgas/maps/map.hpp"

namespace pgas::io {

inline constexpr const char* reserved_prefix = "pgas_";

/// The pgas_* attributes that describe `map`. Local.
Attributes map_attributes(const maps::Map& map);

/// The map described by pgas_* attributes in `attrs`; nullopt when there are none, or when
/// they are malformed (then `why` says how). Local.
std::optional<maps::Map> map_from_attributes(const Attributes& attrs, std::string* why);

/// Moves the pgas_* entries of `attrs` into the result. Local.
Attributes take_map_attributes(Attributes& attrs);

}  // namespace pgas::io
