"""pgas.ml.mixture: Gaussian mixtures (scikit-learn's sklearn.mixture). See docs/ml.md.

Every method is collective: all ranks call it with the same arguments.
"""
from __future__ import annotations

import math
import numbers
import warnings
import zlib
from typing import Any, Dict, Optional, Tuple

import numpy as np

from .. import _context, _core
from ..darray import darray
from .base import BaseEstimator, ConvergenceWarning, _agree, check_is_fitted, seed_from, \
    validate_data
from .cluster import KMeans, _invalid, _is_int

__all__ = ["GaussianMixture"]

_COVARIANCE_TYPES = ("full", "tied", "diag", "spherical")
_INIT_PARAMS = ("kmeans", "k-means++", "random", "random_from_data")
_EMPTY = np.zeros(0)


def _is_real(v: Any) -> bool:
    return isinstance(v, numbers.Real) and not isinstance(v, bool)


def _covariance_shape(kind: str, k: int, d: int) -> Tuple[int, ...]:
    return {"full": (k, d, d), "tied": (d, d), "diag": (k, d), "spherical": (k,)}[kind]


def _check_shape(param: np.ndarray, shape: Tuple[int, ...], name: str) -> None:
    if param.shape != shape:
        raise ValueError(f"The parameter '{name}' should have the shape of {shape}, but got "
                         f"{param.shape}")


def _as_float_array(value: Any, name: str) -> np.ndarray:
    a = np.asarray(value)
    if a.dtype.kind not in "biuf":
        raise ValueError(f"dtype='numeric' is not compatible with arrays of {a.dtype}")
    a = np.array(a, dtype=a.dtype if a.dtype in (np.float32, np.float64) else np.float64)
    if not np.all(np.isfinite(a)):
        raise ValueError(f"Input {name} contains NaN or infinity.")
    return a


def _random_state(random_state: Any, comm: Any) -> np.random.RandomState:
    """scikit-learn's check_random_state with one change: None means a RandomState seeded on
    rank 0 and shared (numpy's global generator would differ from rank to rank)."""
    if random_state is None:
        return np.random.RandomState(seed_from(None, comm) % 2**32)
    if isinstance(random_state, np.random.RandomState):
        return random_state
    return np.random.RandomState(int(random_state))


def _crc(value: Any) -> Any:
    """A checksum of an init parameter as given (None stays None)."""
    if value is None:
        return None
    a = np.asarray(value)
    return (a.shape, a.dtype.str, zlib.crc32(np.ascontiguousarray(a).tobytes())
            if a.dtype.kind != "O" else repr(value))


def _state_crc(rs: np.random.RandomState) -> int:
    _, key, pos, *_ = rs.get_state()
    return zlib.crc32(key.tobytes() + int(pos).to_bytes(4, "little"))


