// The process-wide scratch buffers packed plans execute in; private to the layer.
#pragma once

#include <cstddef>

namespace pgas::redistribution {

/// Two buffers that grow to the largest exchange seen, so that repeated redistributions do
/// not allocate and fault in fresh pages. `which` is 0 (outgoing) or 1 (incoming). Local;
/// not thread-safe.
std::byte* scratch_buffer(int which, std::size_t bytes);

}  // namespace pgas::redistribution
