// Bindings of the linalg layer: one overload per element type of each function (pybind11
// picks the one whose DArray_<dtype> class matches), and LinAlgError -> numpy's.
// pgas/linalg.py gives them numpy.linalg's signatures.
#include <pybind11/complex.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <complex>
#include <string>

#include "bindings.hpp"
#include "pgas/linalg/linalg.hpp"

namespace py = pybind11;

namespace pgas::python {
namespace {

template <class T>
void bind_linalg_type(py::module_& m) {
  using A = DArray<T>;
  namespace la = pgas::linalg;
  m.def("matmul", [](const A& a, const A& b) { return la::matmul(a, b); });
  m.def("solve", [](const A& a, const A& b) { return la::solve(a, b); });
  m.def("inv", [](const A& a) { return la::inv(a); });
  m.def("det", [](const A& a) { return la::det(a); });
  m.def("cholesky", [](const A& a) { return la::cholesky(a); });
  m.def("qr", [](const A& a, const std::string& mode) {
    const la::QRMode md = mode == "complete" ? la::QRMode::complete
                          : mode == "r"      ? la::QRMode::r
                                             : la::QRMode::reduced;
    la::QRResult<T> f = la::qr(a, md);
    return py::make_tuple(f.q ? py::cast(std::move(*f.q)) : py::none(), py::cast(std::move(f.r)));
  });
  m.def("tsqr", [](const A& a) {
    la::QRResult<T> f = la::tsqr(a);
    return py::make_tuple(py::cast(std::move(*f.q)), py::cast(std::move(f.r)));
  });
  m.def("svd", [](const A& a, bool full, bool uv) {
    la::SVDResult<T> f = la::svd(a, full, uv);
    return py::make_tuple(f.u ? py::cast(std::move(*f.u)) : py::none(), to_numpy(f.s),
                          f.vh ? py::cast(std::move(*f.vh)) : py::none());
  });
  m.def("eigh", [](const A& a, const std::string& uplo, bool vectors) {
    if (uplo != "L" && uplo != "U") throw ValueError("UPLO argument must be 'L' or 'U'");
    la::EighResult<T> f = la::eigh(a, uplo[0], vectors);
    return py::make_tuple(to_numpy(f.w), f.v ? py::cast(std::move(*f.v)) : py::none());
  });
  m.def("norm", [](const A& a, const std::string& ord) {
    const la::NormOrd o = ord == "1"     ? la::NormOrd::one
                          : ord == "inf" ? la::NormOrd::inf
                          : ord == "2"   ? la::NormOrd::two
                                         : la::NormOrd::fro;
    return la::norm(a, o);
  });
  m.def("lstsq", [](const A& a, const A& b, double rcond) {
    la::LstsqResult<T> f = la::lstsq(a, b, rcond);
    return py::make_tuple(py::cast(std::move(f.x)), to_numpy(f.residuals), f.rank, to_numpy(f.s));
  });
}

}  // namespace

void bind_linalg(py::module_& m) {
  // numpy.linalg.LinAlgError, kept for the life of the process (never destroyed at exit,
  // when the interpreter may already be gone).
  static py::object* error_class =
      new py::object(py::module_::import("numpy.linalg").attr("LinAlgError"));
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const pgas::linalg::LinAlgError& e) {
      PyErr_SetString(error_class->ptr(), e.what());
    }
  });
  m.def("block_size", &pgas::linalg::block_size, "Block size for new layouts (local).");
  m.def("set_block_size", &pgas::linalg::set_block_size, py::arg("nb"),
        "Sets it, alike on every rank (local).");
  m.def("uses_tsqr", &pgas::linalg::uses_tsqr, py::arg("m"), py::arg("n"), py::arg("ranks"),
        "Whether qr/svd/lstsq take the TSQR path for (m, n) (local).");
  m.def("tsqr_count", &pgas::linalg::tsqr_count,
        "TSQR factorizations run by this process (a diagnostic; local).");
  bind_linalg_type<double>(m);
  bind_linalg_type<float>(m);
  bind_linalg_type<std::complex<double>>(m);
  bind_linalg_type<std::complex<float>>(m);
}

}  // namespace pgas::python