class GaussianMixture(BaseEstimator):
    """Gaussian mixture, scikit-learn's ``GaussianMixture`` (EM) on a darray whose rows are
    spread over the ranks.

    Parameters, defaults, attributes and validation messages are scikit-learn's (1.9).
    ``covariance_type`` 'full' | 'tied' | 'diag' | 'spherical'; ``init_params`` 'kmeans' |
    'k-means++' | 'random' | 'random_from_data', drawn from numpy's RandomState exactly as
    scikit-learn draws them, so the same ``random_state`` gives scikit-learn's model on every
    rank count and map (up to rounding at a draw's boundary). ``random_state=None`` is a seed
    drawn on rank 0 and shared (not numpy's global generator, which differs per rank).
    ``verbose`` / ``verbose_interval`` are accepted and ignored.

    After ``fit``: ``weights_, means_, covariances_, precisions_, precisions_cholesky_``
    (NumPy, identical on every rank, X's dtype), ``converged_, n_iter_, lower_bound_,
    lower_bounds_, n_features_in_``. Per EM iteration: one C++ pass over the local rows and one
    allreduce of the sufficient statistics. ``predict`` / ``predict_proba`` /
    ``score_samples`` give darrays on X's rows; ``score``, ``bic``, ``aic`` floats;
    ``sample(n)`` returns NumPy ``(X, y)``, the same on every rank and equal to
    scikit-learn's.
    """

    _estimator_type = "density_estimator"

    def __init__(self, n_components: int = 1, *, covariance_type: str = "full",
                 tol: float = 1e-3, reg_covar: float = 1e-6, max_iter: int = 100,
                 n_init: int = 1, init_params: str = "kmeans", weights_init: Any = None,
                 means_init: Any = None, precisions_init: Any = None, random_state: Any = None,
                 warm_start: bool = False, verbose: int = 0, verbose_interval: int = 10) -> None:
        self.n_components = n_components
        self.covariance_type = covariance_type
        self.tol = tol
        self.reg_covar = reg_covar
        self.max_iter = max_iter
        self.n_init = n_init
        self.init_params = init_params
        self.weights_init = weights_init
        self.means_init = means_init
        self.precisions_init = precisions_init
        self.random_state = random_state
        self.warm_start = warm_start
        self.verbose = verbose
        self.verbose_interval = verbose_interval

    # ---- parameters ----------------------------------------------------------------------
    def _validate_params(self) -> None:
        name = type(self).__name__
        if not _is_int(self.n_components) or self.n_components < 1:
            raise _invalid("n_components", name, "an int in the range [1, inf)",
                           self.n_components)
        for p in ("tol", "reg_covar"):
            v = getattr(self, p)
            if not _is_real(v) or not v >= 0:
                raise _invalid(p, name, "a float in the range [0.0, inf)", v)
        if not _is_int(self.max_iter) or self.max_iter < 0:
            raise _invalid("max_iter", name, "an int in the range [0, inf)", self.max_iter)
        if not _is_int(self.n_init) or self.n_init < 1:
            raise _invalid("n_init", name, "an int in the range [1, inf)", self.n_init)
        if not isinstance(self.init_params, str) or self.init_params not in _INIT_PARAMS:
            raise _invalid("init_params", name, "a str among {'kmeans', 'k-means++', 'random', "
                           "'random_from_data'}", self.init_params)
        if not isinstance(self.covariance_type, str) \
                or self.covariance_type not in _COVARIANCE_TYPES:
            raise _invalid("covariance_type", name, "a str among {'diag', 'full', 'spherical', "
                           "'tied'}", self.covariance_type)
        rs = self.random_state
        if not (rs is None or isinstance(rs, np.random.RandomState)
                or (isinstance(rs, (numbers.Integral, np.integer)) and not isinstance(rs, bool)
                    and 0 <= rs <= 4294967295)):
            raise _invalid("random_state", name, "an int in the range [0, 4294967295], an "
                           "instance of 'numpy.random.mtrand.RandomState' or None", rs)
        if not isinstance(self.warm_start, (bool, np.bool_)):
            raise _invalid("warm_start", name, "an instance of 'bool' or an instance of "
                           "'numpy.bool'", self.warm_start)
        if not _is_int(self.verbose_interval) or self.verbose_interval < 1:
            raise _invalid("verbose_interval", name, "an int in the range [1, inf)",
                           self.verbose_interval)

    def _checked_inits(self, d: int) -> Dict[str, np.ndarray]:
        """scikit-learn's _check_weights / _check_means / _check_precisions (messages too);
        the parameters themselves stay as given."""
        k, kind = self.n_components, self.covariance_type
        out: Dict[str, np.ndarray] = {}
        if self.weights_init is not None:
            w = _as_float_array(self.weights_init, "weights_init")
            _check_shape(w, (k,), "weights")
            if np.any(w < 0.0) or np.any(w > 1.0):
                raise ValueError("The parameter 'weights' should be in the range [0, 1], but "
                                 f"got max value {np.max(w):.5f}, min value {np.min(w):.5f}")
            atol = 1e-6 if w.dtype == np.float32 else 1e-8
            if not np.allclose(float(np.abs(1.0 - np.sum(w))), 0.0, atol=atol):
                raise ValueError("The parameter 'weights' should be normalized, but got "
                                 f"sum(weights) = {np.sum(w):.5f}")
            out["weights"] = w
        if self.means_init is not None:
            m = _as_float_array(self.means_init, "means_init")
            _check_shape(m, (k, d), "means")
            out["means"] = m
        if self.precisions_init is not None:
            p = _as_float_array(self.precisions_init, "precisions_init")
            _check_shape(p, _covariance_shape(kind, k, d), f"{kind} precision")
            if kind in ("full", "tied"):
                for mat in (p if kind == "full" else p[np.newaxis]):
                    if not (np.allclose(mat, mat.T, rtol=1e-05, atol=1e-08)
                            and np.all(np.linalg.eigvalsh(mat) > 0.0)):
                        raise ValueError(f"'{kind} precision' should be symmetric, "
                                         "positive-definite")
            elif np.any(p <= 0.0):
                raise ValueError(f"'{kind} precision' should be positive")
            out["precisions"] = p
        return out

    # ---- fitting -------------------------------------------------------------------------
    def fit(self, X: Any, y: Any = None) -> "GaussianMixture":
        """Estimate the model by EM (X: 2-D darray on any map, or NumPy on every rank)."""
        self.fit_predict(X, y)
        return self

    def _one_run(self, X: darray, rs: np.random.RandomState, inits: Dict[str, np.ndarray],
                 do_init: bool) -> Dict[str, Any]:
        k, n = int(self.n_components), X.shape[0]
        resp, labels, indices = "none", None, []
        key, pos = np.zeros(0, np.uint32), 624
        lower_bound = -math.inf
        extra: Dict[str, np.ndarray] = {}
        if not do_init:  # warm start: continue from the fitted model
            extra = {"weights": self.weights_, "means": self.means_,
                     "precisions_cholesky": self.precisions_cholesky_,
                     "covariances": getattr(self, "covariances_", None)}
            lower_bound = float(self.lower_bound_)
        elif len(inits) < 3:
            kind = self.init_params
            if kind in ("kmeans", "k-means++"):
                trials = 2 + int(np.log(k))
                first_u = float(rs.random_sample())
                trial_u = rs.uniform(size=(k - 1) * trials)
                idx = list(_core.ml.gmm_kmeans_plus_plus(X._impl, k, first_u, trial_u))
                if kind == "kmeans":
                    centers = _core.ml.gmm_gather_rows(X._impl, idx)
                    km = KMeans(n_clusters=k, init=centers, n_init=1).fit(X)
                    resp, labels = "labels", km.labels_._impl
                else:
                    resp, indices = "indices", idx
            elif kind == "random":
                _, key, pos, *_ = rs.get_state()
                resp = "random"
            else:  # random_from_data: O(n) draws on every rank, as numpy makes them
                resp, indices = "indices", [int(i) for i in rs.choice(n, size=k, replace=False)]
        given = {**inits, **{a: b for a, b in extra.items() if b is not None}}
        run = _core.ml.gmm_em(
            X._impl, k, self.covariance_type, float(self.tol), float(self.reg_covar),
            int(self.max_iter), resp, labels, indices, np.ascontiguousarray(key, np.uint32),
            int(pos), given.get("weights", _EMPTY), given.get("means", _EMPTY),
            given.get("precisions", _EMPTY), given.get("precisions_cholesky", _EMPTY),
            given.get("covariances", _EMPTY), lower_bound)
        if resp == "random":
            state = rs.get_state()
            rs.set_state((state[0], run["key"], int(run["pos"])) + tuple(state[3:]))
        return run

    def fit_predict(self, X: Any, y: Any = None) -> darray:
        """Fit, then the most probable component of each row (an int64 darray on X's rows)."""
        self._validate_params()
        X = validate_data(self, X, ensure_min_samples=2)
        n, d = X.shape
        k = int(self.n_components)
        if n < k:
            raise ValueError("Expected n_samples >= n_components but got n_components = "
                             f"{k}, n_samples = {n}")
        comm = _context.comm_of(X._impl.context)
        rs = _random_state(self.random_state, comm)
        # SPEC §3: the collective arguments agree across ranks (one small allgather), before
        # the checks of the inits, whose verdicts must then agree too.
        _agree(comm, (k, self.covariance_type, float(self.tol), float(self.reg_covar),
                      int(self.max_iter), int(self.n_init), self.init_params,
                      bool(self.warm_start), _state_crc(rs),
                      tuple(_crc(v) for v in (self.weights_init, self.means_init,
                                              self.precisions_init))),
               "a parameter of GaussianMixture")
        inits = self._checked_inits(d)
        do_init = not (self.warm_start and hasattr(self, "converged_"))
        n_init = int(self.n_init) if do_init else 1
        best: Optional[Dict[str, Any]] = None
        max_lower_bound = -math.inf
        self.converged_ = False
        for _ in range(n_init):  # one C++ EM run per init
            run = self._one_run(X, rs, inits, do_init)
            if self.max_iter == 0:
                best, run["n_iter"] = run, 0
            elif run["lower_bound"] > max_lower_bound or max_lower_bound == -math.inf:
                max_lower_bound = run["lower_bound"]
                best = run
                self.converged_ = bool(run["converged"])
        if not self.converged_ and self.max_iter > 0:
            warnings.warn("Best performing initialization did not converge. Try different init "
                          "parameters, or increase max_iter, tol, or check for degenerate data.",
                          ConvergenceWarning, stacklevel=2)
        assert best is not None
        self._set_state(best, X.dtype, d)
        self.n_iter_ = int(best["n_iter"])
        self.lower_bound_ = float(max_lower_bound)
        self.lower_bounds_ = [float(v) for v in best["lower_bounds"]]
        return self._estimate(X, labels=True)[0]

    def _set_state(self, run: Dict[str, Any], dtype: np.dtype, d: int) -> None:
        k, kind = int(self.n_components), self.covariance_type
        shape = _covariance_shape(kind, k, d)
        self.weights_ = np.asarray(run["weights"], dtype=dtype)
        self.means_ = np.asarray(run["means"], dtype=dtype).reshape(k, d)
        if len(run["covariances"]):
            self.covariances_ = np.asarray(run["covariances"], dtype=dtype).reshape(shape)
        chol = np.asarray(run["precisions_cholesky"])
        self.precisions_cholesky_ = chol.astype(dtype).reshape(shape)
        self.precisions_ = np.asarray(_core.ml.gmm_precisions(chol, kind, k, d),
                                      dtype=dtype).reshape(shape)

    # ---- using the model -----------------------------------------------------------------
    def _estimate(self, X: Any, labels: bool = False, resp: bool = False,
                  log_prob: bool = False, checked: bool = True) -> Tuple[Any, Any, Any, float, int]:
        if not checked:
            check_is_fitted(self)
            X = validate_data(self, X, reset=False)
        lab, r, lp, total = _core.ml.gmm_estimate(
            X._impl, self.covariance_type, self.weights_, self.means_,
            self.precisions_cholesky_, labels, resp, log_prob)
        wrap = (lambda a: None if a is None else darray(a))
        return wrap(lab), wrap(r), wrap(lp), float(total), X.shape[0]

    def predict(self, X: Any) -> darray:
        """The most probable component of each row: an int64 darray on X's rows."""
        return self._estimate(X, labels=True, checked=False)[0]

    def predict_proba(self, X: Any) -> darray:
        """The responsibilities, an (n, n_components) float64 darray on X's rows."""
        return self._estimate(X, resp=True, checked=False)[1]

    def score_samples(self, X: Any) -> darray:
        """The log-likelihood of each row: a float64 darray on X's rows."""
        return self._estimate(X, log_prob=True, checked=False)[2]

    def score(self, X: Any, y: Any = None) -> float:
        """The mean log-likelihood of the rows of X (a float on every rank)."""
        _, _, _, total, n = self._estimate(X, checked=False)
        return total / n

    def _n_parameters(self) -> int:
        _, d = self.means_.shape
        k = int(self.n_components)
        cov = {"full": k * d * (d + 1) / 2.0, "diag": k * d, "tied": d * (d + 1) / 2.0,
               "spherical": k}[self.covariance_type]
        return int(cov + d * k + k - 1)

    def bic(self, X: Any) -> float:
        """Bayesian information criterion of the model on X (lower is better)."""
        _, _, _, total, n = self._estimate(X, checked=False)
        return -2 * (total / n) * n + self._n_parameters() * math.log(n)

    def aic(self, X: Any) -> float:
        """Akaike information criterion of the model on X (lower is better)."""
        _, _, _, total, n = self._estimate(X, checked=False)
        return -2 * (total / n) * n + 2 * self._n_parameters()

    def sample(self, n_samples: int = 1) -> Tuple[np.ndarray, np.ndarray]:
        """``n_samples`` draws from the model: NumPy ``(X, y)``, the same on every rank and
        equal to scikit-learn's for the same ``random_state`` (its calls, in its order). They
        are generated on every rank (the output is not distributed); pass them to
        ``pg.from_numpy`` to spread them. Collective only for ``random_state=None``."""
        check_is_fitted(self)
        if n_samples < 1:
            raise ValueError("Invalid value for 'n_samples': %d . The sampling requires at "
                             "least one sample." % (self.n_components))
        _, d = self.means_.shape
        rng = _random_state(self.random_state, _context.default_comm())
        counts = rng.multinomial(n_samples, self.weights_)
        kind = self.covariance_type
        if kind == "full":
            parts = [rng.multivariate_normal(m, c, int(s))
                     for m, c, s in zip(self.means_, self.covariances_, counts)]
        elif kind == "tied":
            parts = [rng.multivariate_normal(m, self.covariances_, int(s))
                     for m, s in zip(self.means_, counts)]
        else:
            parts = [m + rng.standard_normal(size=(s, d)) * np.sqrt(c)
                     for m, c, s in zip(self.means_, self.covariances_, counts)]
        X = np.vstack(parts)
        y = np.concatenate([np.full(int(s), i, dtype=np.int64) for i, s in enumerate(counts)])
        return X.astype(np.float64), y
