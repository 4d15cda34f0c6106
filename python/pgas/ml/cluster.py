"""pgas.ml.cluster: clustering (scikit-learn's sklearn.cluster). See docs/ml.md.

Every method is collective: all ranks call it with the same arguments.
"""
from __future__ import annotations

import numbers
import warnings
import zlib
from typing import Any, Optional

import numpy as np

from .. import _context, _core
from ..darray import darray
from .base import (BaseEstimator, ClusterMixin, ConvergenceWarning, TransformerMixin, _agree,
                   check_is_fitted, seed_from, validate_data)

__all__ = ["KMeans", "DBSCAN"]


def _invalid(name: str, owner: str, expected: str, value: Any) -> ValueError:
    # scikit-learn's InvalidParameterError message (it is a ValueError too).
    return ValueError(f"The {name!r} parameter of {owner} must be {expected}. Got {value!r} "
                      "instead.")


def _is_int(v: Any) -> bool:
    return isinstance(v, numbers.Integral) and not isinstance(v, bool)


class KMeans(ClusterMixin, TransformerMixin, BaseEstimator):
    """K-Means clustering, scikit-learn's ``KMeans`` (Lloyd's algorithm) on a darray whose rows
    are spread over the ranks.

    Parameters, defaults and attributes are scikit-learn's. ``init`` is ``'k-means++'``,
    ``'random'`` or an ``(n_clusters, n_features)`` array (the same on every rank);
    ``n_init='auto'`` means 1 run for ``'k-means++'`` and an array, 10 for ``'random'``.
    ``algorithm='elkan'`` is accepted and computed by Lloyd's iterations (the same fixed point);
    ``verbose`` and ``copy_x`` are accepted (X is never modified).

    After ``fit``: ``cluster_centers_`` (NumPy, every rank), ``labels_`` (an int32 darray whose
    row i lies with X's row i), ``inertia_``, ``n_iter_``, ``n_features_in_``. With an explicit
    ``init`` the result equals scikit-learn's; with ``random_state`` fixed, it is the same on
    every rank count and map (the seeding draws depend on the seed and global row indices only;
    they are not scikit-learn's draws). A whole fit is one C++ call: one allreduce of the
    per-cluster sums and counts per iteration.
    """

    def __init__(self, n_clusters: int = 8, *, init: Any = "k-means++", n_init: Any = "auto",
                 max_iter: int = 300, tol: float = 1e-4, verbose: int = 0,
                 random_state: Any = None, copy_x: bool = True, algorithm: str = "lloyd") -> None:
        self.n_clusters = n_clusters
        self.init = init
        self.n_init = n_init
        self.max_iter = max_iter
        self.tol = tol
        self.verbose = verbose
        self.random_state = random_state
        self.copy_x = copy_x
        self.algorithm = algorithm

    # ---- parameters ----------------------------------------------------------------------
    def _validate_params(self) -> None:
        name = type(self).__name__
        if not _is_int(self.n_clusters) or self.n_clusters < 1:
            raise _invalid("n_clusters", name, "an int in the range [1, inf)", self.n_clusters)
        init = self.init
        if isinstance(init, str):
            if init not in ("k-means++", "random"):
                raise _invalid("init", name, "a str among {'k-means++', 'random'}, a callable "
                               "or an array-like", init)
        elif callable(init):
            raise NotImplementedError("KMeans: a callable init is not supported by pgas (pass "
                                      "'k-means++', 'random' or an array of centres)")
        n_init = self.n_init
        if not (n_init == "auto" if isinstance(n_init, str) else _is_int(n_init) and n_init >= 1):
            raise _invalid("n_init", name, "a str among {'auto'} or an int in the range [1, inf)",
                           n_init)
        if not _is_int(self.max_iter) or self.max_iter < 1:
            raise _invalid("max_iter", name, "an int in the range [1, inf)", self.max_iter)
        if not isinstance(self.tol, numbers.Real) or isinstance(self.tol, bool) \
                or not self.tol >= 0:
            raise _invalid("tol", name, "a float in the range [0.0, inf)", self.tol)
        if self.algorithm not in ("lloyd", "elkan"):
            raise _invalid("algorithm", name, "a str among {'elkan', 'lloyd'}", self.algorithm)

    def _runs(self) -> int:
        explicit = not isinstance(self.init, str)
        if self.n_init == "auto":
            return 10 if isinstance(self.init, str) and self.init == "random" else 1
        if explicit and self.n_init != 1:
            warnings.warn("Explicit initial center position passed: performing only one init "
                          f"in {type(self).__name__} instead of n_init={self.n_init}.",
                          RuntimeWarning, stacklevel=3)
            return 1
        return int(self.n_init)

    # ---- fitting -------------------------------------------------------------------------
    def fit(self, X: Any, y: Any = None, sample_weight: Any = None) -> "KMeans":
        """Compute the clustering of X (2-D darray on any map, or NumPy on every rank)."""
        self._validate_params()
        if sample_weight is not None:
            raise NotImplementedError("KMeans: sample_weight is not supported by pgas yet")
        X = validate_data(self, X)
        n, d = X.shape
        if n < self.n_clusters:
            raise ValueError(f"n_samples={n} should be >= n_clusters={self.n_clusters}.")
        self._n_init = self._runs()
        if isinstance(self.init, str):
            kind, centers = self.init, np.zeros((0, d))
        else:
            kind = "array"
            centers = np.array(self.init, dtype=X.dtype, copy=True, order="C")
            if centers.ndim != 2 or centers.shape[0] != self.n_clusters:
                raise ValueError(f"The shape of the initial centers {centers.shape} does not "
                                 f"match the number of clusters {self.n_clusters}.")
            if centers.shape[1] != d:
                raise ValueError(f"The shape of the initial centers {centers.shape} does not "
                                 f"match the number of features of the data {d}.")
            if not np.all(np.isfinite(centers)):
                raise ValueError("Input init contains NaN or infinity.")
        comm = _context.comm_of(X._impl.context)
        seed = seed_from(self.random_state, comm) if kind != "array" else 0
        # SPEC §3: the collective arguments agree across ranks (one small allgather).
        _agree(comm, (int(self.n_clusters), kind, self._n_init, int(self.max_iter),
                      float(self.tol), seed, zlib.crc32(centers.tobytes())),
               "a parameter of KMeans")
        c, labels, inertia, n_iter = _core.ml.kmeans_fit(
            X._impl, int(self.n_clusters), kind, centers, self._n_init, int(self.max_iter),
            float(self.tol), seed)
        self.cluster_centers_ = c
        self.labels_ = darray(labels)
        self.inertia_ = float(inertia)
        self.n_iter_ = int(n_iter)
        distinct = len(_core.ml.unique_values(labels))  # one allgather of distinct labels
        if distinct < self.n_clusters:
            warnings.warn(f"Number of distinct clusters ({distinct}) found smaller than "
                          f"n_clusters ({self.n_clusters}). Possibly due to duplicate points "
                          "in X.", ConvergenceWarning, stacklevel=2)
        return self

    def fit_predict(self, X: Any, y: Any = None, sample_weight: Any = None) -> darray:
        """``fit(X).labels_``."""
        return self.fit(X, sample_weight=sample_weight).labels_

    def fit_transform(self, X: Any, y: Any = None, sample_weight: Any = None) -> darray:
        """``fit(X).transform(X)``."""
        return self.fit(X, sample_weight=sample_weight).transform(X)

    # ---- using the model -----------------------------------------------------------------
    def _checked(self, X: Any) -> darray:
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        return X

    def _centers_for(self, X: darray) -> np.ndarray:
        return np.ascontiguousarray(self.cluster_centers_, dtype=X.dtype)

    def predict(self, X: Any) -> darray:
        """The closest centre of each row: an int32 darray whose row i lies with X's row i."""
        X = self._checked(X)
        labels, _ = _core.ml.kmeans_assign(X._impl, self._centers_for(X))
        return darray(labels)

    def transform(self, X: Any) -> darray:
        """Distances of each row to every centre: an (n, n_clusters) darray, rows with X's."""
        X = self._checked(X)
        return darray(_core.ml.kmeans_distances(X._impl, self._centers_for(X)))

    def score(self, X: Any, y: Any = None, sample_weight: Any = None) -> float:
        """Minus the inertia of X against the centres (a float on every rank)."""
        if sample_weight is not None:
            raise NotImplementedError("KMeans: sample_weight is not supported by pgas yet")
        X = self._checked(X)
        return -float(_core.ml.kmeans_assign(X._impl, self._centers_for(X))[1])


