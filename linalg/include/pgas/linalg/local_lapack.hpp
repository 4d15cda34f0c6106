// Serial BLAS and LAPACK on one rank's local buffers: the entry points pgas calls (tsqr and
// the small dense problems it leaves, e.g. the SVD of R; the ml layer's distance GEMMs, Gram
// matrices and small eigen/SVD problems), declared here as scalapack.hpp does for ScaLAPACK:
// Debian ships no C header for the Fortran interface. The BLAS and LAPACK chosen by
// -DPGAS_BLAS provide them (cmake/PgasBlas.cmake). Column-major, arguments by pointer, complex as
// std::complex<T>. Routines with CHARACTER arguments get gfortran's hidden length arguments
// (FortranCharLength, at the end): leaving them out is undefined behaviour once gfortran
// tail-calls through them (it may then use the caller's stack slots where the lengths belong).
//
// Below the prototypes, typed overloads in pgas::linalg::lapack (one name per operation for
// the element types it exists for). Public (installed) so that layers above linalg call BLAS
// through the same declarations; every function here is local (no communication).
#pragma once

#include <complex>
#include <cstddef>
#include <vector>

namespace pgas::linalg {

/// The hidden length gfortran (8 and later) passes, by value after the last declared argument,
/// for every CHARACTER argument of a Fortran routine: one per CHARACTER, in argument order.
/// Every Fortran prototype in pgas (here and in linalg/src/scalapack.hpp) declares them, and every
/// call passes 1 (pgas's CHARACTER arguments are single letters).
using FortranCharLength = std::size_t;

}  // namespace pgas::linalg

namespace pgas::linalg::lapack {

using cfloat = std::complex<float>;
using cdouble = std::complex<double>;

/// `n` zeroed elements for a matrix or vector handed to BLAS/LAPACK with leading dimension (or
/// stride) `ld`, with room for ld + 16 more allocated past them, never part of it: optimised
/// kernels read past the vectors they are given (OpenBLAS 0.3.21's Haswell c/zgemv_n, see
/// allocate_local in pgas/darray/local_buffer.hpp), and a vector inside the matrix runs with
/// stride ld at most. Move it, do not copy it (a copy drops the room). Local.
template <class T>
std::vector<T> padded(std::size_t n, std::size_t ld) {
  std::vector<T> v;
  v.reserve(n + ld + 16);
  v.assign(n, T(0));
  return v;
}

extern "C" {
// ---- QR: ?geqrf, and Q from its reflectors: ?orgqr (real) / ?ungqr (complex) ----
#define PGAS_GEQRF(p, T, q)                                                                     \
  void p##geqrf_(const int* m, const int* n, T* a, const int* lda, T* tau, T* work,             \
                 const int* lwork, int* info);                                                  \
  void p##q##gqr_(const int* m, const int* n, const int* k, T* a, const int* lda, const T* tau, \
                  T* work, const int* lwork, int* info);
PGAS_GEQRF(s, float, or)
PGAS_GEQRF(d, double, or)
PGAS_GEQRF(c, cfloat, un)
PGAS_GEQRF(z, cdouble, un)
#undef PGAS_GEQRF

// ---- BLAS ?gemm ----
#define PGAS_LGEMM(p, T)                                                                  \
  void p##gemm_(const char* ta, const char* tb, const int* m, const int* n, const int* k, \
                const T* alpha, const T* a, const int* lda, const T* b, const int* ldb,   \
                const T* beta, T* c, const int* ldc, FortranCharLength ta_len,            \
                FortranCharLength tb_len);
PGAS_LGEMM(s, float)
PGAS_LGEMM(d, double)
PGAS_LGEMM(c, cfloat)
PGAS_LGEMM(z, cdouble)
#undef PGAS_LGEMM

// ---- SVD ?gesvd: complex versions take a real workspace (RWORK) before INFO too ----
#define PGAS_LRWORK(R) R *rwork,
#define PGAS_LNO_RWORK(R)
#define PGAS_LGESVD(p, T, R, RWORK)                                                           \
  void p##gesvd_(const char* jobu, const char* jobvt, const int* m, const int* n, T* a,       \
                 const int* lda, R* s, T* u, const int* ldu, T* vt, const int* ldvt, T* work, \
                 const int* lwork, RWORK(R) int* info, FortranCharLength jobu_len,            \
                 FortranCharLength jobvt_len);
PGAS_LGESVD(s, float, float, PGAS_LNO_RWORK)
PGAS_LGESVD(d, double, double, PGAS_LNO_RWORK)
PGAS_LGESVD(c, cfloat, float, PGAS_LRWORK)
PGAS_LGESVD(z, cdouble, double, PGAS_LRWORK)
#undef PGAS_LGESVD
#undef PGAS_LRWORK
#undef PGAS_LNO_RWORK

// ---- BLAS ?syrk (real): C = alpha A A^T + beta C (or A^T A), one triangle ----
#define PGAS_LSYRK(p, T)                                                                         \
  void p##syrk_(const char* uplo, const char* trans, const int* n, const int* k, const T* alpha, \
                const T* a, const int* lda, const T* beta, T* c, const int* ldc,                 \
                FortranCharLength uplo_len, FortranCharLength trans_len);
PGAS_LSYRK(s, float)
PGAS_LSYRK(d, double)
#undef PGAS_LSYRK

