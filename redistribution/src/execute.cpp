// The two ways a plan runs: the boxes as MPI derived datatypes, or packed into scratch
// buffers (which one: exchange_method.cpp).
#include <vector>

#include "box_datatype.hpp"
#include "pack.hpp"
#include "pgas/errors.hpp"
#include "pgas/redistribution/redistribution_plan.hpp"
#include "scratch.hpp"

namespace pgas::redistribution {

using comm::ExchangeLayout;
using comm::TypedMessage;

struct PlanDatatypes {
  std::vector<BoxDatatype> sends;
  std::vector<BoxDatatype> receives;
};

const PlanDatatypes& RedistributionPlan::datatypes() const {
  if (!datatypes_) {
    auto types = std::make_shared<PlanDatatypes>();
    for (const LocalBox& box : sends_) {
      types->sends.emplace_back(box, source_local_shape_, element_size_);
    }
    for (const LocalBox& box : receives_) {
      types->receives.emplace_back(box, dest_local_shape_, element_size_);
    }
    datatypes_ = std::move(types);
  }
  return *datatypes_;
}

void RedistributionPlan::execute(const Communicator& comm, const void* source, void* dest) const {
  const bool in_place = source == dest;
  if (in_place && !in_place_ok_) {
    throw ValueError("redistribution between two different maps cannot work in place");
  }
  if (!uses_datatypes()) {
    execute_packed(comm, source, dest);
    return;
  }
  const PlanDatatypes& types = datatypes();
  std::vector<TypedMessage> to;
  std::vector<TypedMessage> from;
  for (std::size_t i = 0; i < sends_.size(); ++i) {
    to.push_back(TypedMessage{sends_[i].peer, types.sends[i].get(),
                              static_cast<std::size_t>(sends_[i].cells()) * element_size_});
  }
  for (std::size_t i = 0; i < receives_.size(); ++i) {
    from.push_back(TypedMessage{receives_[i].peer, types.receives[i].get(),
                                static_cast<std::size_t>(receives_[i].cells()) * element_size_});
  }
  // Kept cells are copied while the messages travel: they are other cells of `dest` than
  // the ones arriving, and reading a send buffer during the send is allowed.
  comm.exchange_typed(source, to, dest, from, [&] {
    if (!in_place && keep_source_.cells() > 0) {
      copy_box(keep_source_, source_local_shape_, source, keep_dest_, dest_local_shape_, dest,
               element_size_);
    }
  });
}

void RedistributionPlan::execute_packed(const Communicator& comm, const void* source,
                                        void* dest) const {
  const bool in_place = source == dest;
  // Reused buffers: no page faults or zeroing per call. They hold what leaves and what
  // arrives: at most the owned part plus the received part, within twice the larger part.
  std::byte* outgoing = scratch_buffer(0, static_cast<std::size_t>(bytes_sent_));
  std::byte* incoming = scratch_buffer(1, static_cast<std::size_t>(bytes_received_));

  ExchangeLayout to_layout;
  std::size_t offset = 0;
  for (const LocalBox& box : sends_) {
    const std::size_t bytes = static_cast<std::size_t>(box.cells()) * element_size_;
    pack(box, source_local_shape_, element_size_, source, outgoing + offset);
    to_layout.peers.push_back(box.peer);
    to_layout.counts.push_back(bytes);
    to_layout.displs.push_back(offset);
    offset += bytes;
  }
  ExchangeLayout from_layout;
  std::size_t in_offset = 0;
  for (const LocalBox& box : receives_) {
    const std::size_t bytes = static_cast<std::size_t>(box.cells()) * element_size_;
    from_layout.peers.push_back(box.peer);
    from_layout.counts.push_back(bytes);
    from_layout.displs.push_back(in_offset);
    in_offset += bytes;
  }
  comm.exchange(outgoing, to_layout, incoming, from_layout);
  // Cells that stay go straight from source to destination, in the same order both boxes
  // list them (after the exchange: `dest` may be a receive target only then).
  if (!in_place && keep_source_.cells() > 0) {
    copy_box(keep_source_, source_local_shape_, source, keep_dest_, dest_local_shape_, dest,
             element_size_);
  }
  for (std::size_t i = 0; i < receives_.size(); ++i) {
    unpack(receives_[i], dest_local_shape_, element_size_, incoming + from_layout.displs[i], dest);
  }
}

}  // namespace pgas::redistribution
