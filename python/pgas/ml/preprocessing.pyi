from typing import Any, Optional, Tuple, Union

import numpy as np
from numpy.typing import NDArray

from ..darray import darray
from .base import BaseEstimator, TransformerMixin

__all__ = ["StandardScaler", "MinMaxScaler", "MaxAbsScaler", "Normalizer"]

_X = Union[darray, NDArray[Any]]

class StandardScaler(TransformerMixin, BaseEstimator):
    copy: bool
    with_mean: bool
    with_std: bool
    mean_: Optional[NDArray[np.float64]]
    var_: Optional[NDArray[np.float64]]
    scale_: Optional[NDArray[np.float64]]
    n_samples_seen_: Union[int, float, np.number[Any], NDArray[Any]]
    n_features_in_: int
    def __init__(self, *, copy: bool = True, with_mean: bool = True,
                 with_std: bool = True) -> None: ...
    def fit(self, X: _X, y: Any = None, sample_weight: Any = None) -> "StandardScaler": ...
    def transform(self, X: _X, copy: Optional[bool] = None) -> darray: ...
    def inverse_transform(self, X: _X, copy: Optional[bool] = None) -> darray: ...

class MinMaxScaler(TransformerMixin, BaseEstimator):
    feature_range: Tuple[float, float]
    copy: bool
    clip: bool
    data_min_: NDArray[Any]
    data_max_: NDArray[Any]
    data_range_: NDArray[Any]
    scale_: NDArray[Any]
    min_: NDArray[Any]
    n_samples_seen_: int
    n_features_in_: int
    def __init__(self, feature_range: Tuple[float, float] = (0, 1), *, copy: bool = True,
                 clip: bool = False) -> None: ...
    def fit(self, X: _X, y: Any = None) -> "MinMaxScaler": ...
    def transform(self, X: _X) -> darray: ...
    def inverse_transform(self, X: _X) -> darray: ...

class MaxAbsScaler(TransformerMixin, BaseEstimator):
    copy: bool
    clip: bool
    max_abs_: NDArray[Any]
    scale_: NDArray[Any]
    n_samples_seen_: int
    n_features_in_: int
    def __init__(self, *, copy: bool = True, clip: bool = False) -> None: ...
    def fit(self, X: _X, y: Any = None) -> "MaxAbsScaler": ...
    def transform(self, X: _X) -> darray: ...
    def inverse_transform(self, X: _X) -> darray: ...

class Normalizer(TransformerMixin, BaseEstimator):
    norm: str
    copy: bool
    n_features_in_: int
    def __init__(self, norm: str = "l2", *, copy: bool = True) -> None: ...
    def fit(self, X: _X, y: Any = None) -> "Normalizer": ...
    def transform(self, X: _X, copy: Optional[bool] = None) -> darray: ...
