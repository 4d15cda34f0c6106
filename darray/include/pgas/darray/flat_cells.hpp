// Cells addressed by their flat (row-major, C-order) index, whatever the map: written on the
// ranks that own them (scatter_flat), read from them (gather_flat), or copied between arrays of
// the same size and any shapes and maps (assign_flat: NumPy's reshape). What NumPy's reshape,
// take/put, fancy and boolean-mask indexing need, where the cells of one rank go to or come
// from arbitrary ranks and no redistribution plan (same shape, box intersections) applies.
//
// Each call is one sparse exchange (gather_flat: requests, then replies) carrying only the
// cells asked for, each with its local offset (8 bytes) on the owner.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "pgas/darray/darray.hpp"
#include "pgas/darray/local_cells.hpp"
#include "pgas/errors.hpp"
#include "pgas/text.hpp"

namespace pgas {
namespace detail {

// The owning rank of a flat index and the cell's offset in that rank's local buffer (owned
// cells lead the held local array, so the held strides address them).
class FlatOwners {
 public:
  FlatOwners(const maps::Map& map, const maps::Shape& shape)
      : map_(map),
        shape_(shape),
        layouts_(map.layouts(shape)),
        strides_(maps::row_major_strides(shape)),
        coords_(shape.size()),
        local_(shape.size()) {}

  std::pair<int, std::int64_t> operator()(std::int64_t flat) {
    for (std::size_t d = 0; d < shape_.size(); ++d) {
      const std::int64_t i = flat / strides_[d];
      flat -= i * strides_[d];
      const maps::DimOwner owner = layouts_[d].owner(i);
      coords_[d] = owner.position;
      local_[d] = owner.local;
    }
    const int rank = map_.rank_at(coords_);
    const std::vector<std::int64_t>& stride = local_strides(rank);
    std::int64_t offset = 0;
    for (std::size_t d = 0; d < shape_.size(); ++d) offset += local_[d] * stride[d];
    return {rank, offset};
  }

 private:
  const std::vector<std::int64_t>& local_strides(int rank) {
    auto it = local_strides_.find(rank);
    if (it == local_strides_.end()) {
      it = local_strides_.emplace(rank, maps::row_major_strides(map_.local_shape(shape_, rank)))
               .first;
    }
    return it->second;
  }

