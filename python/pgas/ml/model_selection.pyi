from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple, TypeVar, Union

import numpy as np
from numpy.typing import NDArray

from ..darray import darray
from .base import BaseEstimator

__all__ = ["KFold", "StratifiedKFold", "ShuffleSplit", "StratifiedShuffleSplit",
           "train_test_split", "check_cv", "ParameterGrid", "ParameterSampler",
           "cross_validate", "cross_val_score", "GridSearchCV", "RandomizedSearchCV",
           "get_scorer", "FitFailedWarning"]

_X = Union[darray, NDArray[Any]]
_Split = Tuple[NDArray[np.int64], NDArray[np.int64]]

_S = TypeVar("_S", bound="_BaseSearchCV")

class FitFailedWarning(RuntimeWarning): ...

class _BaseKFold:
    n_splits: int
    shuffle: bool
    random_state: Any
    def get_n_splits(self, X: Any = None, y: Any = None, groups: Any = None) -> int: ...
    def split(self, X: Any, y: Any = None, groups: Any = None) -> Iterator[_Split]: ...

class KFold(_BaseKFold):
    def __init__(self, n_splits: int = 5, *, shuffle: bool = False,
                 random_state: Any = None) -> None: ...

class StratifiedKFold(_BaseKFold):
    def __init__(self, n_splits: int = 5, *, shuffle: bool = False,
                 random_state: Any = None) -> None: ...

class ShuffleSplit:
    n_splits: int
    test_size: Any
    train_size: Any
    random_state: Any
    def __init__(self, n_splits: int = 10, *, test_size: Any = None, train_size: Any = None,
                 random_state: Any = None) -> None: ...
    def get_n_splits(self, X: Any = None, y: Any = None, groups: Any = None) -> int: ...
    def split(self, X: Any, y: Any = None, groups: Any = None) -> Iterator[_Split]: ...

class StratifiedShuffleSplit(ShuffleSplit): ...

def train_test_split(*arrays: Any, test_size: Any = None, train_size: Any = None,
                     random_state: Any = None, shuffle: bool = True,
                     stratify: Any = None) -> List[Any]: ...
def check_cv(cv: Any = 5, y: Any = None, *, classifier: bool = False) -> Any: ...
def get_scorer(scoring: Any) -> Callable[..., float]: ...

class ParameterGrid:
    param_grid: List[Dict[str, Any]]
    def __init__(self, param_grid: Any) -> None: ...
    def __iter__(self) -> Iterator[Dict[str, Any]]: ...
    def __len__(self) -> int: ...
    def __getitem__(self, ind: int) -> Dict[str, Any]: ...

class ParameterSampler:
    n_iter: int
    random_state: Any
    param_distributions: List[Dict[str, Any]]
    def __init__(self, param_distributions: Any, n_iter: int, *,
                 random_state: Any = None) -> None: ...
    def __iter__(self) -> Iterator[Dict[str, Any]]: ...
    def __len__(self) -> int: ...

def cross_validate(estimator: Any, X: _X, y: Any = None, *, groups: Any = None,
                   scoring: Any = None, cv: Any = None, n_jobs: Optional[int] = None,
                   verbose: int = 0, params: Any = None, pre_dispatch: Any = "2*n_jobs",
                   return_train_score: bool = False, return_estimator: bool = False,
                   return_indices: bool = False, error_score: Any = ...) -> Dict[str, Any]: ...
def cross_val_score(estimator: Any, X: _X, y: Any = None, *, groups: Any = None,
                    scoring: Any = None, cv: Any = None, n_jobs: Optional[int] = None,
                    verbose: int = 0, params: Any = None, pre_dispatch: Any = "2*n_jobs",
                    error_score: Any = ...) -> NDArray[np.float64]: ...

class _BaseSearchCV(BaseEstimator):
    estimator: Any
    scoring: Any
    n_jobs: Optional[int]
    refit: Any
    cv: Any
    verbose: int
    pre_dispatch: Any
    error_score: Any
    return_train_score: bool
    cv_results_: Dict[str, Any]
    best_index_: int
    best_score_: float
    best_params_: Dict[str, Any]
    best_estimator_: Any
    refit_time_: float
    multimetric_: bool
    n_splits_: int
    scorer_: Any
    n_features_in_: int
    def fit(self: _S, X: _X, y: Any = None, **params: Any) -> _S: ...
    def predict(self, X: _X) -> Any: ...
    def predict_proba(self, X: _X) -> Any: ...
    def predict_log_proba(self, X: _X) -> Any: ...
    def decision_function(self, X: _X) -> Any: ...
    def transform(self, X: _X) -> Any: ...
    def score(self, X: _X, y: Any = None) -> float: ...
    @property
    def classes_(self) -> NDArray[Any]: ...

class GridSearchCV(_BaseSearchCV):
    param_grid: Any
    def __init__(self, estimator: Any, param_grid: Any, *, scoring: Any = None,
                 n_jobs: Optional[int] = None, refit: Any = True, cv: Any = None,
                 verbose: int = 0, pre_dispatch: Any = "2*n_jobs", error_score: Any = ...,
                 return_train_score: bool = False) -> None: ...

class RandomizedSearchCV(_BaseSearchCV):
    param_distributions: Any
    n_iter: int
    random_state: Any
    def __init__(self, estimator: Any, param_distributions: Any, *, n_iter: int = 10,
                 scoring: Any = None, n_jobs: Optional[int] = None, refit: Any = True,
                 cv: Any = None, verbose: int = 0, pre_dispatch: Any = "2*n_jobs",
                 random_state: Any = None, error_score: Any = ...,
                 return_train_score: bool = False) -> None: ...
