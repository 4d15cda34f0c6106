#include "pgas/redistribution/local_box.hpp"

namespace pgas::redistribution {

void LocalSegments::append(std::int64_t local, std::int64_t length) {
  cells += length;
  if (!runs.empty()) {
    LocalRun& last = runs.back();
    if (last.count == 1 && last.start + last.length == local) {
      last.length += length;  // contiguous: one longer piece
      last.stride = last.length;
      return;
    }
    if (last.length == length) {
      const std::int64_t next = last.start + last.count * last.stride;
      if (last.count == 1 && local >= last.start + last.length) {
        last.stride = local - last.start;  // the second piece fixes the stride
        last.count = 2;
        return;
      }
      if (last.count > 1 && local == next) {
        ++last.count;
        return;
      }
    }
  }
  runs.push_back(LocalRun{local, length, length, 1});
}

std::int64_t LocalBox::cells() const {
  if (dims.empty()) return 0;
  std::int64_t n = 1;
  for (const LocalSegments& d : dims) n *= d.cells;
  return n;
}

}  // namespace pgas::redistribution
