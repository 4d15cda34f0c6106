// Broadcast, gathers, scatters, all-to-alls and prefix sums against serial oracles; bad
// arguments throw on every rank.
#include <gtest/gtest.h>

#include <array>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <string>
#include <type_traits>
#include <vector>

#include "pgas/comm/communicator.hpp"
#include "pgas/errors.hpp"

namespace pgas::comm {
namespace {

/// The value rank r contributes at position i in the tests below.
double cell(int r, int i) {
  return r * 100.0 + i;
}

template <class T>
class TypedBcast : public ::testing::Test {};
using Dtypes = ::testing::Types<double, float, std::int64_t, std::int32_t, std::complex<double>,
                                std::complex<float>, bool, char, std::uint8_t, int, long long,
                                std::size_t, unsigned>;
TYPED_TEST_SUITE(TypedBcast, Dtypes);

/// What the root of a broadcast sends at position i; differs between neighbours and roots.
template <class T>
T sample(int root, std::size_t i) {
  const bool odd = (static_cast<std::size_t>(root) + i) % 2 == 1;
  if constexpr (std::is_same_v<T, bool>) {
    return odd;
  } else {
    return odd ? T(2) : T(1);
  }
}

TYPED_TEST(TypedBcast, FromEveryRoot) {
  const Communicator world = Communicator::world();
  for (int root = 0; root < world.size(); ++root) {
    std::array<TypeParam, 5> values{};  // not std::vector: vector<bool> has no data()
    for (std::size_t i = 0; i < values.size(); ++i) {
      // Non-roots start from something else than what the root sends.
      values[i] =
          world.rank() == root ? sample<TypeParam>(root, i) : sample<TypeParam>(root, i + 1);
    }
    world.bcast(values.data(), values.size(), root);
    for (std::size_t i = 0; i < values.size(); ++i) {
      EXPECT_EQ(values[i], sample<TypeParam>(root, i)) << "root " << root << " position " << i;
    }
  }
}

TEST(Collectives, BcastBadRootThrowsOnEveryRank) {
  const Communicator world = Communicator::world();
  double x = 1;
  EXPECT_THROW(world.bcast(&x, 1, world.size()), ValueError);
  EXPECT_THROW(world.bcast(&x, 1, -1), ValueError);
  world.barrier();
}

TEST(Collectives, GatherAndAllgatherScalars) {
  const Communicator world = Communicator::world();
  const int p = world.size();
  for (int root = 0; root < p; ++root) {
    const std::vector<double> got = world.gather(cell(world.rank(), 1), root);
    if (world.rank() == root) {
      ASSERT_EQ(got.size(), static_cast<std::size_t>(p));
      for (int q = 0; q < p; ++q) EXPECT_EQ(got[static_cast<std::size_t>(q)], cell(q, 1));
    } else {
      EXPECT_TRUE(got.empty());
    }
  }
  const std::vector<std::int64_t> all = world.allgather(std::int64_t{world.rank()} * 3);
  ASSERT_EQ(all.size(), static_cast<std::size_t>(p));
  for (int q = 0; q < p; ++q) EXPECT_EQ(all[static_cast<std::size_t>(q)], q * 3);
}

TEST(Collectives, AllgatherBuffers) {
  const Communicator world = Communicator::world();
  const int p = world.size();
  const double mine[3] = {cell(world.rank(), 0), cell(world.rank(), 1), cell(world.rank(), 2)};
  std::vector<double> all(static_cast<std::size_t>(3 * p));
  world.allgather(mine, 3, all.data());
  for (int q = 0; q < p; ++q) {
    for (int i = 0; i < 3; ++i) EXPECT_EQ(all[static_cast<std::size_t>(3 * q + i)], cell(q, i));
  }
}

TEST(Collectives, GathervThenScattervRoundTrip) {
  const Communicator world = Communicator::world();
  const int p = world.size();
  const int r = world.rank();
  const int root = p - 1;
  // Rank q holds q + 1 values; the root lays them out in reverse rank order.
  std::vector<int> counts(static_cast<std::size_t>(p));
  std::vector<int> displs(static_cast<std::size_t>(p));
  int offset = 0;
  for (int q = p - 1; q >= 0; --q) {
    counts[static_cast<std::size_t>(q)] = q + 1;
    displs[static_cast<std::size_t>(q)] = offset;
    offset += q + 1;
  }
  std::vector<double> mine(static_cast<std::size_t>(r + 1));
  for (int i = 0; i <= r; ++i) mine[static_cast<std::size_t>(i)] = cell(r, i);
  std::vector<double> all(r == root ? static_cast<std::size_t>(offset) : 0);
  world.gatherv(mine.data(), mine.size(), all.data(), counts, displs, root);
  if (r == root) {
    for (int q = 0; q < p; ++q) {
      for (int i = 0; i <= q; ++i) {
        EXPECT_EQ(all[static_cast<std::size_t>(displs[static_cast<std::size_t>(q)] + i)],
                  cell(q, i));
      }
    }
  }
  std::vector<double> back(mine.size(), -1);
  world.scatterv(all.data(), counts, displs, back.data(), back.size(), root);
  EXPECT_EQ(back, mine);
}

TEST(Collectives, GathervWithBadCountsOnTheRootThrowsOnEveryRank) {
  const Communicator world = Communicator::world();
  const int root = 0;
  const double x = 1;
  std::vector<double> out(static_cast<std::size_t>(world.size()));
  const std::vector<int> too_few(static_cast<std::size_t>(world.size() - 1), 1);
  try {
    world.gatherv(&x, 1, out.data(), too_few, too_few, root);
    FAIL() << "gatherv with too few counts did not throw";
  } catch (const ValueError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("gatherv: bad arguments: failed on rank 0"), std::string::npos)
        << message;
    EXPECT_NE(message.find("entries for " + std::to_string(world.size()) + " ranks"),
              std::string::npos)
        << message;
  }
  world.barrier();
}

TEST(Collectives, AlltoallMatchesTranspose) {
  const Communicator world = Communicator::world();
  const int p = world.size();
  const int r = world.rank();
  std::vector<std::int32_t> send(static_cast<std::size_t>(2 * p));
  for (int q = 0; q < p; ++q) {
    send[static_cast<std::size_t>(2 * q)] = r * 10 + q;
    send[static_cast<std::size_t>(2 * q + 1)] = -(r * 10 + q);
  }
  std::vector<std::int32_t> recv(send.size());
  world.alltoall(send.data(), 2, recv.data());
  for (int q = 0; q < p; ++q) {
    EXPECT_EQ(recv[static_cast<std::size_t>(2 * q)], q * 10 + r);
    EXPECT_EQ(recv[static_cast<std::size_t>(2 * q + 1)], -(q * 10 + r));
  }
}

TEST(Collectives, AlltoallvOfBytes) {
  // Rank r sends (r + q) % 3 bytes of value r*16+q to rank q; zero-byte pairs exist.
  const Communicator world = Communicator::world();
  const int p = world.size();
  const int r = world.rank();
  std::vector<int> send_counts(static_cast<std::size_t>(p)), send_displs(send_counts.size());
  std::vector<int> recv_counts(send_counts.size()), recv_displs(send_counts.size());
  int sent = 0;
  int received = 0;
  for (int q = 0; q < p; ++q) {
    const auto k = static_cast<std::size_t>(q);
    send_counts[k] = (r + q) % 3;
    send_displs[k] = sent;
    sent += send_counts[k];
    recv_counts[k] = (q + r) % 3;
    recv_displs[k] = received;
    received += recv_counts[k];
  }
  std::vector<std::byte> send(static_cast<std::size_t>(sent));
  for (int q = 0; q < p; ++q) {
    for (int i = 0; i < send_counts[static_cast<std::size_t>(q)]; ++i) {
      send[static_cast<std::size_t>(send_displs[static_cast<std::size_t>(q)] + i)] =
          static_cast<std::byte>(r * 16 + q);
    }
  }
  std::vector<std::byte> recv(static_cast<std::size_t>(received));
  world.alltoallv(send.data(), send_counts, send_displs, recv.data(), recv_counts, recv_displs);
  for (int q = 0; q < p; ++q) {
    for (int i = 0; i < recv_counts[static_cast<std::size_t>(q)]; ++i) {
      EXPECT_EQ(recv[static_cast<std::size_t>(recv_displs[static_cast<std::size_t>(q)] + i)],
                static_cast<std::byte>(q * 16 + r));
    }
  }
}

TEST(Collectives, AlltoallvWithWrongSizeCountsOnOneRankThrowsOnEveryRank) {
  const Communicator world = Communicator::world();
  const int p = world.size();
  const bool bad = world.rank() == p - 1;
  const std::vector<int> zeros(static_cast<std::size_t>(bad ? p + 1 : p), 0);
  const std::vector<int> good(static_cast<std::size_t>(p), 0);
  std::byte none{};
  try {
    world.alltoallv(&none, zeros, good, &none, good, good);
    FAIL();
  } catch (const ValueError& error) {
    EXPECT_NE(std::string(error.what()).find("failed on rank " + std::to_string(p - 1)),
              std::string::npos)
        << error.what();
  }
  world.barrier();
}

TEST(Collectives, ExscanSumGivesOffsets) {
  const Communicator world = Communicator::world();
  const std::int64_t mine = world.rank() + 1;
  std::int64_t expected = 0;
  for (int q = 0; q < world.rank(); ++q) expected += q + 1;
  EXPECT_EQ(world.exscan_sum(mine), expected);
}

}  // namespace
}  // namespace pgas::comm
