// Moving a LocalBox's cells between a row-major local array and a packed buffer, or between
// two local arrays; private to the redistribution layer.
#pragma once

#include <cstddef>

#include "pgas/maps/map.hpp"
#include "pgas/redistribution/local_box.hpp"

namespace pgas::redistribution {

/// Copies the cells of `box` out of a row-major local array (`shape`, `element_size`-byte
/// elements) into `packed`, in the box's order; unpack() is the reverse. Local.
void pack(const LocalBox& box, const maps::Shape& shape, std::size_t element_size,
          const void* array, void* packed);
void unpack(const LocalBox& box, const maps::Shape& shape, std::size_t element_size,
            const void* packed, void* array);

/// Copies the cells of `from_box` (in a row-major local array of `from_shape`) to the cells
/// of `to_box` (in another array), cell k to cell k in both boxes' order. Local.
void copy_box(const LocalBox& from_box, const maps::Shape& from_shape, const void* from,
              const LocalBox& to_box, const maps::Shape& to_shape, void* to,
              std::size_t element_size);

}  // namespace pgas::redistribution
