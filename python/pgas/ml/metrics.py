"""pgas.ml.metrics: scikit-learn's sklearn.metrics on darrays of any map and NumPy arrays.

Inputs are 1-D (or, for the regression metrics, 2-D) darrays on any map or NumPy arrays given on
every rank; when the two arguments live on different maps the second is redistributed to the
first's. Each metric is one or two reductions of a few sufficient statistics in C++
(``_core.ml``): the labels are never gathered. Results are Python floats (or small NumPy arrays)
on every rank, equal to scikit-learn's. Every function is collective. See docs/ml.md.
"""
from __future__ import annotations

from typing import Any, Optional, Tuple

import numpy as np

from .. import _context, _core
from ..construct import from_numpy
from ..darray import darray
from ..maps import dmap
from .base import check_array, seed_from

__all__ = ["accuracy_score", "r2_score", "mean_squared_error", "mean_absolute_error",
           "confusion_matrix", "adjusted_rand_score", "silhouette_score"]

_KINDS = (np.dtype(np.float64), np.dtype(np.float32), np.dtype(np.int64), np.dtype(np.int32))


def _no_weights(sample_weight: Any) -> None:
    if sample_weight is not None:
        raise NotImplementedError("sample_weight is not supported by pgas.ml.metrics yet")


def _as_darray(y: Any, like: Optional[darray]) -> darray:
    if isinstance(y, darray):
        return y
    a = np.asarray(y)
    if like is not None and a.shape == like.shape:
        return from_numpy(a, like.map, comm=_context.comm_of(like._impl.context))
    comm = _context.default_comm()
    return from_numpy(a, dmap([comm.Get_size()] + [1] * (a.ndim - 1)), comm=comm)


def _pair(y_true: Any, y_pred: Any, *, allow_2d: bool) -> Tuple[darray, darray]:
    """Both as darrays of one supported dtype (the second on the first's map when it was NumPy),
    with scikit-learn's shape checks."""
    first = y_true if isinstance(y_true, darray) else (y_pred if isinstance(y_pred, darray)
                                                        else None)
    t = _as_darray(y_true, first)
    p = _as_darray(y_pred, t)
    if t.ndim == 0 or p.ndim == 0:
        raise TypeError("Singleton array cannot be considered a valid collection.")
    if t.shape[0] != p.shape[0]:
        raise ValueError("Found input variables with inconsistent numbers of samples: "
                         f"[{t.shape[0]}, {p.shape[0]}]")
    if t.ndim > (2 if allow_2d else 1) or p.ndim != t.ndim or t.shape != p.shape:
        if not allow_2d and (t.ndim > 1 or p.ndim > 1):
            raise NotImplementedError("pgas.ml.metrics: multilabel / multioutput targets are "
                                      "not supported for classification metrics")
        raise ValueError(f"y_true and y_pred have different shapes {t.shape} and {p.shape}")
    dt = np.result_type(t.dtype, p.dtype)
    if dt == np.bool_:
        dt = np.dtype(np.int64)
    if dt not in _KINDS:
        dt = np.dtype(np.float64) if dt.kind in "fiu" else dt
    if dt not in _KINDS:
        raise NotImplementedError(f"pgas.ml.metrics: labels of dtype {dt} are not supported")
    return (t if t.dtype == dt else t.astype(dt)), (p if p.dtype == dt else p.astype(dt))


def accuracy_score(y_true: Any, y_pred: Any, *, normalize: bool = True,
                   sample_weight: Any = None) -> float:
    """The fraction (or, ``normalize=False``, the number) of samples whose labels agree: one
    reduction."""
    _no_weights(sample_weight)
    t, p = _pair(y_true, y_pred, allow_2d=False)
    same = _core.ml.count_equal(t._impl, p._impl)
    return float(same / t.shape[0]) if normalize else float(same)


