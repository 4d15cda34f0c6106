// Object messages: any Boost-serializable type travels by send/recv, bcast, gather and
// allgather; a type mismatch or an unserializable value is an error, never a hang.
#include <gtest/gtest.h>

#include <boost/serialization/vector.hpp>
#include <complex>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "pgas/comm/communicator.hpp"
#include "pgas/errors.hpp"

namespace {

/// Replicated model state, as an estimator would broadcast it.
struct Model {
  std::string name;
  std::vector<double> weights;
  std::map<std::string, int> params;
  std::complex<double> shift;

  template <class Archive>
  void serialize(Archive& archive, unsigned /*version*/) {
    archive& name& weights& params& shift;
  }
  friend bool operator==(const Model& a, const Model& b) {
    return a.name == b.name && a.weights == b.weights && a.params == b.params && a.shift == b.shift;
  }
};

Model model_of(int rank) {
  Model m;
  m.name = "model of rank " + std::to_string(rank);
  m.weights.assign(static_cast<std::size_t>(rank * 3 + 1), 0.25 * rank);
  m.params = {{"rank", rank}, {"n_clusters", 8}};
  m.shift = {1.0 * rank, -2.0};
  return m;
}

/// A type whose serialization fails on some ranks, to test failure reporting.
struct Fragile {
  bool broken = false;
  template <class Archive>
  void serialize(Archive& archive, unsigned /*version*/) {
    if (broken) throw std::runtime_error("this value refuses to be saved");
    archive& broken;
  }
};

}  // namespace

namespace pgas::comm {
namespace {

TEST(ObjectMessages, SendRecvToTheNextRank) {
  const Communicator world = Communicator::world();
  const int p = world.size();
  const int r = world.rank();
  // Object messages are small here, so a send to oneself or in a ring completes eagerly.
  world.send((r + 1) % p, 5, model_of(r));
  Model got;
  const Status status = world.recv((r + p - 1) % p, 5, got);
  EXPECT_EQ(got, model_of((r + p - 1) % p));
  EXPECT_EQ(status.source, (r + p - 1) % p);
}

TEST(ObjectMessages, StandardContainersTravel) {
  const Communicator world = Communicator::world();
  const int me = world.rank();
  const std::vector<std::string> words = {"alpha", "", "gamma"};
  world.send(me, 1, words);
  world.send(me, 2, std::string("plain string"));
  EXPECT_EQ(world.recv<std::vector<std::string>>(me, 1), words);
  EXPECT_EQ(world.recv<std::string>(me, 2), "plain string");
}

TEST(ObjectMessages, BcastReplacesEveryRanksValue) {
  const Communicator world = Communicator::world();
  for (int root = 0; root < world.size(); ++root) {
    Model m = model_of(world.rank());  // different sizes on different ranks
    world.bcast(m, root);
    EXPECT_EQ(m, model_of(root));
  }
}

TEST(ObjectMessages, GatherAndAllgatherInRankOrder) {
  const Communicator world = Communicator::world();
  const int p = world.size();
  const int root = p / 2;
  const std::vector<Model> gathered = world.gather(model_of(world.rank()), root);
  if (world.rank() == root) {
    ASSERT_EQ(gathered.size(), static_cast<std::size_t>(p));
    for (int q = 0; q < p; ++q) EXPECT_EQ(gathered[static_cast<std::size_t>(q)], model_of(q));
  } else {
    EXPECT_TRUE(gathered.empty());
  }
  const std::vector<Model> all = world.allgather(model_of(world.rank()));
  ASSERT_EQ(all.size(), static_cast<std::size_t>(p));
  for (int q = 0; q < p; ++q) EXPECT_EQ(all[static_cast<std::size_t>(q)], model_of(q));
}

TEST(ObjectMessages, ReceivingAsTheWrongTypeThrows) {
  const Communicator world = Communicator::world();
  const int me = world.rank();
  world.send(me, 3, std::string("not a model"));
  Model m;
  try {
    world.recv(me, 3, m);
    FAIL();
  } catch (const ValueError& error) {
    const std::string message = error.what();
    EXPECT_EQ(message.rfind("[rank " + std::to_string(me) + "] cannot decode", 0), 0u) << message;
  }
}

TEST(ObjectMessages, RootThatCannotSerializeFailsTheBcastEverywhere) {
  const Communicator world = Communicator::world();
  const int root = world.size() - 1;
  Fragile value;
  value.broken = world.rank() == root;
  try {
    world.bcast(value, root);
    FAIL() << "bcast of an unserializable value did not throw";
  } catch (const ValueError& error) {
    EXPECT_NE(std::string(error.what()).find("refuses to be saved"), std::string::npos)
        << error.what();
  }
  world.barrier();
}

TEST(ObjectMessages, OneRankThatCannotSerializeFailsTheGatherEverywhere) {
  const Communicator world = Communicator::world();
  Fragile value;
  value.broken = world.rank() == 0;
  EXPECT_THROW((void)world.allgather(value), ValueError);
  EXPECT_THROW((void)world.gather(value, world.size() - 1), ValueError);
  world.barrier();
}

}  // namespace
}  // namespace pgas::comm
