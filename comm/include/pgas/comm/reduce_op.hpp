// Reductions: which operations exist, which element types they accept, and the value+index
// pairs that argmin/argmax reduce.
//
// The type/operation table follows NumPy rather than MPI where the two differ: complex
// numbers only add and multiply (they have no order); bool has min/max (= and/or) and
// land/lor, but no sum (NumPy counts booleans as integers, so a caller casts first); floating
// point has no logical and/or (MPI forbids it).
#pragma once

#include <mpi.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>

#include "pgas/comm/mpi_type.hpp"

namespace pgas::comm {

/// A reduction operation. minloc/maxloc reduce ValueIndex pairs, the others plain values.
enum class Op { sum, prod, min, max, land, lor, minloc, maxloc };

/// "sum", "prod", ... Local.
const char* op_name(Op op) noexcept;

/// A candidate for argmin/argmax: a value and its (global) index. A negative index means "no
/// candidate" (a rank with an empty part) and never wins. Ties go to the smaller index and a
/// NaN beats every number, as numpy.argmin/argmax do.
template <class T>
struct ValueIndex {
  T value{};
  std::int64_t index = -1;

  friend bool operator==(const ValueIndex& a, const ValueIndex& b) {
    return a.value == b.value && a.index == b.index;
  }
  friend bool operator!=(const ValueIndex& a, const ValueIndex& b) { return !(a == b); }
};

template <class T>
struct is_value_index : std::false_type {};
template <class T>
struct is_value_index<ValueIndex<T>> : std::true_type {};
template <class T>
constexpr bool is_value_index_v = is_value_index<std::remove_cv_t<T>>::value;

namespace detail {

MPI_Op builtin_op(Op op) noexcept;
[[noreturn]] void throw_unsupported(Op op, const char* type, const char* why);

/// Whether `a` should win over `b` in an argmin (kMax false) or argmax (kMax true).
template <class T, bool kMax>
bool wins(const ValueIndex<T>& a, const ValueIndex<T>& b) {
  if (a.index < 0 || b.index < 0) return b.index < 0 && a.index >= 0;
  if constexpr (std::is_floating_point_v<T>) {
    const bool a_nan = std::isnan(a.value);
    const bool b_nan = std::isnan(b.value);
    if (a_nan || b_nan) return a_nan && (!b_nan || a.index < b.index);
  }
  if (a.value != b.value) return kMax ? a.value > b.value : a.value < b.value;
  return a.index < b.index;
}

/// The MPI_User_function of an argmin/argmax: inout[i] = best of in[i] and inout[i].
template <class T, bool kMax>
void reduce_value_index(void* in, void* inout, int* length, MPI_Datatype* /*type*/) {
  const auto* a = static_cast<const ValueIndex<T>*>(in);
  auto* b = static_cast<ValueIndex<T>*>(inout);
  for (int i = 0; i < *length; ++i) {
    if (wins<T, kMax>(a[i], b[i])) b[i] = a[i];
  }
}

/// A committed MPI datatype {value_type at value_offset, int64 at index_offset} with the
/// extent of the C++ struct. Defined in reduce_op.cpp.
MPI_Datatype make_pair_type(MPI_Datatype value_type, MPI_Aint value_offset, MPI_Aint index_offset,
                            MPI_Aint extent);

}  // namespace detail

/// The MPI operation that performs `op` on elements of type T; throws ValueError when the pair
/// makes no sense (see the table at the top of this file). Local.
template <class T>
MPI_Op mpi_op(Op op) {
  using U = std::remove_cv_t<T>;
  static_assert(has_mpi_type_v<U>, "pgas::comm::mpi_op<T>: T has no MPI datatype");
  if (op == Op::minloc || op == Op::maxloc) {
    detail::throw_unsupported(op, type_name<U>(), "reduce ValueIndex<T> pairs instead");
  }
  if constexpr (std::is_same_v<U, std::byte> || std::is_same_v<U, char>) {
    detail::throw_unsupported(op, type_name<U>(), "bytes and characters are not numbers");
  } else if constexpr (detail::is_mpi_complex_v<U>) {
    if (op != Op::sum && op != Op::prod) {
      detail::throw_unsupported(op, type_name<U>(), "complex numbers only add and multiply");
    }
  } else if constexpr (std::is_same_v<U, bool>) {
    if (op == Op::min) return MPI_LAND;
    if (op == Op::max) return MPI_LOR;
    if (op == Op::sum || op == Op::prod) {
      detail::throw_unsupported(op, type_name<U>(), "cast to an integer type first, as NumPy does");
    }
  } else if constexpr (std::is_floating_point_v<U>) {
    if (op == Op::land || op == Op::lor) {
      detail::throw_unsupported(op, type_name<U>(), "compare with zero first");
    }
  }
  return detail::builtin_op(op);
}

namespace detail {

[[noreturn]] void throw_op_create_failed(int rc);

/// The MPI datatype and operation of an argmin/argmax over ValueIndex<T>, created for one call
/// and freed with it (a few microseconds, and no global state to tear down before
/// MPI_Finalize).
template <class T>
class ValueIndexReduction {
 public:
  explicit ValueIndexReduction(Op op) {
    static_assert(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>,
                  "ValueIndex<T> reductions need a real, ordered T");
    if (op != Op::minloc && op != Op::maxloc) {
      throw_unsupported(op, "ValueIndex", "value+index pairs reduce with minloc or maxloc only");
    }
    type_ = make_pair_type(mpi_type<T>(), static_cast<MPI_Aint>(offsetof(ValueIndex<T>, value)),
                           static_cast<MPI_Aint>(offsetof(ValueIndex<T>, index)),
                           static_cast<MPI_Aint>(sizeof(ValueIndex<T>)));
    MPI_User_function* function =
        op == Op::maxloc ? &reduce_value_index<T, true> : &reduce_value_index<T, false>;
    const int rc = MPI_Op_create(function, /*commute=*/1, &op_);
    if (rc != MPI_SUCCESS) {
      MPI_Type_free(&type_);
      throw_op_create_failed(rc);
    }
  }
  ~ValueIndexReduction() {
    MPI_Op_free(&op_);
    MPI_Type_free(&type_);
  }
  ValueIndexReduction(const ValueIndexReduction&) = delete;
  ValueIndexReduction& operator=(const ValueIndexReduction&) = delete;

  MPI_Datatype type() const noexcept { return type_; }
  MPI_Op op() const noexcept { return op_; }

 private:
  MPI_Datatype type_ = MPI_DATATYPE_NULL;
  MPI_Op op_ = MPI_OP_NULL;
};

}  // namespace detail
}  // namespace pgas::comm