def _regression(y_true: Any, y_pred: Any, multioutput: Any,
                allowed: Tuple[str, ...] = ("raw_values", "uniform_average")):
    t, p = _pair(y_true, y_pred, allow_2d=True)
    if t.dtype.kind != "f":
        t, p = t.astype(np.float64), p.astype(np.float64)
    n, sse, sae, ss_tot = _core.ml.regression_stats(t._impl, p._impl)
    if isinstance(multioutput, str):
        if multioutput not in allowed:
            raise ValueError(f"Allowed 'multioutput' string values are {allowed}. You "
                             f"provided multioutput={multioutput!r}.")
    else:
        multioutput = np.asarray(multioutput, dtype=np.float64)
        if t.ndim == 1 or multioutput.shape != (t.shape[1],):
            raise ValueError("There must be equally many custom weights "
                             f"({multioutput.size}) as outputs "
                             f"({1 if t.ndim == 1 else t.shape[1]}).")
    return n, sse, sae, ss_tot, multioutput


def _average(values: np.ndarray, multioutput: Any) -> Any:
    if isinstance(multioutput, str):
        if multioutput == "raw_values":
            return values
        return float(np.average(values))
    return float(np.average(values, weights=multioutput))


def mean_squared_error(y_true: Any, y_pred: Any, *, sample_weight: Any = None,
                       multioutput: Any = "uniform_average") -> Any:
    """Mean squared error (per output with ``multioutput='raw_values'``): one reduction."""
    _no_weights(sample_weight)
    n, sse, _, _, mo = _regression(y_true, y_pred, multioutput)
    return _average(sse / n, mo)


def mean_absolute_error(y_true: Any, y_pred: Any, *, sample_weight: Any = None,
                        multioutput: Any = "uniform_average") -> Any:
    """Mean absolute error (per output with ``multioutput='raw_values'``): one reduction."""
    _no_weights(sample_weight)
    n, _, sae, _, mo = _regression(y_true, y_pred, multioutput)
    return _average(sae / n, mo)


def r2_score(y_true: Any, y_pred: Any, *, sample_weight: Any = None,
             multioutput: Any = "uniform_average", force_finite: bool = True) -> Any:
    """Coefficient of determination, scikit-learn's rules for constant targets (force_finite)
    and fewer than two samples (NaN, with its warning): two reductions (the mean of y_true
    first, for an accurate total sum of squares)."""
    _no_weights(sample_weight)
    n, sse, _, ss_tot, mo = _regression(y_true, y_pred, multioutput,
                                        ("raw_values", "uniform_average", "variance_weighted"))
    if n < 2:
        import warnings
        warnings.warn("R^2 score is not well-defined with less than two samples.",
                      stacklevel=2)
        return float("nan")
    nonzero_den = ss_tot != 0
    nonzero_num = sse != 0
    if not force_finite:
        with np.errstate(divide="ignore", invalid="ignore"):
            scores = 1 - sse / ss_tot
    else:
        scores = np.ones_like(sse)
        valid = nonzero_den & nonzero_num
        scores[valid] = 1 - sse[valid] / ss_tot[valid]
        scores[nonzero_num & ~nonzero_den] = 0.0
    if isinstance(mo, str) and mo == "variance_weighted":
        if not np.any(nonzero_den):
            if not np.any(nonzero_num):
                return 1.0
            return 0.0 if force_finite else float(np.average(scores))
        return float(np.average(scores, weights=ss_tot))
    return _average(scores, mo)


