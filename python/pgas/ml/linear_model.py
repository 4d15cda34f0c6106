"""pgas.ml.linear_model: scikit-learn's linear models (sklearn.linear_model) on darrays whose
rows are spread over the ranks.

``LinearRegression``, ``Ridge``, ``ElasticNet``, ``Lasso`` and ``LogisticRegression``: each
``fit`` is one call into C++ (``pgas::ml::linear_regression_fit`` / ``ridge_fit`` /
``enet_fit`` / ``logistic_fit``), which reduces sufficient statistics of the local rows (a TSQR
R factor, the centred Gram matrix and X^T y, or the loss and gradient once per evaluation) and
solves the small problem left on every rank on the same numbers. Fitted state is NumPy,
identical on every rank; ``predict`` and friends return darrays whose rows lie with ``X``'s.
Parameter rules, defaults, attributes and messages are scikit-learn 1.9's; docs/ml.md says
where the algorithms differ. Every method is *collective* unless its docstring says *local*.
"""
from __future__ import annotations

import os
import warnings
from typing import Any, List, Tuple, Union

import numpy as np

from .. import _agreement, _context, _core
from ..construct import from_numpy
from ..darray import darray
from .base import (BaseEstimator, ConvergenceWarning, check_array, check_is_fitted, row_map,
                   validate_data)
from .decomposition import _invalid, _is_int, _is_real

__all__ = ["LinearRegression", "Ridge", "ElasticNet", "Lasso", "LogisticRegression", "enet_path",
           "lasso_path"]

#: Environment variable forcing ElasticNet / Lasso's solver: ``auto`` (the default: the Gram
#: matrix up to 4096 features, FISTA beyond), ``gram`` or ``proximal``. Read at every fit; every
#: rank must see the same value.
ENET_SOLVER_ENV = "PGAS_ML_ENET_SOLVER"


def _wrap(impl: Any) -> darray:
    return darray._wrap(impl)


def _check_nonneg(owner: str, name: str, value: Any, *, allow_none: bool = False) -> None:
    if allow_none and value is None:
        return
    if not _is_real(value) or not value >= 0:
        raise _invalid(name, owner, "a float in the range [0.0, inf)", value)


def _check_bool(owner: str, name: str, value: Any) -> None:
    if not isinstance(value, (bool, np.bool_)):
        raise _invalid(name, owner, "an instance of 'bool' or an instance of 'numpy.bool'", value)


def _target(y: Any, X: darray, dtype: Any, *, classifier: bool = False) -> darray:
    """y as a darray of ``dtype`` (NumPy y, the same on every rank, is placed on X's rows so
    that no redistribution follows), with scikit-learn's checks: consistent length, 1-D or 2-D
    (1-D for classifiers), finite. Collective."""
    if y is None:
        raise ValueError("This estimator requires y to be passed, but the target y is None.")
    if isinstance(y, darray):
        shape = y.shape
    else:
        y = np.asarray(y)
        shape = y.shape
        if y.dtype.kind not in "biuf":
            raise ValueError(f"pgas.ml.linear_model: y of dtype {y.dtype} is not supported "
                             "(numeric labels only)")
    if len(shape) == 0:
        raise ValueError("Expected array-like (array or non-string sequence), got a scalar y")
    if shape[0] != X.shape[0]:
        raise ValueError("Found input variables with inconsistent numbers of samples: "
                         f"[{X.shape[0]}, {shape[0]}]")
    if classifier and len(shape) == 2 and shape[1] == 1:
        warnings.warn("A column-vector y was passed when a 1d array was expected. Please change "
                      "the shape of y to (n_samples, ), for example using ravel().",
                      UserWarning, stacklevel=3)
        shape = (shape[0],)
        y = y.ravel() if not isinstance(y, darray) else y[:, 0]
    if len(shape) > (1 if classifier else 2):
        raise ValueError(f"y should be a 1d array, got an array of shape {shape} instead.")
    if isinstance(y, darray):
        out = y if y.dtype == dtype else y.astype(dtype)
    else:
        out = from_numpy(np.ascontiguousarray(y, dtype=dtype), row_map(X, y.ndim),
                         comm=_context.comm_of(X._impl.context))
    _core.ml.check_finite(out._impl, "y")
    return out


