from typing import Any, Literal, Optional, Tuple, Union, overload

import numpy as np
from numpy.typing import NDArray

from ..darray import darray
from .base import BaseEstimator

__all__ = ["NearestNeighbors", "KNeighborsClassifier", "KNeighborsRegressor"]

_X = Union[darray, NDArray[Any]]
_Y = Union[darray, NDArray[Any]]

def resolve_metric(owner: str, metric: Any, p: Any, metric_params: Any) -> Tuple[str, float, str]: ...

class _NeighborsBase(BaseEstimator):
    n_neighbors: Any
    algorithm: str
    leaf_size: int
    metric: Any
    p: Any
    metric_params: Any
    n_jobs: Any
    effective_metric_: str
    effective_metric_params_: dict[str, Any]
    n_samples_fit_: int
    n_features_in_: int
    @overload
    def kneighbors(self, X: Optional[_X] = ..., n_neighbors: Optional[int] = ...,
                   return_distance: Literal[True] = ...) -> Tuple[darray, darray]: ...
    @overload
    def kneighbors(self, X: Optional[_X], n_neighbors: Optional[int],
                   return_distance: Literal[False]) -> darray: ...
    @overload
    def kneighbors(self, X: Optional[_X] = ..., n_neighbors: Optional[int] = ..., *,
                   return_distance: Literal[False]) -> darray: ...

class NearestNeighbors(_NeighborsBase):
    radius: float
    def __init__(self, *, n_neighbors: Any = ..., radius: float = ..., algorithm: str = ...,
                 leaf_size: int = ..., metric: Any = ..., p: Any = ...,
                 metric_params: Any = ..., n_jobs: Any = ...) -> None: ...
    def fit(self, X: _X, y: Any = ...) -> "NearestNeighbors": ...

class KNeighborsClassifier(_NeighborsBase):
    weights: Any
    classes_: NDArray[Any]
    outputs_2d_: bool
    def __init__(self, n_neighbors: Any = ..., *, weights: Any = ..., algorithm: str = ...,
                 leaf_size: int = ..., p: Any = ..., metric: Any = ...,
                 metric_params: Any = ..., n_jobs: Any = ...) -> None: ...
    def fit(self, X: _X, y: _Y) -> "KNeighborsClassifier": ...
    def predict_proba(self, X: Optional[_X] = ...) -> darray: ...
    def predict(self, X: Optional[_X] = ...) -> darray: ...
    def score(self, X: _X, y: _Y, sample_weight: Any = ...) -> float: ...

class KNeighborsRegressor(_NeighborsBase):
    weights: Any
    def __init__(self, n_neighbors: Any = ..., *, weights: Any = ..., algorithm: str = ...,
                 leaf_size: int = ..., p: Any = ..., metric: Any = ...,
                 metric_params: Any = ..., n_jobs: Any = ...) -> None: ...
    def fit(self, X: _X, y: _Y) -> "KNeighborsRegressor": ...
    def predict(self, X: Optional[_X] = ...) -> darray: ...
    def score(self, X: _X, y: _Y, sample_weight: Any = ...) -> float: ...
