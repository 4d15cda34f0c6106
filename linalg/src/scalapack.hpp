// The ScaLAPACK, PBLAS and BLACS entry points pgas calls, declared here because Debian's
// libscalapack ships no C header. Fortran routines take every argument by pointer; complex
// numbers are passed as std::complex<T>, whose layout the C++ standard makes Fortran's. Every
// CHARACTER argument has gfortran's hidden length at the end (FortranCharLength, see
// local_lapack.hpp): leaving it out is undefined behaviour (a callee that tail-calls may use the
// caller's stack slots where the lengths belong). PBLAS (p?gemm) is C written to be called from
// Fortran: it ignores the lengths, so passing them is what a Fortran caller does too.
//
// Below the raw prototypes, typed overloads (one name per operation, any of the four
// element types) let the templated drivers call "getrf(...)" and reach ps/pd/pc/pz.
// Internal header: not installed, not part of the API.
#pragma once

#include <mpi.h>

#include <complex>

#include "pgas/linalg/local_lapack.hpp"

namespace pgas::linalg::detail {

using cfloat = std::complex<float>;
using cdouble = std::complex<double>;

extern "C" {
// ---- BLACS (C interface) ----
void Cblacs_pinfo(int* mypnum, int* nprocs);
int Csys2blacs_handle(MPI_Comm comm);
void Cblacs_gridmap(int* context, int* usermap, int ldumap, int nprow, int npcol);
void Cblacs_gridinfo(int context, int* nprow, int* npcol, int* myrow, int* mycol);
void Cblacs_gridexit(int context);

// ---- Tools ----
void descinit_(int* desc, const int* m, const int* n, const int* mb, const int* nb,
               const int* irsrc, const int* icsrc, const int* ictxt, const int* lld, int* info);
int numroc_(const int* n, const int* nb, const int* iproc, const int* isrcproc, const int* nprocs);

// ---- PBLAS ----
#define PGAS_GEMM(p, T)                                                                          \
  void p##gemm_(const char* ta, const char* tb, const int* m, const int* n, const int* k,        \
                const T* alpha, const T* a, const int* ia, const int* ja, const int* desca,      \
                const T* b, const int* ib, const int* jb, const int* descb, const T* beta, T* c, \
                const int* ic, const int* jc, const int* descc, FortranCharLength ta_len,        \
                FortranCharLength tb_len);
PGAS_GEMM(ps, float)
PGAS_GEMM(pd, double)
PGAS_GEMM(pc, cfloat)
PGAS_GEMM(pz, cdouble)
#undef PGAS_GEMM

// ---- LU, Cholesky, inverse, QR/LQ, least squares (same argument lists for all types) ----
#define PGAS_LU(p, T)                                                                              \
  void p##getrf_(const int* m, const int* n, T* a, const int* ia, const int* ja, const int* desca, \
                 int* ipiv, int* info);                                                            \
  void p##getrs_(const char* trans, const int* n, const int* nrhs, const T* a, const int* ia,      \
                 const int* ja, const int* desca, const int* ipiv, T* b, const int* ib,            \
                 const int* jb, const int* descb, int* info, FortranCharLength trans_len);         \
  void p##gesv_(const int* n, const int* nrhs, T* a, const int* ia, const int* ja,                 \
                const int* desca, int* ipiv, T* b, const int* ib, const int* jb, const int* descb, \
                int* info);                                                                        \
  void p##getri_(const int* n, T* a, const int* ia, const int* ja, const int* desca,               \
                 const int* ipiv, T* work, const int* lwork, int* iwork, const int* liwork,        \
                 int* info);                                                                       \
  void p##potrf_(const char* uplo, const int* n, T* a, const int* ia, const int* ja,               \
                 const int* desca, int* info, FortranCharLength uplo_len);                         \
  void p##gelqf_(const int* m, const int* n, T* a, const int* ia, const int* ja, const int* desca, \
                 T* tau, T* work, const int* lwork, int* info);                                    \
  void p##gels_(const char* trans, const int* m, const int* n, const int* nrhs, T* a,              \
                const int* ia, const int* ja, const int* desca, T* b, const int* ib,               \
                const int* jb, const int* descb, T* work, const int* lwork, int* info,             \
                FortranCharLength trans_len);
