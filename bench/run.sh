#!/usr/bin/env bash
# Runs every benchmark; paste its output into bench/RESULTS.md with the command.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build/cpp}
echo "== maps planning (bench/bench_maps_planning.cpp)"
"$BUILD/bench/bench_maps_planning"
echo "== redistribution vs raw MPI_Alltoallv, triad vs a C loop, 2^26 doubles on 2 ranks (bench/bench_redistribute.cpp)"
mpirun --oversubscribe -n 2 "$BUILD/bench/bench_redistribute" 26
echo "== parallel HDF5 I/O (bench/bench_io.sh: bench_io.cpp on 2 ranks, h5py, dd)"
BUILD="$BUILD" bash bench/bench_io.sh
PYTHON=${PYTHON:-python3}
echo "== Python overhead: darray elementwise ops vs NumPy on the same local data (1 and 2 ranks)"
for n in 1 2; do mpirun --oversubscribe -n "$n" "$PYTHON" bench/bench_python_overhead.py; done
echo "== import pgas vs numpy and mpi4py.MPI (fresh interpreters; singleton, then under mpirun)"
"$PYTHON" bench/bench_import.py
"$PYTHON" bench/bench_import.py --launcher "mpirun --oversubscribe -n 2"
echo "== STREAM per rank vs NumPy (examples/stream.py --bench, 4M elements per rank)"
for n in 1 2; do mpirun --oversubscribe -n "$n" "$PYTHON" examples/stream.py $((4000000 * n)) --trials 10 --bench; done
echo "== linalg: pgas vs plain-C ScaLAPACK vs NumPy, n=4096, 2 ranks / 2 threads (bench/bench_linalg*)"
echo "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}"
for i in 1 2; do  # interleaved twice: this machine's cores are shared, take the better pair
  OPENBLAS_NUM_THREADS=1 mpirun -n 2 --oversubscribe "$BUILD/bench/bench_linalg_ref" 4096 64
  OPENBLAS_NUM_THREADS=1 mpirun -n 2 --oversubscribe "$BUILD/bench/bench_linalg" 4096
done
OPENBLAS_NUM_THREADS=1 mpirun -n 2 --oversubscribe "$BUILD/bench/bench_linalg" 2048 --sweep
OPENBLAS_NUM_THREADS=2 "${PYTHON:-python3}" bench/bench_linalg_numpy.py 4096
echo "== linalg: tsqr vs ScaLAPACK pdgeqrf + pdorgqr, m=2^20, n=32, 2 ranks"
OPENBLAS_NUM_THREADS=1 mpirun -n 2 --oversubscribe "$BUILD/bench/bench_linalg_ref" --qr 1048576 32 64
OPENBLAS_NUM_THREADS=1 mpirun -n 2 --oversubscribe "$BUILD/bench/bench_linalg" --tsqr 1048576 32
echo "== ml: KMeans k=8 on 1,000,000 x 16 blobs, pgas 2 ranks vs scikit-learn 2 threads; weak scaling 1-4 ranks (bench/bench_ml_kmeans.py)"
"$PYTHON" bench/bench_ml_kmeans.py
"$PYTHON" bench/bench_ml_kmeans.py --weak 250000 --uniform
echo "== pgas.ppython vs native pgas (pStream, pFFT, pBlurimage kernels) and pg.rand vs NumPy's generator, 1 and 2 ranks"
for n in 1 2; do OPENBLAS_NUM_THREADS=1 mpirun --oversubscribe -n "$n" "$PYTHON" bench/bench_ppython.py; done
echo "== ml: PCA fit, 1,000,000 x 64, pgas on 2 ranks vs scikit-learn on 2 threads, interleaved (bench/bench_ml_pca.py)"
for i in 1 2; do
  OPENBLAS_NUM_THREADS=1 mpirun --oversubscribe -n 2 "$PYTHON" bench/bench_ml_pca.py pgas 1000000 64
  OPENBLAS_NUM_THREADS=2 "$PYTHON" bench/bench_ml_pca.py sklearn 1000000 64
done
echo "== ml: Ridge + LogisticRegression(lbfgs) on 2,000,000 x 32 make_classification and Lasso on 200,000 x 200 make_regression, pgas 2 ranks vs scikit-learn 2 threads, interleaved (bench/bench_ml_linear.py)"
for i in 1 2; do
  OPENBLAS_NUM_THREADS=1 mpirun --oversubscribe -n 2 "$PYTHON" bench/bench_ml_linear.py pgas classify 2000000 32 2
  OPENBLAS_NUM_THREADS=2 "$PYTHON" bench/bench_ml_linear.py sklearn classify 2000000 32 2
  OPENBLAS_NUM_THREADS=1 mpirun --oversubscribe -n 2 "$PYTHON" bench/bench_ml_linear.py pgas lasso 200000 200 2
  OPENBLAS_NUM_THREADS=2 "$PYTHON" bench/bench_ml_linear.py sklearn lasso 200000 200 2
done
echo "== NumPy API: boolean-mask compaction A[A > 0.5] on 2 ranks vs NumPy on one process, 2^24 float64 (bench/bench_numpy_mask.py)"
for i in 1 2; do
  mpirun --oversubscribe -n 2 "$PYTHON" bench/bench_numpy_mask.py pgas 24
  "$PYTHON" bench/bench_numpy_mask.py numpy 24
done
echo "== NumPy API: np.sort / np.median of a 1-D darray on 2 ranks vs NumPy on one process, 2^24 float64 (bench/bench_numpy_sort.py)"
for i in 1 2; do
  mpirun --oversubscribe -n 2 "$PYTHON" bench/bench_numpy_sort.py pgas 24
  "$PYTHON" bench/bench_numpy_sort.py numpy 24
done
echo "== ml: GridSearchCV(Ridge) over 8 alphas, 5 folds, and GaussianNB.fit, 200,000 x 32: pgas 2 ranks (n_jobs 1 and 2) vs scikit-learn (n_jobs=2) (bench/bench_ml_select.py)"
OPENBLAS_NUM_THREADS=1 mpirun --oversubscribe -n 2 "$PYTHON" bench/bench_ml_select.py pgas 200000 32 3
OPENBLAS_NUM_THREADS=1 "$PYTHON" bench/bench_ml_select.py sklearn 200000 32 3
echo "== ml: GaussianMixture full, k=8, 1,000,000 x 8 blobs, 5 EM iterations from explicit inits, pgas 2 ranks vs scikit-learn 2 threads, alternating (bench/bench_ml_mixture.py)"
"$PYTHON" bench/bench_ml_mixture.py
echo "== ml: KNeighborsClassifier (50,000 x 16 train, 50,000 queries) and DBSCAN (200,000 x 2 blobs), pgas 2 ranks vs scikit-learn n_jobs=2, interleaved (bench/bench_ml_neighbors.py)"
for task in "knn 50000 50000 16" "dbscan 200000"; do
  OPENBLAS_NUM_THREADS=1 mpirun --oversubscribe -n 2 "$PYTHON" bench/bench_ml_neighbors.py pgas $task r1
  OPENBLAS_NUM_THREADS=2 "$PYTHON" bench/bench_ml_neighbors.py sklearn $task r1
done
