"""pgas.ml.naive_bayes: scikit-learn's ``GaussianNB`` on darrays whose rows are spread over
the ranks.

``fit`` and ``partial_fit`` are one C++ call each (``pgas::ml::gaussian_nb_update``): two
passes over the local rows and two reductions (class counts and sums, then squared deviations
about the class means and the column means), then scikit-learn's batch update of counts,
means and variances on every rank on the same numbers. ``predict*`` are one local pass per
rank (no communication when X holds whole rows); per-sample results are darrays whose rows lie
with X's, fitted state is NumPy, identical on every rank. Every method is *collective* unless
its docstring says *local*.
"""
from __future__ import annotations

from typing import Any, Optional

import numpy as np

from .. import _core
from ..darray import darray
from .base import BaseEstimator, check_is_fitted, validate_data
from .decomposition import _invalid, _is_real
from .linear_model import _target

__all__ = ["GaussianNB"]


def _wrap(impl: Any) -> darray:
    return darray._wrap(impl)


class GaussianNB(BaseEstimator):
    """Gaussian naive Bayes, scikit-learn's ``GaussianNB``: per class the mean (``theta_``)
    and variance (``var_``) of every feature, plus ``epsilon_ = var_smoothing * max feature
    variance of X`` added to every variance; ``class_prior_`` the class frequencies unless
    ``priors`` is given. Labels are numbers (any numeric dtype); ``classes_`` their sorted
    distinct values in y's dtype. ``sample_weight`` is not supported (NotImplementedError)."""

    _estimator_type = "classifier"

    def __init__(self, *, priors: Any = None, var_smoothing: float = 1e-9) -> None:
        self.priors = priors
        self.var_smoothing = var_smoothing

    # ---- fitting ---------------------------------------------------------------------------
    def _check_params(self) -> Optional[np.ndarray]:
        vs = self.var_smoothing
        if not (_is_real(vs) and vs >= 0):
            raise _invalid("var_smoothing", "GaussianNB", "a float in the range [0, inf)", vs)
        if self.priors is None:
            return None
        try:
            priors = np.asarray(self.priors, dtype=np.float64)
        except (TypeError, ValueError):
            raise _invalid("priors", "GaussianNB", "an array-like or None", self.priors) from None
        if priors.ndim != 1:
            raise _invalid("priors", "GaussianNB", "an array-like or None", self.priors)
        return priors

    def _labels(self, X: darray, y: Any) -> darray:
        if y is None:
            raise ValueError("GaussianNB requires y to be passed, but the target y is None.")
        self._label_dtype = y.dtype if isinstance(y, darray) else np.asarray(y).dtype
        return _target(y, X, np.float64, classifier=True)

    def _update(self, X: darray, y: darray, first: bool, priors: Optional[np.ndarray]) -> None:
        k = self.classes_.size
        if first and priors is not None:
            # scikit-learn's checks, in its order, on the replicated priors.
            if priors.shape[0] != k:
                raise ValueError("Number of priors must match number of classes.")
            if not np.isclose(priors.sum(), 1.0):
                raise ValueError("The sum of the priors should be 1.")
            if (priors < 0).any():
                raise ValueError("Priors must be non-negative.")
        classes = self.classes_.astype(np.float64)
        empty = np.zeros(0)
        if first:
            theta, var, count = empty, empty, empty
        else:
            theta = np.asarray(self.theta_, dtype=np.float64)
            var = np.asarray(self.var_, dtype=np.float64)
            count = np.asarray(self.class_count_, dtype=np.float64)
        use_priors = empty if priors is None else priors
        if not first and self.priors is not None:
            use_priors = np.asarray(self.class_prior_, dtype=np.float64)
        state = _core.ml.gaussian_nb_update(X._impl, y._impl, classes, theta, var, count,
                                            float(self.var_smoothing), use_priors)
        dt = X.dtype
        self.theta_ = state["theta_"].astype(dt)
        self.var_ = state["var_"].astype(dt)
        self.class_count_ = state["class_count_"].astype(dt)
        self.class_prior_ = state["class_prior_"].astype(dt) if priors is None or first \
            else self.class_prior_
        self.epsilon_ = dt.type(state["epsilon_"])

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> "GaussianNB":
        """Fits the model from scratch (X: 2-D darray on any map or NumPy on every rank; y:
        (n,) numeric labels, a darray on any map or NumPy). Collective: one allgather of each
        rank's distinct labels and two reductions."""
        if sample_weight is not None:
            raise NotImplementedError("GaussianNB: sample_weight is not supported by pgas.ml yet")
        priors = self._check_params()
        X = validate_data(self, X)
        y = self._labels(X, y)
        classes = np.asarray(_core.ml.unique_values(y._impl), dtype=np.float64)
        self.classes_ = classes.astype(self._label_dtype)
        self._update(X, y, True, priors)
        return self

    def partial_fit(self, X: Any, y: Any, classes: Any = None,
                    sample_weight: Any = None) -> "GaussianNB":
        """Updates the model with one batch (scikit-learn's incremental rule); ``classes``
        (every label that may appear) is required on the first call and must then stay the
        same. Collective."""
        if sample_weight is not None:
            raise NotImplementedError("GaussianNB: sample_weight is not supported by pgas.ml yet")
        priors = self._check_params()
        fitted = getattr(self, "classes_", None) is not None
        if not fitted and classes is None:
            raise ValueError("classes must be passed on the first call to partial_fit.")
        first = False
        if classes is not None:
            given = np.unique(np.asarray(classes))
            if fitted:
                if not np.array_equal(self.classes_, given):
                    raise ValueError(f"`classes={classes!r}` is not the same as on last call to "
                                     f"partial_fit, was: {self.classes_!r}")
            else:
                first = True
        X = validate_data(self, X, reset=first)
        if not first and X.shape[1] != self.theta_.shape[1]:
            raise ValueError(f"Number of features {X.shape[1]} does not match previous data "
                             f"{self.theta_.shape[1]}.")
        y = self._labels(X, y)
        if first:
            self.classes_ = given
        present = np.asarray(_core.ml.unique_values(y._impl), dtype=np.float64)
        known = np.isin(present, self.classes_.astype(np.float64))
        if not known.all():
            raise ValueError(f"The target label(s) {present[~known].astype(self.classes_.dtype)} "
                             f"in y do not exist in the initial classes {self.classes_}")
        self._update(X, y, first, priors)
        return self

    # ---- prediction ------------------------------------------------------------------------
    def _model(self, X: Any) -> Any:
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        return X, (self.classes_.astype(np.float64), np.asarray(self.theta_, np.float64),
                   np.asarray(self.var_, np.float64), np.asarray(self.class_prior_, np.float64))

    def _scores(self, X: Any, what: str) -> darray:
        X, (classes, theta, var, prior) = self._model(X)
        return _wrap(_core.ml.gaussian_nb_scores(X._impl, classes, theta, var, prior, what))

    def predict_joint_log_proba(self, X: Any) -> darray:
        """log P(c) + log P(x | c) for every class: (n, n_classes) float64, rows lying with
        X's. Collective."""
        return self._scores(X, "joint")

    def predict_log_proba(self, X: Any) -> darray:
        """The joint log likelihood normalised by its logsumexp over the classes. Collective."""
        return self._scores(X, "log_proba")

    def predict_proba(self, X: Any) -> darray:
        """exp(predict_log_proba(X)): (n, n_classes), rows lying with X's. Collective."""
        return self._scores(X, "proba")

    def predict(self, X: Any) -> darray:
        """classes_[argmax of the joint log likelihood] (first maximum), an (n,) darray of
        classes_'s dtype whose rows lie with X's. Collective."""
        X, (classes, theta, var, prior) = self._model(X)
        labels = _wrap(_core.ml.gaussian_nb_predict(X._impl, classes, theta, var, prior))
        return labels if self.classes_.dtype == np.float64 else labels.astype(self.classes_.dtype)

    def score(self, X: Any, y: Any, sample_weight: Any = None) -> float:
        """Mean accuracy of predict(X) against y. Collective."""
        from .metrics import accuracy_score

        return accuracy_score(y, self.predict(X), sample_weight=sample_weight)