def confusion_matrix(y_true: Any, y_pred: Any, *, labels: Any = None, sample_weight: Any = None,
                     normalize: Optional[str] = None) -> np.ndarray:
    """The (n_classes, n_classes) int64 confusion matrix (float when normalised), NumPy on every
    rank. The classes: ``labels``, or the sorted union of both arrays' values (two small
    allgathers of distinct values); then one reduction of the table."""
    _no_weights(sample_weight)
    if normalize not in ("true", "pred", "all", None):
        raise ValueError("normalize must be one of {'true', 'pred', 'all', None}")
    t, p = _pair(y_true, y_pred, allow_2d=False)
    if labels is None:
        classes = np.union1d(_core.ml.unique_values(t._impl), _core.ml.unique_values(p._impl))
    else:
        classes = np.asarray(labels)
        if classes.size == 0:
            raise ValueError("'labels' should contain at least one label.")
        if t.shape[0] == 0:
            return np.zeros((classes.size, classes.size), dtype=np.int64)
        present = np.isin(classes, _core.ml.unique_values(t._impl))
        if not present.any():
            raise ValueError("At least one label specified must be in y_true")
    order = np.argsort(classes, kind="stable")
    sorted_classes = classes[order].astype(t.dtype)
    table = _core.ml.contingency(t._impl, p._impl, list(sorted_classes), list(sorted_classes))
    # Back to the order of `labels`.
    inverse = np.empty_like(order)
    inverse[order] = np.arange(order.size)
    cm = table[np.ix_(inverse, inverse)]
    if normalize is None:
        return cm
    with np.errstate(all="ignore"):
        if normalize == "true":
            cm = cm / cm.sum(axis=1, keepdims=True)
        elif normalize == "pred":
            cm = cm / cm.sum(axis=0, keepdims=True)
        else:
            cm = cm / cm.sum()
    return np.nan_to_num(cm)


def adjusted_rand_score(labels_true: Any, labels_pred: Any) -> float:
    """Rand index adjusted for chance, from the contingency table of the two labellings (one
    reduction of a classes x clusters table; scikit-learn's pair-confusion formula in Python
    integers)."""
    t, p = _pair(labels_true, labels_pred, allow_2d=False)
    classes = _core.ml.unique_values(t._impl)
    clusters = _core.ml.unique_values(p._impl)
    c = _core.ml.contingency(t._impl, p._impl, list(classes), list(clusters))
    n = int(t.shape[0])
    sum_squares = int((c.astype(object) ** 2).sum()) if c.size else 0
    n_c = [int(v) for v in c.sum(axis=1)]
    n_k = [int(v) for v in c.sum(axis=0)]
    tp = sum_squares - n
    fp = sum(v * v for v in n_k) - sum_squares
    fn = sum(v * v for v in n_c) - sum_squares
    tn = n * n - fp - fn - sum_squares
    if fn == 0 and fp == 0:
        return 1.0
    return 2.0 * (tp * tn - fn * fp) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn))


def silhouette_score(X: Any, labels: Any, *, metric: str = "euclidean",
                     sample_size: Optional[int] = None, random_state: Any = None,
                     **kwds: Any) -> float:
    """Mean silhouette coefficient (Euclidean). With ``sample_size``, over the rows
    ``RandomState(random_state).permutation(n_samples)[:sample_size]``, the same sample as
    scikit-learn's (for an int or RandomState ``random_state``; None draws one seed on rank 0).
    The row blocks of X travel round a ring of the ranks: no rank holds more than its rows and
    one visiting block, and the labels are not gathered."""
    if metric != "euclidean" or kwds:
        raise NotImplementedError("pgas silhouette_score computes the 'euclidean' metric only")
    X = check_array(X, estimator_name=None)
    lab = _as_darray(labels, None)
    if lab.ndim != 1:
        raise ValueError(f"y should be a 1d array, got an array of shape {lab.shape} instead.")
    if lab.shape[0] != X.shape[0]:
        raise ValueError("Found input variables with inconsistent numbers of samples: "
                         f"[{X.shape[0]}, {lab.shape[0]}]")
    if lab.dtype != np.int64:
        if lab.dtype.kind not in "biu":
            raise NotImplementedError("pgas silhouette_score needs integer labels")
        lab = lab.astype(np.int64)
    sample: list = []
    if sample_size is not None:
        if isinstance(random_state, np.random.RandomState):
            rs = random_state
        else:
            rs = np.random.RandomState(seed_from(random_state) % (2**32)
                                       if random_state is None else random_state)
        sample = np.sort(rs.permutation(X.shape[0])[:sample_size]).tolist()
    return float(_core.ml.silhouette(X._impl, lab._impl, sample))