  const maps::Map& map_;
  const maps::Shape& shape_;
  std::vector<maps::DimLayout> layouts_;
  std::vector<std::int64_t> strides_;
  std::vector<int> coords_;
  std::vector<std::int64_t> local_;
  std::map<int, std::vector<std::int64_t>> local_strides_;
};

// IndexError on every rank unless every flat index of every rank lies in [0, size).
inline void check_flat_indices(const comm::Communicator& comm, const std::int64_t* flat,
                               std::size_t count, std::int64_t size, const char* what) {
  int bad = 0;
  for (std::size_t i = 0; i < count && !bad; ++i) bad = flat[i] < 0 || flat[i] >= size;
  if (comm.allreduce(bad, comm::Op::max)) {
    throw IndexError(std::string(what) + ": a flat index is out of bounds for an array of " +
                     std::to_string(size) + " cells");
  }
}

template <typename V>
void append_bytes(std::vector<std::byte>& buffer, const V& value) {
  const std::size_t at = buffer.size();
  buffer.resize(at + sizeof(V));
  std::memcpy(buffer.data() + at, &value, sizeof(V));
}

template <typename V>
V read_bytes(const std::byte* at) {
  V value;
  std::memcpy(&value, at, sizeof(V));
  return value;
}

}  // namespace detail

/// Writes `values[i]` to the cell at flat index `flat[i]` of `dest`, on the rank that owns it;
/// then dest's overlap copies are refreshed. Each rank passes its own pairs (any count, any
/// indices); when several pairs name one cell, one of them is written. Collective; IndexError
/// on every rank when any rank names a cell outside dest.
template <typename T>
void scatter_flat(DArray<T>& dest, const std::int64_t* flat, const T* values, std::size_t count) {
  const comm::Communicator& comm = dest.context()->comm();
  detail::check_flat_indices(comm, flat, count, dest.size(), "scatter_flat");
  const int me = dest.context()->rank();
  T* out = dest.local_data();
  detail::FlatOwners owners(dest.map(), dest.shape());
  std::map<int, std::vector<std::byte>> outgoing;
  for (std::size_t i = 0; i < count; ++i) {
    const auto [rank, offset] = owners(flat[i]);
    if (rank == me) {
      out[offset] = values[i];
      continue;
    }
    std::vector<std::byte>& buffer = outgoing[rank];
    detail::append_bytes(buffer, offset);
    detail::append_bytes(buffer, values[i]);
  }
  constexpr std::size_t record = sizeof(std::int64_t) + sizeof(T);
  for (const auto& [peer, bytes] : comm.exchange(outgoing)) {
    (void)peer;
    for (std::size_t at = 0; at + record <= bytes.size(); at += record) {
      out[detail::read_bytes<std::int64_t>(bytes.data() + at)] =
          detail::read_bytes<T>(bytes.data() + at + sizeof(std::int64_t));
    }
  }
  dest.synch();
}

/// Writes to `result[0..count)` the values of `source`'s cells at flat indices
/// `flat[0..count)`, in that order (each rank asks for its own cells). Two sparse exchanges: the
/// requests (local offsets) to the owners, their replies. Collective; IndexError on every rank when
/// any rank names a cell outside source.
template <typename T>
void gather_flat(const DArray<T>& source, const std::int64_t* flat, std::size_t count, T* result) {
  const comm::Communicator& comm = source.context()->comm();
  detail::check_flat_indices(comm, flat, count, source.size(), "gather_flat");
  const int me = source.context()->rank();
  const T* in = source.local_data();
  detail::FlatOwners owners(source.map(), source.shape());
  std::map<int, std::vector<std::byte>> requests;
  std::map<int, std::vector<std::size_t>> asked;  // per owner: the result positions, in order
  for (std::size_t i = 0; i < count; ++i) {
    const auto [rank, offset] = owners(flat[i]);
    if (rank == me) {
      result[i] = in[offset];
      continue;
    }
    detail::append_bytes(requests[rank], offset);
    asked[rank].push_back(i);
  }
  std::map<int, std::vector<std::byte>> replies;
  for (const auto& [peer, bytes] : comm.exchange(requests)) {
    std::vector<std::byte>& reply = replies[peer];
    reply.reserve(bytes.size() / sizeof(std::int64_t) * sizeof(T));
    for (std::size_t at = 0; at + sizeof(std::int64_t) <= bytes.size();
         at += sizeof(std::int64_t)) {
      detail::append_bytes(reply, in[detail::read_bytes<std::int64_t>(bytes.data() + at)]);
    }
  }
  for (const auto& [peer, bytes] : comm.exchange(replies)) {
    const std::vector<std::size_t>& positions = asked[peer];
    for (std::size_t k = 0; k < positions.size() && (k + 1) * sizeof(T) <= bytes.size(); ++k) {
      result[positions[k]] = detail::read_bytes<T>(bytes.data() + k * sizeof(T));
    }
  }
}

/// dest's cells take source's values in flat (C) order: NumPy's reshape, between any two
/// shapes of the same size and any two maps. Each rank sends its owned cells of source to the
/// owners of the same flat indices in dest; one sparse exchange. Collective; ValueError on
/// every rank when the sizes differ.
template <typename T>
void assign_flat(DArray<T>& dest, const DArray<T>& source) {
  if (dest.size() != source.size()) {
    throw ValueError("cannot reshape array of size " + std::to_string(source.size()) +
                     " into shape " + shape_string(dest.shape()));
  }
  const auto owned = static_cast<std::size_t>(maps::cell_count(source.owned_shape()));
  std::vector<std::int64_t> flat(owned);
  // Not std::vector<T>: the cells must be contiguous for bool too.
  const std::unique_ptr<T[]> values(new T[owned]);
  const T* in = source.local_data();
  std::size_t n = 0;
  if (source.ndim() > 0 && owned > 0) {
    for_each_cell(source.local_shape(), source.owned_shape(),
                  held_global_indices(source.map(), source.shape(), source.context()->rank()),
                  source.shape(), [&](std::int64_t local, std::int64_t global) {
                    flat[n] = global;
                    values[n++] = in[local];
                  });
  }
  scatter_flat(dest, flat.data(), values.get(), n);
}

}  // namespace pgas
