// Reductions of every darray dtype against serial oracles, argmin/argmax pairs, and the
// type/operation pairs that must be refused.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <complex>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "pgas/comm/communicator.hpp"
#include "pgas/errors.hpp"

namespace pgas::comm {
namespace {

/// Rank r's contribution at position i: small integers, so every dtype represents every sum
/// and product exactly.
template <class T>
T contribution(int r, int i) {
  const int k = (r + i) % 3 + 1;  // 1, 2 or 3
  if constexpr (std::is_same_v<T, bool>) {
    return (r + i) % 2 == 0;
  } else if constexpr (std::is_same_v<T, std::complex<double>> ||
                       std::is_same_v<T, std::complex<float>>) {
    using Real = typename T::value_type;
    return T(static_cast<Real>(k), static_cast<Real>(i % 2));
  } else {
    return static_cast<T>(k);
  }
}

template <class T>
T fold(int p, int i, Op op) {
  T result = contribution<T>(0, i);
  for (int r = 1; r < p; ++r) {
    const T x = contribution<T>(r, i);
    switch (op) {
      case Op::sum:
        result = static_cast<T>(result + x);
        break;
      case Op::prod:
        result = static_cast<T>(result * x);
        break;
      case Op::min:
        if constexpr (std::is_arithmetic_v<T>) result = x < result ? x : result;
        break;
      case Op::max:
        if constexpr (std::is_arithmetic_v<T>) result = x > result ? x : result;
        break;
      case Op::land:
        if constexpr (std::is_integral_v<T>) result = static_cast<T>(result && x);
        break;
      case Op::lor:
        if constexpr (std::is_integral_v<T>) result = static_cast<T>(result || x);
        break;
      default:
        break;
    }
  }
  return result;
}

template <class T>
std::vector<Op> valid_ops() {
  if constexpr (std::is_same_v<T, bool>) {
    return {Op::min, Op::max, Op::land, Op::lor};
  } else if constexpr (std::is_floating_point_v<T>) {
    return {Op::sum, Op::prod, Op::min, Op::max};
  } else if constexpr (std::is_integral_v<T>) {
    return {Op::sum, Op::prod, Op::min, Op::max, Op::land, Op::lor};
  } else {
    return {Op::sum, Op::prod};
  }
}

template <class T>
std::vector<Op> invalid_ops() {
  if constexpr (std::is_same_v<T, bool>) {
    return {Op::sum, Op::prod, Op::minloc, Op::maxloc};
  } else if constexpr (std::is_floating_point_v<T>) {
    return {Op::land, Op::lor, Op::minloc, Op::maxloc};
  } else if constexpr (std::is_integral_v<T>) {
    return {Op::minloc, Op::maxloc};
  } else {
    return {Op::min, Op::max, Op::land, Op::lor, Op::minloc, Op::maxloc};
  }
}

template <class T>
class TypedReduction : public ::testing::Test {};
using Dtypes = ::testing::Types<double, float, std::int64_t, std::int32_t, std::complex<double>,
                                std::complex<float>, bool, std::uint8_t, std::uint16_t,
                                std::uint32_t, std::uint64_t, long long, std::size_t, unsigned>;
TYPED_TEST_SUITE(TypedReduction, Dtypes);

TYPED_TEST(TypedReduction, AllreduceMatchesSerialFold) {
  using T = TypeParam;
  const Communicator world = Communicator::world();
  constexpr int n = 6;
  std::array<T, n> in{};  // not std::vector: vector<bool> has no data()
  for (int i = 0; i < n; ++i) in[static_cast<std::size_t>(i)] = contribution<T>(world.rank(), i);
  for (const Op op : valid_ops<T>()) {
    std::array<T, n> out{};
    world.allreduce(in.data(), out.data(), in.size(), op);
    std::array<T, n> in_place = in;
    world.allreduce(in_place.data(), in_place.data(), in_place.size(), op);
    for (int i = 0; i < n; ++i) {
      const T expected = fold<T>(world.size(), i, op);
      EXPECT_EQ(out[static_cast<std::size_t>(i)], expected) << op_name(op) << " at " << i;
      EXPECT_EQ(in_place[static_cast<std::size_t>(i)], expected) << op_name(op) << " in place";
    }
  }
}

TYPED_TEST(TypedReduction, ReduceToEveryRoot) {
  using T = TypeParam;
  const Communicator world = Communicator::world();
  const Op op = valid_ops<T>().front();
  for (int root = 0; root < world.size(); ++root) {
    const T mine = contribution<T>(world.rank(), 1);
    T out = contribution<T>(0, 0);
    world.reduce(&mine, &out, 1, op, root);
    if (world.rank() == root) {
      EXPECT_EQ(out, fold<T>(world.size(), 1, op));
    }
  }
}

TYPED_TEST(TypedReduction, MeaninglessOperationsThrowValueError) {
  using T = TypeParam;
  const Communicator world = Communicator::world();
  const T mine = contribution<T>(world.rank(), 0);
  for (const Op op : invalid_ops<T>()) {
    try {
      (void)world.allreduce(mine, op);
      ADD_FAILURE() << op_name(op) << " on " << type_name<T>() << " did not throw";
    } catch (const ValueError& error) {
      EXPECT_NE(std::string(error.what()).find(op_name(op)), std::string::npos) << error.what();
    }
  }
  world.barrier();
}

TEST(Reductions, ScalarAllreduce) {
  const Communicator world = Communicator::world();
  const int p = world.size();
  EXPECT_EQ(world.allreduce(world.rank() + 1, Op::sum), p * (p + 1) / 2);
  EXPECT_EQ(world.allreduce(static_cast<double>(world.rank()), Op::max), p - 1.0);
  EXPECT_EQ(world.allreduce(world.rank() != 0, Op::lor), p > 1);
}

template <class T>
class TypedArgminArgmax : public ::testing::Test {};
using OrderedDtypes = ::testing::Types<double, float, std::int64_t, std::int32_t, std::uint64_t,
                                       std::uint32_t, std::uint16_t, std::uint8_t>;
TYPED_TEST_SUITE(TypedArgminArgmax, OrderedDtypes);

TYPED_TEST(TypedArgminArgmax, TiesGoToTheSmallestIndex) {
  using T = TypeParam;
  const Communicator world = Communicator::world();
  const int p = world.size();
  const int r = world.rank();
  // Global array of 4p values: x[j] = (j * 7) % 5, each rank holds a cyclic slice; the serial
  // oracle is numpy.argmin/argmax: the first occurrence of the extreme.
  auto x = [](int j) { return static_cast<T>((j * 7) % 5); };
  ValueIndex<T> lo;
  ValueIndex<T> hi;
  for (int j = r; j < 4 * p; j += p) {
    if (lo.index < 0 || x(j) < lo.value) lo = {x(j), j};
    if (hi.index < 0 || x(j) > hi.value) hi = {x(j), j};
  }
  ValueIndex<T> want_lo{x(0), 0};
  ValueIndex<T> want_hi{x(0), 0};
  for (int j = 1; j < 4 * p; ++j) {
    if (x(j) < want_lo.value) want_lo = {x(j), j};
    if (x(j) > want_hi.value) want_hi = {x(j), j};
  }
  EXPECT_EQ(world.allreduce(lo, Op::minloc), want_lo);
  EXPECT_EQ(world.allreduce(hi, Op::maxloc), want_hi);
  ValueIndex<T> out;
  world.reduce(&hi, &out, 1, Op::maxloc, p - 1);
  if (r == p - 1) {
    EXPECT_EQ(out, want_hi);
  }
}

TEST(Reductions, ArgminSkipsEmptyRanksAndNaNWins) {
  const Communicator world = Communicator::world();
  const int p = world.size();
  const int r = world.rank();
  // Only the last rank holds values; the others have no candidate (index -1).
  ValueIndex<double> mine;
  if (r == p - 1) mine = {5.0, 17};
  EXPECT_EQ(world.allreduce(mine, Op::minloc), (ValueIndex<double>{5.0, 17}));
  // A NaN anywhere wins, as in NumPy; among NaNs the smallest index.
  ValueIndex<double> candidate{static_cast<double>(r), 100 - r};
  if (r % 2 == 0) candidate.value = std::numeric_limits<double>::quiet_NaN();
  const ValueIndex<double> best = world.allreduce(candidate, Op::maxloc);
  const int last_even = (p - 1) / 2 * 2;
  EXPECT_TRUE(std::isnan(best.value));
  EXPECT_EQ(best.index, 100 - last_even);
}

TEST(Reductions, PairsRefusePlainOperations) {
  const Communicator world = Communicator::world();
  const ValueIndex<double> mine{1.0, world.rank()};
  EXPECT_THROW((void)world.allreduce(mine, Op::sum), ValueError);
}

}  // namespace
}  // namespace pgas::comm