def _sample_weight(sample_weight: Any, X: darray) -> Any:
    """scikit-learn's _check_sample_weight(..., ensure_non_negative=True) for the regressors:
    None stays None; a number is every sample's weight; else a 1-D darray (any map) or NumPy
    (the same on every rank) of X's row count, as a darray of X's dtype on X's rows. Finite,
    not negative, not all zero (scikit-learn's messages, on every rank). Collective."""
    if sample_weight is None:
        return None
    n, dt = X.shape[0], X.dtype
    comm = _context.comm_of(X._impl.context)
    if isinstance(sample_weight, darray):
        sw = sample_weight if sample_weight.dtype == dt else sample_weight.astype(dt)
    else:
        values = np.asarray(sample_weight)
        if values.ndim == 0:
            values = np.full(n, values, dtype=dt)
        if values.dtype.kind not in "biuf":
            raise ValueError(f"sample_weight of dtype {values.dtype} is not supported")
        sw = None if values.ndim != 1 or values.shape != (n,) else from_numpy(
            np.ascontiguousarray(values, dtype=dt), row_map(X, 1), comm=comm)
        if sw is None:
            shape = values.shape
            if values.ndim != 1:
                raise ValueError(f"Sample weights must be 1D array or scalar, got "
                                 f"{values.ndim}D array. Expected either a scalar value or a "
                                 f"1D array of length {n}.")
            raise ValueError(f"sample_weight.shape == {shape}, expected {(n,)}!")
    if sw.ndim != 1:
        raise ValueError(f"Sample weights must be 1D array or scalar, got {sw.ndim}D array. "
                         f"Expected either a scalar value or a 1D array of length {n}.")
    if sw.shape != (n,):
        raise ValueError(f"sample_weight.shape == {sw.shape}, expected {(n,)}!")
    _core.ml.check_finite(sw._impl, "sample_weight")
    if float(sw.min()) < 0:
        raise ValueError("Negative values in data passed to `sample_weight`")
    if float(sw.max()) == 0:
        raise ValueError("Sample weights must contain at least one non-zero number.")
    return sw


def _enet_solver(X: darray, call: str) -> str:
    """The solver PGAS_ML_ENET_SOLVER asks for, checked to agree across ranks. Collective."""
    solver = os.environ.get(ENET_SOLVER_ENV, "auto")
    if solver not in ("auto", "gram", "proximal"):
        raise ValueError(f"{ENET_SOLVER_ENV} must be 'auto', 'gram' or 'proximal', got "
                         f"{solver!r}")
    _agreement.check_same(X._impl.context, call, **{ENET_SOLVER_ENV: solver})
    return solver


def _rand_r_seed(random_state: Any, X: darray) -> np.random.RandomState:
    """scikit-learn's check_random_state(random_state), the source of cd_fast's seeds
    (rng.randint(0, RAND_R_MAX)); with None the caller broadcasts rank 0's draws. Local."""
    rs = random_state
    rng = rs if isinstance(rs, np.random.RandomState) else \
        np.random.RandomState(rs) if rs is None or _is_int(rs) else None
    if rng is None:
        raise ValueError(f"{rs!r} cannot be used to seed a numpy.random.RandomState instance")
    return rng


class _LinearModel(BaseEstimator):
    """What the linear regressors share: ``predict`` = X @ coef_.T + intercept_ (one local GEMM
    per rank) and ``score`` (R^2)."""

    def _decision(self, X: Any) -> darray:
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        coef = np.atleast_2d(np.asarray(self.coef_))
        intercept = np.broadcast_to(np.asarray(self.intercept_, dtype=coef.dtype),
                                    (coef.shape[0],))
        one_d = np.ndim(self.coef_) == 1
        dt = X.dtype
        return _wrap(_core.ml.linear_decision(X._impl, coef.astype(dt), intercept.astype(dt),
                                              one_d))

    def predict(self, X: Any) -> darray:
        """X @ coef_.T + intercept_: (n,) for a 1-D target, else (n, n_targets), rows lying with
        X's. Collective."""
        return self._decision(X)

    def score(self, X: Any, y: Any, sample_weight: Any = None) -> float:
        """R^2 of predict(X) against y (scikit-learn's r2_score, uniform average). Collective."""
        from .metrics import r2_score

        return r2_score(y, self.predict(X), sample_weight=sample_weight)

    def _set_state(self, fitted: dict, y: darray) -> None:
        coef, intercept = fitted["coef_"], fitted["intercept_"]
        # scikit-learn's _set_intercept: 0.0 (a float, whatever the targets) without an
        # intercept.
        if y.ndim == 1:
            self.coef_ = coef.reshape(-1)
            self.intercept_ = coef.dtype.type(intercept[0]) if self.fit_intercept else 0.0
        else:
            self.coef_ = coef
            self.intercept_ = intercept if self.fit_intercept else 0.0


