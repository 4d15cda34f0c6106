from typing import Any, List, Tuple

import numpy as np
from numpy.typing import NDArray

from ..darray import darray
from .base import BaseEstimator

__all__ = ["GaussianMixture"]

class GaussianMixture(BaseEstimator):
    n_components: int
    covariance_type: str
    tol: float
    reg_covar: float
    max_iter: int
    n_init: int
    init_params: str
    weights_init: Any
    means_init: Any
    precisions_init: Any
    random_state: Any
    warm_start: bool
    verbose: int
    verbose_interval: int
    weights_: NDArray[Any]
    means_: NDArray[Any]
    covariances_: NDArray[Any]
    precisions_: NDArray[Any]
    precisions_cholesky_: NDArray[Any]
    converged_: bool
    n_iter_: int
    lower_bound_: float
    lower_bounds_: List[float]
    n_features_in_: int
    def __init__(self, n_components: int = ..., *, covariance_type: str = ..., tol: float = ...,
                 reg_covar: float = ..., max_iter: int = ..., n_init: int = ...,
                 init_params: str = ..., weights_init: Any = ..., means_init: Any = ...,
                 precisions_init: Any = ..., random_state: Any = ..., warm_start: bool = ...,
                 verbose: int = ..., verbose_interval: int = ...) -> None: ...
    def fit(self, X: Any, y: Any = ...) -> "GaussianMixture": ...
    def fit_predict(self, X: Any, y: Any = ...) -> darray: ...
    def predict(self, X: Any) -> darray: ...
    def predict_proba(self, X: Any) -> darray: ...
    def score_samples(self, X: Any) -> darray: ...
    def score(self, X: Any, y: Any = ...) -> float: ...
    def bic(self, X: Any) -> float: ...
    def aic(self, X: Any) -> float: ...
    def sample(self, n_samples: int = ...) -> Tuple[NDArray[np.float64], NDArray[np.int64]]: ...