PGAS_LU(ps, float)
PGAS_LU(pd, double)
PGAS_LU(pc, cfloat)
PGAS_LU(pz, cdouble)
#undef PGAS_LU

// Q of an LQ factorization: "orglq" for real types, "unglq" for complex ones.
#define PGAS_GLQ(name, T)                                                                 \
  void name(const int* m, const int* n, const int* k, T* a, const int* ia, const int* ja, \
            const int* desca, const T* tau, T* work, const int* lwork, int* info);
PGAS_GLQ(psorglq_, float)
PGAS_GLQ(pdorglq_, double)
PGAS_GLQ(pcunglq_, cfloat)
PGAS_GLQ(pzunglq_, cdouble)
#undef PGAS_GLQ

// ---- SVD: complex versions take a real workspace (RWORK) before INFO too ----
#define PGAS_RWORK(R) R *rwork,
#define PGAS_NO_RWORK(R)
#define PGAS_GESVD(p, T, R, RWORK)                                                          \
  void p##gesvd_(const char* jobu, const char* jobvt, const int* m, const int* n, T* a,     \
                 const int* ia, const int* ja, const int* desca, R* s, T* u, const int* iu, \
                 const int* ju, const int* descu, T* vt, const int* ivt, const int* jvt,    \
                 const int* descvt, T* work, const int* lwork, RWORK(R) int* info,          \
                 FortranCharLength jobu_len, FortranCharLength jobvt_len);
PGAS_GESVD(ps, float, float, PGAS_NO_RWORK)
PGAS_GESVD(pd, double, double, PGAS_NO_RWORK)
PGAS_GESVD(pc, cfloat, float, PGAS_RWORK)
PGAS_GESVD(pz, cdouble, double, PGAS_RWORK)
#undef PGAS_GESVD
#undef PGAS_RWORK
#undef PGAS_NO_RWORK

// ---- Symmetric / Hermitian eigenproblems (divide and conquer; ?syev for values only) ----
#define PGAS_SYEVD(p, T)                                                                     \
  void p##syevd_(const char* jobz, const char* uplo, const int* n, T* a, const int* ia,      \
                 const int* ja, const int* desca, T* w, T* z, const int* iz, const int* jz,  \
                 const int* descz, T* work, const int* lwork, int* iwork, const int* liwork, \
                 int* info, FortranCharLength jobz_len, FortranCharLength uplo_len);         \
  void p##syev_(const char* jobz, const char* uplo, const int* n, T* a, const int* ia,       \
                const int* ja, const int* desca, T* w, T* z, const int* iz, const int* jz,   \
                const int* descz, T* work, const int* lwork, int* info,                      \
                FortranCharLength jobz_len, FortranCharLength uplo_len);
#define PGAS_HEEVD(p, T, R)                                                                 \
  void p##heevd_(const char* jobz, const char* uplo, const int* n, T* a, const int* ia,     \
                 const int* ja, const int* desca, R* w, T* z, const int* iz, const int* jz, \
                 const int* descz, T* work, const int* lwork, R* rwork, const int* lrwork,  \
                 int* iwork, const int* liwork, int* info, FortranCharLength jobz_len,      \
                 FortranCharLength uplo_len);                                               \
  void p##heev_(const char* jobz, const char* uplo, const int* n, T* a, const int* ia,      \
                const int* ja, const int* desca, R* w, T* z, const int* iz, const int* jz,  \
                const int* descz, T* work, const int* lwork, R* rwork, const int* lrwork,   \
                int* info, FortranCharLength jobz_len, FortranCharLength uplo_len);
PGAS_SYEVD(ps, float)
PGAS_SYEVD(pd, double)
PGAS_HEEVD(pc, cfloat, float)
PGAS_HEEVD(pz, cdouble, double)
#undef PGAS_SYEVD
#undef PGAS_HEEVD
}  // extern "C"

