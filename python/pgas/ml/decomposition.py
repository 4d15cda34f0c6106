"""pgas.ml.decomposition: PCA and TruncatedSVD (scikit-learn's sklearn.decomposition).

Each ``fit`` is one call into C++ (``pgas::ml::pca_fit`` / ``truncated_svd_fit``): the
factorization runs on the ranks' rows (TSQR, ScaLAPACK, or one reduction of the Gram
matrix), the fitted state comes back as NumPy, identical on every rank, and per-sample results
(``transform``, ``fit_transform``, ``score_samples``) are darrays whose rows lie with ``X``'s.
The parameter rules, attributes and sign convention are scikit-learn's; docs/ml.md says where
the algorithms differ. Every method is *collective* unless its docstring says *local*.
"""
from __future__ import annotations

import math
import numbers
from typing import Any, Optional

import numpy as np

from .. import _context, _core
from ..darray import darray
from .base import (BaseEstimator, TransformerMixin, check_array, check_is_fitted, seed_from,
                   validate_data)

__all__ = ["PCA", "TruncatedSVD"]


def _invalid(name: str, owner: str, expected: str, value: Any) -> ValueError:
    # scikit-learn's InvalidParameterError wording (it is a ValueError too).
    return ValueError(f"The {name!r} parameter of {owner} must be {expected}. Got {value!r} "
                      "instead.")


def _is_int(v: Any) -> bool:
    return isinstance(v, (numbers.Integral, np.integer)) and not isinstance(v, (bool, np.bool_))


def _is_real(v: Any) -> bool:
    return isinstance(v, (numbers.Real, np.floating)) and not isinstance(v, (bool, np.bool_))


def _check_randomized_params(owner: str, n_oversamples: Any, normalizer: Any) -> None:
    if not _is_int(n_oversamples) or n_oversamples < 1:
        raise _invalid("n_oversamples", owner, "an int in the range [1, inf)", n_oversamples)
    if normalizer not in ("auto", "QR", "LU", "none"):
        raise _invalid("power_iteration_normalizer", owner,
                       "a str among {'LU', 'QR', 'auto', 'none'}", normalizer)


def _wrap(impl: Any) -> darray:
    return darray._wrap(impl)