class DBSCAN(ClusterMixin, BaseEstimator):
    """scikit-learn's ``DBSCAN`` on a darray whose rows are spread over the ranks: the same
    ``labels_`` (an int64 darray whose row i lies with X's row i; -1 for noise),
    ``core_sample_indices_`` and ``components_`` (NumPy, every rank). Metrics: euclidean (l2),
    manhattan (l1, cityblock), chebyshev (infinity) and minkowski with p (default 2).

    Neither X nor the labels are gathered: the neighbourhoods come from one pass of the row
    blocks round the ring of ranks, the clusters from a union-find of each rank's core points
    and min-label propagation between ranks; clusters are numbered as scikit-learn's search in
    index order numbers them. ``algorithm``, ``leaf_size`` and ``n_jobs`` are accepted (the
    answer does not depend on them). See docs/ml.md.
    """

    def __init__(self, eps: float = 0.5, *, min_samples: int = 5, metric: Any = "euclidean",
                 metric_params: Any = None, algorithm: str = "auto", leaf_size: int = 30,
                 p: Any = None, n_jobs: Any = None) -> None:
        self.eps = eps
        self.min_samples = min_samples
        self.metric = metric
        self.metric_params = metric_params
        self.algorithm = algorithm
        self.leaf_size = leaf_size
        self.p = p
        self.n_jobs = n_jobs

    def fit(self, X: Any, y: Any = None, sample_weight: Any = None) -> "DBSCAN":
        """Clusters the rows of X (2-D darray on any map, or NumPy on every rank).
        Collective."""
        from .neighbors import _ALGORITHMS, resolve_metric

        name = type(self).__name__
        if not isinstance(self.eps, numbers.Real) or isinstance(self.eps, bool) \
                or not self.eps > 0 or self.eps == float("inf"):
            raise _invalid("eps", name, "a float in the range (0.0, inf)", self.eps)
        if not _is_int(self.min_samples) or self.min_samples < 1:
            raise _invalid("min_samples", name, "an int in the range [1, inf)", self.min_samples)
        if self.algorithm not in _ALGORITHMS:
            raise _invalid("algorithm", name, "a str among {'auto', 'ball_tree', 'brute', "
                           "'kd_tree'}", self.algorithm)
        if not _is_int(self.leaf_size) or self.leaf_size < 1:
            raise _invalid("leaf_size", name, "an int in the range [1, inf)", self.leaf_size)
        if not (self.p is None or (isinstance(self.p, numbers.Real)
                                   and not isinstance(self.p, bool) and self.p >= 0)):
            raise _invalid("p", name, "a float in the range [0.0, inf) or None", self.p)
        if sample_weight is not None:
            raise NotImplementedError("DBSCAN: sample_weight is not supported by pgas yet")
        if isinstance(self.metric, str) and self.metric == "precomputed":
            raise NotImplementedError("DBSCAN: metric='precomputed' is not supported by pgas")
        kind, p, _ = resolve_metric(name, self.metric, self.p, self.metric_params)
        if kind == "minkowski" and not p > 0:
            raise ValueError("DBSCAN: minkowski's p must be > 0")
        X = validate_data(self, X)
        comm = _context.comm_of(X._impl.context)
        _agree(comm, (float(self.eps), int(self.min_samples), kind, p), "a parameter of DBSCAN")
        labels, core, components = _core.ml.dbscan(X._impl, float(self.eps),
                                                   int(self.min_samples), kind, p)
        self.labels_ = darray(labels)
        self.core_sample_indices_ = core
        self.components_ = components if core.size else np.empty((0, X.shape[1]))
        return self

    def fit_predict(self, X: Any, y: Any = None, sample_weight: Any = None) -> darray:
        """``fit(X).labels_``."""
        return self.fit(X, sample_weight=sample_weight).labels_
