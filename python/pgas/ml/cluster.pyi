from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..darray import darray
from .base import BaseEstimator, ClusterMixin, TransformerMixin

class KMeans(ClusterMixin, TransformerMixin, BaseEstimator):
    n_clusters: int
    init: Any
    n_init: Any
    max_iter: int
    tol: float
    verbose: int
    random_state: Any
    copy_x: bool
    algorithm: str
    cluster_centers_: NDArray[Any]
    labels_: darray
    inertia_: float
    n_iter_: int
    n_features_in_: int
    def __init__(self, n_clusters: int = ..., *, init: Any = ..., n_init: Any = ...,
                 max_iter: int = ..., tol: float = ..., verbose: int = ...,
                 random_state: Any = ..., copy_x: bool = ..., algorithm: str = ...) -> None: ...
    def fit(self, X: Any, y: Any = ..., sample_weight: Any = ...) -> "KMeans": ...
    def fit_predict(self, X: Any, y: Any = ..., sample_weight: Any = ...) -> darray: ...
    def fit_transform(self, X: Any, y: Any = ..., sample_weight: Any = ...) -> darray: ...
    def predict(self, X: Any) -> darray: ...
    def transform(self, X: Any) -> darray: ...
    def score(self, X: Any, y: Any = ..., sample_weight: Any = ...) -> float: ...

class DBSCAN(ClusterMixin, BaseEstimator):
    eps: float
    min_samples: int
    metric: Any
    metric_params: Any
    algorithm: str
    leaf_size: int
    p: Any
    n_jobs: Any
    labels_: darray
    core_sample_indices_: NDArray[np.int64]
    components_: NDArray[Any]
    n_features_in_: int
    def __init__(self, eps: float = ..., *, min_samples: int = ..., metric: Any = ...,
                 metric_params: Any = ..., algorithm: str = ..., leaf_size: int = ...,
                 p: Any = ..., n_jobs: Any = ...) -> None: ...
    def fit(self, X: Any, y: Any = ..., sample_weight: Any = ...) -> "DBSCAN": ...
    def fit_predict(self, X: Any, y: Any = ..., sample_weight: Any = ...) -> darray: ...
