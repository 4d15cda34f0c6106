from typing import Any, List, Optional, Tuple, Union

import numpy as np
from numpy.typing import NDArray

from ..darray import darray
from .base import BaseEstimator

__all__ = ["LinearRegression", "Ridge", "ElasticNet", "Lasso", "LogisticRegression", "enet_path",
           "lasso_path"]

ENET_SOLVER_ENV: str

_X = Union[darray, NDArray[Any]]
_Y = Union[darray, NDArray[Any]]

class _LinearModel(BaseEstimator):
    coef_: NDArray[Any]
    intercept_: Any
    n_features_in_: int
    def predict(self, X: _X) -> darray: ...
    def score(self, X: _X, y: _Y, sample_weight: Any = None) -> float: ...

class LinearRegression(_LinearModel):
    fit_intercept: bool
    copy_X: bool
    tol: float
    n_jobs: Any
    positive: bool
    rank_: int
    singular_: NDArray[Any]
    def __init__(self, *, fit_intercept: bool = True, copy_X: bool = True, tol: float = 1e-6,
                 n_jobs: Any = None, positive: bool = False) -> None: ...
    def fit(self, X: _X, y: _Y, sample_weight: Any = None) -> "LinearRegression": ...

class Ridge(_LinearModel):
    alpha: Any
    fit_intercept: bool
    copy_X: bool
    max_iter: Optional[int]
    tol: float
    solver: str
    positive: bool
    random_state: Any
    solver_: str
    n_iter_: None
    def __init__(self, alpha: Any = 1.0, *, fit_intercept: bool = True, copy_X: bool = True,
                 max_iter: Optional[int] = None, tol: float = 1e-4, solver: str = "auto",
                 positive: bool = False, random_state: Any = None) -> None: ...
    def fit(self, X: _X, y: _Y, sample_weight: Any = None) -> "Ridge": ...

class ElasticNet(_LinearModel):
    alpha: float
    l1_ratio: float
    fit_intercept: bool
    precompute: Any
    max_iter: int
    copy_X: bool
    tol: float
    warm_start: bool
    positive: bool
    random_state: Any
    selection: str
    n_iter_: Any
    dual_gap_: Any
    solver_: str
    def __init__(self, alpha: float = 1.0, *, l1_ratio: float = 0.5, fit_intercept: bool = True,
                 precompute: Any = False, max_iter: int = 1000, copy_X: bool = True,
                 tol: float = 1e-4, warm_start: bool = False, positive: bool = False,
                 random_state: Any = None, selection: str = "cyclic") -> None: ...
    def fit(self, X: _X, y: _Y, sample_weight: Any = None,
            check_input: bool = True) -> "ElasticNet": ...

class Lasso(ElasticNet):
    def __init__(self, alpha: float = 1.0, *, fit_intercept: bool = True,
                 precompute: Any = False, copy_X: bool = True, max_iter: int = 1000,
                 tol: float = 1e-4, warm_start: bool = False, positive: bool = False,
                 random_state: Any = None, selection: str = "cyclic") -> None: ...

class LogisticRegression(BaseEstimator):
    penalty: Any
    C: float
    l1_ratio: float
    dual: bool
    tol: float
    fit_intercept: bool
    intercept_scaling: float
    class_weight: Any
    random_state: Any
    solver: str
    max_iter: int
    verbose: int
    warm_start: bool
    n_jobs: Any
    classes_: NDArray[Any]
    coef_: NDArray[Any]
    intercept_: NDArray[Any]
    n_iter_: NDArray[np.int32]
    n_features_in_: int
    def __init__(self, penalty: Any = "deprecated", *, C: float = 1.0, l1_ratio: float = 0.0,
                 dual: bool = False, tol: float = 1e-4, fit_intercept: bool = True,
                 intercept_scaling: float = 1, class_weight: Any = None,
                 random_state: Any = None, solver: str = "lbfgs", max_iter: int = 100,
                 verbose: int = 0, warm_start: bool = False, n_jobs: Any = None) -> None: ...
    def fit(self, X: _X, y: _Y, sample_weight: Any = None) -> "LogisticRegression": ...
    def decision_function(self, X: _X) -> darray: ...
    def predict_proba(self, X: _X) -> darray: ...
    def predict_log_proba(self, X: _X) -> darray: ...
    def predict(self, X: _X) -> darray: ...
    def score(self, X: _X, y: _Y, sample_weight: Any = None) -> float: ...

_Path = Union[Tuple[NDArray[np.float64], NDArray[Any], NDArray[np.float64]],
              Tuple[NDArray[np.float64], NDArray[Any], NDArray[np.float64], List[int]]]

def enet_path(X: _X, y: _Y, *, l1_ratio: float = 0.5, eps: float = 1e-3,
              n_alphas: Any = "deprecated", alphas: Any = "warn", precompute: Any = "auto",
              Xy: Any = None, copy_X: bool = True, coef_init: Any = None, verbose: Any = False,
              return_n_iter: bool = False, positive: bool = False, check_input: bool = True,
              **params: Any) -> _Path: ...
def lasso_path(X: _X, y: _Y, *, eps: float = 1e-3, n_alphas: Any = "deprecated",
               alphas: Any = "warn", precompute: Any = "auto", Xy: Any = None,
               copy_X: bool = True, coef_init: Any = None, verbose: Any = False,
               return_n_iter: bool = False, positive: bool = False,
               **params: Any) -> _Path: ...
