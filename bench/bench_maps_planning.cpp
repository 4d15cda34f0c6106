// Planning cost of one rank's intersections against all peers (issue 2's goal: < 50 ms,
// memory proportional to the runs). One dimension of 2^30 cells over 65,536 positions.
//
// Two ways are timed for each map pair:
//   all-peers:  intersect my owned Runs with every peer's held Runs (P calls)
//   met-peers:  first find the peers my cells meet (holders_of), intersect with those only
// The baseline is the plain approach of enumerating my cells one by one and asking each
// cell's owner, which costs O(cells I own) instead of O(runs).
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "pgas/maps/dim_layout.hpp"

using pgas::maps::DimDist;
using pgas::maps::DimLayout;
using pgas::maps::Runs;

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

struct Result {
  double ms;
  std::size_t runs;
  std::int64_t cells;
  std::size_t peers;
};

Result plan_all_peers(const DimLayout& from, const DimLayout& to, int me) {
  const auto t0 = Clock::now();
  const std::vector<Runs> mine = from.owned(me);
  Result r{0, 0, 0, 0};
  std::vector<Runs> pieces;
  for (int peer = 0; peer < to.positions(); ++peer) {
    pieces.clear();
    for (const Runs& a : mine) {
      for (const Runs& b : to.held(peer)) {
        for (const Runs& piece : intersect(a, b)) pieces.push_back(piece);
      }
    }
    if (!pieces.empty()) ++r.peers;
    r.runs += pieces.size();
    r.cells += pgas::maps::total_size(pieces);
  }
  r.ms = ms_since(t0);
  return r;
}

Result plan_met_peers(const DimLayout& from, const DimLayout& to, int me) {
  const auto t0 = Clock::now();
  const std::vector<Runs> mine = from.owned(me);
  Result r{0, 0, 0, 0};
  std::vector<Runs> pieces;
  for (int peer : to.holders_of(mine)) {
    pieces.clear();
    for (const Runs& a : mine) {
      for (const Runs& b : to.held(peer)) {
        for (const Runs& piece : intersect(a, b)) pieces.push_back(piece);
      }
    }
    if (!pieces.empty()) ++r.peers;
    r.runs += pieces.size();
    r.cells += pgas::maps::total_size(pieces);
  }
  r.ms = ms_since(t0);
  return r;
}

// Baseline: walk my cells and look up each one's owner.
double cell_by_cell_ms(const DimLayout& from, const DimLayout& to, int me, std::int64_t* sink) {
  const auto t0 = Clock::now();
  std::int64_t acc = 0;
  for (const Runs& run : from.owned(me)) {
    for (std::int64_t k = 0; k < run.size(); ++k) acc += to.owner(run.cell(k)).position;
  }
  *sink += acc;
  return ms_since(t0);
}

}  // namespace

int main() {
  const std::int64_t n = std::int64_t{1} << 30;
  const int p = 65536;
  struct Case {
    std::string name;
    DimLayout from, to;
  };
  const std::vector<Case> cases = {
      {"block->cyclic", DimLayout(DimDist::block(), n, p), DimLayout(DimDist::cyclic(), n, p)},
      {"bc(64)->bc(48)", DimLayout(DimDist::block_cyclic(64), n, p),
       DimLayout(DimDist::block_cyclic(48), n, p)},
  };
  std::int64_t sink = 0;
  std::printf("n=2^30 cells, %d positions; one rank (position %d) against all peers\n", p, p / 3);
  std::printf("%-16s %-10s %10s %10s %12s %8s %14s %10s\n", "case", "method", "ms", "runs",
              "runs_bytes", "peers", "cells", "x_baseline");
  for (const Case& c : cases) {
    const int me = p / 3;
    const double baseline = cell_by_cell_ms(c.from, c.to, me, &sink);
    for (int method = 0; method < 2; ++method) {
      double best = 1e30;
      Result r{};
      for (int rep = 0; rep < 5; ++rep) {
        r = method == 0 ? plan_all_peers(c.from, c.to, me) : plan_met_peers(c.from, c.to, me);
        best = std::min(best, r.ms);
      }
      std::printf("%-16s %-10s %10.3f %10zu %12zu %8zu %14lld %10.1f\n", c.name.c_str(),
                  method == 0 ? "all-peers" : "met-peers", best, r.runs, r.runs * sizeof(Runs),
                  r.peers, static_cast<long long>(r.cells), baseline / best);
    }
    std::printf("%-16s %-10s %10.3f\n", c.name.c_str(), "cell-walk", baseline);
  }
  return sink == 42 ? 1 : 0;  // keep the baseline's work observable
}
