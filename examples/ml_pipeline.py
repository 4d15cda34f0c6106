"""An ml pipeline on distributed rows: read a data set from HDF5 in parallel, scale it, reduce
it with PCA, cluster it with KMeans and write the labels back to the same file.

    mpirun -n 4 python examples/ml_pipeline.py                 # on its own generated data
    mpirun -n 4 python examples/ml_pipeline.py data.h5 X 5     # a dataset of yours, 5 clusters

On generated data (well separated blobs, their true labels saved beside them) it checks its
answer: the clusters must be the blobs (adjusted Rand index 1). No rank ever holds the whole
data set; every step is a collective call. examples/demo.py runs it.
"""
import os
import sys
import tempfile

import numpy as np

import pgas as pg


def make_blobs_file(path, n=3000, d=8, k=4, seed=3):
    """Blobs whose centres are 12 apart in every coordinate, with unit noise: row i belongs
    to blob i % k. Written collectively from block rows."""
    X = pg.randn((n, d), map=pg.dmap([pg.Np, 1]), seed=seed)
    centres = 12.0 * np.random.RandomState(seed).randint(-2, 3, size=(k, d))
    rows = X.global_ind(0)
    X.local[...] += centres[rows % k]              # this rank's rows, one NumPy operation
    y = pg.arange(n, map=pg.dmap([pg.Np])) % k
    pg.io.save(path, "X", X)
    pg.io.save(path, "y", y)


def scale(X):
    """Standardise the columns: StandardScaler when pgas.ml.preprocessing has it, else the
    same arithmetic from the column moments (one reduction)."""
    scaler = getattr(pg.ml.preprocessing, "StandardScaler", None)
    if scaler is not None:
        return scaler().fit_transform(X)
    _, mean, var = pg.ml.base.column_moments(X)
    return (X - mean) / np.sqrt(np.where(var > 0, var, 1.0))


def reduce(X, n_components):
    """PCA when pgas.ml.decomposition has it; else the scaled data as they are."""
    pca = getattr(pg.ml.decomposition, "PCA", None)
    if pca is None:
        return X, "no PCA yet (pgas.ml.decomposition is empty): clustering the scaled data"
    Z = pca(n_components=n_components).fit_transform(X)
    return Z, f"PCA to {n_components} components"


def run(path, dataset="X", n_clusters=4, check=True):
    X = pg.io.load(path, dataset, map=pg.dmap([pg.Np, 1], "c"))   # parallel read, cyclic rows
    Z, how = reduce(scale(X), min(3, X.shape[1]))
    km = pg.ml.KMeans(n_clusters, n_init=3, random_state=0).fit(Z)
    pg.io.save(path, "labels", km.labels_)                        # rows where they were read
    ok = True
    if check:
        truth = pg.io.load(path, "y", map=pg.dmap([pg.Np]))
        ari = pg.ml.metrics.adjusted_rand_score(truth, km.labels_)
        back = pg.io.load(path, "labels", map=pg.dmap([pg.Np], "c"))
        ok = bool(np.isclose(ari, 1.0)) and pg.ml.metrics.accuracy_score(back, km.labels_) == 1.0
        if pg.Pid == 0:
            print(f"ml: {X.shape} from {os.path.basename(path)} -> scaled -> {how} -> KMeans "
                  f"k={n_clusters}: inertia {km.inertia_:.1f} in {km.n_iter_} iterations, "
                  f"adjusted Rand index vs the blobs {ari:.3f}; labels saved")
    return ok


def main(argv):
    if len(argv) > 1:
        dataset = argv[2] if len(argv) > 2 else "X"
        k = int(argv[3]) if len(argv) > 3 else 8
        run(argv[1], dataset, k, check=False)
        return True
    directory = pg.comm().bcast(tempfile.mkdtemp(prefix="pgas-ml-") if pg.Pid == 0 else None)
    path = os.path.join(directory, "blobs.h5")
    make_blobs_file(path)
    ok = run(path)
    pg.comm().Barrier()
    if pg.Pid == 0:
        os.remove(path)
        os.rmdir(directory)
    return ok


if __name__ == "__main__":
    ok = pg.comm().allreduce(bool(main(sys.argv)), op=__import__("mpi4py").MPI.LAND)
    sys.exit(0 if ok else 1)
