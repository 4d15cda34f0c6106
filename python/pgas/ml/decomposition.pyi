from typing import Any, Optional, Union

import numpy as np
from numpy.typing import NDArray

from ..darray import darray
from .base import BaseEstimator, TransformerMixin

__all__ = ["PCA", "TruncatedSVD"]

_X = Union[darray, NDArray[Any]]

class PCA(TransformerMixin, BaseEstimator):
    n_components: Union[int, float, str, None]
    copy: bool
    whiten: bool
    svd_solver: str
    tol: float
    iterated_power: Union[int, str]
    n_oversamples: int
    power_iteration_normalizer: str
    random_state: Any
    mean_: NDArray[Any]
    components_: NDArray[Any]
    explained_variance_: NDArray[Any]
    explained_variance_ratio_: NDArray[Any]
    singular_values_: NDArray[Any]
    n_components_: int
    n_samples_: int
    n_features_in_: int
    noise_variance_: Any
    def __init__(self, n_components: Union[int, float, str, None] = None, *, copy: bool = True,
                 whiten: bool = False, svd_solver: str = "auto", tol: float = 0.0,
                 iterated_power: Union[int, str] = "auto", n_oversamples: int = 10,
                 power_iteration_normalizer: str = "auto", random_state: Any = None) -> None: ...
    def fit(self, X: _X, y: Any = None) -> "PCA": ...
    def fit_transform(self, X: _X, y: Any = None) -> darray: ...
    def transform(self, X: _X) -> darray: ...
    def inverse_transform(self, X: _X) -> darray: ...
    def get_covariance(self) -> NDArray[Any]: ...
    def get_precision(self) -> NDArray[Any]: ...
    def score_samples(self, X: _X) -> darray: ...
    def score(self, X: _X, y: Any = None) -> float: ...

class TruncatedSVD(TransformerMixin, BaseEstimator):
    n_components: int
    algorithm: str
    n_iter: int
    n_oversamples: int
    power_iteration_normalizer: str
    random_state: Any
    tol: float
    components_: NDArray[Any]
    explained_variance_: NDArray[Any]
    explained_variance_ratio_: NDArray[Any]
    singular_values_: NDArray[Any]
    n_features_in_: int
    def __init__(self, n_components: int = 2, *, algorithm: str = "randomized", n_iter: int = 5,
                 n_oversamples: int = 10, power_iteration_normalizer: str = "auto",
                 random_state: Any = None, tol: float = 0.0) -> None: ...
    def fit(self, X: _X, y: Any = None) -> "TruncatedSVD": ...
    def fit_transform(self, X: _X, y: Any = None) -> darray: ...
    def transform(self, X: _X) -> darray: ...
    def inverse_transform(self, X: _X) -> darray: ...
