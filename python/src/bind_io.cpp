// Bindings of the io layer: save/load/info on the typed DArray classes, and the io
// exceptions as Python's FileNotFoundError, KeyError and OSError. SPEC §6's spelling
// (keyword arguments, "stored", numpy dtypes) lives in pgas/io.py.
#include <pybind11/complex.h>
#include <pybind11/stl.h>

#include <complex>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "bindings.hpp"
#include "pgas/darray/element_types.hpp"
#include "pgas/io/io.hpp"

namespace py = pybind11;

namespace pgas::python {
namespace {

using CtxArg = std::shared_ptr<Context>;

py::object attr_to_python(const io::AttrValue& v) {
  switch (v.kind) {
    case io::AttrValue::integer:
      return py::int_(v.ints.at(0));
    case io::AttrValue::real:
      return py::float_(v.doubles.at(0));
    case io::AttrValue::text:
      return py::str(v.str);
    case io::AttrValue::integer_array:
      return py::cast(v.ints);
    default:
      return py::cast(v.doubles);
  }
}

py::dict dataset_to_python(const io::DatasetInfo& d) {
  py::dict out;
  out["name"] = d.name;
  out["shape"] = py::tuple(py::cast(d.shape));
  out["dtype"] = d.dtype == io::DType::unsupported ? d.type_description : io::dtype_name(d.dtype);
  out["supported"] = d.dtype != io::DType::unsupported;
  out["chunks"] =
      d.chunks.empty() ? py::object(py::none()) : py::object(py::tuple(py::cast(d.chunks)));
  out["compression"] =
      d.compression.empty() ? py::object(py::none()) : py::object(py::str(d.compression));
  out["compression_opts"] =
      d.compression_level < 0 ? py::object(py::none()) : py::object(py::int_(d.compression_level));
  py::dict attrs;
  for (const auto& [key, value] : d.attrs) attrs[py::str(key)] = attr_to_python(value);
  out["attrs"] = attrs;
  out["map"] = d.stored_map ? py::cast(*d.stored_map) : py::object(py::none());
  return out;
}

// Python values -> AttrValue; pgas/io.py has already turned NumPy values into these kinds.
io::Attributes attrs_from(const py::dict& attrs) {
  io::Attributes out;
  for (const auto& [key, value] : attrs) {
    const std::string name = py::cast<std::string>(key);
    const py::tuple kv = py::reinterpret_borrow<py::tuple>(value);
    const std::string kind = py::cast<std::string>(kv[0]);
    if (kind == "int") {
      out[name] = io::AttrValue::of(py::cast<std::int64_t>(kv[1]));
    } else if (kind == "float") {
      out[name] = io::AttrValue::of(py::cast<double>(kv[1]));
    } else if (kind == "str") {
      out[name] = io::AttrValue::of(py::cast<std::string>(kv[1]));
    } else if (kind == "ints") {
      out[name] = io::AttrValue::of(py::cast<std::vector<std::int64_t>>(kv[1]));
    } else {
      out[name] = io::AttrValue::of(py::cast<std::vector<double>>(kv[1]));
    }
  }
  return out;
}

io::Method method_from(const std::string& method) {
  if (method == "hyperslabs") return io::Method::hyperslabs;
  if (method == "via_blocks") return io::Method::via_blocks;
  if (method == "automatic") return io::Method::automatic;
  throw ValueError("method must be 'automatic', 'hyperslabs' or 'via_blocks', got '" + method +
                   "'");
}

// Calls f(DArray<T>&) for whichever typed class `impl` is.
template <typename F>
void with_typed(const py::object& impl, F&& f) {
  bool done = false;
  pgas::for_each_element_type([&](auto tag) {
    using T = typename decltype(tag)::type;
    if (!done && py::isinstance<DArray<T>>(impl)) {
      done = true;
      f(impl.cast<DArray<T>&>());
    }
  });
  if (!done) throw py::type_error("save: expected a pgas darray");
}

template <typename T>
py::object load_as(const std::string& path, const io::DatasetInfo& di, const maps::Map& map,
                   const ContextPtr& ctx) {
  return py::cast(io::detail::load_described<T>(path, di, map, ctx));
}

}  // namespace

void bind_io(py::module_& m) {
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const io::FileNotFoundError& e) {
      PyErr_SetString(PyExc_FileNotFoundError, e.what());
    } catch (const io::KeyError& e) {
      PyErr_SetString(PyExc_KeyError, e.what());
    } catch (const io::IOError& e) {
      PyErr_SetString(PyExc_OSError, e.what());
    }
  });

  m.def(
      "save",
      [](const std::string& path, const std::string& name, const py::object& impl,
         const py::dict& attrs, const std::vector<std::int64_t>& chunks, bool auto_chunks,
         int compression, bool in_place, const std::string& method, bool overwrite) {
        io::SaveOptions options;
        options.attrs = attrs_from(attrs);
        options.chunks = chunks;
        options.auto_chunks = auto_chunks;
        options.compression = compression;
        options.in_place = in_place;
        options.method = method_from(method);
        options.overwrite = overwrite;
        with_typed(impl, [&](auto& a) {
          py::gil_scoped_release release;
          io::save(path, name, a, options);
        });
      },
      py::arg("path"), py::arg("name"), py::arg("impl"), py::arg("attrs"), py::arg("chunks"),
      py::arg("auto_chunks"), py::arg("compression"), py::arg("in_place"), py::arg("method"),
      py::arg("overwrite") = false,
      "Collective: write a typed DArray as a dataset (pgas.io.save).");

  m.def(
      "load",
      [](const std::string& path, const std::string& name, const std::optional<maps::Map>& map,
         bool stored, const CtxArg& ctx_arg) -> py::object {
        const ContextPtr ctx = ctx_arg;
        const io::DatasetInfo di = io::dataset_info(path, name, ctx);
        maps::Map use =
            stored ? io::detail::require_stored_map(di, *ctx)
            : map  ? *map
                   : io::default_map(static_cast<int>(std::max<std::size_t>(di.shape.size(), 1)),
                                     ctx->size());
        py::object out;
        pgas::for_each_element_type([&](auto tag) {
          using T = typename decltype(tag)::type;
          if (!out && io::dtype_of<T>() == di.dtype) out = load_as<T>(path, di, use, ctx);
        });
        if (!out) {
          throw ValueError("dataset '" + di.name + "' holds " + di.type_description +
                           "; pgas loads " + pgas::element_type_names());
        }
        return out;
      },
      py::arg("path"), py::arg("name"), py::arg("map"), py::arg("stored"), py::arg("ctx"),
      "Collective: read a dataset into a typed DArray of the dataset's dtype (pgas.io.load).");

  m.def(
      "info",
      [](const std::string& path, const CtxArg& ctx) {
        py::list out;
        for (const io::DatasetInfo& d : io::info(path, ctx).datasets)
          out.append(dataset_to_python(d));
        return out;
      },
      py::arg("path"), py::arg("ctx"), "Collective: every dataset of a file (pgas.io.info).");
}

}  // namespace pgas::python
