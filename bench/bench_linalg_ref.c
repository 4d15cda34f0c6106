/* Baseline for bench_linalg: plain C calling ScaLAPACK directly, with the grid and block size
 * pgas uses on P ranks (BLACS grid 1 x P for P = 2, block size NB), no pgas at all.
 *   mpirun -n 2 bench_linalg_ref N NB
 * Prints one line per case: "ref <case> n=<n> nb=<nb> seconds=<best of 2> gflops=<...>".
 *   mpirun -n 2 bench_linalg_ref --qr M N NB
 * Reduced QR of an (M x N) matrix, pdgeqrf + pdorgqr, on a P x 1 BLACS grid (row blocks of NB:
 * the natural ScaLAPACK layout for tall-skinny matrices); best of 3. bench_linalg --tsqr M N
 * is the pgas side. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void Cblacs_pinfo(int*, int*);
void Cblacs_get(int, int, int*);
void Cblacs_gridinit(int*, const char*, int, int);
void Cblacs_gridinfo(int, int*, int*, int*, int*);
void Cblacs_gridexit(int);
int numroc_(const int*, const int*, const int*, const int*, const int*);
void descinit_(int*, const int*, const int*, const int*, const int*, const int*, const int*,
               const int*, const int*, int*);
void pdgemm_(const char*, const char*, const int*, const int*, const int*, const double*,
             const double*, const int*, const int*, const int*, const double*, const int*,
             const int*, const int*, const double*, double*, const int*, const int*, const int*);
void pdgesv_(const int*, const int*, double*, const int*, const int*, const int*, int*, double*,
             const int*, const int*, const int*, int*);

void pdgeqrf_(const int*, const int*, double*, const int*, const int*, const int*, double*, double*,
              const int*, int*);
void pdorgqr_(const int*, const int*, const int*, double*, const int*, const int*, const int*,
              const double*, double*, const int*, int*);

static void fill(double* x, long count, unsigned seed, double diag_boost, int n, int nb,
                 int myrow, int mycol, int nprow, int npcol, int lld) {
  srand(seed);
  for (long i = 0; i < count; ++i) x[i] = (double)rand() / RAND_MAX - 0.5;
  if (diag_boost != 0) { /* add n to the global diagonal: a well-conditioned system */
    for (long lj = 0; lj < count / lld; ++lj) {
      long gj = (lj / nb * npcol + mycol) * nb + lj % nb;
      for (long li = 0; li < lld; ++li) {
        long gi = (li / nb * nprow + myrow) * nb + li % nb;
        if (gi == gj && gi < n) x[li + lj * lld] += diag_boost;
      }
    }
  }
}

