// Bindings of the maps layer: DimDist, Runs, DimLayout, Map. The Python-side spec
// parsing (pPython's many spellings) lives in pgas/maps.py; here is only the index math.
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "pgas/maps/exchange.hpp"
#include "pgas/maps/map.hpp"

namespace py = pybind11;
using namespace pgas::maps;

namespace pgas::python {

void bind_maps(py::module_& m) {
  py::class_<DimDist>(m, "DimDist")
      .def_static("block", &DimDist::block)
      .def_static("cyclic", &DimDist::cyclic)
      .def_static("block_cyclic", &DimDist::block_cyclic, py::arg("k"))
      .def_property_readonly("kind",
                             [](const DimDist& d) {
                               switch (d.kind()) {
                                 case DistKind::block:
                                   return "b";
                                 case DistKind::cyclic:
                                   return "c";
                                 default:
                                   return "bc";
                               }
                             })
      .def_property_readonly("block_size", &DimDist::block_size)
      .def("__eq__", [](const DimDist& a, const DimDist& b) { return a == b; })
      .def("__repr__", &DimDist::to_string);

  py::class_<Runs>(m, "Runs")
      .def(py::init([](std::int64_t start, std::int64_t length, std::int64_t stride,
                       std::int64_t count) { return Runs::make(start, length, stride, count); }),
           py::arg("start"), py::arg("length"), py::arg("stride"), py::arg("count"))
      .def_readonly("start", &Runs::start)
      .def_readonly("length", &Runs::length)
      .def_readonly("stride", &Runs::stride)
      .def_readonly("count", &Runs::count)
      .def_property_readonly("size", &Runs::size)
      .def("__len__", [](const Runs& r) { return r.size(); })
      .def("__contains__", &Runs::contains)
      .def("__eq__", [](const Runs& a, const Runs& b) { return a == b; })
      .def("__repr__", [](const Runs& r) { return "Runs(" + r.to_string() + ")"; });
  m.def("intersect", &intersect, py::arg("a"), py::arg("b"));

  py::class_<DimLayout>(m, "DimLayout")
      .def(py::init<DimDist, std::int64_t, int, std::int64_t>(), py::arg("dist"), py::arg("n"),
           py::arg("p"), py::arg("overlap") = 0)
      .def("owned", &DimLayout::owned, py::arg("q"))
      .def("held", &DimLayout::held, py::arg("q"))
      .def("owner", [](const DimLayout& l, std::int64_t i) {
        const DimOwner o = l.owner(i);
        return py::make_tuple(o.position, o.local);
      });

  py::class_<Map>(m, "Map")
      .def(py::init<std::vector<int>, std::vector<DimDist>, std::vector<int>,
                    std::vector<std::int64_t>>(),
           py::arg("grid"), py::arg("dist"), py::arg("procs"), py::arg("overlap"))
      .def_property_readonly("grid", &Map::grid)
      .def_property_readonly("dist", &Map::dists)
      .def_property_readonly("procs", &Map::procs)
      .def_property_readonly("overlap", &Map::overlap)
      .def_property_readonly("ndim", &Map::ndim)
      .def_property_readonly("max_rank", &Map::max_rank)
      .def("check_fits", &Map::check_fits, py::arg("communicator_size"))
      .def("grid_coords", &Map::grid_coords, py::arg("rank"))
      .def("rank_at", &Map::rank_at, py::arg("coords"))
      .def("local_shape", &Map::local_shape, py::arg("shape"), py::arg("rank"))
      .def("owned_shape", &Map::owned_shape, py::arg("shape"), py::arg("rank"))
      .def("owned", &Map::owned, py::arg("shape"), py::arg("rank"))
      .def("held", &Map::held, py::arg("shape"), py::arg("rank"))
      .def("owner",
           [](const Map& map, const Shape& shape, const Index& index) {
             const Owner o = map.owner(shape, index);
             return py::make_tuple(o.rank, o.local);
           })
      .def("to_global", &Map::to_global, py::arg("shape"), py::arg("rank"), py::arg("local"))
      .def("to_local", &Map::to_local, py::arg("shape"), py::arg("rank"), py::arg("index"))
      .def("without_dim", &Map::without_dim, py::arg("dim"))
      .def("slice_at", &Map::slice_at, py::arg("dim"), py::arg("position"))
      .def("with_unit_dim", &Map::with_unit_dim, py::arg("dim"))
      .def("transposed", &Map::transposed)
      .def("show", &Map::show, py::arg("shape"))
      .def("__eq__", [](const Map& a, const Map& b) { return a == b; })
      .def("__hash__", &Map::hash)
      .def("__repr__", &Map::to_string);

  m.def("receivers", &receivers, py::arg("source"), py::arg("source_rank"), py::arg("dest"),
        py::arg("shape"));
  m.def("senders", &senders, py::arg("source"), py::arg("dest"), py::arg("dest_rank"),
        py::arg("shape"));
  m.def(
      "exchanged_cells",
      [](const Map& source, int source_rank, const Map& dest, int dest_rank, const Shape& shape) {
        return exchanged_cells(source, source_rank, dest, dest_rank, shape).dims;
      },
      py::arg("source"), py::arg("source_rank"), py::arg("dest"), py::arg("dest_rank"),
      py::arg("shape"));
}

}  // namespace pgas::python
