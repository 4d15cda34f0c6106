#include "scratch.hpp"

#include <algorithm>
#include <memory>

#include "pgas/redistribution/redistribution_plan.hpp"

namespace pgas::redistribution {

namespace {
struct ScratchBuffer {
  std::unique_ptr<std::byte[]> data;
  std::size_t capacity = 0;
};
ScratchBuffer& scratch(int which) {
  static ScratchBuffer buffers[2];
  return buffers[which];
}
}  // namespace

std::byte* scratch_buffer(int which, std::size_t bytes) {
  ScratchBuffer& b = scratch(which);
  if (!b.data || b.capacity < bytes) {
    b.data.reset();  // free first: never hold the old and the new buffer at once
    b.capacity = std::max<std::size_t>(bytes, 1);
    b.data.reset(new std::byte[b.capacity]);
  }
  return b.data.get();
}

void release_scratch() {
  for (int which : {0, 1}) {
    scratch(which).data.reset();
    scratch(which).capacity = 0;
  }
}

}  // namespace pgas::redistribution
