"""Typed interface of ``pgas.ml`` (SPEC §5). The implementation is in the .py modules."""
from . import base as base, cluster as cluster, decomposition as decomposition
from . import metrics as metrics, preprocessing as preprocessing
from . import linear_model as linear_model
from . import neighbors as neighbors
from . import mixture as mixture
from .base import (BaseEstimator as BaseEstimator, NotFittedError as NotFittedError,
                   check_is_fitted as check_is_fitted)
from .cluster import DBSCAN as DBSCAN, KMeans as KMeans
from .decomposition import *
from .linear_model import *
from .preprocessing import *
from . import naive_bayes as naive_bayes
from .naive_bayes import *
from . import model_selection as model_selection, pipeline as pipeline
from .neighbors import *
from .mixture import GaussianMixture as GaussianMixture
