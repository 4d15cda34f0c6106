#include "selection.hpp"

#include <vector>

namespace pgas::io::h5 {

Id simple_space(const maps::Shape& shape) {
  std::vector<hsize_t> dims(shape.begin(), shape.end());
  return checked(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                 "H5Screate_simple");
}

Id select_cells(hid_t file_space, const maps::Shape& shape, const maps::Map& map, int rank,
                bool held) {
  const std::size_t nd = shape.size();
  const maps::Shape local_shape = map.local_shape(shape, rank);
  const maps::Shape box = held ? local_shape : map.owned_shape(shape, rank);
  Id mem_space = simple_space(local_shape);

  if (maps::cell_count(box) == 0) {
    check(H5Sselect_none(file_space), "H5Sselect_none");
    check(H5Sselect_none(mem_space), "H5Sselect_none");
    return mem_space;
  }

  std::vector<hsize_t> zero(nd, 0), count(box.begin(), box.end());
  check(H5Sselect_hyperslab(mem_space, H5S_SELECT_SET, zero.data(), nullptr, count.data(), nullptr),
        "H5Sselect_hyperslab (memory)");

  const std::vector<std::vector<maps::Runs>> runs =
      held ? map.held(shape, rank) : map.owned(shape, rank);
  // One hyperslab per combination of per-dimension Runs.
  std::vector<std::size_t> lists;
  for (const auto& r : runs) lists.push_back(r.size());
  std::vector<hsize_t> start(nd), stride(nd), n(nd), block(nd);
  bool first = true;
  maps::for_each_index(lists, [&](const std::vector<std::int64_t>& pick) {
    bool empty = false;
    for (std::size_t d = 0; d < nd; ++d) {
      const maps::Runs& r = runs[d][static_cast<std::size_t>(pick[d])];
      empty = empty || r.empty();
      start[d] = static_cast<hsize_t>(r.start);
      block[d] = static_cast<hsize_t>(r.length);
      n[d] = static_cast<hsize_t>(r.count);
      // A single run's stride is meaningless to us, but HDF5 wants stride >= block.
      stride[d] = static_cast<hsize_t>(r.count > 1 ? r.stride : r.length);
    }
    if (empty) return;
    check(H5Sselect_hyperslab(file_space, first ? H5S_SELECT_SET : H5S_SELECT_OR, start.data(),
                              stride.data(), n.data(), block.data()),
          "H5Sselect_hyperslab (file)");
    first = false;
  });
  if (first) check(H5Sselect_none(file_space), "H5Sselect_none");
  return mem_space;
}

}  // namespace pgas::io::h5
