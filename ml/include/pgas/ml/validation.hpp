// Input checks and layouts shared by the estimators (scikit-learn's check_array, in C++ so
// that the scan of X is one pass over the local rows and one small collective).
#pragma once

#include <optional>
#include <string>

#include "pgas/darray/darray.hpp"

namespace pgas::ml {

/// Throws ValueError on every rank when any owned cell of `x` is NaN or infinite, with
/// scikit-learn's messages: "Input X contains NaN." (NaN wins when both occur) or "Input X
/// contains infinity or a value too large for dtype('float64')." (`name` replaces X).
/// Collective: one allreduce of two counts.
template <typename T>
void check_finite(const DArray<T>& x, const std::string& name = "X");

/// `x` itself when every rank holds whole rows of it and no overlap (maps::holds_whole_rows);
/// otherwise a copy of it on maps::row_map(x.map(), 2), kept in `storage`. So row-wise kernels
/// see complete rows without copying X when it is laid out by rows already, and per-sample
/// outputs on row_map(x.map(), 1) follow the rows. The caller's array is never modified.
/// Collective.
template <typename T>
const DArray<T>& whole_rows(const DArray<T>& x, std::optional<DArray<T>>& storage);

/// The same as a value: an alias of `x` (DArray::alias, the same storage) when it holds whole
/// rows already, else the copy on the row map. Collective.
template <typename T>
DArray<T> whole_rows(const DArray<T>& x);

}  // namespace pgas::ml
