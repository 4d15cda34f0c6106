"""pgas.ml: scikit-learn's estimators on darrays whose rows are spread over the ranks (SPEC §5).

The module paths are scikit-learn's (``pg.ml.cluster.KMeans``, ``pg.ml.decomposition.PCA``,
``pg.ml.preprocessing.StandardScaler``, ``pg.ml.metrics.accuracy_score``); every estimator
is also ``pg.ml.<Name>``. ``X`` is a 2-D darray on any map or a NumPy array given on every
rank; per-sample results are darrays whose rows lie with ``X``'s, fitted state is NumPy on
every rank. scikit-learn is not needed (it is the tests' oracle only). See docs/ml.md.
"""
from . import (base, cluster, decomposition, linear_model, metrics, mixture, model_selection,
               naive_bayes, neighbors, pipeline, preprocessing)
from .base import BaseEstimator, NotFittedError, check_is_fitted
from .cluster import *  # noqa: F401,F403  (each submodule's __all__)
from .decomposition import *  # noqa: F401,F403
from .linear_model import *  # noqa: F401,F403
from .mixture import *  # noqa: F401,F403
from .naive_bayes import *  # noqa: F401,F403
from .neighbors import *  # noqa: F401,F403
from .preprocessing import *  # noqa: F401,F403

__all__ = (["base", "cluster", "decomposition", "linear_model", "metrics", "mixture",
            "model_selection", "naive_bayes", "neighbors", "pipeline", "preprocessing",
            "BaseEstimator", "NotFittedError", "check_is_fitted"]
           + list(cluster.__all__) + list(decomposition.__all__) + list(linear_model.__all__)
           + list(mixture.__all__) + list(naive_bayes.__all__) + list(neighbors.__all__)
           + list(preprocessing.__all__))
