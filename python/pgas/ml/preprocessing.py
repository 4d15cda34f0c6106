"""pgas.ml.preprocessing: the scalers (scikit-learn's sklearn.preprocessing).

``fit`` computes the column statistics in C++ (one or two reductions, NaNs left out as
scikit-learn does) and keeps them as NumPy, identical on every rank; ``transform`` and
``inverse_transform`` are one C++ pass over each rank's cells and return a darray on X's map
(``Normalizer`` lays X out by whole rows for the row norms, then returns to X's map).
Every method is *collective* unless its docstring says *local*. See docs/ml.md.
"""
from __future__ import annotations

from typing import Any, Optional, Tuple

import numpy as np

from .. import _core
from ..darray import darray
from .base import BaseEstimator, TransformerMixin, check_array, check_is_fitted, validate_data

__all__ = ["StandardScaler", "MinMaxScaler", "MaxAbsScaler", "Normalizer"]


def _invalid(name: str, owner: str, expected: str, value: Any) -> ValueError:
    # scikit-learn's InvalidParameterError wording (it is a ValueError too).
    return ValueError(f"The {name!r} parameter of {owner} must be {expected}. Got {value!r} "
                      "instead.")


def _check_bool(owner: str, **params: Any) -> None:
    for name, value in params.items():
        if not isinstance(value, (bool, np.bool_)):
            raise _invalid(name, owner, "an instance of 'bool'", value)


def _allow_nan(X: darray) -> None:
    """scikit-learn's ensure_all_finite='allow-nan': infinity is still refused (one
    reduction)."""
    if X.ndim == 2 and X.size and bool(np.isinf(X).any()):
        raise ValueError("Input X contains infinity or a value too large for "
                         f"dtype('{X.dtype}').")


def _validate(est: Any, X: Any, reset: bool, allow_nan: bool) -> darray:
    X = validate_data(est, X, reset=reset, ensure_all_finite=not allow_nan)
    if allow_nan:
        _allow_nan(X)
    return X


def _affine(X: darray, owner: str, sub: Any = None, mul: Any = None, div: Any = None,
            add: Any = None, clip: Optional[Tuple[float, float]] = None) -> darray:
    as_f64 = (lambda v: None if v is None else np.asarray(v, dtype=np.float64))
    lo, hi = clip if clip is not None else (0.0, 0.0)
    return darray._wrap(_core.ml.column_affine(X._impl, as_f64(sub), as_f64(mul), as_f64(div),
                                               as_f64(add), clip is not None, float(lo),
                                               float(hi), owner))


class StandardScaler(TransformerMixin, BaseEstimator):
    """(X - mean_) / scale_ per feature (scikit-learn's StandardScaler). NaNs are left out of
    the statistics and kept by the transforms; ``n_samples_seen_`` is an int, or one count
    per feature when NaNs make them differ. ``copy`` is accepted: X is never modified."""

    def __init__(self, *, copy: bool = True, with_mean: bool = True,
                 with_std: bool = True) -> None:
        self.copy = copy
        self.with_mean = with_mean
        self.with_std = with_std

    def fit(self, X: Any, y: Any = None, sample_weight: Any = None) -> "StandardScaler":
        """Computes mean_, var_, scale_ (two reductions). Collective."""
        _check_bool("StandardScaler", copy=self.copy, with_mean=self.with_mean,
                    with_std=self.with_std)
        if sample_weight is not None:
            raise NotImplementedError("StandardScaler.fit: sample_weight is not supported by "
                                      "pgas")
        X = _validate(self, X, reset=True, allow_nan=True)
        seen, mean, var, scale = _core.ml.standard_scaler_fit(X._impl, bool(self.with_mean),
                                                              bool(self.with_std))
        if self.with_mean or self.with_std:
            seen = seen.astype(np.float64)  # scikit-learn's running count is a float then
        self.n_samples_seen_ = seen[0] if seen.size and seen.max() == seen.min() else seen
        self.mean_ = mean
        self.var_ = var
        self.scale_ = scale
        return self

    def transform(self, X: Any, copy: Optional[bool] = None) -> darray:
        """(X - mean_) / scale_ (each step only where enabled), on X's map. Collective."""
        check_is_fitted(self)
        X = _validate(self, X, reset=False, allow_nan=True)
        return _affine(X, type(self).__name__, sub=self.mean_ if self.with_mean else None,
                       div=self.scale_ if self.with_std else None)

    def inverse_transform(self, X: Any, copy: Optional[bool] = None) -> darray:
        """X * scale_ + mean_, on X's map. Collective."""
        check_is_fitted(self)
        X = check_array(X, estimator_name=type(self).__name__, ensure_all_finite=False)
        _allow_nan(X)
        return _affine(X, type(self).__name__, mul=self.scale_ if self.with_std else None,
                       add=self.mean_ if self.with_mean else None)


