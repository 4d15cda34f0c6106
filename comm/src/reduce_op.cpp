#include "pgas/comm/reduce_op.hpp"

#include "pgas/comm/comm_error.hpp"
#include "pgas/errors.hpp"

namespace pgas::comm {

const char* op_name(Op op) noexcept {
  switch (op) {
    case Op::sum:
      return "sum";
    case Op::prod:
      return "prod";
    case Op::min:
      return "min";
    case Op::max:
      return "max";
    case Op::land:
      return "land";
    case Op::lor:
      return "lor";
    case Op::minloc:
      return "minloc";
    case Op::maxloc:
      return "maxloc";
  }
  return "unknown";
}

namespace detail {

MPI_Op builtin_op(Op op) noexcept {
  switch (op) {
    case Op::sum:
      return MPI_SUM;
    case Op::prod:
      return MPI_PROD;
    case Op::min:
      return MPI_MIN;
    case Op::max:
      return MPI_MAX;
    case Op::land:
      return MPI_LAND;
    case Op::lor:
      return MPI_LOR;
    case Op::minloc:
      return MPI_MINLOC;
    case Op::maxloc:
      return MPI_MAXLOC;
  }
  return MPI_OP_NULL;
}

void throw_unsupported(Op op, const char* type, const char* why) {
  throw ValueError(std::string("reduction '") + op_name(op) + "' is not defined for " + type +
                   ": " + why);
}

MPI_Datatype make_pair_type(MPI_Datatype value_type, MPI_Aint value_offset, MPI_Aint index_offset,
                            MPI_Aint extent) {
  const int lengths[2] = {1, 1};
  const MPI_Aint offsets[2] = {value_offset, index_offset};
  const MPI_Datatype types[2] = {value_type, MPI_INT64_T};
  MPI_Datatype packed = MPI_DATATYPE_NULL;
  check_mpi(MPI_Type_create_struct(2, lengths, offsets, types, &packed), "MPI_Type_create_struct");
  // Resize to the C++ struct's extent so that arrays of pairs (with padding) line up.
  MPI_Datatype resized = MPI_DATATYPE_NULL;
  const int rc = MPI_Type_create_resized(packed, 0, extent, &resized);
  MPI_Type_free(&packed);
  check_mpi(rc, "MPI_Type_create_resized");
  check_mpi(MPI_Type_commit(&resized), "MPI_Type_commit");
  return resized;
}

void throw_op_create_failed(int rc) {
  throw CommError("MPI_Op_create", rc);
}

}  // namespace detail
}  // namespace pgas::comm
