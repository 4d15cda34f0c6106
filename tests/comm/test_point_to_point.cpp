// Typed and byte messages between two ranks; bad peers, tags and buffer sizes.
#include <gtest/gtest.h>

#include <complex>
#include <cstdint>
#include <string>
#include <vector>

#include "pgas/comm/communicator.hpp"
#include "pgas/errors.hpp"

namespace pgas::comm {
namespace {

std::string prefix(const Communicator& world) {
  return "[rank " + std::to_string(world.rank()) + "] ";
}

std::vector<double> payload(int from, std::size_t n) {
  std::vector<double> values(n);
  for (std::size_t i = 0; i < n; ++i) values[i] = from * 1000.0 + static_cast<double>(i) + 0.5;
  return values;
}

TEST(PointToPoint, RingOfTypedBuffers) {
  const Communicator world = Communicator::world();
  const int p = world.size();
  const int r = world.rank();
  const int next = (r + 1) % p;
  const int prev = (r + p - 1) % p;
  const std::size_t n = 1000;
  const std::vector<double> mine = payload(r, n);
  std::vector<double> got(n);
  // A blocking send to oneself of 8 kB may wait for its receive forever: no ring on one rank.
  if (p == 1) GTEST_SKIP() << "a ring needs two ranks";
  if (r % 2 == 0) {
    world.send(next, 7, mine.data(), n);
    const Status status = world.recv(prev, 7, got.data(), n);
    EXPECT_EQ(status.source, prev);
    EXPECT_EQ(status.count, n);
  } else {
    const Status status = world.recv(prev, 7, got.data(), n);
    EXPECT_EQ(status.tag, 7);
    world.send(next, 7, mine.data(), n);
  }
  EXPECT_EQ(got, payload(prev, n));
}

TEST(PointToPoint, ScalarsOfEveryDtypeToSelf) {
  // Small messages to self complete eagerly: a one-rank-safe check of every dtype.
  const Communicator world = Communicator::world();
  const int me = world.rank();
  world.send(me, 1, 2.5);
  world.send(me, 2, 1.5f);
  world.send(me, 3, std::int64_t{-7});
  world.send(me, 4, std::int32_t{42});
  world.send(me, 5, std::complex<double>(1, -2));
  world.send(me, 6, std::complex<float>(3, 4));
  world.send(me, 7, true);
  EXPECT_EQ(world.recv<double>(me, 1), 2.5);
  EXPECT_EQ(world.recv<float>(me, 2), 1.5f);
  EXPECT_EQ(world.recv<std::int64_t>(me, 3), -7);
  EXPECT_EQ(world.recv<std::int32_t>(me, 4), 42);
  EXPECT_EQ(world.recv<std::complex<double>>(me, 5), std::complex<double>(1, -2));
  EXPECT_EQ(world.recv<std::complex<float>>(me, 6), std::complex<float>(3, 4));
  EXPECT_EQ(world.recv<bool>(me, 7), true);
}

TEST(PointToPoint, AnySourceReportsTheSender) {
  const Communicator world = Communicator::world();
  if (world.rank() != 0) {
    world.send(0, 11, world.rank() * 10);
  } else {
    std::vector<bool> seen(static_cast<std::size_t>(world.size()), false);
    for (int k = 1; k < world.size(); ++k) {
      int value = -1;
      const Status status = world.recv(any_source, 11, value);
      EXPECT_EQ(value, status.source * 10);
      seen[static_cast<std::size_t>(status.source)] = true;
    }
    for (int q = 1; q < world.size(); ++q) EXPECT_TRUE(seen[static_cast<std::size_t>(q)]);
  }
  world.barrier();
}

TEST(PointToPoint, ProcNullCompletesAtOnce) {
  const Communicator world = Communicator::world();
  int value = 5;
  world.send(proc_null, 0, value);
  const Status status = world.recv(proc_null, 0, value);
  EXPECT_EQ(status.source, proc_null);
  EXPECT_EQ(value, 5);
}

TEST(PointToPoint, BytesOfAnySize) {
  const Communicator world = Communicator::world();
  const int me = world.rank();
  std::string sent = "hello from " + std::to_string(me);
  sent.push_back('\0');  // binary-safe
  sent += "tail";
  world.send_bytes(me, 3, sent);
  world.send_bytes(me, 4, std::string());
  std::string got = "junk";
  Status status = world.recv_bytes(me, 3, got);
  EXPECT_EQ(got, sent);
  EXPECT_EQ(status.count, sent.size());
  status = world.recv_bytes(me, 4, got);
  EXPECT_TRUE(got.empty());
  EXPECT_EQ(status.count, 0u);
}

TEST(PointToPoint, PeerOutsideTheCommunicatorThrows) {
  const Communicator world = Communicator::world();
  double x = 0;
  const std::string expected =
      prefix(world) + "recv: rank " + std::to_string(world.size()) + " is outside";
  try {
    world.recv(world.size(), 0, &x, 1);
    FAIL();
  } catch (const ValueError& error) {
    EXPECT_EQ(std::string(error.what()).rfind(expected, 0), 0u) << error.what();
  }
  EXPECT_THROW(world.send(-5, 0, x), ValueError);
  EXPECT_THROW(world.send(world.size() + 1, 0, x), ValueError);
  EXPECT_THROW(world.send(any_source, 0, x), ValueError);  // only receives may say "anyone"
}

TEST(PointToPoint, BadTagThrows) {
  const Communicator world = Communicator::world();
  EXPECT_THROW(world.send(world.rank(), -3, 1.0), ValueError);
  EXPECT_THROW(world.send(world.rank(), any_tag, 1.0), ValueError);
}

TEST(PointToPoint, WrongSizeBufferThrowsAndConsumesTheMessage) {
  const Communicator world = Communicator::world();
  const int me = world.rank();
  const std::vector<std::int32_t> three = {1, 2, 3};
  world.send(me, 9, three.data(), three.size());
  std::vector<std::int32_t> two(2);
  try {
    world.recv(me, 9, two.data(), two.size());
    FAIL();
  } catch (const ValueError& error) {
    const std::string message = error.what();
    EXPECT_EQ(message.rfind(prefix(world) + "recv from rank " + std::to_string(me), 0), 0u)
        << message;
    EXPECT_NE(message.find("holds 2 int32 elements but the message has 3"), std::string::npos)
        << message;
  }
  // The bad message is gone: the next one on the same tag is what arrives.
  world.send(me, 9, three.data(), 2);
  world.recv(me, 9, two.data(), 2);
  EXPECT_EQ(two, (std::vector<std::int32_t>{1, 2}));
}

}  // namespace
}  // namespace pgas::comm
