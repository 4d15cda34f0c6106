#include "pgas/ml/validation.hpp"

#include <cmath>
#include <cstdint>

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
  x.owned().for_each([&](const T& v) {
    if (std::isnan(v)) {
      ++bad[0];
    } else if (std::isinf(v)) {
      ++bad[1];
    }
  });
  x.context()->comm().allreduce(bad, bad, 2, comm::Op::sum);
  if (bad[0] > 0) throw ValueError("Input " + name + " contains NaN.");
  if (bad[1] > 0) {
    throw ValueError("Input " + name + " contains infinity or a value too large for dtype('" +
                     dtype_name<T>() + "').");
  }
}

template <typename T>
DArray<T> whole_rows(const DArray<T>& x) {
  if (x.ndim() != 2) {
    throw ValueError("Expected 2D array, got " + std::to_string(x.ndim()) + "D array instead");
  }
  if (maps::holds_whole_rows(x.map())) return x.alias();  // copies are deep: share explicitly
  return x.remap(maps::row_map(x.map(), 2));
}

template void check_finite(const DArray<float>&, const std::string&);
template void check_finite(const DArray<double>&, const std::string&);
template DArray<float> whole_rows(const DArray<float>&);
template DArray<double> whole_rows(const DArray<double>&);

}  // namespace pgas::ml