class LinearRegression(_LinearModel):
    """Ordinary least squares, scikit-learn's ``LinearRegression`` (dense X): the
    minimum-norm solution of the centred problem, so rank-deficient X gets scikit-learn's
    answer; ``rank_`` and ``singular_`` are the centred X's (singular values below ``tol``
    times the largest count as zero: scipy's ``cond``). Tall X: TSQR of the centred data and a
    small SVD of R (no normal equations); otherwise ScaLAPACK's SVD. ``positive=True``:
    non-negative least squares (Lawson-Hanson on the reduced Gram matrix; scikit-learn uses
    scipy's nnls on X) and, as scikit-learn, no ``rank_`` / ``singular_``. ``copy_X`` and
    ``n_jobs`` are accepted (X is never modified)."""

    def __init__(self, *, fit_intercept: bool = True, copy_X: bool = True, tol: float = 1e-6,
                 n_jobs: Any = None, positive: bool = False) -> None:
        self.fit_intercept = fit_intercept
        self.copy_X = copy_X
        self.tol = tol
        self.n_jobs = n_jobs
        self.positive = positive

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> "LinearRegression":
        """Fits the model (X: 2-D darray on any map or NumPy on every rank; y: (n,) or (n, k)
        darray on any map or NumPy; sample_weight: None, a number, or (n,) darray / NumPy,
        not negative: scikit-learn's weighted means and rows rescaled by sqrt(weight)).
        Collective."""
        _check_bool("LinearRegression", "fit_intercept", self.fit_intercept)
        _check_bool("LinearRegression", "positive", self.positive)
        _check_nonneg("LinearRegression", "tol", self.tol)
        X = validate_data(self, X)
        y = _target(y, X, X.dtype)
        sw = _sample_weight(sample_weight, X)
        fitted = _core.ml.linear_regression_fit(X._impl, y._impl, bool(self.fit_intercept),
                                                float(self.tol), bool(self.positive),
                                                None if sw is None else sw._impl)
        self._set_state(fitted, y)
        if not self.positive:
            self.rank_ = int(fitted["rank_"])
            self.singular_ = fitted["singular_"]
        return self


_RIDGE_SOLVERS = ("auto", "svd", "cholesky", "lsqr", "sparse_cg", "sag", "saga", "lbfgs")


class Ridge(_LinearModel):
    """Ridge regression, scikit-learn's ``Ridge``: min ||y - Xw - b||^2 + alpha ||w||^2 per
    target, ``alpha`` a float or one per target. ``solver='auto'`` / ``'cholesky'``: one
    reduction of the centred Gram matrix and X^T y, then a Cholesky solve on every rank (the
    SVD route when the matrix is not positive definite, as scikit-learn); ``'svd'``: the SVD of
    the centred X (TSQR for tall X) and X^T y. Other scikit-learn solvers raise ValueError
    (not implemented). ``copy_X``, ``max_iter``, ``tol`` and ``random_state`` are accepted
    (the solvers are direct)."""

    def __init__(self, alpha: Any = 1.0, *, fit_intercept: bool = True, copy_X: bool = True,
                 max_iter: Any = None, tol: float = 1e-4, solver: str = "auto",
                 positive: bool = False, random_state: Any = None) -> None:
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.copy_X = copy_X
        self.max_iter = max_iter
        self.tol = tol
        self.solver = solver
        self.positive = positive
        self.random_state = random_state

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> "Ridge":
        """Fits the model (X, y, sample_weight as for LinearRegression.fit). Collective."""
        alpha = self.alpha
        if np.ndim(alpha) == 0 and not (_is_real(alpha) and alpha >= 0):
            raise _invalid("alpha", "Ridge", "a float in the range [0.0, inf) or an array-like",
                           alpha)
        if self.solver not in _RIDGE_SOLVERS:
            raise _invalid("solver", "Ridge", "a str among {'auto', 'cholesky', 'svd', 'lbfgs', "
                           "'lsqr', 'saga', 'sparse_cg', 'sag'}", self.solver)
        _check_bool("Ridge", "fit_intercept", self.fit_intercept)
        _check_bool("Ridge", "positive", self.positive)
        _check_nonneg("Ridge", "tol", self.tol)
        if self.positive:
            raise ValueError("Ridge: positive=True (scikit-learn's lbfgs solver) is not "
                             "supported by pgas.ml yet")
        if self.solver not in ("auto", "svd", "cholesky"):
            raise ValueError(f"Ridge: solver={self.solver!r} is not supported by pgas.ml; use "
                             "'auto', 'cholesky' or 'svd'")
        X = validate_data(self, X)
        y = _target(y, X, X.dtype)
        alphas = np.atleast_1d(np.asarray(alpha, dtype=np.float64)).ravel()
        n_targets = 1 if y.ndim == 1 else y.shape[1]
        if alphas.size not in (1, n_targets):
            raise ValueError("Number of targets and number of penalties do not correspond: "
                             f"{alphas.size} != {n_targets}")
        sw = _sample_weight(sample_weight, X)
        fitted = _core.ml.ridge_fit(X._impl, y._impl, alphas, bool(self.fit_intercept),
                                    self.solver, None if sw is None else sw._impl)
        self._set_state(fitted, y)
        self.solver_ = fitted["solver_"]
        self.n_iter_ = None
        return self


