// BoxDatatype: an MPI derived datatype for the cells of a LocalBox inside a row-major local
// array, in the order pack() lists them. Sending and receiving with it lets MPI move the
// cells straight between the two local arrays, without our own pack and unpack copies.
#pragma once

#include <mpi.h>

#include <cstddef>

#include "pgas/maps/map.hpp"
#include "pgas/redistribution/local_box.hpp"

namespace pgas::redistribution {

class BoxDatatype {
 public:
  /// The cells of `box` in a local array of `shape` with `element_size`-byte elements,
  /// committed. Local (MPI type constructors only).
  BoxDatatype(const LocalBox& box, const maps::Shape& shape, std::size_t element_size);
  ~BoxDatatype();
  BoxDatatype(const BoxDatatype&) = delete;
  BoxDatatype& operator=(const BoxDatatype&) = delete;
  BoxDatatype(BoxDatatype&& other) noexcept;
  BoxDatatype& operator=(BoxDatatype&&) = delete;

  MPI_Datatype get() const { return type_; }

 private:
  MPI_Datatype type_ = MPI_DATATYPE_NULL;
};

}  // namespace pgas::redistribution
