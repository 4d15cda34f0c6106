// Bindings of the ml layer's decomposition and preprocessing areas (PCA, TruncatedSVD,
// scalers) into _core.ml. Filled by the decomposition work; binds nothing yet.
#include "bindings.hpp"

namespace pgas::python {

void bind_ml_decomposition(pybind11::module_&) {}

}  // namespace pgas::python