class MinMaxScaler(TransformerMixin, BaseEstimator):
    """X * scale_ + min_ per feature, mapping [data_min_, data_max_] onto ``feature_range``
    (scikit-learn's MinMaxScaler); ``clip`` clips the result to the range. NaNs are left out
    of the statistics and kept by the transforms."""

    def __init__(self, feature_range: Tuple[float, float] = (0, 1), *, copy: bool = True,
                 clip: bool = False) -> None:
        self.feature_range = feature_range
        self.copy = copy
        self.clip = clip

    def fit(self, X: Any, y: Any = None) -> "MinMaxScaler":
        """Computes data_min_, data_max_, data_range_, scale_, min_ (two reductions).
        Collective."""
        _check_bool("MinMaxScaler", copy=self.copy, clip=self.clip)
        fr = self.feature_range
        if not isinstance(fr, tuple) or len(fr) != 2:
            raise _invalid("feature_range", "MinMaxScaler", "an instance of 'tuple'", fr)
        if fr[0] >= fr[1]:
            raise ValueError("Minimum of desired feature range must be smaller than maximum. "
                             f"Got {fr!s}.")
        X = _validate(self, X, reset=True, allow_nan=True)
        (self.data_min_, self.data_max_, self.data_range_, self.scale_, self.min_,
         self.n_samples_seen_) = _core.ml.min_max_scaler_fit(X._impl, float(fr[0]),
                                                             float(fr[1]))
        return self

    def transform(self, X: Any) -> darray:
        """X * scale_ + min_ (clipped with ``clip``), on X's map. Collective."""
        check_is_fitted(self)
        X = _validate(self, X, reset=False, allow_nan=True)
        fr = self.feature_range
        return _affine(X, type(self).__name__, mul=self.scale_, add=self.min_,
                       clip=(fr[0], fr[1]) if self.clip else None)

    def inverse_transform(self, X: Any) -> darray:
        """(X - min_) / scale_, on X's map. Collective."""
        check_is_fitted(self)
        X = check_array(X, estimator_name=type(self).__name__, ensure_all_finite=False)
        _allow_nan(X)
        return _affine(X, type(self).__name__, sub=self.min_, div=self.scale_)


class MaxAbsScaler(TransformerMixin, BaseEstimator):
    """X / max_abs_ per feature (scikit-learn's MaxAbsScaler); zero columns keep scale 1;
    ``clip`` clips transformed values to [-1, 1]."""

    def __init__(self, *, copy: bool = True, clip: bool = False) -> None:
        self.copy = copy
        self.clip = clip

    def fit(self, X: Any, y: Any = None) -> "MaxAbsScaler":
        """Computes max_abs_ and scale_ (two reductions). Collective."""
        _check_bool("MaxAbsScaler", copy=self.copy, clip=self.clip)
        X = _validate(self, X, reset=True, allow_nan=True)
        self.max_abs_, self.scale_, self.n_samples_seen_ = _core.ml.max_abs_scaler_fit(X._impl)
        return self

    def transform(self, X: Any) -> darray:
        """X / scale_ (clipped to [-1, 1] with ``clip``), on X's map. Collective."""
        check_is_fitted(self)
        X = _validate(self, X, reset=False, allow_nan=True)
        return _affine(X, type(self).__name__, div=self.scale_,
                       clip=(-1.0, 1.0) if self.clip else None)

    def inverse_transform(self, X: Any) -> darray:
        """X * scale_, on X's map. Collective."""
        check_is_fitted(self)
        X = check_array(X, estimator_name=type(self).__name__, ensure_all_finite=False)
        _allow_nan(X)
        return _affine(X, type(self).__name__, mul=self.scale_)


class Normalizer(TransformerMixin, BaseEstimator):
    """Each sample (row) scaled to unit ``norm`` ('l1', 'l2' or 'max'), scikit-learn's
    Normalizer; rows of norm 0 are left as they are. Stateless: ``fit`` only checks X."""

    def __init__(self, norm: str = "l2", *, copy: bool = True) -> None:
        self.norm = norm
        self.copy = copy

    def fit(self, X: Any, y: Any = None) -> "Normalizer":
        """Checks X and records n_features_in_. Collective."""
        if self.norm not in ("l1", "l2", "max"):
            raise _invalid("norm", "Normalizer", "a str among {'l1', 'l2', 'max'}", self.norm)
        _check_bool("Normalizer", copy=self.copy)
        validate_data(self, X)
        return self

    def transform(self, X: Any, copy: Optional[bool] = None) -> darray:
        """Every row divided by its norm, on X's map (no fit needed: the transform is
        stateless, as scikit-learn's). Collective."""
        X = validate_data(self, X, reset=False)
        return darray._wrap(_core.ml.normalize_rows(X._impl, self.norm))
