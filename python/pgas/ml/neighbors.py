"""pgas.ml.neighbors: nearest neighbours by brute force (scikit-learn's sklearn.neighbors) on
darrays whose rows are spread over the ranks.

``NearestNeighbors`` (``kneighbors``), ``KNeighborsClassifier`` and ``KNeighborsRegressor``.
The training rows are never gathered: the C++ kernel (``pgas/ml/neighbors.hpp``) keeps each
rank's queries and a running k-best per query while the training blocks travel round the ring
of ranks; distances are computed in tiles (one GEMM per tile for euclidean). Neighbours rank by
(distance, global index), so results never depend on the rank count or the maps. Results are
darrays whose rows lie with the query's; fitted state is NumPy or scalars, the same on every
rank. Every method is *collective* unless its docstring says *local*. See docs/ml.md.
"""
from __future__ import annotations

import numbers
from typing import Any, Optional, Tuple, Union

import numpy as np

from .. import _context, _core
from ..darray import darray
from .base import BaseEstimator, _agree, check_is_fitted, validate_data
from .decomposition import _invalid, _is_int, _is_real
from .linear_model import _target

__all__ = ["NearestNeighbors", "KNeighborsClassifier", "KNeighborsRegressor"]

# scikit-learn's valid metric names (sklearn.neighbors.VALID_METRICS, all algorithms), for
# its error message; pgas computes the ones in _METRICS.
_SKLEARN_METRICS = ("braycurtis", "canberra", "chebyshev", "cityblock", "correlation", "cosine",
                    "dice", "euclidean", "hamming", "haversine", "infinity", "jaccard", "l1",
                    "l2", "mahalanobis", "manhattan", "minkowski", "nan_euclidean", "p",
                    "precomputed", "pyfunc", "rogerstanimoto", "russellrao", "seuclidean",
                    "sokalmichener", "sokalsneath", "sqeuclidean", "yule")
_METRICS = {"euclidean": "euclidean", "l2": "euclidean", "manhattan": "manhattan",
            "l1": "manhattan", "cityblock": "manhattan", "chebyshev": "chebyshev",
            "infinity": "chebyshev", "minkowski": "minkowski", "p": "minkowski"}
_ALGORITHMS = ("auto", "ball_tree", "kd_tree", "brute")


def _metric_message(owner: str, value: Any) -> ValueError:
    names = ", ".join(repr(m) for m in _SKLEARN_METRICS)
    return _invalid("metric", owner, f"a str among {{{names}}}, a callable or an instance of "
                    "'sklearn.metrics._dist_metrics.DistanceMetric'", value)


def resolve_metric(owner: str, metric: Any, p: Any, metric_params: Any) -> Tuple[str, float, str]:
    """(the C++ metric, its p, scikit-learn's effective_metric_) of the parameters, with
    scikit-learn's rules (minkowski with p = 1, 2, inf is manhattan, euclidean, chebyshev;
    metric_params' p wins). ValueError with scikit-learn's message for a name it does not
    know, NotImplementedError for one it knows that pgas does not compute. Local."""
    if callable(metric):
        raise NotImplementedError(f"{owner}: a callable metric is not supported by pgas.ml")
    if not isinstance(metric, str) or metric not in _SKLEARN_METRICS:
        raise _metric_message(owner, metric)
    if metric not in _METRICS:
        raise NotImplementedError(f"{owner}: metric={metric!r} is not supported by pgas.ml; use "
                                  "one of " + ", ".join(sorted(_METRICS)))
    params = dict(metric_params or {})
    if "w" in params:
        raise NotImplementedError(f"{owner}: a weighted minkowski metric is not supported by "
                                  "pgas.ml")
    p = params.pop("p", p)
    p = 2.0 if p is None else float(p)
    kind = _METRICS[metric]
    if kind == "minkowski":
        effective = {1.0: "manhattan", 2.0: "euclidean", float("inf"): "chebyshev"}.get(p,
                                                                                      "minkowski")
    else:
        effective = kind
    return kind, p, effective


def _wrap(impl: Any) -> darray:
    return darray._wrap(impl)


