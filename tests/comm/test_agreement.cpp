// check_same_arguments and agree_outcome (pgas/comm/agreement.hpp) at 1-4 ranks: agreeing
// ranks pass, a differing rank is named on every rank; and pgas::checked_cell_count.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "mpi_testing.hpp"
#include "pgas/checked_size.hpp"
#include "pgas/comm/agreement.hpp"
#include "pgas/errors.hpp"

namespace pgas::comm {
namespace {

using pgas::testing::all_ranks;
using pgas::testing::throws_on_every_rank;

TEST(CheckSameArguments, AgreeingArgumentsPass) {
  const Communicator world = Communicator::world();
  EXPECT_TRUE(all_ranks([&] {
    check_same_arguments(world, "call", {{"a", 1}, {"b", 0xFFFFFFFFFFFFFFFFull}});
    check_same_arguments(world, "call", {});
    return true;
  }()));
}

TEST(CheckSameArguments, TheDifferingArgumentAndRankAreNamed) {
  const Communicator world = Communicator::world();
  if (world.size() == 1) GTEST_SKIP() << "one rank cannot disagree with itself";
  const int odd = world.size() - 1;
  const std::uint64_t b = world.rank() == odd ? 7 : 5;
  std::vector<std::string> parts = {"call: argument 'b' must be the same on every rank",
                                    "rank(s) " + std::to_string(odd) + " another"};
  EXPECT_TRUE(throws_on_every_rank<ValueError>(
      [&] {
        check_same_arguments(world, "call", {{"a", 1}, {"b", b}});
      },
      parts));
  // Every rank different: every one is named.
  EXPECT_TRUE(throws_on_every_rank<ValueError>(
      [&] {
        check_same_arguments(world, "call", {{"c", static_cast<std::uint64_t>(world.rank())}});
      },
      {"argument 'c'", "rank(s) 0 pass one value"}));
}

TEST(AgreeOutcome, EveryRankLearnsWhoFailedAndWhy) {
  const Communicator world = Communicator::world();
  const AgreedOutcome fine = agree_outcome(world, false, "");
  EXPECT_TRUE(all_ranks(fine.failed_ranks.empty()));
  const int odd = world.size() - 1;
  const AgreedOutcome bad =
      agree_outcome(world, world.rank() == odd, world.rank() == odd ? "why" : "");
  EXPECT_TRUE(
      all_ranks(bad.failed_ranks == std::vector<int>{odd} && bad.first_description == "why"));
}

TEST(CheckedCellCount, OverflowIsAValueError) {
  EXPECT_EQ(checked_cell_count(std::vector<std::int64_t>{3, 4}, 8), 12);
  EXPECT_EQ(checked_cell_count(
                std::vector<std::int64_t>{0, std::int64_t{1} << 40, std::int64_t{1} << 40}, 8),
            0);
  EXPECT_THROW(checked_cell_count(
                   std::vector<std::int64_t>{std::int64_t{1} << 32, std::int64_t{1} << 32}, 1),
               ValueError);
  EXPECT_THROW(checked_cell_count(std::vector<std::int64_t>{std::int64_t{1} << 61, 2}, 8),
               ValueError);
  EXPECT_EQ(checked_multiply(3, 5, "x"), 15);
  EXPECT_THROW(checked_multiply(std::int64_t{1} << 62, 4, "x"), ValueError);
}

}  // namespace
}  // namespace pgas::comm