class ElasticNet(_LinearModel):
    """scikit-learn's ``ElasticNet``: (1 / (2 n)) ||y - Xw - b||^2 + alpha l1_ratio ||w||_1 +
    alpha (1 - l1_ratio) / 2 ||w||^2, stopped by scikit-learn's duality-gap rule. Up to 4096
    features: scikit-learn's coordinate descent on the Gram matrix (its gap-safe screening;
    ``selection='random'`` draws the same rand_r stream as scikit-learn from ``random_state``,
    so the model is the same on every rank count), one reduction of the centred Gram matrix
    and X^T y and no communication inside the iterations. Past 4096 features (the d x d
    matrix would not fit): FISTA on the distributed rows, one reduction of d values per
    iteration, the gap from the same product (``selection`` does not apply). The environment
    variable ``PGAS_ML_ENET_SOLVER`` (``auto``, ``gram``, ``proximal``; the same on every
    rank) forces either. ``solver_`` says which ran (``'gram_cd'`` or
    ``'proximal_gradient'``; not a scikit-learn attribute). ``precompute`` and ``copy_X`` are
    accepted. ``n_iter_``, ``dual_gap_`` as scikit-learn (``n_iter_`` counts FISTA's
    iterations on that route)."""

    _owner = "ElasticNet"

    def __init__(self, alpha: float = 1.0, *, l1_ratio: float = 0.5, fit_intercept: bool = True,
                 precompute: Any = False, max_iter: int = 1000, copy_X: bool = True,
                 tol: float = 1e-4, warm_start: bool = False, positive: bool = False,
                 random_state: Any = None, selection: str = "cyclic") -> None:
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.max_iter = max_iter
        self.copy_X = copy_X
        self.tol = tol
        self.warm_start = warm_start
        self.positive = positive
        self.random_state = random_state
        self.selection = selection

    def _l1_ratio(self) -> float:
        return float(self.l1_ratio)

    def fit(self, X: Any, y: Any, sample_weight: Any = None, check_input: bool = True
            ) -> "ElasticNet":
        """Fits the model (X, y as for LinearRegression.fit). Collective."""
        owner = type(self).__name__
        if sample_weight is not None:
            raise NotImplementedError(f"{owner}: sample_weight is not supported by pgas.ml yet")
        _check_nonneg(owner, "alpha", self.alpha)
        if owner == "ElasticNet" and not (_is_real(self.l1_ratio) and 0 <= self.l1_ratio <= 1):
            raise _invalid("l1_ratio", owner, "a float in the range [0.0, 1.0]", self.l1_ratio)
        if self.max_iter is not None and not (_is_int(self.max_iter) and self.max_iter >= 1):
            raise _invalid("max_iter", owner, "an int in the range [1, inf) or None",
                           self.max_iter)
        _check_nonneg(owner, "tol", self.tol)
        if self.selection not in ("cyclic", "random"):
            raise _invalid("selection", owner, "a str among {'cyclic', 'random'}",
                           self.selection)
        for name in ("fit_intercept", "warm_start", "positive"):
            _check_bool(owner, name, getattr(self, name))
        if self.alpha == 0:
            warnings.warn("With alpha=0, this algorithm does not converge well. You are "
                          "advised to use the LinearRegression estimator", stacklevel=2)
        X = validate_data(self, X)
        y = _target(y, X, X.dtype)
        n_targets = 1 if y.ndim == 1 else y.shape[1]
        init = np.zeros(0, dtype=X.dtype)
        if self.warm_start and hasattr(self, "coef_"):
            prev = np.atleast_2d(np.asarray(self.coef_, dtype=X.dtype))
            if prev.shape == (n_targets, X.shape[1]):
                init = np.ascontiguousarray(prev)
        seed = 0
        if self.selection == "random":
            # scikit-learn's cd_fast: rng.randint(0, RAND_R_MAX) from check_random_state.
            seed = int(_rand_r_seed(self.random_state, X).randint(0, 2147483647))
            if self.random_state is None:
                seed = _context.comm_of(X._impl.context).bcast(seed, root=0)
        max_iter = 1000 if self.max_iter is None else int(self.max_iter)
        solver = _enet_solver(X, f"{owner}.fit")
        fitted = _core.ml.enet_fit(X._impl, y._impl, float(self.alpha), self._l1_ratio(),
                                   bool(self.fit_intercept), max_iter, float(self.tol),
                                   bool(self.positive), self.selection == "random", seed, init,
                                   solver)
        self._set_state(fitted, y)
        self.solver_ = fitted["solver_"]
        n_iter, gaps = list(fitted["n_iter_"]), fitted["dual_gap_"]
        for converged, gap, tol in zip(fitted["converged_"], gaps, fitted["tol_"]):
            if not converged:
                warnings.warn("Objective did not converge. You might want to increase the "
                              "number of iterations, check the scale of the features or "
                              f"consider increasing regularisation. Duality gap: "
                              f"{gap * X.shape[0]:.6e}, tolerance: {tol:.3e}",
                              ConvergenceWarning, stacklevel=2)
        self.n_iter_ = int(n_iter[0]) if y.ndim == 1 else n_iter
        self.dual_gap_ = np.float64(gaps[0]) if y.ndim == 1 else gaps
        return self