class _NeighborsBase(BaseEstimator):
    """What the three estimators share: parameter checks, fit of the training rows, the query
    layout and kneighbors."""

    _core_name = "NearestNeighbors"

    def _check_params(self) -> Tuple[str, float, str]:
        owner = type(self).__name__
        k = self.n_neighbors
        if not (k is None or (_is_int(k) and k >= 1)):
            raise _invalid("n_neighbors", owner, "an int in the range [1, inf) or None", k)
        if self.algorithm not in _ALGORITHMS:
            raise _invalid("algorithm", owner, "a str among {'auto', 'ball_tree', 'brute', "
                           "'kd_tree'}", self.algorithm)
        if not (_is_int(self.leaf_size) and self.leaf_size >= 1):
            raise _invalid("leaf_size", owner, "an int in the range [1, inf)", self.leaf_size)
        p = self.p
        if not (p is None or (_is_real(p) and p > 0)):
            raise _invalid("p", owner, "a float in the range (0.0, inf] or None", p)
        if not (self.metric_params is None or isinstance(self.metric_params, dict)):
            raise _invalid("metric_params", owner, "an instance of 'dict' or None",
                           self.metric_params)
        if not (self.n_jobs is None or _is_int(self.n_jobs)):
            raise _invalid("n_jobs", owner, "an instance of 'int' or None", self.n_jobs)
        weights = getattr(self, "weights", "uniform")
        if callable(weights):
            raise NotImplementedError(f"{owner}: callable weights are not supported by pgas.ml")
        if weights not in (None, "uniform", "distance"):
            raise _invalid("weights", owner, "a str among {'distance', 'uniform'}, a callable "
                           "or None", weights)
        return resolve_metric(owner, self.metric, p, self.metric_params)

    def _fit_rows(self, X: Any) -> darray:
        kind, p, effective = self._check_params()
        X = validate_data(self, X)
        if X.shape[0] == 0:
            raise ValueError("n_samples must be greater than 0")
        k = 0 if self.n_neighbors is None else int(self.n_neighbors)
        weights = getattr(self, "weights", None) or "uniform"
        suffix = "float32" if X.dtype == np.float32 else "float64"
        self._impl = getattr(_core.ml, f"{self._core_name}_{suffix}")(
            max(k, 1), weights, kind, p)
        self._dtype = X.dtype
        self._comm = _context.comm_of(X._impl.context)
        # SPEC §3: the collective arguments agree across ranks (one small allgather).
        _agree(self._comm, (k, weights, kind, p), f"a parameter of {type(self).__name__}")
        self.effective_metric_ = effective
        self.effective_metric_params_ = {} if effective != "minkowski" else {"p": p}
        self._fit_method = "brute"
        self.n_samples_fit_ = int(X.shape[0])
        return X

    def _query(self, X: Any) -> Optional[darray]:
        """None (the training rows) or X checked and in the fitted dtype."""
        check_is_fitted(self, "_fit_method")
        if X is None:
            return None
        X = validate_data(self, X, reset=False, comm=self._comm)
        return X if X.dtype == self._dtype else X.astype(self._dtype)

    def kneighbors(self, X: Any = None, n_neighbors: Any = None,
                   return_distance: bool = True) -> Union[darray, Tuple[darray, darray]]:
        """The n_neighbors nearest training rows of each row of X, nearest first: distances
        and global training indices (int64), (n_queries, n_neighbors) darrays whose rows lie
        with X's. X None: the training rows, each not its own neighbour (scikit-learn's
        rule). Ties go to the smaller index."""
        check_is_fitted(self, "_fit_method")
        if n_neighbors is None:
            n_neighbors = self.n_neighbors
            if n_neighbors is None:
                raise ValueError("Expected n_neighbors > 0. Got None")
        elif not isinstance(n_neighbors, numbers.Integral):
            if n_neighbors <= 0:
                raise ValueError(f"Expected n_neighbors > 0. Got {n_neighbors}")
            raise TypeError(f"n_neighbors does not take {type(n_neighbors)} value, enter "
                            "integer value")
        elif n_neighbors <= 0:
            raise ValueError(f"Expected n_neighbors > 0. Got {n_neighbors}")
        Q = self._query(X)
        _agree(self._comm, (int(n_neighbors), X is None), "n_neighbors of kneighbors")
        dist, ind = self._impl.kneighbors(None if Q is None else Q._impl, int(n_neighbors))
        if return_distance:
            return _wrap(dist), _wrap(ind)
        return _wrap(ind)


class NearestNeighbors(_NeighborsBase):
    """scikit-learn's ``NearestNeighbors`` for ``kneighbors`` (brute force, whatever
    ``algorithm`` says: the answer is the same). Metrics: euclidean (l2), manhattan (l1,
    cityblock), chebyshev (infinity) and minkowski with any p > 0. ``radius`` is stored
    (radius_neighbors is not implemented); ``leaf_size`` and ``n_jobs`` are accepted."""

    def __init__(self, *, n_neighbors: Any = 5, radius: float = 1.0, algorithm: str = "auto",
                 leaf_size: int = 30, metric: Any = "minkowski", p: Any = 2,
                 metric_params: Any = None, n_jobs: Any = None) -> None:
        self.n_neighbors = n_neighbors
        self.radius = radius
        self.algorithm = algorithm
        self.leaf_size = leaf_size
        self.metric = metric
        self.p = p
        self.metric_params = metric_params
        self.n_jobs = n_jobs

    def fit(self, X: Any, y: Any = None) -> "NearestNeighbors":
        """Keeps X's rows (2-D darray on any map, laid out by whole rows if needed; or NumPy
        on every rank). Collective."""
        X = self._fit_rows(X)
        self._impl.fit(X._impl)
        return self