// ---- Typed overloads: the drivers call these ----
#define PGAS_TYPED(p, T)                                                                           \
  inline void gemm(char ta, char tb, int m, int n, int k, T alpha, const T* a, const int* desca,   \
                   const T* b, const int* descb, T beta, T* c, const int* descc) {                 \
    const int one = 1;                                                                             \
    p##gemm_(&ta, &tb, &m, &n, &k, &alpha, a, &one, &one, desca, b, &one, &one, descb, &beta, c,   \
             &one, &one, descc, 1, 1);                                                             \
  }                                                                                                \
  inline void getrf(int m, int n, T* a, const int* desca, int* ipiv, int* info) {                  \
    const int one = 1;                                                                             \
    p##getrf_(&m, &n, a, &one, &one, desca, ipiv, info);                                           \
  }                                                                                                \
  inline void getrs(char trans, int n, int nrhs, const T* a, const int* desca, const int* ipiv,    \
                    T* b, const int* descb, int* info) {                                           \
    const int one = 1;                                                                             \
    p##getrs_(&trans, &n, &nrhs, a, &one, &one, desca, ipiv, b, &one, &one, descb, info, 1);       \
  }                                                                                                \
  inline void getri(int n, T* a, const int* desca, const int* ipiv, T* work, int lwork,            \
                    int* iwork, int liwork, int* info) {                                           \
    const int one = 1;                                                                             \
    p##getri_(&n, a, &one, &one, desca, ipiv, work, &lwork, iwork, &liwork, info);                 \
  }                                                                                                \
  inline void potrf(char uplo, int n, T* a, const int* desca, int* info) {                         \
    const int one = 1;                                                                             \
    p##potrf_(&uplo, &n, a, &one, &one, desca, info, 1);                                           \
  }                                                                                                \
  inline void gelqf(int m, int n, T* a, const int* desca, T* tau, T* work, int lwork, int* info) { \
    const int one = 1;                                                                             \
    p##gelqf_(&m, &n, a, &one, &one, desca, tau, work, &lwork, info);                              \
  }                                                                                                \
  inline void gels(char trans, int m, int n, int nrhs, T* a, const int* desca, T* b,               \
                   const int* descb, T* work, int lwork, int* info) {                              \
    const int one = 1;                                                                             \
    p##gels_(&trans, &m, &n, &nrhs, a, &one, &one, desca, b, &one, &one, descb, work, &lwork,      \
             info, 1);                                                                             \
  }
PGAS_TYPED(ps, float)
PGAS_TYPED(pd, double)
PGAS_TYPED(pc, cfloat)
PGAS_TYPED(pz, cdouble)
#undef PGAS_TYPED

#define PGAS_GLQ_TYPED(name, T)                                                                    \
  inline void unglq(int m, int n, int k, T* a, const int* desca, const T* tau, T* work, int lwork, \
                    int* info) {                                                                   \
    const int one = 1;                                                                             \
    name(&m, &n, &k, a, &one, &one, desca, tau, work, &lwork, info);                               \
  }
PGAS_GLQ_TYPED(psorglq_, float)
PGAS_GLQ_TYPED(pdorglq_, double)
PGAS_GLQ_TYPED(pcunglq_, cfloat)
PGAS_GLQ_TYPED(pzunglq_, cdouble)
#undef PGAS_GLQ_TYPED

// gesvd: `rwork` is ignored for real types (they have none: RWORK_ARG empty).
#define PGAS_GESVD_TYPED(p, T, R, RWORK_ARG)                                                  \
  inline void gesvd(char jobu, char jobvt, int m, int n, T* a, const int* desca, R* s, T* u,  \
                    const int* descu, T* vt, const int* descvt, T* work, int lwork,           \
                    [[maybe_unused]] R* rwork, int* info) {                                   \
    const int one = 1;                                                                        \
    p##gesvd_(&jobu, &jobvt, &m, &n, a, &one, &one, desca, s, u, &one, &one, descu, vt, &one, \
              &one, descvt, work, &lwork, RWORK_ARG info, 1, 1);                              \
  }
#define PGAS_RWORK_ARG rwork,
PGAS_GESVD_TYPED(ps, float, float, )
PGAS_GESVD_TYPED(pd, double, double, )
PGAS_GESVD_TYPED(pc, cfloat, float, PGAS_RWORK_ARG)
PGAS_GESVD_TYPED(pz, cdouble, double, PGAS_RWORK_ARG)
#undef PGAS_GESVD_TYPED
#undef PGAS_RWORK_ARG

}  // namespace pgas::linalg::detail