class Lasso(ElasticNet):
    """scikit-learn's ``Lasso``: ElasticNet with l1_ratio = 1, (1 / (2 n)) ||y - Xw - b||^2 +
    alpha ||w||_1 (see ElasticNet)."""

    def __init__(self, alpha: float = 1.0, *, fit_intercept: bool = True,
                 precompute: Any = False, copy_X: bool = True, max_iter: int = 1000,
                 tol: float = 1e-4, warm_start: bool = False, positive: bool = False,
                 random_state: Any = None, selection: str = "cyclic") -> None:
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.copy_X = copy_X
        self.max_iter = max_iter
        self.tol = tol
        self.warm_start = warm_start
        self.positive = positive
        self.random_state = random_state
        self.selection = selection

    def _l1_ratio(self) -> float:
        return 1.0


_LOGISTIC_SOLVERS = ("lbfgs", "liblinear", "newton-cg", "newton-cholesky", "sag", "saga")


class LogisticRegression(BaseEstimator):
    """scikit-learn's ``LogisticRegression`` with ``solver='lbfgs'`` or ``'newton-cholesky'``
    and an L2 penalty (or none: ``C=np.inf`` or ``penalty=None``): the mean (class-weighted)
    log-loss + ||W||^2 / (2 C sum(weights)), the intercept not penalised; binary (one
    coefficient row, ``classes_[1]`` positive) for two classes, multinomial otherwise.
    Each evaluation of loss and gradient (and Hessian) is one pass over the local rows and one
    reduction; the optimiser (pgas's L-BFGS with L-BFGS-B's stopping rules, or Newton steps
    with a Cholesky solve) runs on every rank on the same numbers. Labels are numbers (any
    numeric dtype); ``classes_`` are their sorted distinct values. ``warm_start=True`` starts
    from the previous fit's ``coef_`` / ``intercept_`` (scikit-learn's). ``verbose``, ``dual``,
    ``intercept_scaling``, ``random_state`` and ``n_jobs`` are accepted (no effect for these
    solvers, as in scikit-learn)."""

    _estimator_type = "classifier"

    def __init__(self, penalty: Any = "deprecated", *, C: float = 1.0, l1_ratio: float = 0.0,
                 dual: bool = False, tol: float = 1e-4, fit_intercept: bool = True,
                 intercept_scaling: float = 1, class_weight: Any = None,
                 random_state: Any = None, solver: str = "lbfgs", max_iter: int = 100,
                 verbose: int = 0, warm_start: bool = False, n_jobs: Any = None) -> None:
        self.penalty = penalty
        self.C = C
        self.l1_ratio = l1_ratio
        self.dual = dual
        self.tol = tol
        self.fit_intercept = fit_intercept
        self.intercept_scaling = intercept_scaling
        self.class_weight = class_weight
        self.random_state = random_state
        self.solver = solver
        self.max_iter = max_iter
        self.verbose = verbose
        self.warm_start = warm_start
        self.n_jobs = n_jobs

    def _check_params(self) -> float:
        owner = "LogisticRegression"
        if self.solver not in _LOGISTIC_SOLVERS:
            raise _invalid("solver", owner, "a str among {'lbfgs', 'liblinear', 'sag', 'saga', "
                           "'newton-cg', 'newton-cholesky'}", self.solver)
        if not (_is_real(self.C) and self.C > 0):
            raise _invalid("C", owner, "a float in the range (0.0, inf]", self.C)
        _check_nonneg(owner, "tol", self.tol)
        if not (_is_int(self.max_iter) and self.max_iter >= 0):
            raise _invalid("max_iter", owner, "an int in the range [0, inf)", self.max_iter)
        cw = self.class_weight
        if not (cw is None or cw == "balanced" if isinstance(cw, str) else
                cw is None or isinstance(cw, dict)):
            raise _invalid("class_weight", owner, "an instance of 'dict', a str among "
                           "{'balanced'} or None", cw)
        if self.penalty not in ("deprecated", "l2", None, "l1", "elasticnet"):
            raise _invalid("penalty", owner, "a str among {'elasticnet', 'l1', 'l2'} or None",
                           self.penalty)
        if self.penalty == "deprecated":
            penalty = "l2" if self.l1_ratio == 0 else ("l1" if self.l1_ratio == 1
                                                       else "elasticnet")
        else:
            penalty = self.penalty
        if self.solver in ("lbfgs", "newton-cholesky") and penalty not in ("l2", None):
            raise ValueError(f"Solver {self.solver} supports only 'l2' or None penalties, got "
                             f"{penalty} penalty.")
        if self.solver not in ("lbfgs", "newton-cholesky"):
            raise ValueError(f"LogisticRegression: solver={self.solver!r} is not supported by "
                             "pgas.ml; use 'lbfgs' or 'newton-cholesky'")
        if penalty is None or self.C == np.inf:
            return float("inf")
        return float(self.C)

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> "LogisticRegression":
        """Fits the model (X: 2-D darray on any map or NumPy on every rank; y: (n,) numeric
        labels, a darray on any map or NumPy). Collective."""
        if sample_weight is not None:
            raise NotImplementedError("LogisticRegression: sample_weight is not supported by "
                                      "pgas.ml yet")
        C = self._check_params()
        X = validate_data(self, X)
        label_dtype = y.dtype if isinstance(y, darray) else np.asarray(y).dtype
        y = _target(y, X, np.float64, classifier=True)
        classes = np.asarray(_core.ml.unique_values(y._impl), dtype=np.float64)
        if label_dtype.kind == "f" and np.any(classes != np.round(classes)):
            raise ValueError("Unknown label type: continuous. Maybe you are trying to fit a "
                             "classifier, which expects discrete classes on a regression target "
                             "with continuous values.")
        self.classes_ = classes.astype(label_dtype)
        if classes.size < 2:
            raise ValueError("This solver needs samples of at least 2 classes in the data, but "
                             f"the data contains only one class: {self.classes_[0]!r}")
        balanced, weights = False, np.zeros(0)
        cw = self.class_weight
        if cw == "balanced":
            balanced = True
        elif isinstance(cw, dict):
            weights = np.ones(classes.size)
            unweighted = []
            for i, c in enumerate(self.classes_):
                if c.item() in cw:
                    weights[i] = float(cw[c.item()])
                else:
                    unweighted.append(c)
            if unweighted and classes.size - len(unweighted) != len(cw):
                raise ValueError(f"The classes, {np.array(unweighted).tolist()}, are not in "
                                 "class_weight")
        coef_init, intercept_init = np.zeros(0), np.zeros(0)
        outputs = 1 if classes.size == 2 else classes.size
        if self.warm_start and hasattr(self, "coef_"):
            # scikit-learn's warm start: start from the last fit's coef_ / intercept_ when they
            # have this problem's shape (else from zeros, as scikit-learn does not check).
            prev = np.asarray(self.coef_, dtype=np.float64)
            if prev.shape == (outputs, X.shape[1]):
                coef_init = np.ascontiguousarray(prev)
                if self.fit_intercept:
                    intercept_init = np.ascontiguousarray(self.intercept_, dtype=np.float64)
        if not isinstance(self.warm_start, (bool, np.bool_)):
            raise _invalid("warm_start", "LogisticRegression", "an instance of 'bool' or an "
                           "instance of 'numpy.bool'", self.warm_start)
        fitted = _core.ml.logistic_fit(X._impl, y._impl, classes, C, bool(self.fit_intercept),
                                       float(self.tol), int(self.max_iter), self.solver,
                                       balanced, weights, coef_init, intercept_init)
        self.coef_ = fitted["coef_"]
        self.intercept_ = fitted["intercept_"]
        self.n_iter_ = np.asarray([fitted["n_iter_"]], dtype=np.int32)
        if not fitted["converged_"] and self.max_iter > 0:
            # scipy's L-BFGS-B statuses, as scikit-learn's _check_optimize_result reports them.
            status, why = ((2, "ABNORMAL_TERMINATION_IN_LNSRCH") if fitted["line_search_failed_"]
                           else (1, "STOP: TOTAL NO. OF ITERATIONS REACHED LIMIT"))
            warnings.warn(f"{self.solver} failed to converge after {self.n_iter_[0]} "
                          f"iteration(s) (status={status}):\n{why}\n\nIncrease the number of "
                          f"iterations to improve the convergence (max_iter={self.max_iter}).",
                          ConvergenceWarning, stacklevel=2)
        return self

    def _model(self, X: Any) -> Tuple[darray, np.ndarray, np.ndarray]:
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        dt = X.dtype
        return X, self.coef_.astype(dt), self.intercept_.astype(dt)

    def decision_function(self, X: Any) -> darray:
        """X @ coef_.T + intercept_: (n,) for two classes, else (n, n_classes), rows lying with
        X's. Collective."""
        X, coef, intercept = self._model(X)
        return _wrap(_core.ml.linear_decision(X._impl, coef, intercept, coef.shape[0] == 1))

    def predict_proba(self, X: Any) -> darray:
        """Class probabilities (n, n_classes): the logistic function of the decision for two
        classes, its softmax otherwise; rows lying with X's. Collective."""
        X, coef, intercept = self._model(X)
        return _wrap(_core.ml.logistic_proba(X._impl, coef, intercept, False))

    def predict_log_proba(self, X: Any) -> darray:
        """The logarithm of predict_proba, computed stably. Collective."""
        X, coef, intercept = self._model(X)
        return _wrap(_core.ml.logistic_proba(X._impl, coef, intercept, True))

    def predict(self, X: Any) -> darray:
        """classes_[argmax of the decision function] (two classes: decision > 0), an (n,)
        darray of classes_'s dtype whose rows lie with X's. Collective."""
        X, coef, intercept = self._model(X)
        labels = _wrap(_core.ml.logistic_predict(X._impl, coef, intercept,
                                                 self.classes_.astype(np.float64)))
        return labels if self.classes_.dtype == np.float64 else labels.astype(self.classes_.dtype)

    def score(self, X: Any, y: Any, sample_weight: Any = None) -> float:
        """Mean accuracy of predict(X) against y. Collective."""
        from .metrics import accuracy_score

        return accuracy_score(y, self.predict(X), sample_weight=sample_weight)


