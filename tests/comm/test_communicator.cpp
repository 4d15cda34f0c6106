// Communicator lifetime: world, wrap, adopt, dup, split, moves; check_all; MPI errors.
#include <gtest/gtest.h>
#include <mpi.h>

#include <string>

#include "pgas/comm/comm_error.hpp"
#include "pgas/comm/communicator.hpp"
#include "pgas/errors.hpp"

namespace pgas::comm {
namespace {

int world_rank() {
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  return rank;
}

int world_size() {
  int size = 0;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  return size;
}

std::string rank_prefix() {
  return "[rank " + std::to_string(world_rank()) + "] ";
}

TEST(Communicator, WorldMatchesMpi) {
  const Communicator world = Communicator::world();
  EXPECT_EQ(world.rank(), world_rank());
  EXPECT_EQ(world.size(), world_size());
  EXPECT_EQ(world.handle(), MPI_COMM_WORLD);
  EXPECT_FALSE(world.owns_handle());
  EXPECT_FALSE(world.is_null());
  EXPECT_EQ(error_rank(), world_rank()) << "world() tags error messages with the rank";
}

TEST(Communicator, DefaultIsNullAndRefusesWork) {
  const Communicator none;
  EXPECT_TRUE(none.is_null());
  EXPECT_EQ(none.size(), 0);
  EXPECT_EQ(none.rank(), -1);
  EXPECT_THROW(none.barrier(), ValueError);
  EXPECT_THROW(none.dup(), ValueError);
}

TEST(Communicator, WrapBorrowsAndNeverFrees) {
  MPI_Comm mine = MPI_COMM_NULL;
  MPI_Comm_dup(MPI_COMM_WORLD, &mine);
  {
    const Communicator wrapped = Communicator::wrap(mine);
    EXPECT_FALSE(wrapped.owns_handle());
    EXPECT_EQ(wrapped.size(), world_size());
    wrapped.barrier();
  }
  // Still valid after the wrapper died: usable, and freeable by its owner.
  int size = 0;
  EXPECT_EQ(MPI_Comm_size(mine, &size), MPI_SUCCESS);
  EXPECT_EQ(size, world_size());
  EXPECT_EQ(MPI_Comm_free(&mine), MPI_SUCCESS);
}

TEST(Communicator, WrapNullThrows) {
  EXPECT_THROW(Communicator::wrap(MPI_COMM_NULL), ValueError);
}

TEST(Communicator, AdoptOwnsAndRefusesPredefined) {
  MPI_Comm mine = MPI_COMM_NULL;
  MPI_Comm_dup(MPI_COMM_WORLD, &mine);
  const Communicator adopted = Communicator::adopt(mine);
  EXPECT_TRUE(adopted.owns_handle());
  EXPECT_EQ(adopted.rank(), world_rank());
  EXPECT_THROW(Communicator::adopt(MPI_COMM_WORLD), ValueError);
}

TEST(Communicator, DupIsCongruentAndSeparate) {
  const Communicator world = Communicator::world();
  const Communicator copy = world.dup();
  EXPECT_TRUE(copy.owns_handle());
  EXPECT_NE(copy.handle(), world.handle());
  int result = MPI_UNEQUAL;
  MPI_Comm_compare(copy.handle(), world.handle(), &result);
  EXPECT_EQ(result, MPI_CONGRUENT);
  EXPECT_EQ(copy.rank(), world.rank());
}

TEST(Communicator, MoveTransfersOwnership) {
  Communicator a = Communicator::world().dup();
  const MPI_Comm handle = a.handle();
  Communicator b = std::move(a);
  EXPECT_TRUE(a.is_null());  // NOLINT(bugprone-use-after-move): moved-from state is specified
  EXPECT_EQ(b.handle(), handle);
  EXPECT_TRUE(b.owns_handle());
  Communicator c;
  c = std::move(b);
  EXPECT_EQ(c.handle(), handle);
  c = Communicator::world().dup();  // frees the old handle, takes the new one
  EXPECT_NE(c.handle(), MPI_COMM_NULL);
  c.barrier();
}

TEST(Communicator, SplitEvenOdd) {
  const Communicator world = Communicator::world();
  const int p = world.size();
  const int r = world.rank();
  const Communicator half = world.split(r % 2, -r);  // key reverses the order
  const int members = (p + 1 - r % 2) / 2;
  EXPECT_EQ(half.size(), members);
  // Ranks of my colour, highest world rank first.
  int expected = 0;
  for (int q = p - 1; q > r; --q) {
    if (q % 2 == r % 2) ++expected;
  }
  EXPECT_EQ(half.rank(), expected);
  EXPECT_EQ(half.allreduce(r, Op::sum), [&] {
    int sum = 0;
    for (int q = r % 2; q < p; q += 2) sum += q;
    return sum;
  }());
}

TEST(Communicator, SplitUndefinedGivesNull) {
  const Communicator world = Communicator::world();
  const bool out = world.rank() == world.size() - 1;
  const Communicator part = world.split(out ? undefined_color : 0);
  EXPECT_EQ(part.is_null(), out);
  if (!out) {
    EXPECT_EQ(part.size(), world.size() - 1);
  }
}

TEST(Communicator, SplitBadColourThrowsOnEveryRank) {
  const Communicator world = Communicator::world();
  const int last = world.size() - 1;
  try {
    (void)world.split(world.rank() == last ? -5 : 0);
    FAIL() << "split with a negative colour on rank " << last << " did not throw";
  } catch (const ValueError& error) {
    const std::string message = error.what();
    EXPECT_EQ(message.rfind(rank_prefix(), 0), 0u) << message;
    EXPECT_NE(message.find("failed on rank " + std::to_string(last)), std::string::npos) << message;
    EXPECT_NE(message.find("colour -5"), std::string::npos) << message;
  }
  world.barrier();  // everyone is still in step
}

TEST(Communicator, CheckAllPassesWhenAllOk) {
  EXPECT_NO_THROW(Communicator::world().check_all(true, "fine"));
}

TEST(Communicator, CheckAllNamesEveryFailingRank) {
  const Communicator world = Communicator::world();
  const bool ok = world.rank() % 2 == 1;  // the even ranks fail
  std::string expected = "what: failed on rank";
  expected += world.size() > 2 ? "s 0, 2" : " 0";
  try {
    world.check_all(ok, "what", ok ? "" : "rank " + std::to_string(world.rank()) + " says no");
    FAIL() << "check_all did not throw";
  } catch (const ValueError& error) {
    const std::string message = error.what();
    EXPECT_EQ(message, rank_prefix() + expected + " (rank 0: rank 0 says no)");
  }
}

TEST(Communicator, MpiErrorsBecomeCommErrorWithRank) {
  const Communicator world = Communicator::world();
  int dummy = 0;
  // A raw MPI call with an invalid rank: the communicator's MPI_ERRORS_RETURN hands back a
  // code instead of aborting, and check_mpi turns it into a CommError.
  const int rc = MPI_Send(&dummy, 1, MPI_INT, world.size() + 3, 0, world.handle());
  ASSERT_NE(rc, MPI_SUCCESS);
  try {
    check_mpi(rc, "MPI_Send");
    FAIL() << "check_mpi did not throw";
  } catch (const CommError& error) {
    EXPECT_EQ(error.error_class(), MPI_ERR_RANK);
    EXPECT_EQ(error.rank(), world_rank());
    const std::string message = error.what();
    EXPECT_EQ(message.rfind(rank_prefix() + "MPI_Send: ", 0), 0u) << message;
  }
}

}  // namespace
}  // namespace pgas::comm
