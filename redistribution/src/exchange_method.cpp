// The method policy: which of the two execute paths a plan takes.
#include <climits>
#include <cstdlib>
#include <string>
#include <utility>

#include "pgas/errors.hpp"
#include "pgas/redistribution/redistribution_plan.hpp"

namespace pgas::redistribution {

namespace {

// The default can be set for a whole run with PGAS_EXCHANGE_METHOD=automatic|packed|datatypes
// (the tests run the darray suite under each).
ExchangeMethod& method_setting() {
  static ExchangeMethod method = [] {
    const char* name = std::getenv("PGAS_EXCHANGE_METHOD");
    const std::string value = name ? name : "automatic";
    if (value == "packed") return ExchangeMethod::packed;
    if (value == "datatypes") return ExchangeMethod::datatypes;
    if (value == "automatic") return ExchangeMethod::automatic;
    throw ValueError("PGAS_EXCHANGE_METHOD=" + value + ": expected automatic, packed or datatypes");
  }();
  return method;
}

// Contiguous pieces of the innermost dimension that a box's cells come in.
std::int64_t pieces(const LocalBox& box) {
  if (box.dims.empty() || box.cells() == 0) return 0;
  std::int64_t n = 0;
  for (const LocalRun& r : box.dims.back().runs) n += r.count;
  for (std::size_t d = 0; d + 1 < box.dims.size(); ++d) n *= box.dims[d].cells;
  return n;
}

// Below this many bytes per contiguous piece MPI's datatype engine moved cells more slowly
// than our fixed-size pack loops (bench/bench_redistribute, docs/darray.md).
constexpr std::int64_t kDatatypeMinPieceBytes = 256;

}  // namespace

void set_exchange_method(ExchangeMethod method) {
  method_setting() = method;
}
ExchangeMethod exchange_method() {
  return method_setting();
}

bool RedistributionPlan::uses_datatypes() const {
  if (method_setting() == ExchangeMethod::packed) return false;
  if (!piece_facts_) {  // a pure function of the plan: worked out once, not on every execute
    bool fits_int = true;
    std::int64_t cells = 0;
    std::int64_t n = 0;
    for (const auto* side : {&sends_, &receives_}) {
      for (const LocalBox& box : *side) {
        // A box type over 2 GiB would overflow MPI's int sizes; packing splits such messages.
        fits_int = fits_int && box.cells() * static_cast<std::int64_t>(element_size_) <= INT_MAX;
        cells += box.cells();
        n += pieces(box);
      }
    }
    const bool long_pieces =
        n > 0 && cells * static_cast<std::int64_t>(element_size_) >= kDatatypeMinPieceBytes * n;
    piece_facts_ = std::make_pair(fits_int, long_pieces);
  }
  const auto [fits_int, long_pieces] = *piece_facts_;
  return fits_int && (method_setting() == ExchangeMethod::datatypes || long_pieces);
}

}  // namespace pgas::redistribution