// ---- LAPACK ?gesdd (real, divide and conquer SVD) and ?syevd (real symmetric eigen) ----
#define PGAS_LGESDD(p, T)                                                                        \
  void p##gesdd_(const char* jobz, const int* m, const int* n, T* a, const int* lda, T* s, T* u, \
                 const int* ldu, T* vt, const int* ldvt, T* work, const int* lwork, int* iwork,  \
                 int* info, FortranCharLength jobz_len);                                         \
  void p##syevd_(const char* jobz, const char* uplo, const int* n, T* a, const int* lda, T* w,   \
                 T* work, const int* lwork, int* iwork, const int* liwork, int* info,            \
                 FortranCharLength jobz_len, FortranCharLength uplo_len);
PGAS_LGESDD(s, float)
PGAS_LGESDD(d, double)
#undef PGAS_LGESDD

// ---- LAPACK ?potrf / ?potrs (real): Cholesky factor and solve of a small SPD matrix ----
#define PGAS_LPOTRF(p, T)                                                                     \
  void p##potrf_(const char* uplo, const int* n, T* a, const int* lda, int* info,             \
                 FortranCharLength uplo_len);                                                 \
  void p##potrs_(const char* uplo, const int* n, const int* nrhs, const T* a, const int* lda, \
                 T* b, const int* ldb, int* info, FortranCharLength uplo_len);
PGAS_LPOTRF(s, float)
PGAS_LPOTRF(d, double)
#undef PGAS_LPOTRF
}  // extern "C"

// ---- Typed overloads ----
#define PGAS_LAPACK_TYPED(p, T, q)                                                        \
  inline void geqrf(int m, int n, T* a, int lda, T* tau, T* work, int lwork, int* info) { \
    p##geqrf_(&m, &n, a, &lda, tau, work, &lwork, info);                                  \
  }                                                                                       \
  inline void ungqr(int m, int n, int k, T* a, int lda, const T* tau, T* work, int lwork, \
                    int* info) {                                                          \
    p##q##gqr_(&m, &n, &k, a, &lda, tau, work, &lwork, info);                             \
  }                                                                                       \
  inline void gemm(char ta, char tb, int m, int n, int k, T alpha, const T* a, int lda,   \
                   const T* b, int ldb, T beta, T* c, int ldc) {                          \
    p##gemm_(&ta, &tb, &m, &n, &k, &alpha, a, &lda, b, &ldb, &beta, c, &ldc, 1, 1);       \
  }
PGAS_LAPACK_TYPED(s, float, or)
PGAS_LAPACK_TYPED(d, double, or)
PGAS_LAPACK_TYPED(c, cfloat, un)
PGAS_LAPACK_TYPED(z, cdouble, un)
#undef PGAS_LAPACK_TYPED

// gesvd: `rwork` (5 min(m, n) reals) is ignored for real types (RWORK_ARG empty).
#define PGAS_LGESVD_TYPED(p, T, R, RWORK_ARG)                                                      \
  inline void gesvd(char jobu, char jobvt, int m, int n, T* a, int lda, R* s, T* u, int ldu,       \
                    T* vt, int ldvt, T* work, int lwork, [[maybe_unused]] R* rwork, int* info) {   \
    p##gesvd_(&jobu, &jobvt, &m, &n, a, &lda, s, u, &ldu, vt, &ldvt, work, &lwork, RWORK_ARG info, \
              1, 1);                                                                               \
  }
#define PGAS_LRWORK_ARG rwork,
PGAS_LGESVD_TYPED(s, float, float, )
PGAS_LGESVD_TYPED(d, double, double, )
PGAS_LGESVD_TYPED(c, cfloat, float, PGAS_LRWORK_ARG)
PGAS_LGESVD_TYPED(z, cdouble, double, PGAS_LRWORK_ARG)
#undef PGAS_LGESVD_TYPED
#undef PGAS_LRWORK_ARG

// syrk, gesdd (`iwork`: 8 min(m, n) ints), syevd: float and double.
#define PGAS_LREAL_TYPED(p, T)                                                                    \
  inline void syrk(char uplo, char trans, int n, int k, T alpha, const T* a, int lda, T beta,     \
                   T* c, int ldc) {                                                               \
    p##syrk_(&uplo, &trans, &n, &k, &alpha, a, &lda, &beta, c, &ldc, 1, 1);                       \
  }                                                                                               \
  inline void gesdd(char jobz, int m, int n, T* a, int lda, T* s, T* u, int ldu, T* vt, int ldvt, \
                    T* work, int lwork, int* iwork, int* info) {                                  \
    p##gesdd_(&jobz, &m, &n, a, &lda, s, u, &ldu, vt, &ldvt, work, &lwork, iwork, info, 1);       \
  }                                                                                               \
  inline void syevd(char jobz, char uplo, int n, T* a, int lda, T* w, T* work, int lwork,         \
                    int* iwork, int liwork, int* info) {                                          \
    p##syevd_(&jobz, &uplo, &n, a, &lda, w, work, &lwork, iwork, &liwork, info, 1, 1);            \
  }
PGAS_LREAL_TYPED(s, float)
PGAS_LREAL_TYPED(d, double)
#undef PGAS_LREAL_TYPED

// potrf / potrs: float and double.
#define PGAS_LPOTRF_TYPED(p, T)                                                                  \
  inline void potrf(char uplo, int n, T* a, int lda, int* info) {                                \
    p##potrf_(&uplo, &n, a, &lda, info, 1);                                                      \
  }                                                                                              \
  inline void potrs(char uplo, int n, int nrhs, const T* a, int lda, T* b, int ldb, int* info) { \
    p##potrs_(&uplo, &n, &nrhs, a, &lda, b, &ldb, info, 1);                                      \
  }
PGAS_LPOTRF_TYPED(s, float)
PGAS_LPOTRF_TYPED(d, double)
#undef PGAS_LPOTRF_TYPED

}  // namespace pgas::linalg::lapack
