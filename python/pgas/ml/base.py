"""pgas.ml.base: what every estimator shares (SPEC §5).

- :class:`BaseEstimator`: ``get_params`` / ``set_params`` / ``repr`` by scikit-learn's rules
  (parameters are the keyword arguments of ``__init__``, stored unchanged as attributes of the
  same name), so ``sklearn.base.clone`` works; scikit-learn itself is never imported.
- :class:`TransformerMixin`, :class:`ClusterMixin`: ``fit_transform``, ``fit_predict``.
- :class:`NotFittedError` (a ``ValueError`` and an ``AttributeError``, as scikit-learn's) and
  :func:`check_is_fitted`.
- Input validation (:func:`validate_data`, :func:`check_array`): ``X`` is a 2-D darray on any
  map or a NumPy array given on every rank; it comes back as a floating darray. The checks
  (ndim, sample/feature counts, NaN/inf, feature count at predict time) raise scikit-learn's
  ``ValueError`` messages on every rank: the shape facts are the same everywhere, and the scan
  for NaN/inf is one C++ pass plus one reduction (``_core.ml.check_finite``).
- The layouts per-sample work needs: :func:`whole_rows` (X with complete rows on each rank) and
  :func:`row_map` (the map of an output whose row i lies with X's row i).

Everything here is local unless its docstring says *collective*.
"""
from __future__ import annotations

import inspect
import numbers
from collections import defaultdict
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np

from .. import _context, _core
from ..darray import darray
from ..maps import dmap

__all__ = ["BaseEstimator", "TransformerMixin", "ClusterMixin", "NotFittedError",
           "ConvergenceWarning",
           "check_is_fitted", "check_array", "validate_data", "check_n_features", "whole_rows",
           "row_map", "seed_from", "column_moments", "column_extrema", "column_sums",
           "column_counts"]


class NotFittedError(ValueError, AttributeError):
    """Raised by an estimator used before ``fit``; catches as scikit-learn's NotFittedError
    does (``except ValueError`` and ``except AttributeError`` both work)."""


class ConvergenceWarning(UserWarning):
    """An estimator did not converge, or converged to a degenerate answer (scikit-learn's
    ConvergenceWarning is a UserWarning too)."""


class BaseEstimator:
    """Base class of the pgas.ml estimators: scikit-learn's parameter protocol and repr."""

    @classmethod
    def _get_param_names(cls) -> List[str]:
        init = cls.__init__
        if init is object.__init__:
            return []
        params = [p for p in inspect.signature(init).parameters.values()
                  if p.name != "self" and p.kind != p.VAR_KEYWORD]
        for p in params:
            if p.kind == p.VAR_POSITIONAL:
                raise RuntimeError(f"{cls.__name__}: estimators must give their parameters "
                                   "explicitly in __init__ (no *args)")
        return sorted(p.name for p in params)

    def get_params(self, deep: bool = True) -> Dict[str, Any]:
        """The parameters, by name; with ``deep``, nested estimators' as ``name__param``."""
        out: Dict[str, Any] = {}
        for key in self._get_param_names():
            value = getattr(self, key)
            if deep and hasattr(value, "get_params") and not isinstance(value, type):
                for k, v in value.get_params().items():
                    out[f"{key}__{k}"] = v
            out[key] = value
        return out

    def set_params(self, **params: Any) -> "BaseEstimator":
        """Sets parameters (``name`` or nested ``name__param``); returns self. ValueError
        for a name that is not a parameter, as scikit-learn."""
        if not params:
            return self
        valid = self.get_params(deep=True)
        nested: Dict[str, Dict[str, Any]] = defaultdict(dict)
        for key, value in params.items():
            name, sep, sub = key.partition("__")
            if name not in valid:
                raise ValueError(f"Invalid parameter {name!r} for estimator {self}. Valid "
                                 f"parameters are: {sorted(self._get_param_names())!r}.")
            if sep:
                nested[name][sub] = value
            else:
                setattr(self, name, value)
                valid[name] = value
        for name, sub_params in nested.items():
            valid[name].set_params(**sub_params)
        return self

    def __sklearn_tags__(self) -> Any:
        """scikit-learn's estimator tags, for its utilities (is_classifier, Pipeline, ...).
        Only scikit-learn calls this, so importing it here costs nothing to other users."""
        from sklearn.utils import InputTags, Tags, TargetTags, TransformerTags

        return Tags(estimator_type=getattr(self, "_estimator_type", None),
                    target_tags=TargetTags(required=False),
                    transformer_tags=TransformerTags() if hasattr(self, "transform") else None,
                    input_tags=InputTags(two_d_array=True))

    def __repr__(self) -> str:
        # scikit-learn's default repr: only the parameters that differ from their defaults.
        init = inspect.signature(type(self).__init__).parameters
        changed = []
        for key in self._get_param_names():
            value = getattr(self, key, None)
            default = init[key].default
            if not _same_value(value, default):
                changed.append(f"{key}={_short_repr(value)}")
        return f"{type(self).__name__}({', '.join(changed)})"