class _KNeighborsPredictor(_NeighborsBase):
    """What KNeighborsClassifier and KNeighborsRegressor share: scikit-learn's parameters
    (the same list for both) and a required target."""

    def __init__(self, n_neighbors: Any = 5, *, weights: Any = "uniform", algorithm: str = "auto",
                 leaf_size: int = 30, p: Any = 2, metric: Any = "minkowski",
                 metric_params: Any = None, n_jobs: Any = None) -> None:
        self.n_neighbors = n_neighbors
        self.weights = weights
        self.algorithm = algorithm
        self.leaf_size = leaf_size
        self.p = p
        self.metric = metric
        self.metric_params = metric_params
        self.n_jobs = n_jobs

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.target_tags.required = True
        return tags


class KNeighborsClassifier(_KNeighborsPredictor):
    """scikit-learn's ``KNeighborsClassifier``: the (``weights='distance'``: 1/d weighted)
    vote of the n_neighbors nearest training rows; equal votes go to the smallest class, as
    scikit-learn's argmax / mode. Labels are numbers (any numeric dtype, 1-D y); ``classes_``
    are their sorted distinct values. ``algorithm``, ``leaf_size``, ``n_jobs`` accepted."""

    _core_name = "KNeighborsClassifier"
    _estimator_type = "classifier"

    def fit(self, X: Any, y: Any) -> "KNeighborsClassifier":
        """Keeps X's rows and y's labels (a 1-D darray on any map, or NumPy). Collective."""
        X = self._fit_rows(X)
        label_dtype = y.dtype if isinstance(y, darray) else np.asarray(y).dtype
        y = _target(y, X, np.float64, classifier=True)
        self._impl.fit(X._impl, y._impl)
        classes = self._impl.classes()
        if label_dtype.kind == "f" and np.any(classes != np.round(classes)):
            raise ValueError("Unknown label type: continuous. Maybe you are trying to fit a "
                             "classifier, which expects discrete classes on a regression target "
                             "with continuous values.")
        self.classes_ = classes.astype(label_dtype)
        self.outputs_2d_ = False
        return self

    def predict_proba(self, X: Any = None) -> darray:
        """Class probabilities, (n_queries, n_classes) float64, rows lying with X's (X None:
        the training rows, each not its own neighbour)."""
        Q = self._query(X)
        return _wrap(self._impl.predict_proba(None if Q is None else Q._impl))

    def predict(self, X: Any = None) -> darray:
        """The predicted class of each row of X, (n_queries,) of classes_'s dtype."""
        Q = self._query(X)
        labels = _wrap(self._impl.predict(None if Q is None else Q._impl))
        return labels if self.classes_.dtype == np.float64 else labels.astype(self.classes_.dtype)

    def score(self, X: Any, y: Any, sample_weight: Any = None) -> float:
        """Mean accuracy of predict(X) against y."""
        from .metrics import accuracy_score

        return accuracy_score(y, self.predict(X), sample_weight=sample_weight)


class KNeighborsRegressor(_KNeighborsPredictor):
    """scikit-learn's ``KNeighborsRegressor``: the mean (``weights='distance'``: the 1/d
    weighted mean) of the n_neighbors nearest training targets; y is (n,) or (n, n_outputs).
    ``algorithm``, ``leaf_size``, ``n_jobs`` accepted."""

    _core_name = "KNeighborsRegressor"
    _estimator_type = "regressor"

    def fit(self, X: Any, y: Any) -> "KNeighborsRegressor":
        """Keeps X's rows and the targets y ((n,) or (n, n_outputs), darray on any map or
        NumPy). Collective."""
        X = self._fit_rows(X)
        y = _target(y, X, np.float64)
        self._impl.fit(X._impl, y._impl)
        return self

    def predict(self, X: Any = None) -> darray:
        """The predicted targets, (n_queries,) or (n_queries, n_outputs) float64, rows lying
        with X's (X None: the training rows, each not its own neighbour)."""
        Q = self._query(X)
        return _wrap(self._impl.predict(None if Q is None else Q._impl))

    def score(self, X: Any, y: Any, sample_weight: Any = None) -> float:
        """R^2 of predict(X) against y (uniform average over outputs)."""
        from .metrics import r2_score

        return r2_score(y, self.predict(X), sample_weight=sample_weight)