class PCA(TransformerMixin, BaseEstimator):
    """Principal component analysis (scikit-learn's ``sklearn.decomposition.PCA``) on a darray
    whose rows are spread over the ranks, or a NumPy array given on every rank.

    ``svd_solver``: 'auto' (scikit-learn's rule), 'full' (exact SVD of the centred data: TSQR
    for tall-skinny data, ScaLAPACK otherwise, U never formed), 'covariance_eigh' (one
    reduction of the d x d Gram matrix, then eigh), 'randomized' (random directions drawn from
    ``random_state`` and the global index only: the same model on any rank count), 'arpack'
    (the exact SVD, with ARPACK's n_components rules). ``tol`` is accepted for 'arpack' and not
    needed (the SVD is exact)."""

    def __init__(self, n_components: Any = None, *, copy: bool = True, whiten: bool = False,
                 svd_solver: str = "auto", tol: float = 0.0, iterated_power: Any = "auto",
                 n_oversamples: int = 10, power_iteration_normalizer: str = "auto",
                 random_state: Any = None) -> None:
        self.n_components = n_components
        self.copy = copy
        self.whiten = whiten
        self.svd_solver = svd_solver
        self.tol = tol
        self.iterated_power = iterated_power
        self.n_oversamples = n_oversamples
        self.power_iteration_normalizer = power_iteration_normalizer
        self.random_state = random_state

    def _check_params(self) -> None:
        nc = self.n_components
        if not (nc is None or nc == "mle" if isinstance(nc, str) else
                nc is None or (_is_int(nc) and nc >= 0) or (_is_real(nc) and not _is_int(nc)
                                                             and 0 < nc < 1)):
            raise _invalid("n_components", "PCA", "an int in the range [0, inf), a float in "
                           "the range (0.0, 1.0), a str among {'mle'} or None", nc)
        if self.svd_solver not in ("auto", "full", "covariance_eigh", "arpack", "randomized"):
            raise _invalid("svd_solver", "PCA", "a str among {'arpack', 'auto', "
                           "'covariance_eigh', 'full', 'randomized'}", self.svd_solver)
        ip = self.iterated_power
        if not (ip == "auto" if isinstance(ip, str) else _is_int(ip) and ip >= 0):
            raise _invalid("iterated_power", "PCA", "a str among {'auto'} or an int in the "
                           "range [0, inf)", ip)
        if not _is_real(self.tol) or self.tol < 0:
            raise _invalid("tol", "PCA", "a float in the range [0, inf)", self.tol)
        _check_randomized_params("PCA", self.n_oversamples, self.power_iteration_normalizer)

    def _fit(self, X: Any) -> darray:
        self._check_params()
        X = validate_data(self, X)
        n, d = X.shape
        nc = self.n_components
        solver = self.svd_solver
        if solver == "arpack":
            # The exact SVD answers ARPACK's question; ARPACK's limits still apply.
            if nc is None:
                nc = min(n, d) - 1
            if isinstance(nc, str):
                raise ValueError(f"n_components={nc!r} cannot be a string with "
                                 "svd_solver='arpack'")
            if not 1 <= nc <= min(n, d):
                raise ValueError(f"n_components={nc!r} must be between 1 and "
                                 f"min(n_samples, n_features)={min(n, d)!r} with "
                                 "svd_solver='arpack'")
            if nc == min(n, d):
                raise ValueError(f"n_components={nc!r} must be strictly less than "
                                 f"min(n_samples, n_features)={min(n, d)!r} with "
                                 "svd_solver='arpack'")
            solver = "full"
        if nc is None:
            kind, count, fraction = "all", 0, 0.0
        elif isinstance(nc, str):
            kind, count, fraction = "mle", 0, 0.0
        elif _is_int(nc):
            kind, count, fraction = "count", int(nc), 0.0
        else:
            kind, count, fraction = "fraction", 0, float(nc)
        seed = seed_from(self.random_state, _context.comm_of(X._impl.context))
        power = -1 if self.iterated_power == "auto" else int(self.iterated_power)
        fitted = _core.ml.pca_fit(X._impl, kind, count, fraction, solver, power,
                                  int(self.n_oversamples), self.power_iteration_normalizer,
                                  seed)
        dt = X.dtype
        self._fit_svd_solver = self.svd_solver if self.svd_solver == "arpack" else fitted["solver"]
        self.mean_ = fitted["mean_"]
        self.components_ = fitted["components_"].reshape(-1, d)
        self.explained_variance_ = fitted["explained_variance_"]
        self.explained_variance_ratio_ = fitted["explained_variance_ratio_"]
        self.singular_values_ = fitted["singular_values_"]
        self.n_components_ = int(fitted["n_components_"])
        self.n_samples_ = int(fitted["n_samples_"])
        self.noise_variance_ = dt.type(fitted["noise_variance_"])
        return X

    def fit(self, X: Any, y: Any = None) -> "PCA":
        """Fits the model to X (2-D darray on any map, or NumPy on every rank). Collective."""
        self._fit(X)
        return self

    def fit_transform(self, X: Any, y: Any = None) -> darray:
        """fit(X) then transform(X): an (n_samples, n_components_) darray whose rows lie with
        X's. Collective."""
        X = self._fit(X)
        return self.transform(X)

    def transform(self, X: Any) -> darray:
        """X projected on the components (whitened with ``whiten``), rows lying with X's.
        Collective."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        dt = X.dtype
        return _wrap(_core.ml.pca_transform(
            X._impl, self.mean_.astype(dt), self.components_.astype(dt),
            self.explained_variance_.astype(dt), bool(self.whiten)))

    def inverse_transform(self, X: Any) -> darray:
        """Data in the original space whose transform would be X (whitening undone).
        Collective."""
        check_is_fitted(self)
        X = check_array(X, estimator_name=type(self).__name__)
        if X.shape[1] != self.components_.shape[0]:
            raise ValueError(f"X has {X.shape[1]} features, but inverse_transform expects "
                             f"{self.components_.shape[0]} (n_components_)")
        dt = X.dtype
        return _wrap(_core.ml.pca_inverse_transform(
            X._impl, self.mean_.astype(dt), self.components_.astype(dt),
            self.explained_variance_.astype(dt), bool(self.whiten)))

    def get_covariance(self) -> np.ndarray:
        """The data covariance of the generative model (scikit-learn's formula). Local."""
        check_is_fitted(self)
        components = self.components_
        exp_var = self.explained_variance_
        if self.whiten:
            components = components * np.sqrt(exp_var[:, np.newaxis])
        exp_var_diff = np.where(exp_var > self.noise_variance_, exp_var - self.noise_variance_,
                                np.asarray(0.0, dtype=exp_var.dtype))
        cov = (components.T * exp_var_diff) @ components
        cov.flat[:: cov.shape[0] + 1] += self.noise_variance_
        return cov

    def get_precision(self) -> np.ndarray:
        """The inverse of get_covariance, by the matrix inversion lemma as scikit-learn.
        Local."""
        check_is_fitted(self)
        n_features = self.components_.shape[1]
        if self.n_components_ == 0:
            return np.eye(n_features) / self.noise_variance_
        if self.noise_variance_ == 0.0:
            return np.linalg.inv(self.get_covariance())
        components = self.components_
        exp_var = self.explained_variance_
        if self.whiten:
            components = components * np.sqrt(exp_var[:, np.newaxis])
        exp_var_diff = np.where(exp_var > self.noise_variance_, exp_var - self.noise_variance_,
                                np.asarray(0.0, dtype=exp_var.dtype))
        precision = components @ components.T / self.noise_variance_
        precision.flat[:: len(precision) + 1] += 1.0 / exp_var_diff
        precision = components.T @ np.linalg.inv(precision) @ components
        precision /= -(self.noise_variance_ ** 2)
        precision.flat[:: len(precision) + 1] += 1.0 / self.noise_variance_
        return precision

    def score_samples(self, X: Any) -> darray:
        """Log-likelihood of each sample under the model, an (n_samples,) darray whose rows lie
        with X's. Collective."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        precision = self.get_precision()
        sign, logdet = np.linalg.slogdet(precision)
        logdet = logdet if sign > 0 else -np.inf
        constant = 0.5 * (X.shape[1] * math.log(2.0 * math.pi) - logdet)
        dt = X.dtype
        return _wrap(_core.ml.pca_score_samples(X._impl, self.mean_.astype(dt),
                                                np.ascontiguousarray(precision, dtype=dt),
                                                float(constant)))

    def score(self, X: Any, y: Any = None) -> float:
        """The average log-likelihood of the samples, on every rank. Collective."""
        return float(self.score_samples(X).mean())


class TruncatedSVD(TransformerMixin, BaseEstimator):
    """Truncated SVD of the (uncentred) data, scikit-learn's
    ``sklearn.decomposition.TruncatedSVD``: ``algorithm='randomized'`` (draws from
    ``random_state`` and the global index only) or ``'arpack'`` (the exact SVD, truncated:
    equal to ARPACK's to rounding; ``tol`` is accepted and not needed)."""

    def __init__(self, n_components: int = 2, *, algorithm: str = "randomized", n_iter: int = 5,
                 n_oversamples: int = 10, power_iteration_normalizer: str = "auto",
                 random_state: Any = None, tol: float = 0.0) -> None:
        self.algorithm = algorithm
        self.n_components = n_components
        self.n_iter = n_iter
        self.n_oversamples = n_oversamples
        self.power_iteration_normalizer = power_iteration_normalizer
        self.random_state = random_state
        self.tol = tol

    def _check_params(self) -> None:
        if not _is_int(self.n_components) or self.n_components < 1:
            raise _invalid("n_components", "TruncatedSVD", "an int in the range [1, inf)",
                           self.n_components)
        if self.algorithm not in ("arpack", "randomized"):
            raise _invalid("algorithm", "TruncatedSVD", "a str among {'arpack', 'randomized'}",
                           self.algorithm)
        if not _is_int(self.n_iter) or self.n_iter < 0:
            raise _invalid("n_iter", "TruncatedSVD", "an int in the range [0, inf)",
                           self.n_iter)
        if not _is_real(self.tol) or self.tol < 0:
            raise _invalid("tol", "TruncatedSVD", "a float in the range [0.0, inf)", self.tol)
        _check_randomized_params("TruncatedSVD", self.n_oversamples,
                                 self.power_iteration_normalizer)

    def fit(self, X: Any, y: Any = None) -> "TruncatedSVD":
        """Fits the model to X. Collective."""
        self.fit_transform(X)
        return self

    def fit_transform(self, X: Any, y: Any = None) -> darray:
        """Fits the model and returns X @ components_.T, rows lying with X's. Collective."""
        self._check_params()
        X = validate_data(self, X, ensure_min_features=2)
        seed = seed_from(self.random_state, _context.comm_of(X._impl.context))
        fitted = _core.ml.truncated_svd_fit(X._impl, int(self.n_components), self.algorithm,
                                            int(self.n_iter), int(self.n_oversamples),
                                            self.power_iteration_normalizer, seed)
        self.components_ = fitted["components_"].reshape(-1, X.shape[1])
        self.explained_variance_ = fitted["explained_variance_"]
        self.explained_variance_ratio_ = fitted["explained_variance_ratio_"]
        self.singular_values_ = fitted["singular_values_"]
        return _wrap(fitted["transformed"])

    def transform(self, X: Any) -> darray:
        """X @ components_.T, rows lying with X's. Collective."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        return _wrap(_core.ml.project_rows(X._impl, self.components_.astype(X.dtype)))

    def inverse_transform(self, X: Any) -> darray:
        """X @ components_: back to the original space. Collective."""
        check_is_fitted(self)
        X = check_array(X, estimator_name=type(self).__name__)
        if X.shape[1] != self.components_.shape[0]:
            raise ValueError(f"X has {X.shape[1]} features, but inverse_transform expects "
                             f"{self.components_.shape[0]} (n_components)")
        return _wrap(_core.ml.combine_rows(X._impl, self.components_.astype(X.dtype)))
