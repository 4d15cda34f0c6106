#include "map_attributes.hpp"

#include <exception>
#include <sstream>
#include <vector>

namespace pgas::io {

Attributes map_attributes(const maps::Map& map) {
  Attributes out;
  out["pgas_grid"] = AttrValue::of(std::vector<std::int64_t>(map.grid().begin(), map.grid().end()));
  std::string dist;
  for (std::size_t d = 0; d < map.dists().size(); ++d) {
    dist += (d ? "," : "") + map.dists()[d].to_string();
  }
  out["pgas_dist"] = AttrValue::of(dist);
  bool default_procs = true;
  for (std::size_t i = 0; i < map.procs().size(); ++i) {
    default_procs = default_procs && map.procs()[i] == static_cast<int>(i);
  }
  // Omitted when default: a map over 65,536 ranks would not fit HDF5's 64 KiB attribute limit.
  if (!default_procs) {
    out["pgas_procs"] =
        AttrValue::of(std::vector<std::int64_t>(map.procs().begin(), map.procs().end()));
  }
  std::vector<std::int64_t> overlap(map.grid().size(), 0);
  for (std::size_t d = 0; d < map.overlap().size() && d < overlap.size(); ++d) {
    overlap[d] = map.overlap()[d];
  }
  out["pgas_overlap"] = AttrValue::of(overlap);
  return out;
}

namespace {

maps::DimDist parse_dist(const std::string& s) {
  if (s == "b") return maps::DimDist::block();
  if (s == "c") return maps::DimDist::cyclic();
  if (s.size() > 4 && s.compare(0, 3, "bc(") == 0 && s.back() == ')') {
    return maps::DimDist::block_cyclic(std::stoll(s.substr(3, s.size() - 4)));
  }
  throw std::invalid_argument("pgas_dist entry '" + s + "' is not b, c or bc(k)");
}

const AttrValue* find(const Attributes& attrs, const char* name) {
  auto it = attrs.find(name);
  return it == attrs.end() ? nullptr : &it->second;
}

std::vector<int> to_ints(const std::vector<std::int64_t>& v) {
  return std::vector<int>(v.begin(), v.end());
}

}  // namespace

std::optional<maps::Map> map_from_attributes(const Attributes& attrs, std::string* why) {
  const AttrValue* grid = find(attrs, "pgas_grid");
  const AttrValue* dist = find(attrs, "pgas_dist");
  if (!grid && !dist) return std::nullopt;
  try {
    if (!grid || !dist || grid->ints.empty() || dist->kind != AttrValue::text) {
      throw std::invalid_argument("pgas_grid (integers) and pgas_dist (text) must both be there");
    }
    std::vector<maps::DimDist> dists;
    std::stringstream in(dist->str);
    for (std::string item; std::getline(in, item, ',');) dists.push_back(parse_dist(item));
    std::vector<int> procs;
    if (const AttrValue* p = find(attrs, "pgas_procs")) procs = to_ints(p->ints);
    std::vector<std::int64_t> overlap;
    if (const AttrValue* o = find(attrs, "pgas_overlap")) overlap = o->ints;
    return maps::Map(to_ints(grid->ints), dists, procs, overlap);
  } catch (const std::exception& error) {
    if (why) *why = error.what();
    return std::nullopt;
  }
}

Attributes take_map_attributes(Attributes& attrs) {
  Attributes out;
  for (auto it = attrs.begin(); it != attrs.end();) {
    if (it->first.rfind(reserved_prefix, 0) == 0) {
      out.insert(*it);
      it = attrs.erase(it);
    } else {
      ++it;
    }
  }
  return out;
}

}  // namespace pgas::io
