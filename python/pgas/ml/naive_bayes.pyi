from typing import Any, Optional, Union

import numpy as np
from numpy.typing import NDArray

from ..darray import darray
from .base import BaseEstimator

__all__ = ["GaussianNB"]

_X = Union[darray, NDArray[Any]]
_Y = Union[darray, NDArray[Any]]

class GaussianNB(BaseEstimator):
    priors: Any
    var_smoothing: float
    classes_: NDArray[Any]
    theta_: NDArray[np.floating[Any]]
    var_: NDArray[np.floating[Any]]
    class_count_: NDArray[np.floating[Any]]
    class_prior_: NDArray[np.floating[Any]]
    epsilon_: float
    n_features_in_: int
    def __init__(self, *, priors: Any = None, var_smoothing: float = 1e-9) -> None: ...
    def fit(self, X: _X, y: _Y, sample_weight: Any = None) -> "GaussianNB": ...
    def partial_fit(self, X: _X, y: _Y, classes: Any = None,
                    sample_weight: Any = None) -> "GaussianNB": ...
    def predict(self, X: _X) -> darray: ...
    def predict_proba(self, X: _X) -> darray: ...
    def predict_log_proba(self, X: _X) -> darray: ...
    def predict_joint_log_proba(self, X: _X) -> darray: ...
    def score(self, X: _X, y: _Y, sample_weight: Any = None) -> float: ...
