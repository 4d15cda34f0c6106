#include <list>
#include <tuple>
#include <utility>

#include "pgas/redistribution/redistribution_plan.hpp"

namespace pgas::redistribution {

std::shared_ptr<const RedistributionPlan> cached_plan(const Communicator& comm,
                                                      const maps::Map& from, const maps::Map& to,
                                                      const maps::Shape& shape,
                                                      std::size_t element_size) {
  // The handle alone could be reused by a later communicator; rank and size pin it down
  // as far as a plan can tell.
  using Key = std::tuple<MPI_Comm, int, int, maps::Map, maps::Map, maps::Shape, std::size_t>;
  constexpr std::size_t kCapacity = 64;
  // Most recently used first. A linear scan is fine at this size and compares maps by value.
  static std::list<std::pair<Key, std::shared_ptr<const RedistributionPlan>>> cache;
  Key key{comm.handle(), comm.rank(), comm.size(), from, to, shape, element_size};
  for (auto it = cache.begin(); it != cache.end(); ++it) {
    if (it->first == key) {
      cache.splice(cache.begin(), cache, it);
      return cache.front().second;
    }
  }
  auto plan = std::make_shared<const RedistributionPlan>(comm, from, to, shape, element_size);
  cache.emplace_front(std::move(key), plan);
  if (cache.size() > kCapacity) cache.pop_back();
  return plan;
}

}  // namespace pgas::redistribution
