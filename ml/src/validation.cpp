#include "pgas/ml/validation.hpp"

#include <cmath>
#include <cstdint>

#include "pgas/darray/reductions.hpp"
#include "pgas/errors.hpp"
#include "pgas/maps/row_map.hpp"

namespace pgas::ml {

namespace {
template <typename T>
const char* dtype_name() {
  return sizeof(T) == 4 ? "float32" : "float64";
}
}  // namespace

template <typename T>
void check_finite(const DArray<T>& x, const std::string& name) {
  std::int64_t bad[2] = {0, 0};  // NaN cells, infinite cells
  // One vectorised pass first: v * 0 is NaN exactly for NaN and infinite cells, and a NaN stays
  // in a sum, so a finite total means nothing to count (the usual case, and the cheap one).
  bool clean = x.local_shape() == x.owned_shape();
  if (clean) {
    const double probe = detail::pairwise_terms<double>(
        x.local_data(), x.local_size(), [](T v) { return static_cast<double>(v) * 0.0; });
    clean = !std::isnan(probe);
  }
  if (!clean) {
    x.owned().for_each([&](const T& v) {
      if (std::isnan(v)) {
        ++bad[0];
      } else if (std::isinf(v)) {
        ++bad[1];
      }
    });
  }
  x.context()->comm().allreduce(bad, bad, 2, comm::Op::sum);
  if (bad[0] > 0) throw ValueError("Input " + name + " contains NaN.");
  if (bad[1] > 0) {
    throw ValueError("Input " + name + " contains infinity or a value too large for dtype('" +
                     dtype_name<T>() + "').");
  }
}

template <typename T>
const DArray<T>& whole_rows(const DArray<T>& x, std::optional<DArray<T>>& storage) {
  if (x.ndim() != 2) {
    throw ValueError("Expected 2D array, got " + std::to_string(x.ndim()) + "D array instead");
  }
  if (maps::holds_whole_rows(x.map())) return x;
  storage.emplace(x.remap(maps::row_map(x.map(), 2)));
  return *storage;
}

template <typename T>
DArray<T> whole_rows(const DArray<T>& x) {
  std::optional<DArray<T>> storage;
  const DArray<T>& rows = whole_rows(x, storage);
  return storage ? std::move(*storage) : rows.alias();  // copies are deep: share explicitly
}

template void check_finite(const DArray<float>&, const std::string&);
template void check_finite(const DArray<double>&, const std::string&);
template DArray<float> whole_rows(const DArray<float>&);
template DArray<double> whole_rows(const DArray<double>&);
template const DArray<float>& whole_rows(const DArray<float>&, std::optional<DArray<float>>&);
template const DArray<double>& whole_rows(const DArray<double>&, std::optional<DArray<double>>&);

}  // namespace pgas::ml