def _same_value(value: Any, default: Any) -> bool:
    if value is default:
        return True
    if isinstance(value, np.ndarray) or isinstance(default, np.ndarray):
        return False
    if isinstance(value, float) and isinstance(default, float):
        return value == default or (np.isnan(value) and np.isnan(default))
    try:
        return type(value) is type(default) and bool(value == default)
    except Exception:  # comparisons that do not give one bool
        return False


def _short_repr(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return np.array2string(value, threshold=6, separator=", ").replace("\n", "")
    return repr(value)


class TransformerMixin:
    """``fit_transform(X, y=None)`` = ``fit(X, y).transform(X)`` (collective)."""

    _estimator_type = "transformer"

    def fit_transform(self, X: Any, y: Any = None, **fit_params: Any) -> Any:
        return self.fit(X, y, **fit_params).transform(X)


class ClusterMixin:
    """``fit_predict(X)``: the labels of ``fit(X)`` (collective)."""

    _estimator_type = "clusterer"

    def fit_predict(self, X: Any, y: Any = None, **fit_params: Any) -> Any:
        return self.fit(X, y, **fit_params).labels_


def check_is_fitted(estimator: Any, attributes: Any = None, *, msg: Optional[str] = None,
                    all_or_any: Any = all) -> None:
    """NotFittedError unless ``estimator`` is fitted: it has the named ``attributes``, or (by
    default) any attribute ending in an underscore, as scikit-learn decides. Local, and the
    same verdict on every rank."""
    if msg is None:
        msg = ("This %(name)s instance is not fitted yet. Call 'fit' with appropriate "
               "arguments before using this estimator.")
    if attributes is not None:
        if isinstance(attributes, str):
            attributes = [attributes]
        fitted = all_or_any(hasattr(estimator, a) for a in attributes)
    elif hasattr(estimator, "__sklearn_is_fitted__"):
        fitted = estimator.__sklearn_is_fitted__()
    else:
        fitted = any(v.endswith("_") and not v.startswith("__") for v in vars(estimator))
    if not fitted:
        raise NotFittedError(msg % {"name": type(estimator).__name__})


# ---- input validation --------------------------------------------------------------------
_FLOATING = (np.dtype(np.float64), np.dtype(np.float32))


def _agree(comm: Any, value: Any, what: str) -> None:
    """ValueError on every rank unless every rank of ``comm`` passed the same ``value``."""
    values = comm.allgather(value)
    if any(v != values[0] for v in values):
        raise ValueError(f"{what} differs across ranks (SPEC §3: collective arguments must "
                         f"agree): {values}")


def _context_name(estimator_name: Optional[str]) -> str:
    return f" by {estimator_name}" if estimator_name else ""


def check_array(X: Any, *, estimator_name: Optional[str] = None, input_name: str = "X",
                dtype: Any = "numeric", ensure_2d: bool = True, ensure_min_samples: int = 1,
                ensure_min_features: int = 1, ensure_all_finite: bool = True,
                comm: Any = None) -> darray:
    """``X`` as a floating darray, checked as scikit-learn's ``check_array`` does. A darray
    keeps its map (and its values, unless a dtype conversion is needed); NumPy input (the
    same on every rank) becomes a darray of block rows on ``comm`` (default: pg.init's).
    ``dtype='numeric'`` keeps float64/float32 and makes everything else float64. Collective;
    every error is raised on every rank."""
    if isinstance(X, darray):
        shape, dt = X.shape, X.dtype
    else:
        comm = _context.default_comm() if comm is None else comm
        X = np.asarray(X)
        _agree(comm, (X.shape, X.dtype.str), f"the shape and dtype of {input_name}")
        shape, dt = X.shape, X.dtype
    if dt.kind == "c":
        raise ValueError("Complex data not supported")
    if dt.kind not in "biuf":
        raise ValueError(f"dtype='numeric' is not compatible with arrays of {dt}")
    if ensure_2d:
        if len(shape) == 0:
            raise ValueError("Expected 2D array, got scalar array instead. Reshape your data "
                             "either using array.reshape(-1, 1) if your data has a single "
                             "feature or array.reshape(1, -1) if it contains a single sample.")
        if len(shape) == 1:
            raise ValueError("Expected 2D array, got 1D array instead. Reshape your data "
                             "either using array.reshape(-1, 1) if your data has a single "
                             "feature or array.reshape(1, -1) if it contains a single sample.")
        if len(shape) > 2:
            raise ValueError(f"Found array with dim {len(shape)}."
                             f"{' ' + estimator_name if estimator_name else ''} expected <= 2.")
    target = dt if dt in _FLOATING else np.dtype(np.float64)
    if dtype not in ("numeric", None):
        target = np.dtype(dtype)
    if len(shape) >= 1 and ensure_min_samples > 0 and shape[0] < ensure_min_samples:
        raise ValueError(f"Found array with {shape[0]} sample(s) (shape={shape}) while a "
                         f"minimum of {ensure_min_samples} is required"
                         f"{_context_name(estimator_name)}.")
    if len(shape) == 2 and ensure_min_features > 0 and shape[1] < ensure_min_features:
        raise ValueError(f"Found array with {shape[1]} feature(s) (shape={shape}) while a "
                         f"minimum of {ensure_min_features} is required"
                         f"{_context_name(estimator_name)}.")
    if isinstance(X, darray):
        out = X if X.dtype == target else X.astype(target)
    else:
        from ..construct import from_numpy

        rows = dmap([comm.Get_size()] + [1] * (X.ndim - 1)) if X.ndim else None
        out = from_numpy(np.ascontiguousarray(X, dtype=target), rows, comm=comm)
    if ensure_all_finite and out.ndim == 2:
        try:
            _core.ml.check_finite(out._impl, input_name)
        except ValueError as e:
            if "NaN" in str(e) and estimator_name:
                raise ValueError(f"{e}\n{estimator_name} does not accept missing values "
                                 "encoded as NaN natively.") from None
            raise
    return out


def check_n_features(estimator: Any, X: darray, reset: bool) -> None:
    """Records ``n_features_in_`` (reset) or checks X against it, with scikit-learn's
    message. Local (shapes agree on every rank)."""
    n = X.shape[1]
    if reset:
        estimator.n_features_in_ = n
        return
    expected = getattr(estimator, "n_features_in_", None)
    if expected is not None and n != expected:
        raise ValueError(f"X has {n} features, but {type(estimator).__name__} is expecting "
                         f"{expected} features as input.")


def validate_data(estimator: Any, X: Any, *, reset: bool = True, **check_params: Any) -> darray:
    """check_array + check_n_features for ``estimator`` (scikit-learn's validate_data).
    Collective."""
    out = check_array(X, estimator_name=type(estimator).__name__, **check_params)
    check_n_features(estimator, out, reset)
    return out


# ---- layouts and state helpers ---------------------------------------------------------------
def whole_rows(X: darray) -> darray:
    """X itself when each rank holds complete rows (grid [p, 1], no overlap), else a copy on
    :func:`row_map` (X, 2); the caller's array is not modified. Collective."""
    if _core.ml.holds_whole_rows(X.map._map):
        return X
    return darray(_core.ml.whole_rows(X._impl))


def row_map(X: Any, ndim: int = 1) -> dmap:
    """The map of a per-sample output of ``ndim`` (1 or 2) dimensions whose row i lies on the
    rank owning X's row i (its first grid column when X's columns are split). ``X`` is a
    2-D darray or map. Local."""
    m = X.map if isinstance(X, darray) else X
    return dmap._from_core(_core.ml.row_map(m._map, int(ndim)))


def seed_from(random_state: Any, comm: Any = None) -> int:
    """A 64-bit seed every rank agrees on, from scikit-learn's ``random_state`` forms: an int
    (used as is), None (drawn on rank 0 and broadcast), a NumPy ``RandomState`` or
    ``Generator`` (one draw from it; it must be in the same state on every rank). Collective
    for None, local otherwise."""
    if random_state is None:
        c = _context.default_comm() if comm is None else comm
        drawn = int(np.random.SeedSequence().generate_state(1, np.uint64)[0]) \
            if c.Get_rank() == 0 else None
        return c.bcast(drawn, root=0)
    if isinstance(random_state, (numbers.Integral, np.integer)):
        if not 0 <= random_state < 2**64:
            # Larger ones would silently equal random_state mod 2**64 (64-bit generator keys).
            raise ValueError(f"random_state must be an int in [0, 2**64), got {random_state}")
        return int(random_state)
    if isinstance(random_state, np.random.RandomState):
        return int(random_state.randint(np.iinfo(np.int32).max))
    if isinstance(random_state, np.random.Generator):
        return int(random_state.integers(np.iinfo(np.int64).max))
    raise ValueError(f"{random_state!r} cannot be used to seed a numpy.random.RandomState "
                     "instance")


def column_counts(X: darray, ignore_nan: bool = False) -> np.ndarray:
    """Counted cells per column (non-NaN ones with ``ignore_nan``), on every rank.
    Collective: one reduction."""
    return _core.ml.column_counts(X._impl, bool(ignore_nan))


def column_sums(X: darray, ignore_nan: bool = False) -> np.ndarray:
    """Sum per column in float64, on every rank. Collective: one reduction."""
    return _core.ml.column_sums(X._impl, bool(ignore_nan))


def column_moments(X: darray, ddof: int = 0,
                   ignore_nan: bool = False) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(count, mean, var) per column, on every rank, by scikit-learn's corrected two-pass
    algorithm. Collective: two reductions."""
    return _core.ml.column_moments(X._impl, int(ddof), bool(ignore_nan))


def column_extrema(X: darray,
                   ignore_nan: bool = False) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(min, max, count) per column, on every rank (NaN for all-NaN columns; without
    ``ignore_nan`` a NaN makes its column NaN). Collective: two reductions."""
    return _core.ml.column_extrema(X._impl, bool(ignore_nan))