_PATH_PARAMS = ("tol", "max_iter", "random_state", "selection")


def enet_path(X: Any, y: Any, *, l1_ratio: float = 0.5, eps: float = 1e-3,
              n_alphas: Any = "deprecated", alphas: Any = "warn", precompute: Any = "auto",
              Xy: Any = None, copy_X: bool = True, coef_init: Any = None, verbose: Any = False,
              return_n_iter: bool = False, positive: bool = False, check_input: bool = True,
              **params: Any) -> Union[Tuple[np.ndarray, np.ndarray, np.ndarray],
                                      Tuple[np.ndarray, np.ndarray, np.ndarray, List[int]]]:
    """scikit-learn's ``enet_path`` (1-D y): the ElasticNet coefficients along a path of
    alphas, (1 / (2 n)) ||y - Xw||^2 + alpha l1_ratio ||w||_1 + alpha (1 - l1_ratio) / 2
    ||w||^2 with no intercept (as scikit-learn's; centre X and y first for one). ``alphas``:
    an int (a grid of that many from alpha_max = max|X^T y| / (n l1_ratio) down to eps
    alpha_max, geometric; the default 100), or the values (sorted descending). Each alpha is
    warm-started from the previous one (the first from ``coef_init``); the sufficient
    statistics (the Gram matrix, or FISTA's Lipschitz estimate past 4096 features) are
    computed once for the whole path, in one call into C++ (``pgas::ml::enet_path``).
    ``params``: ``tol``, ``max_iter``, ``selection``, ``random_state`` as ElasticNet's.
    Returns ``alphas`` (n_alphas,), ``coefs`` (n_features, n_alphas), ``dual_gaps``
    (n_alphas,) and, with ``return_n_iter``, the iteration counts: NumPy, the same on every
    rank. ``precompute``, ``Xy``, ``copy_X``, ``verbose`` and ``check_input`` are accepted
    (pgas reduces its own statistics; X is never modified). A 2-D y (scikit-learn's
    multi-task objective) and ``sample_weight`` raise NotImplementedError. Collective."""
    owner = "enet_path"
    if "sample_weight" in params:
        raise NotImplementedError("enet_path: sample_weight is not supported by pgas.ml yet")
    unexpected = [k for k in params if k not in _PATH_PARAMS]
    if unexpected:
        raise ValueError("Unexpected parameters in params", unexpected)
    tol, max_iter = params.get("tol", 1e-4), params.get("max_iter", 1000)
    selection = params.get("selection", "cyclic")
    _check_nonneg(owner, "tol", tol)
    if not (_is_int(max_iter) and max_iter >= 1):
        raise _invalid("max_iter", owner, "an int in the range [1, inf)", max_iter)
    if selection not in ("random", "cyclic"):
        raise ValueError("selection should be either random or cyclic.")
    if not (_is_real(eps) and eps > 0):
        raise _invalid("eps", owner, "a float in the range (0.0, inf)", eps)
    if not (_is_real(l1_ratio) and 0 <= l1_ratio <= 1):
        raise _invalid("l1_ratio", owner, "a float in the range [0.0, 1.0]", l1_ratio)
    for name, value in (("positive", positive), ("return_n_iter", return_n_iter)):
        _check_bool(owner, name, value)
    count = 100
    if not (isinstance(n_alphas, str) and n_alphas == "deprecated"):
        if not (_is_int(n_alphas) and n_alphas >= 1):
            raise _invalid("n_alphas", owner, "an int in the range [1, inf)", n_alphas)
        warnings.warn("'n_alphas' was deprecated in 1.9 and will be removed in 1.11. 'alphas' "
                      "now accepts an integer value which removes the need to pass "
                      "'n_alphas'. The default value of 'alphas' will change from None to 100 "
                      "in 1.11. Pass an explicit value to 'alphas' and leave 'n_alphas' to its "
                      "default value to silence this warning.", FutureWarning, stacklevel=2)
        count = int(n_alphas)
    values = np.zeros(0)
    if isinstance(alphas, str) and alphas == "warn":
        pass
    elif alphas is None:
        warnings.warn("'alphas=None' is deprecated and will be removed in 1.11, at which point "
                      "the default value will be set to 100. Set 'alphas=100' to silence this "
                      "warning.", FutureWarning, stacklevel=2)
    elif _is_int(alphas):
        if alphas < 1:
            raise _invalid("alphas", owner, "an int in the range [1, inf), an array-like or "
                           "None", alphas)
        count = int(alphas)
    else:
        values = np.asarray(alphas, dtype=np.float64).reshape(-1)
        if values.size == 0 or not np.all(values >= 0):
            raise ValueError(f"{owner}: alphas must be non-negative, got {alphas!r}")
    X = check_array(X, estimator_name=owner)
    y = _target(y, X, X.dtype)
    if y.ndim != 1:
        raise NotImplementedError("enet_path: a 2-D y (scikit-learn's multi-task objective) is "
                                  "not supported by pgas.ml; pass one target at a time")
    m = values.size if values.size else count
    seeds = np.zeros(0, dtype=np.uint32)
    if selection == "random":
        rs = params.get("random_state")
        seeds = _rand_r_seed(rs, X).randint(0, 2147483647, size=m).astype(np.uint32)
        if rs is None:
            seeds = _context.comm_of(X._impl.context).bcast(seeds, root=0)
    init = np.zeros(0, dtype=X.dtype)
    if coef_init is not None:
        init = np.ascontiguousarray(coef_init, dtype=X.dtype).reshape(-1)
    solver = _enet_solver(X, owner)
    out = _core.ml.enet_path(X._impl, y._impl, values, float(eps), int(count), float(l1_ratio),
                             False, int(max_iter), float(tol), bool(positive),
                             selection == "random", seeds, init, solver)
    for converged, gap, tol_i in zip(out["converged"], out["dual_gaps"], out["tol"]):
        if not converged:
            warnings.warn("Objective did not converge. You might want to increase the number "
                          "of iterations, check the scale of the features or consider "
                          f"increasing regularisation. Duality gap: {gap * X.shape[0]:.6e}, "
                          f"tolerance: {tol_i:.3e}", ConvergenceWarning, stacklevel=2)
    if return_n_iter:
        return out["alphas"], out["coefs"], out["dual_gaps"], [int(i) for i in out["n_iters"]]
    return out["alphas"], out["coefs"], out["dual_gaps"]


def lasso_path(X: Any, y: Any, *, eps: float = 1e-3, n_alphas: Any = "deprecated",
               alphas: Any = "warn", precompute: Any = "auto", Xy: Any = None,
               copy_X: bool = True, coef_init: Any = None, verbose: Any = False,
               return_n_iter: bool = False, positive: bool = False, **params: Any
               ) -> Union[Tuple[np.ndarray, np.ndarray, np.ndarray],
                          Tuple[np.ndarray, np.ndarray, np.ndarray, List[int]]]:
    """scikit-learn's ``lasso_path``: :func:`enet_path` with ``l1_ratio=1``. Collective."""
    return enet_path(X, y, l1_ratio=1.0, eps=eps, n_alphas=n_alphas, alphas=alphas,
                     precompute=precompute, Xy=Xy, copy_X=copy_X, coef_init=coef_init,
                     verbose=verbose, return_n_iter=return_n_iter, positive=positive, **params)
