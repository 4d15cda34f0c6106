#include "box_datatype.hpp"

#include <vector>

#include "pgas/comm/comm_error.hpp"

namespace pgas::redistribution {

using comm::check_mpi;
namespace {

// Frees the constructor's intermediate types once the result holds what it needs of them.
struct TypeList {
  std::vector<MPI_Datatype> types;
  ~TypeList() {
    for (MPI_Datatype& t : types) MPI_Type_free(&t);
  }
  MPI_Datatype keep(MPI_Datatype t) {
    types.push_back(t);
    return t;
  }
};

// The cells of one dimension's segments, each cell being `inner` (the sub-box of the
// dimensions after it) placed `step` bytes after the previous index of this dimension.
// Every constructor takes byte strides, so the inner type's extent never matters.
MPI_Datatype segments_type(const LocalSegments& segments, MPI_Datatype inner, MPI_Aint step,
                           TypeList& scratch) {
  std::vector<MPI_Datatype> runs;
  std::vector<MPI_Aint> starts;
  for (const LocalRun& r : segments.runs) {
    MPI_Datatype piece = MPI_DATATYPE_NULL;
    check_mpi(MPI_Type_create_hvector(static_cast<int>(r.length), 1, step, inner, &piece),
              "MPI_Type_create_hvector");
    scratch.keep(piece);
    MPI_Datatype run = MPI_DATATYPE_NULL;
    check_mpi(MPI_Type_create_hvector(static_cast<int>(r.count), 1, r.stride * step, piece, &run),
              "MPI_Type_create_hvector");
    runs.push_back(scratch.keep(run));
    starts.push_back(r.start * step);
  }
  std::vector<int> ones(runs.size(), 1);
  MPI_Datatype out = MPI_DATATYPE_NULL;
  check_mpi(MPI_Type_create_struct(static_cast<int>(runs.size()), ones.data(), starts.data(),
                                   runs.data(), &out),
            "MPI_Type_create_struct");
  return out;
}

}  // namespace

BoxDatatype::BoxDatatype(const LocalBox& box, const maps::Shape& shape, std::size_t element_size) {
  TypeList scratch;
  MPI_Datatype inner = MPI_DATATYPE_NULL;
  check_mpi(MPI_Type_contiguous(static_cast<int>(element_size), MPI_BYTE, &inner),
            "MPI_Type_contiguous");
  scratch.keep(inner);
  // Innermost dimension first: each outer dimension repeats the sub-box of the ones after it.
  MPI_Aint step = static_cast<MPI_Aint>(element_size);
  for (std::size_t d = box.dims.size(); d-- > 0;) {
    MPI_Datatype t = segments_type(box.dims[d], inner, step, scratch);
    if (d == 0) {
      type_ = t;
    } else {
      inner = scratch.keep(t);
    }
    step *= static_cast<MPI_Aint>(shape[d]);
  }
  check_mpi(MPI_Type_commit(&type_), "MPI_Type_commit");
}

BoxDatatype::BoxDatatype(BoxDatatype&& other) noexcept : type_(other.type_) {
  other.type_ = MPI_DATATYPE_NULL;
}

BoxDatatype::~BoxDatatype() {
  int finalized = 0;
  MPI_Finalized(&finalized);  // cached plans may outlive MPI
  if (type_ != MPI_DATATYPE_NULL && !finalized) MPI_Type_free(&type_);
}

}  // namespace pgas::redistribution
