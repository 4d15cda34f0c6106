// Sparse exchanges: the planned form (sizes known on both sides) and the discovering form;
// only peers with data get a message, and disagreements throw on every rank.
#include <gtest/gtest.h>
#include <mpi.h>

#include <climits>
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "pgas/comm/communicator.hpp"
#include "pgas/errors.hpp"

namespace pgas::comm {
namespace {

/// How many bytes rank `from` sends rank `to` in these tests: a sparse, asymmetric pattern
/// with self-messages and empty pairs. 0 means no message.
std::size_t volume(int from, int to, int p) {
  if (to == (from + 1) % p) return static_cast<std::size_t>(from + 2);
  if (to == from) return 1;
  return 0;
}

std::byte value(int from, int to, std::size_t i) {
  return static_cast<std::byte>(from * 37 + to * 5 + static_cast<int>(i));
}

void check_planned_exchange() {
  const Communicator world = Communicator::world();
  const int p = world.size();
  const int r = world.rank();
  ExchangeLayout to;
  ExchangeLayout from;
  std::vector<std::byte> send;
  std::size_t received = 0;
  for (int q = 0; q < p; ++q) {
    // List every peer, with zero counts too: zero-count peers must get no message.
    to.peers.push_back(q);
    to.counts.push_back(volume(r, q, p));
    to.displs.push_back(send.size());
    for (std::size_t i = 0; i < volume(r, q, p); ++i) send.push_back(value(r, q, i));
    from.peers.push_back(q);
    from.counts.push_back(volume(q, r, p));
    from.displs.push_back(received);
    received += volume(q, r, p);
  }
  std::vector<std::byte> recv(received);
  world.exchange(send.data(), to, recv.data(), from);
  for (int q = 0; q < p; ++q) {
    const auto k = static_cast<std::size_t>(q);
    for (std::size_t i = 0; i < from.counts[k]; ++i) {
      EXPECT_EQ(recv[from.displs[k] + i], value(q, r, i)) << "from rank " << q;
    }
  }
}

// Everyone sends `sent` bytes to the next rank, but rank 0 expects one more from its
// predecessor: a ValueError naming the disagreement on every rank.
void check_size_disagreement_throws(std::size_t sent) {
  const Communicator world = Communicator::world();
  const int p = world.size();
  const int r = world.rank();
  ExchangeLayout to{{(r + 1) % p}, {sent}, {0}};
  ExchangeLayout from{{(r + p - 1) % p}, {r == 0 ? sent + 1 : sent}, {0}};
  std::vector<std::byte> send(sent, std::byte{1});
  std::vector<std::byte> recv(sent + 1);
  try {
    world.exchange(send.data(), to, recv.data(), from);
    FAIL();
  } catch (const ValueError& error) {
    EXPECT_NE(std::string(error.what()).find("disagree"), std::string::npos) << error.what();
  }
  world.barrier();
}

TEST(Exchange, PlannedMatchesTheOracle) {
  check_planned_exchange();
}

// Byte ranges past the split threshold travel as one message of a derived type (blocks plus
// the rest); lowered here so that small messages take that path, with and without a rest.
struct LowSplit {
  LowSplit(std::size_t threshold, std::size_t unit) { set_large_message_split(threshold, unit); }
  ~LowSplit() { set_large_message_split(static_cast<std::size_t>(INT_MAX), std::size_t{1} << 20); }
};

TEST(Exchange, LargeMessagesTravelWholeAsOneDerivedType) {
  for (std::size_t unit : {1, 2, 3}) {
    const LowSplit low(2, unit);
    check_planned_exchange();
  }
  // A size disagreement on a split message is still caught, on every rank, without a hang.
  const LowSplit low(1, 2);
  check_size_disagreement_throws(5);
}

TEST(Exchange, DiscoveringMatchesTheOracle) {
  const Communicator world = Communicator::world();
  const int p = world.size();
  const int r = world.rank();
  for (int round = 0; round < 3; ++round) {  // back-to-back rounds must not mix
    std::map<int, std::vector<std::byte>> outgoing;
    for (int q = 0; q < p; ++q) {
      std::vector<std::byte>& bytes = outgoing[q];  // empty entries are allowed and not sent
      for (std::size_t i = 0; i < volume(r, q, p); ++i) {
        bytes.push_back(value(r, q, i + static_cast<std::size_t>(round)));
      }
    }
    const std::map<int, std::vector<std::byte>> incoming = world.exchange(outgoing);
    std::map<int, std::vector<std::byte>> expected;
    for (int q = 0; q < p; ++q) {
      for (std::size_t i = 0; i < volume(q, r, p); ++i) {
        expected[q].push_back(value(q, r, i + static_cast<std::size_t>(round)));
      }
    }
    EXPECT_EQ(incoming, expected) << "round " << round;
  }
}

TEST(Exchange, ZeroCountPeersGetNoMessage) {
  // Senders list every rank with a zero count; receivers list nobody. Had anything been sent,
  // it would be left unmatched, and the probe below would find it.
  const Communicator world = Communicator::world();
  const int p = world.size();
  ExchangeLayout to;
  for (int q = 0; q < p; ++q) {
    to.peers.push_back(q);
    to.counts.push_back(0);
    to.displs.push_back(0);
  }
  std::byte none{};
  world.exchange(&none, to, &none, ExchangeLayout{});
  std::map<int, std::vector<std::byte>> empties;
  for (int q = 0; q < p; ++q) empties[q] = {};
  EXPECT_TRUE(world.exchange(empties).empty());
  world.barrier();
  int pending = 0;
  MPI_Iprobe(MPI_ANY_SOURCE, default_exchange_tag, world.handle(), &pending, MPI_STATUS_IGNORE);
  EXPECT_FALSE(pending) << "an empty message was sent";
  world.barrier();
}

TEST(Exchange, BadPeerThrowsOnEveryRank) {
  const Communicator world = Communicator::world();
  const int p = world.size();
  std::map<int, std::vector<std::byte>> outgoing;
  if (world.rank() == 0) outgoing[p] = {std::byte{1}};
  try {
    (void)world.exchange(outgoing);
    FAIL();
  } catch (const ValueError& error) {
    EXPECT_NE(std::string(error.what()).find("peer " + std::to_string(p) + " is outside"),
              std::string::npos)
        << error.what();
  }
  ExchangeLayout bad;
  bad.peers = {0};
  bad.counts = {1, 2};  // one count too many on every rank
  bad.displs = {0};
  std::byte buffer[2] = {};
  EXPECT_THROW(world.exchange(buffer, bad, buffer, ExchangeLayout{}), ValueError);
  world.barrier();
}

TEST(Exchange, SizeDisagreementThrowsOnEveryRank) {
  check_size_disagreement_throws(2);
}

}  // namespace
}  // namespace pgas::comm
