// What info() and every load learn about a dataset before reading it: found on one rank,
// broadcast to all.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pgas/io/attributes.hpp"
#include "pgas/io/dtype.hpp"
#include "pgas/maps/map.hpp"

namespace pgas::io {

struct DatasetInfo {
  /// Path inside the file without the leading '/', e.g. "A" or "group/B".
  std::string name;
  std::vector<std::int64_t> shape;
  DType dtype = DType::unsupported;
  /// HDF5's own words for the element type when dtype is unsupported (e.g. "uint8").
  std::string type_description;
  /// Chunk shape; empty for contiguous storage.
  std::vector<std::int64_t> chunks;
  /// "gzip" when deflate is on, the filter's name for other filters, "" for none.
  std::string compression;
  /// Deflate level (0-9) when compression == "gzip", else -1.
  int compression_level = -1;
  /// User attributes (the pgas_* map attributes are not among them).
  Attributes attrs;
  /// The map the writer used, when the dataset carries pgas_* attributes.
  std::optional<maps::Map> stored_map;
};

struct FileInfo {
  std::string path;
  /// Every dataset in the file, in HDF5's name order (groups walked depth-first).
  std::vector<DatasetInfo> datasets;

  /// The dataset of that name, or nullptr. Local.
  const DatasetInfo* find(const std::string& name) const;
};

}  // namespace pgas::io