static int bench_qr(int m, int n, int nb) {
  int me, np, ctxt, nprow, npcol, myrow, mycol, zero = 0, one = 1, info = 0, query = -1;
  Cblacs_pinfo(&me, &np);
  Cblacs_get(-1, 0, &ctxt);
  Cblacs_gridinit(&ctxt, "Col", np, 1);
  Cblacs_gridinfo(ctxt, &nprow, &npcol, &myrow, &mycol);
  int lr = numroc_(&m, &nb, &myrow, &zero, &nprow), lc = numroc_(&n, &nb, &mycol, &zero, &npcol);
  int lld = lr > 1 ? lr : 1, desc[9];
  descinit_(desc, &m, &n, &nb, &nb, &zero, &zero, &ctxt, &lld, &info);
  long count = (long)lr * lc;
  double* a = malloc(sizeof(double) * (count > 0 ? count : 1));
  double* tau = malloc(sizeof(double) * (lc + nb));
  double wq = 0, wq2 = 0, best = 1e30;
  pdgeqrf_(&m, &n, a, &one, &one, desc, tau, &wq, &query, &info);
  pdorgqr_(&m, &n, &n, a, &one, &one, desc, tau, &wq2, &query, &info);
  int lwork = (int)(wq > wq2 ? wq : wq2) + 1;
  double* work = malloc(sizeof(double) * lwork);
  for (int rep = 0; rep < 3; ++rep) {
    fill(a, count, 1 + me, 0, m, nb, myrow, mycol, nprow, npcol, lld);
    MPI_Barrier(MPI_COMM_WORLD);
    double t = MPI_Wtime();
    pdgeqrf_(&m, &n, a, &one, &one, desc, tau, work, &lwork, &info);
    pdorgqr_(&m, &n, &n, a, &one, &one, desc, tau, work, &lwork, &info);
    MPI_Barrier(MPI_COMM_WORLD);
    t = MPI_Wtime() - t;
    if (t < best) best = t;
  }
  if (me == 0)
    printf("ref qr(pdgeqrf+pdorgqr) m=%d n=%d nb=%d seconds=%.3f gflops=%.2f info=%d\n", m, n, nb,
           best, (4.0 * m * (double)n * n - 4.0 / 3.0 * n * (double)n * n) / best / 1e9, info);
  free(a);
  free(tau);
  free(work);
  Cblacs_gridexit(ctxt);
  return 0;
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  if (argc > 1 && strcmp(argv[1], "--qr") == 0) {
    bench_qr(argc > 2 ? atoi(argv[2]) : 1 << 20, argc > 3 ? atoi(argv[3]) : 32,
             argc > 4 ? atoi(argv[4]) : 64);
    MPI_Finalize();
    return 0;
  }
  int n = argc > 1 ? atoi(argv[1]) : 4096, nb = argc > 2 ? atoi(argv[2]) : 64;
  int me, np, ctxt, nprow, npcol, myrow, mycol, zero = 0, one = 1, info;
  Cblacs_pinfo(&me, &np);
  Cblacs_get(-1, 0, &ctxt);
  Cblacs_gridinit(&ctxt, "Row", 1, np); /* = pgas's layout for P = 2 (see docs/linalg.md) */
  Cblacs_gridinfo(ctxt, &nprow, &npcol, &myrow, &mycol);
  int lr = numroc_(&n, &nb, &myrow, &zero, &nprow), lc = numroc_(&n, &nb, &mycol, &zero, &npcol);
  int lld = lr > 1 ? lr : 1, desc[9];
  descinit_(desc, &n, &n, &nb, &nb, &zero, &zero, &ctxt, &lld, &info);
  long count = (long)lr * lc;
  double *a = malloc(sizeof(double) * count), *b = malloc(sizeof(double) * count),
         *c = malloc(sizeof(double) * count);
  double alpha = 1, beta = 0, best = 1e30;
  fill(a, count, 1 + me, 0, n, nb, myrow, mycol, nprow, npcol, lld);
  fill(b, count, 7 + me, 0, n, nb, myrow, mycol, nprow, npcol, lld);
  for (int rep = 0; rep < 2; ++rep) {
    MPI_Barrier(MPI_COMM_WORLD);
    double t = MPI_Wtime();
    pdgemm_("N", "N", &n, &n, &n, &alpha, a, &one, &one, desc, b, &one, &one, desc, &beta, c,
            &one, &one, desc);
    MPI_Barrier(MPI_COMM_WORLD);
    t = MPI_Wtime() - t;
    if (t < best) best = t;
  }
  if (me == 0)
    printf("ref matmul n=%d nb=%d seconds=%.3f gflops=%.1f\n", n, nb, best,
           2.0 * n * (double)n * n / best / 1e9);

  /* solve: A x = b with one right-hand side */
  int bdesc[9], bl = numroc_(&one, &nb, &mycol, &zero, &npcol);
  descinit_(bdesc, &n, &one, &nb, &nb, &zero, &zero, &ctxt, &lld, &info);
  double* rhs = malloc(sizeof(double) * (lr > 0 ? lr : 1) * (bl > 0 ? bl : 1));
  int* ipiv = malloc(sizeof(int) * (lr + nb));
  best = 1e30;
  for (int rep = 0; rep < 2; ++rep) {
    fill(a, count, 1 + me, n, n, nb, myrow, mycol, nprow, npcol, lld);
    fill(rhs, (long)lr * bl, 3 + me, 0, n, nb, myrow, mycol, nprow, npcol, lld);
    MPI_Barrier(MPI_COMM_WORLD);
    double t = MPI_Wtime();
    pdgesv_(&n, &one, a, &one, &one, desc, ipiv, rhs, &one, &one, bdesc, &info);
    MPI_Barrier(MPI_COMM_WORLD);
    t = MPI_Wtime() - t;
    if (t < best) best = t;
  }
  if (me == 0)
    printf("ref solve n=%d nb=%d seconds=%.3f gflops=%.1f info=%d\n", n, nb, best,
           2.0 / 3.0 * n * (double)n * n / best / 1e9, info);
  Cblacs_gridexit(ctxt);
  MPI_Finalize();
  return 0;
}
