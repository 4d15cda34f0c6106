"""pgas.ml.model_selection: scikit-learn's splitters, cross-validation and hyper-parameter
searches for pgas estimators on darrays whose rows are spread over the ranks.

- Splitters (``KFold``, ``StratifiedKFold``, ``ShuffleSplit``, ``StratifiedShuffleSplit``):
  ``split(X, y)`` yields NumPy index arrays, the same on every rank and the same as
  scikit-learn's for the same ``random_state`` (the draws are NumPy's ``RandomState``, as
  scikit-learn's; ``random_state=None`` draws one seed on rank 0 and broadcasts it so that the
  ranks agree). The index math is cheap and replicated; the stratified splitters need each
  sample's class, which they get as int32 codes (one gather of 4 bytes per sample, the size of
  the index arrays they yield) -- the rows of X and y are never gathered.
- ``train_test_split`` and every cross-validation fold move the selected rows of a darray
  with one redistribution (the fancy-indexing exchange, ``take_along``: each rank fetches the
  rows it will hold from their owners) onto block rows over the array's ranks; NumPy inputs
  (the same on every rank) are indexed locally.
- ``cross_validate`` / ``cross_val_score``, ``GridSearchCV`` / ``RandomizedSearchCV``: the
  folds are moved once each and every candidate is fitted on them (fold outer, candidates
  inner: one fold's copy alive at a time). ``n_jobs > 1`` (searches and cross_validate) splits
  the ranks into ``min(n_jobs, P)`` groups (``MPI_Comm_split``), moves each fold to every
  group (one redistribution per group and fold) and lets each group fit its share of the
  candidates on its own sub-communicator side by side; the scores are then shared by one
  allgather. Scores and times (the maximum over the ranks) are the same on every rank.
- Scoring: ``None`` (the estimator's ``score``), a callable ``scorer(estimator, X, y)``, or
  the names of the metrics pgas.ml.metrics has: ``'accuracy'``, ``'r2'``,
  ``'neg_mean_squared_error'``, ``'neg_root_mean_squared_error'``,
  ``'neg_mean_absolute_error'``, ``'adjusted_rand_score'``; a list/tuple/dict for several.

Every function and method is *collective* over the arrays' communicator unless its docstring
says *local*.
"""
from __future__ import annotations

import itertools
import numbers
import time
import warnings
import zlib
from collections.abc import Mapping, Sequence
from math import ceil, floor
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

import numpy as np

from .. import _context
from ..darray import _empty, darray
from .base import BaseEstimator, check_is_fitted
from .decomposition import _is_int

__all__ = ["KFold", "StratifiedKFold", "ShuffleSplit", "StratifiedShuffleSplit",
           "train_test_split", "check_cv", "ParameterGrid", "ParameterSampler",
           "cross_validate", "cross_val_score", "GridSearchCV", "RandomizedSearchCV",
           "get_scorer", "FitFailedWarning"]


class FitFailedWarning(RuntimeWarning):
    """A fit failed and its score was replaced by ``error_score`` (scikit-learn's warning)."""


# ---- communicators, random states, rows -----------------------------------------------------
def _comm(*arrays: Any) -> Any:
    for a in arrays:
        if isinstance(a, darray):
            return _context.comm_of(a._impl.context)
    return _context.default_comm()


def _check_random_state(random_state: Any, comm: Any) -> np.random.RandomState:
    """scikit-learn's check_random_state, made to agree across ranks: None becomes a seed drawn
    on rank 0 and broadcast; a RandomState must be in the same state on every rank."""
    if random_state is None:
        seed = int(np.random.SeedSequence().generate_state(1)[0]) if comm.Get_rank() == 0 \
            else None
        return np.random.RandomState(comm.bcast(seed, root=0))
    if _is_int(random_state):
        return np.random.RandomState(int(random_state))
    if isinstance(random_state, np.random.RandomState):
        state = random_state.get_state()
        mine = (int(state[2]), zlib.crc32(state[1].tobytes()))
        if any(s != mine for s in comm.allgather(mine)):
            raise ValueError("random_state: the RandomState differs across ranks (SPEC §3: "
                             "collective arguments must agree)")
        return random_state
    raise ValueError(f"{random_state!r} cannot be used to seed a numpy.random.RandomState "
                     "instance")


def _num_samples(X: Any) -> int:
    if isinstance(X, darray):
        return int(X.shape[0])
    if hasattr(X, "shape") and len(X.shape):
        return int(X.shape[0])
    if hasattr(X, "__len__"):
        return len(X)
    raise TypeError(f"Expected sequence or array-like, got {type(X)}")


def _take_rows(A: Any, idx: np.ndarray, comm: Any = None) -> Any:
    """A[idx] along the first axis: for a darray one redistribution onto block rows over its
    ranks (or, with ``comm``, over that sub-communicator's ranks: see _rehome); NumPy/lists
    are indexed locally. None stays None."""
    if A is None:
        return None
    idx = np.asarray(idx, dtype=np.int64)
    if isinstance(A, darray):
        from .._numpy_api.selection import take_along
        from ..maps import dmap

        procs = list(A.map.procs)
        return take_along(A, idx, 0, dmap([len(procs)] + [1] * (A.ndim - 1), procs=procs))
    if isinstance(A, np.ndarray) or hasattr(A, "shape"):
        return np.asarray(A)[idx]
    return [A[i] for i in idx]


def _classes(y: Any) -> np.ndarray:
    """The sorted distinct labels of y, on every rank (a darray's: one allgather of each
    rank's distinct values)."""
    if isinstance(y, darray):
        from .. import _core

        yd = y if y.dtype in (np.float64, np.float32, np.int64, np.int32) else y.astype(np.float64)
        return np.asarray(_core.ml.unique_values(yd._impl))
    return np.unique(np.asarray(y))


def _class_codes(y: Any, comm: Any) -> Tuple[np.ndarray, np.ndarray]:
    """(classes, int32 code of every sample) on every rank. A darray y is coded where it lies
    and only the codes are gathered."""
    if isinstance(y, darray):
        if y.ndim != 1:
            raise ValueError("Supported target types are: ('binary', 'multiclass'). Got "
                             "'multilabel-indicator' instead.")
        yd = y if y.dtype in (np.float64, np.float32, np.int64, np.int32) else y.astype(np.float64)
        classes = _classes(yd)
        codes = _empty(y.shape, y.map, np.int32, y._impl.context)
        codes.local[...] = np.searchsorted(classes, yd.local)
        from ..functions import agg_all

        return classes, np.asarray(agg_all(codes), dtype=np.int32)
    arr = np.asarray(y)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr.ravel()
    if arr.ndim != 1:
        raise ValueError("Supported target types are: ('binary', 'multiclass'). Got "
                         "'multilabel-indicator' instead.")
    classes, codes = np.unique(arr, return_inverse=True)
    return classes, codes.astype(np.int32)


def _target_type(classes: np.ndarray) -> str:
    if classes.dtype.kind == "f" and np.any(classes != np.round(classes)):
        return "continuous"
    return "binary" if classes.size <= 2 else "multiclass"


# ---- splitters ------------------------------------------------------------------------------
class _Splitter:
    """What the splitters share: scikit-learn's repr (every parameter, sorted by name)."""

    _params: Tuple[str, ...] = ()

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={getattr(self, k)!r}" for k in sorted(self._params))
        return f"{type(self).__name__}({args})"


class _BaseKFold(_Splitter):
    _params = ("n_splits", "shuffle", "random_state")

    def __init__(self, n_splits: int, *, shuffle: bool, random_state: Any) -> None:
        if not _is_int(n_splits):
            raise ValueError(f"The number of folds must be of Integral type. {n_splits} of type "
                             f"{type(n_splits)} was passed.")
        n_splits = int(n_splits)
        if n_splits <= 1:
            raise ValueError("k-fold cross-validation requires at least one train/test split by "
                             f"setting n_splits=2 or more, got n_splits={n_splits}.")
        if not isinstance(shuffle, (bool, np.bool_)):
            raise TypeError(f"shuffle must be True or False; got {shuffle}")
        if not shuffle and random_state is not None:
            raise ValueError("Setting a random_state has no effect since shuffle is False. You "
                             "should leave random_state to its default (None), or set "
                             "shuffle=True.")
        self.n_splits = n_splits
        self.shuffle = shuffle
        self.random_state = random_state

    def get_n_splits(self, X: Any = None, y: Any = None, groups: Any = None) -> int:
        """The number of folds. Local."""
        return self.n_splits

    def _test_folds(self, n: int, y: Any, comm: Any) -> np.ndarray:
        raise NotImplementedError

    def split(self, X: Any, y: Any = None,
              groups: Any = None) -> Iterator[Tuple[np.ndarray, np.ndarray]]:
        """(train, test) index arrays (sorted int64 NumPy, the same on every rank) per fold.
        Collective (the shuffle seed for random_state=None; the class codes)."""
        n = _num_samples(X)
        if self.n_splits > n:
            raise ValueError(f"Cannot have number of splits n_splits={self.n_splits} greater "
                             f"than the number of samples: n_samples={n}.")
        folds = self._test_folds(n, y, _comm(X, y))
        indices = np.arange(n)
        for k in range(self.n_splits):
            mask = folds == k
            yield indices[~mask], indices[mask]


class KFold(_BaseKFold):
    """scikit-learn's KFold: consecutive folds (the first n % n_splits one sample larger) of
    the indices, shuffled first with ``shuffle``."""

    def __init__(self, n_splits: int = 5, *, shuffle: bool = False,
                 random_state: Any = None) -> None:
        super().__init__(n_splits, shuffle=shuffle, random_state=random_state)

    def _test_folds(self, n: int, y: Any, comm: Any) -> np.ndarray:
        order = np.arange(n)
        if self.shuffle:
            _check_random_state(self.random_state, comm).shuffle(order)
        sizes = np.full(self.n_splits, n // self.n_splits, dtype=np.int64)
        sizes[:n % self.n_splits] += 1
        folds = np.empty(n, dtype=np.int64)
        folds[order] = np.repeat(np.arange(self.n_splits), sizes)
        return folds


class StratifiedKFold(_BaseKFold):
    """scikit-learn's StratifiedKFold: each class's samples dealt to the folds in blocks (the
    counts by a round robin over the sorted classes, classes numbered by first appearance),
    each class's block order shuffled with ``shuffle``."""

    def __init__(self, n_splits: int = 5, *, shuffle: bool = False,
                 random_state: Any = None) -> None:
        super().__init__(n_splits, shuffle=shuffle, random_state=random_state)

    def _test_folds(self, n: int, y: Any, comm: Any) -> np.ndarray:
        if y is None:
            raise ValueError("The 'y' parameter should not be None.")
        if _num_samples(y) != n:
            raise ValueError("Found input variables with inconsistent numbers of samples: "
                             f"[{n}, {_num_samples(y)}]")
        rng = _check_random_state(self.random_state, comm) if self.shuffle else None
        classes, codes = _class_codes(y, comm)
        kind = _target_type(classes)
        if kind not in ("binary", "multiclass"):
            raise ValueError("Supported target types are: ('binary', 'multiclass'). Got "
                             f"{kind!r} instead.")
        # Classes renumbered by first appearance, as scikit-learn's.
        _, first = np.unique(codes, return_index=True)
        _, by_appearance = np.unique(first, return_inverse=True)
        encoded = by_appearance[codes]
        n_classes = first.size
        counts = np.bincount(encoded, minlength=n_classes)
        if np.all(self.n_splits > counts):
            raise ValueError(f"n_splits={self.n_splits} cannot be greater than the number of "
                             "members in each class.")
        if self.n_splits > counts.min():
            warnings.warn(f"The least populated class in y has only {counts.min()} members, "
                          f"which is less than n_splits={self.n_splits}.", UserWarning,
                          stacklevel=3)
        ordered = np.repeat(np.arange(n_classes), counts)
        allocation = np.asarray([np.bincount(ordered[i::self.n_splits], minlength=n_classes)
                                 for i in range(self.n_splits)])
        folds = np.empty(n, dtype=np.int64)
        for k in range(n_classes):
            mine = np.repeat(np.arange(self.n_splits), allocation[:, k])
            if rng is not None:
                rng.shuffle(mine)
            folds[encoded == k] = mine
        return folds


def _validate_shuffle_split(n: int, test_size: Any, train_size: Any,
                            default_test_size: Optional[float]) -> Tuple[int, int]:
    """(n_train, n_test) by scikit-learn's rules and messages. Local."""
    if test_size is None and train_size is None:
        test_size = default_test_size
    test_kind = np.asarray(test_size).dtype.kind
    train_kind = np.asarray(train_size).dtype.kind
    if (test_kind == "i" and (test_size >= n or test_size <= 0)) or \
            (test_kind == "f" and (test_size <= 0 or test_size >= 1)):
        raise ValueError(f"test_size={test_size} should be either positive and smaller than the "
                         f"number of samples {n} or a float in the (0, 1) range")
    if (train_kind == "i" and (train_size >= n or train_size <= 0)) or \
            (train_kind == "f" and (train_size <= 0 or train_size >= 1)):
        raise ValueError(f"train_size={train_size} should be either positive and smaller than "
                         f"the number of samples {n} or a float in the (0, 1) range")
    if train_size is not None and train_kind not in ("i", "f"):
        raise ValueError(f"Invalid value for train_size: {train_size}")
    if test_size is not None and test_kind not in ("i", "f"):
        raise ValueError(f"Invalid value for test_size: {test_size}")
    if train_kind == "f" and test_kind == "f" and train_size + test_size > 1:
        raise ValueError(f"The sum of test_size and train_size = {train_size + test_size}, "
                         "should be in the (0, 1) range. Reduce test_size and/or train_size.")
    n_test = n_train = 0.0
    if test_kind == "f":
        n_test = ceil(test_size * n)
    elif test_kind == "i":
        n_test = float(test_size)
    if train_kind == "f":
        n_train = floor(train_size * n)
    elif train_kind == "i":
        n_train = float(train_size)
    if train_size is None:
        n_train = n - n_test
    elif test_size is None:
        n_test = n - n_train
    if n_train + n_test > n:
        raise ValueError(f"The sum of train_size and test_size = {int(n_train + n_test)}, "
                         f"should be smaller than the number of samples {n}. Reduce test_size "
                         "and/or train_size.")
    n_train, n_test = int(n_train), int(n_test)
    if n_train == 0:
        raise ValueError(f"With n_samples={n}, test_size={test_size} and train_size="
                         f"{train_size}, the resulting train set will be empty. Adjust any of "
                         "the aforementioned parameters.")
    return n_train, n_test


class ShuffleSplit(_Splitter):
    """scikit-learn's ShuffleSplit: per split one permutation of the indices, its first
    n_test entries the test set and the next n_train the training set (not sorted)."""

    _params = ("n_splits", "test_size", "train_size", "random_state")
    _default_test_size = 0.1

    def __init__(self, n_splits: int = 10, *, test_size: Any = None, train_size: Any = None,
                 random_state: Any = None) -> None:
        self.n_splits = n_splits
        self.test_size = test_size
        self.train_size = train_size
        self.random_state = random_state

    def get_n_splits(self, X: Any = None, y: Any = None, groups: Any = None) -> int:
        """The number of splits. Local."""
        return self.n_splits

    def split(self, X: Any, y: Any = None,
              groups: Any = None) -> Iterator[Tuple[np.ndarray, np.ndarray]]:
        """(train, test) index arrays per split, the same on every rank. Collective."""
        n = _num_samples(X)
        n_train, n_test = _validate_shuffle_split(n, self.test_size, self.train_size,
                                                  self._default_test_size)
        rng = _check_random_state(self.random_state, _comm(X, y))
        for _ in range(self.n_splits):
            perm = rng.permutation(n)
            yield perm[n_test:n_test + n_train], perm[:n_test]


def _approximate_mode(class_counts: np.ndarray, n_draws: int,
                      rng: np.random.RandomState) -> np.ndarray:
    """scikit-learn's _approximate_mode: floor of the proportional share, the remainder
    handed out by decreasing fractional part, ties broken by the rng. Local."""
    continuous = class_counts / class_counts.sum() * n_draws
    floored = np.floor(continuous)
    need = int(n_draws - floored.sum())
    if need > 0:
        remainder = continuous - floored
        for value in np.sort(np.unique(remainder))[::-1]:
            (inds,) = np.where(remainder == value)
            add = min(len(inds), need)
            inds = rng.choice(inds, size=add, replace=False)
            floored[inds] += 1
            need -= add
            if need == 0:
                break
    return floored.astype(int)


class StratifiedShuffleSplit(ShuffleSplit):
    """scikit-learn's StratifiedShuffleSplit: per split, each class's share of the training
    and test sets by _approximate_mode, drawn by a permutation of the class's samples."""

    def __init__(self, n_splits: int = 10, *, test_size: Any = None, train_size: Any = None,
                 random_state: Any = None) -> None:
        super().__init__(n_splits, test_size=test_size, train_size=train_size,
                         random_state=random_state)

    def split(self, X: Any, y: Any = None,
              groups: Any = None) -> Iterator[Tuple[np.ndarray, np.ndarray]]:
        """(train, test) index arrays per split, the same on every rank. Collective."""
        if y is None:
            raise ValueError("The 'y' parameter should not be None.")
        n = _num_samples(X)
        if _num_samples(y) != n:
            raise ValueError("Found input variables with inconsistent numbers of samples: "
                             f"[{n}, {_num_samples(y)}]")
        n_train, n_test = _validate_shuffle_split(n, self.test_size, self.train_size,
                                                  self._default_test_size)
        comm = _comm(X, y)
        classes, codes = _class_codes(y, comm)
        counts = np.bincount(codes, minlength=classes.size)
        if counts.min() < 2:
            raise ValueError("The least populated classes in y have only 1 member, which is too "
                             "few. The minimum number of groups for any class cannot be less "
                             f"than 2. Classes with too few members are: "
                             f"{classes[counts < 2].tolist()}")
        if n_train < classes.size:
            raise ValueError(f"The train_size = {n_train} should be greater or equal to the "
                             f"number of classes = {classes.size}")
        if n_test < classes.size:
            raise ValueError(f"The test_size = {n_test} should be greater or equal to the "
                             f"number of classes = {classes.size}")
        per_class = np.split(np.argsort(codes, kind="stable"), np.cumsum(counts)[:-1])
        rng = _check_random_state(self.random_state, comm)
        for _ in range(self.n_splits):
            n_i = _approximate_mode(counts, n_train, rng)
            t_i = _approximate_mode(counts - n_i, n_test, rng)
            train: List[int] = []
            test: List[int] = []
            for i in range(classes.size):
                members = per_class[i].take(rng.permutation(counts[i]), mode="clip")
                train.extend(members[:n_i[i]])
                test.extend(members[n_i[i]:n_i[i] + t_i[i]])
            yield rng.permutation(train), rng.permutation(test)


def train_test_split(*arrays: Any, test_size: Any = None, train_size: Any = None,
                     random_state: Any = None, shuffle: bool = True,
                     stratify: Any = None) -> List[Any]:
    """scikit-learn's train_test_split: [a_train, a_test for each array], the same split as
    scikit-learn's for the same arguments. darrays' rows move by one redistribution each
    (onto block rows over their ranks); NumPy arrays are indexed locally. Collective."""
    if not arrays:
        raise ValueError("At least one array required as input")
    lengths = [_num_samples(a) for a in arrays if a is not None]
    if len(set(lengths)) > 1:
        raise ValueError("Found input variables with inconsistent numbers of samples: "
                         f"{lengths}")
    n = lengths[0]
    n_train, n_test = _validate_shuffle_split(n, test_size, train_size, 0.25)
    if shuffle is False:
        if stratify is not None:
            raise ValueError("Stratified train/test split is not implemented for shuffle=False")
        train, test = np.arange(n_train), np.arange(n_train, n_train + n_test)
    else:
        cls = StratifiedShuffleSplit if stratify is not None else ShuffleSplit
        cv = cls(test_size=n_test, train_size=n_train, random_state=random_state)
        train, test = next(cv.split(X=arrays[0], y=stratify))
    out: List[Any] = []
    for a in arrays:
        out += [_take_rows(a, train), _take_rows(a, test)]
    return out


def check_cv(cv: Any = 5, y: Any = None, *, classifier: bool = False) -> Any:
    """scikit-learn's check_cv: None means 5; an int means StratifiedKFold for a classifier
    with a binary or multiclass y, else KFold; a splitter or an iterable of (train, test) is
    used as given. Collective when it looks at y (its classes)."""
    cv = 5 if cv is None else cv
    if _is_int(cv):
        if classifier and y is not None and len(np.shape(y)) == 1 and \
                _target_type(_classes(y)) in ("binary", "multiclass"):
            return StratifiedKFold(cv)
        return KFold(cv)
    if not hasattr(cv, "split") or isinstance(cv, str):
        if not isinstance(cv, Sequence) and not hasattr(cv, "__iter__") or isinstance(cv, str):
            raise ValueError("Expected cv as an integer, cross-validation object (from "
                             "sklearn.model_selection) or an iterable. Got %s." % cv)
        return _FixedSplits(list(cv))
    return cv


class _FixedSplits(_Splitter):
    """An iterable of (train, test) given by the caller, as scikit-learn's _CVIterableWrapper."""

    def __init__(self, splits: List[Any]) -> None:
        self.splits = [(np.asarray(a), np.asarray(b)) for a, b in splits]

    def get_n_splits(self, X: Any = None, y: Any = None, groups: Any = None) -> int:
        return len(self.splits)

    def split(self, X: Any = None, y: Any = None,
              groups: Any = None) -> Iterator[Tuple[np.ndarray, np.ndarray]]:
        yield from self.splits


# ---- scoring --------------------------------------------------------------------------------
def _metric_scorer(metric: str, sign: float, call: str = "predict") -> Callable[..., float]:
    def score(estimator: Any, X: Any, y: Any) -> float:
        from . import metrics

        value = getattr(metrics, metric)(y, getattr(estimator, call)(X))
        return float(sign * value)

    score.__name__ = f"{'neg_' if sign < 0 else ''}{metric}"
    return score


def _rmse(y: Any, pred: Any) -> float:
    from .metrics import mean_squared_error

    return float(np.sqrt(mean_squared_error(y, pred)))


_SCORERS: Dict[str, Callable[..., float]] = {
    "accuracy": _metric_scorer("accuracy_score", 1.0),
    "r2": _metric_scorer("r2_score", 1.0),
    "neg_mean_squared_error": _metric_scorer("mean_squared_error", -1.0),
    "neg_mean_absolute_error": _metric_scorer("mean_absolute_error", -1.0),
    "adjusted_rand_score": _metric_scorer("adjusted_rand_score", 1.0),
}


def _neg_rmse(estimator: Any, X: Any, y: Any) -> float:
    return -_rmse(y, estimator.predict(X))


_SCORERS["neg_root_mean_squared_error"] = _neg_rmse


def get_scorer(scoring: Any) -> Callable[..., float]:
    """The scorer ``scoring(estimator, X, y) -> float`` for a name (ValueError listing the
    names pgas has otherwise) or a callable (returned as is). Local."""
    if callable(scoring):
        return scoring
    if isinstance(scoring, str) and scoring in _SCORERS:
        return _SCORERS[scoring]
    raise ValueError(f"{scoring!r} is not a valid scoring value. Use "
                     "sklearn.metrics.get_scorer_names() to get valid options." +
                     f" pgas.ml supports: {sorted(_SCORERS)}")


def _passthrough_score(estimator: Any, X: Any, y: Any) -> float:
    return float(estimator.score(X) if y is None else estimator.score(X, y))


def _scorers(scoring: Any) -> Tuple[Dict[str, Callable[..., float]], bool]:
    """({name: scorer}, multimetric). A single scorer is named 'score'."""
    if scoring is None:
        return {"score": _passthrough_score}, False
    if isinstance(scoring, str) or callable(scoring):
        return {"score": get_scorer(scoring)}, False
    if isinstance(scoring, (list, tuple, set)):
        names = list(scoring)
        if not names or len(set(names)) != len(names) or \
                not all(isinstance(s, str) for s in names):
            raise ValueError("The list/tuple elements must be unique strings of predefined "
                             f"scorers. Got {scoring!r}")
        return {s: get_scorer(s) for s in names}, True
    if isinstance(scoring, Mapping):
        if not scoring:
            raise ValueError(f"An empty dict was passed. {scoring!r}")
        return {k: get_scorer(v) for k, v in scoring.items()}, True
    raise ValueError(f"scoring value should either be a callable, string or None. {scoring!r} "
                     "was passed")


# ---- fitting candidates on folds ------------------------------------------------------------
def _clone(estimator: Any, params: Optional[Dict[str, Any]] = None) -> Any:
    """scikit-learn's clone for pgas estimators (a new object of the same class with deep
    copies of the non-estimator parameters), then set_params(**params). Local."""
    import copy

    if hasattr(estimator, "_clone_unfitted"):
        out = estimator._clone_unfitted()
    else:
        raw = estimator.get_params(deep=False)
        out = type(estimator)(**{k: _clone(v) if hasattr(v, "get_params") and
                                 not isinstance(v, type) else copy.deepcopy(v)
                                 for k, v in raw.items()})
    return out.set_params(**params) if params else out


def _is_classifier(estimator: Any) -> bool:
    return getattr(estimator, "_estimator_type", None) == "classifier"


def _ranks_split(comm: Any, n_jobs: Any, n_tasks: int) -> Tuple[int, int]:
    """(groups, this rank's group): min(n_jobs, P, tasks) groups of contiguous ranks."""
    jobs = 1 if n_jobs is None else int(n_jobs)
    if jobs < 0:
        jobs = comm.Get_size()
    groups = max(1, min(jobs, comm.Get_size(), n_tasks))
    rank, size = comm.Get_rank(), comm.Get_size()
    return groups, rank * groups // size


class _Group:
    """The ranks of one group as a pgas context (an mpi4py sub-communicator), and the world
    ranks of every group."""

    _splits: Dict[Tuple[int, int], Any] = {}  # (communicator handle, groups) -> its Split

    def __init__(self, comm: Any, groups: int, mine: int) -> None:
        self.world = comm
        self.groups, self.mine = groups, mine
        # One Split per communicator and group count, kept: pgas caches a context per
        # communicator handle (see tests/python/ml_testing.py), so they are never freed.
        key = (comm.py2f(), groups)
        if groups > 1 and key not in self._splits:
            self._splits[key] = comm.Split(mine, comm.Get_rank())
        self.sub = comm if groups == 1 else self._splits[key]
        size = comm.Get_size()
        self.members = [[r for r in range(size) if r * groups // size == g]
                        for g in range(groups)]

    def move(self, A: Any, idx: np.ndarray, only: Optional[int] = None) -> Any:
        """A[idx] on this group's ranks: one redistribution per group onto block rows of the
        group's world ranks, then the local rows re-wrapped as a darray on the group's
        communicator (the same block distribution, so no data moves). ``only``: to that
        group alone (None elsewhere). Collective over the world."""
        if self.groups == 1:
            return _take_rows(A, idx)
        if not isinstance(A, darray):
            if A is None or (only is not None and only != self.mine):
                return None
            # NumPy given on every rank: this group's rows as a darray on its communicator, so
            # that the group's fits never fall back on the world communicator.
            from ..construct import from_numpy
            from ..maps import dmap

            part = np.ascontiguousarray(np.asarray(A)[np.asarray(idx, dtype=np.int64)])
            return from_numpy(part, dmap([self.sub.Get_size()] + [1] * (part.ndim - 1)),
                              comm=self.sub)
        from .._numpy_api.selection import take_along
        from ..construct import empty
        from ..maps import dmap

        idx = np.asarray(idx, dtype=np.int64)
        mine = None
        for g, ranks in enumerate(self.members):
            if only is not None and g != only:
                continue
            m = dmap([len(ranks)] + [1] * (A.ndim - 1), procs=ranks)
            part = take_along(A, idx, 0, m)
            if g == self.mine:
                mine = part
        if mine is None:
            return None
        ndim = A.ndim
        out = empty((len(idx),) + tuple(A.shape[1:]), dtype=A.dtype,
                    map=dmap([self.sub.Get_size()] + [1] * (ndim - 1)), comm=self.sub)
        out.local[...] = mine.local
        return out


def _fit_and_score(estimator: Any, X_train: Any, y_train: Any, X_test: Any, y_test: Any,
                   scorers: Dict[str, Callable[..., float]], return_train_score: bool,
                   error_score: Any, comm: Any) -> Dict[str, Any]:
    """Fits one estimator and scores it; the times are the slowest rank's. On failure the
    scores are error_score (with scikit-learn's warning) unless error_score='raise'."""
    start = time.perf_counter()
    out: Dict[str, Any] = {"estimator": estimator}
    try:
        if y_train is None:
            estimator.fit(X_train)
        else:
            estimator.fit(X_train, y_train)
    except Exception as e:
        if isinstance(error_score, str) and error_score == "raise":
            raise
        if not isinstance(error_score, numbers.Number):
            raise ValueError("error_score must be the string 'raise' or a numeric value. (Hint: "
                             "if using 'raise', please make sure that it has been spelled "
                             "correctly.)") from None
        warnings.warn(f"Estimator fit failed. The score on this train-test partition for these "
                      f"parameters will be set to {error_score}. Details: \n{e!r}",
                      FitFailedWarning, stacklevel=2)
        fit_time = comm.allreduce(time.perf_counter() - start, op=_max_op())
        out.update(fit_time=fit_time, score_time=0.0, failed=True,
                   test={k: float(error_score) for k in scorers},
                   train={k: float(error_score) for k in scorers})
        return out
    fit_time = time.perf_counter() - start
    start = time.perf_counter()
    test = {k: s(estimator, X_test, y_test) for k, s in scorers.items()}
    train = {k: s(estimator, X_train, y_train) for k, s in scorers.items()} \
        if return_train_score else {}
    score_time = time.perf_counter() - start
    times = comm.allgather((fit_time, score_time))
    fit_time, score_time = max(t[0] for t in times), max(t[1] for t in times)
    out.update(fit_time=float(fit_time), score_time=float(score_time), failed=False,
               test=test, train=train)
    return out


def _max_op() -> Any:
    from mpi4py import MPI

    return MPI.MAX


def _evaluate(estimator: Any, candidates: List[Dict[str, Any]], X: Any, y: Any,
              splits: List[Tuple[np.ndarray, np.ndarray]], scorers: Dict[str, Callable[..., float]],
              return_train_score: bool, error_score: Any, n_jobs: Any,
              keep_estimators: bool = False) -> List[List[Dict[str, Any]]]:
    """results[candidate][split]: each fold moved once (per group), every candidate fitted on
    it; with n_jobs > 1 the groups of ranks take the candidates round robin and share their
    results by one allgather per fold. The same results on every rank."""
    comm = _comm(X, y)
    tasks = len(candidates)
    groups, mine = _ranks_split(comm, n_jobs, tasks)
    group = _Group(comm, groups, mine)
    results: List[List[Dict[str, Any]]] = [[{} for _ in splits] for _ in candidates]
    for s, (train, test) in enumerate(splits):
        X_train, y_train = group.move(X, train), group.move(y, train)
        X_test, y_test = group.move(X, test), group.move(y, test)
        local = {}
        for c in range(mine, tasks, groups):
            est = _clone(estimator, candidates[c])
            r = _fit_and_score(est, X_train, y_train, X_test, y_test, scorers,
                               return_train_score, error_score, group.sub)
            if not keep_estimators:
                r.pop("estimator")
            local[c] = r
        if groups == 1:
            shared = [local]
        else:
            # Group leaders publish their candidates' (picklable) results to every rank.
            lead = {c: {k: v for k, v in r.items() if k != "estimator"} for c, r in local.items()}
            shared = comm.allgather(lead if group.sub.Get_rank() == 0 else {})
            for part in shared:
                for c, r in part.items():
                    if c in local and keep_estimators:
                        r = dict(r, estimator=local[c]["estimator"])
                    local.setdefault(c, r)
            shared = [local] + shared
        for part in shared:
            for c, r in part.items():
                results[c][s] = r
    return results


def _warn_failures(results: List[List[Dict[str, Any]]]) -> None:
    total = sum(len(r) for r in results)
    failed = sum(1 for r in results for f in r if f.get("failed"))
    if failed == total and total:
        raise ValueError(f"All the {total} fits failed. It is very likely that your model is "
                         "misconfigured. You can try to debug the error by setting "
                         "error_score='raise'.")


def cross_validate(estimator: Any, X: Any, y: Any = None, *, groups: Any = None,
                   scoring: Any = None, cv: Any = None, n_jobs: Any = None, verbose: int = 0,
                   params: Any = None, pre_dispatch: Any = "2*n_jobs",
                   return_train_score: bool = False, return_estimator: bool = False,
                   return_indices: bool = False, error_score: Any = np.nan) -> Dict[str, Any]:
    """scikit-learn's cross_validate: per split fit a clone on the training rows, score it on
    the test rows (and training rows with return_train_score): a dict of NumPy arrays
    ``fit_time, score_time, test_score`` (``test_<name>`` for several scorers), with
    ``estimator`` and ``indices`` on request. Fold rows move by one redistribution each;
    ``n_jobs > 1`` fits the folds side by side on groups of ranks (groups of one split's
    size: the folds are the tasks). ``params`` (fit parameters) is not supported."""
    if params:
        raise NotImplementedError("cross_validate: fit params are not supported by pgas.ml yet")
    cv = check_cv(cv, y, classifier=_is_classifier(estimator))
    scorers, multi = _scorers(scoring)
    splits = list(cv.split(X, y, groups))
    if n_jobs not in (None, 1) and len(splits) > 1:
        results = _evaluate_splits_parallel(estimator, X, y, splits, scorers,
                                            return_train_score, error_score, n_jobs,
                                            return_estimator)
    else:
        results = _evaluate(estimator, [{}], X, y, splits, scorers, return_train_score,
                            error_score, 1, return_estimator)[0]
    _warn_failures([results])
    out: Dict[str, Any] = {"fit_time": np.array([r["fit_time"] for r in results]),
                           "score_time": np.array([r["score_time"] for r in results])}
    if return_estimator:
        out["estimator"] = [r.get("estimator") for r in results]
    if return_indices:
        out["indices"] = {"train": [tr for tr, _ in splits], "test": [te for _, te in splits]}
    for name in scorers:
        key = name if multi else "score"
        out[f"test_{key}"] = np.array([r["test"][name] for r in results])
        if return_train_score:
            out[f"train_{key}"] = np.array([r["train"][name] for r in results])
    return out


def _evaluate_splits_parallel(estimator: Any, X: Any, y: Any,
                              splits: List[Tuple[np.ndarray, np.ndarray]],
                              scorers: Dict[str, Callable[..., float]], return_train_score: bool,
                              error_score: Any, n_jobs: Any,
                              keep_estimators: bool) -> List[Dict[str, Any]]:
    """cross_validate with n_jobs > 1: the groups of ranks take the splits round robin (each
    split's rows moved to its group only). Estimators fitted on a sub-communicator stay on
    it, so return_estimator keeps only this rank's group's (others are None)."""
    comm = _comm(X, y)
    groups, mine = _ranks_split(comm, n_jobs, len(splits))
    group = _Group(comm, groups, mine)
    local: Dict[int, Dict[str, Any]] = {}
    for s, (train, test) in enumerate(splits):
        owner = s % groups
        parts = [group.move(A, idx, only=owner) for A, idx in
                 ((X, train), (y, train), (X, test), (y, test))]
        if owner == mine:
            local[s] = _fit_and_score(_clone(estimator), *parts, scorers, return_train_score,
                                      error_score, group.sub)
    lead = {s: {k: v for k, v in r.items() if k != "estimator"} for s, r in local.items()}
    shared = comm.allgather(lead if group.sub.Get_rank() == 0 else {})
    results: List[Dict[str, Any]] = [{} for _ in splits]
    for part in shared:
        for s, r in part.items():
            results[s] = dict(r, estimator=local[s]["estimator"]
                              if keep_estimators and s in local else None)
    return results


def cross_val_score(estimator: Any, X: Any, y: Any = None, *, groups: Any = None,
                    scoring: Any = None, cv: Any = None, n_jobs: Any = None, verbose: int = 0,
                    params: Any = None, pre_dispatch: Any = "2*n_jobs",
                    error_score: Any = np.nan) -> np.ndarray:
    """The test scores of cross_validate (one scorer) as a NumPy array. Collective."""
    if scoring is not None and not (isinstance(scoring, str) or callable(scoring)):
        raise ValueError("cross_val_score takes one scorer (a string or a callable); use "
                         "cross_validate for several")
    return cross_validate(estimator, X, y, groups=groups, scoring=scoring, cv=cv,
                          n_jobs=n_jobs, verbose=verbose, params=params,
                          pre_dispatch=pre_dispatch, error_score=error_score)["test_score"]


# ---- parameter grids ------------------------------------------------------------------------
class ParameterGrid:
    """scikit-learn's ParameterGrid: the cross product of each dict's values (keys sorted),
    dict after dict; len and indexing too. Local."""

    def __init__(self, param_grid: Any) -> None:
        if not isinstance(param_grid, (Mapping, Sequence)):
            raise TypeError(f"Parameter grid should be a dict or a list, got: {param_grid!r} of "
                            f"type {type(param_grid).__name__}")
        if isinstance(param_grid, Mapping):
            param_grid = [param_grid]
        for grid in param_grid:
            if not isinstance(grid, dict):
                raise TypeError(f"Parameter grid is not a dict ({grid!r})")
            for key, value in grid.items():
                if isinstance(value, np.ndarray) and value.ndim > 1:
                    raise ValueError(f"Parameter array for {key!r} should be one-dimensional, "
                                     f"got: {value!r} with shape {value.shape}")
                if isinstance(value, str) or not isinstance(value, (np.ndarray, Sequence)):
                    raise TypeError(f"Parameter grid for parameter {key!r} needs to be a list "
                                    f"or a numpy array, but got {value!r} (of type "
                                    f"{type(value).__name__}) instead. Single values need to "
                                    "be wrapped in a list with one element.")
                if len(value) == 0:
                    raise ValueError(f"Parameter grid for parameter {key!r} need to be a "
                                     f"non-empty sequence, got: {value!r}")
        self.param_grid = param_grid

    def __iter__(self) -> Iterator[Dict[str, Any]]:
        for p in self.param_grid:
            items = sorted(p.items())
            if not items:
                yield {}
                continue
            keys, values = zip(*items)
            for v in itertools.product(*values):
                yield dict(zip(keys, v))

    def __len__(self) -> int:
        return sum(int(np.prod([len(v) for v in p.values()])) if p else 1
                   for p in self.param_grid)

    def __getitem__(self, ind: int) -> Dict[str, Any]:
        for sub in self.param_grid:
            if not sub:
                if ind == 0:
                    return {}
                ind -= 1
                continue
            keys, values = zip(*sorted(sub.items())[::-1])
            sizes = [len(v) for v in values]
            total = int(np.prod(sizes))
            if ind >= total:
                ind -= total
            else:
                out = {}
                for key, v, n in zip(keys, values, sizes):
                    ind, offset = divmod(ind, n)
                    out[key] = v[offset]
                return out
        raise IndexError("ParameterGrid index out of range")


def _sample_without_replacement(n_population: int, n_samples: int,
                                rng: np.random.RandomState) -> np.ndarray:
    """scikit-learn's sample_without_replacement(method='auto'): a permutation's head for
    0.01 < ratio < 0.99, else tracking selection (ratio < 0.2) or reservoir sampling. Local."""
    ratio = n_samples / n_population if n_population else 1.0
    if 0.01 < ratio < 0.99:
        return rng.permutation(n_population)[:n_samples]
    out = np.empty(n_samples, dtype=np.int64)
    if ratio < 0.2:
        selected: set = set()
        for i in range(n_samples):
            j = rng.randint(n_population)
            while j in selected:
                j = rng.randint(n_population)
            selected.add(j)
            out[i] = j
    else:
        out[:] = np.arange(n_samples)
        for i in range(n_samples, n_population):
            j = rng.randint(0, i + 1)
            if j < n_samples:
                out[j] = i
    return out


class ParameterSampler:
    """scikit-learn's ParameterSampler: n_iter settings; lists only: sampled without
    replacement from their ParameterGrid; otherwise each value drawn from its list
    (``rng.randint``) or distribution (``rvs(random_state=rng)``), keys sorted. The same
    draws as scikit-learn's for the same random_state. Local for an int or RandomState
    random_state (collective for None: a seed from rank 0)."""

    def __init__(self, param_distributions: Any, n_iter: int, *,
                 random_state: Any = None) -> None:
        if not isinstance(param_distributions, (Mapping, Sequence)):
            raise TypeError("Parameter distribution is not a dict or a list, got: "
                            f"{param_distributions!r} of type "
                            f"{type(param_distributions).__name__}")
        if isinstance(param_distributions, Mapping):
            param_distributions = [param_distributions]
        for dist in param_distributions:
            if not isinstance(dist, dict):
                raise TypeError(f"Parameter distribution is not a dict ({dist!r})")
            for key in dist:
                if not isinstance(dist[key], Sequence) and not hasattr(dist[key], "rvs"):
                    raise TypeError(f"Parameter grid for parameter {key!r} is not iterable or "
                                    f"a distribution (value={dist[key]})")
        self.n_iter = n_iter
        self.random_state = random_state
        self.param_distributions = param_distributions

    def _all_lists(self) -> bool:
        return all(all(not hasattr(v, "rvs") for v in d.values())
                   for d in self.param_distributions)

    def __iter__(self) -> Iterator[Dict[str, Any]]:
        comm = getattr(self, "_comm", None) or _context.default_comm()
        rng = _check_random_state(self.random_state, comm)
        if self._all_lists():
            grid = ParameterGrid(self.param_distributions)
            size, n_iter = len(grid), self.n_iter
            if size < n_iter:
                warnings.warn(f"The total space of parameters {size} is smaller than n_iter="
                              f"{n_iter}. Running {size} iterations. For exhaustive searches, "
                              "use GridSearchCV.", UserWarning, stacklevel=2)
                n_iter = size
            for i in _sample_without_replacement(size, n_iter, rng):
                yield grid[int(i)]
            return
        for _ in range(self.n_iter):
            dist = rng.choice(self.param_distributions)
            out = {}
            for key, value in sorted(dist.items()):
                out[key] = value.rvs(random_state=rng) if hasattr(value, "rvs") else \
                    value[rng.randint(len(value))]
            yield out

    def __len__(self) -> int:
        if self._all_lists():
            return min(self.n_iter, len(ParameterGrid(self.param_distributions)))
        return self.n_iter


# ---- searches -------------------------------------------------------------------------------
def _min_rank(means: np.ndarray) -> np.ndarray:
    """scipy's rankdata(-means, 'min') with NaN tied with the worst, as scikit-learn."""
    if np.isnan(means).all():
        return np.ones_like(means, dtype=np.int32)
    means = np.nan_to_num(means, nan=np.nanmin(means) - 1)
    return np.array([1 + int(np.sum(means > m)) for m in means], dtype=np.int32)


class _BaseSearchCV(BaseEstimator):
    """What GridSearchCV and RandomizedSearchCV share: the evaluation of the candidates, the
    cv_results_ table, the refit, and delegation to best_estimator_."""

    def _candidates(self, comm: Any) -> List[Dict[str, Any]]:
        raise NotImplementedError

    @property
    def _estimator_type(self) -> Any:  # type: ignore[override]
        return getattr(self.estimator, "_estimator_type", None)

    def fit(self, X: Any, y: Any = None, **params: Any) -> "_BaseSearchCV":
        """Evaluates every candidate on every split, then (refit) fits best_estimator_ on all
        of X. Collective."""
        if params:
            raise NotImplementedError(f"{type(self).__name__}: fit params are not supported by "
                                      "pgas.ml yet")
        scorers, multi = _scorers(self.scoring)
        refit = self.refit
        if multi and refit is not False and not callable(refit) and \
                (not isinstance(refit, str) or refit not in scorers):
            raise ValueError("For multi-metric scoring, the parameter refit must be set to a "
                             "scorer key or a callable to refit an estimator with the best "
                             "parameter setting on the whole data and make the best_* "
                             f"attributes available for that metric. If this is not needed, "
                             f"refit should be set to False explicitly. {refit!r} was passed.")
        cv = check_cv(self.cv, y, classifier=_is_classifier(self.estimator))
        splits = list(cv.split(X, y, None))
        candidates = self._candidates(_comm(X, y))
        results = _evaluate(self.estimator, candidates, X, y, splits, scorers,
                            self.return_train_score, self.error_score, self.n_jobs)
        _warn_failures(results)
        self.cv_results_ = self._results_table(candidates, results, scorers, multi)
        self.multimetric_ = multi
        self.n_splits_ = len(splits)
        self.scorer_ = scorers if multi else scorers["score"]
        key = refit if multi and isinstance(refit, str) else "score"
        if callable(refit):
            self.best_index_ = int(refit(self.cv_results_))
        elif refit is not False or not multi:
            self.best_index_ = int(self.cv_results_[f"rank_test_{key}"].argmin())
            self.best_score_ = float(self.cv_results_[f"mean_test_{key}"][self.best_index_])
        if hasattr(self, "best_index_"):
            self.best_params_ = self.cv_results_["params"][self.best_index_]
        if refit:
            start = time.perf_counter()
            self.best_estimator_ = _clone(self.estimator, self.best_params_)
            if y is None:
                self.best_estimator_.fit(X)
            else:
                self.best_estimator_.fit(X, y)
            self.refit_time_ = float(_comm(X, y).allreduce(time.perf_counter() - start,
                                                           op=_max_op()))
            if hasattr(self.best_estimator_, "n_features_in_"):
                self.n_features_in_ = self.best_estimator_.n_features_in_
        return self

    def _results_table(self, candidates: List[Dict[str, Any]],
                       results: List[List[Dict[str, Any]]],
                       scorers: Dict[str, Callable[..., float]], multi: bool) -> Dict[str, Any]:
        out: Dict[str, Any] = {}
        n_splits = len(results[0]) if results else 0

        def store(name: str, table: np.ndarray, rank: bool = False,
                  splits: bool = False) -> None:
            if splits:
                for s in range(n_splits):
                    out[f"split{s}_{name}"] = table[:, s]
            means = table.mean(axis=1)
            out[f"mean_{name}"] = means
            out[f"std_{name}"] = np.sqrt(((table - means[:, None]) ** 2).mean(axis=1))
            if rank:
                out[f"rank_{name}"] = _min_rank(means)

        fit = np.array([[r["fit_time"] for r in row] for row in results])
        score = np.array([[r["score_time"] for r in row] for row in results])
        store("fit_time", fit)
        store("score_time", score)
        names = sorted({k for c in candidates for k in c})
        for name in names:
            values = [c.get(name) for c in candidates]
            arr = np.ma.MaskedArray(np.empty(len(candidates), dtype=object),
                                    mask=[name not in c for c in candidates])
            for i, v in enumerate(values):
                if name in candidates[i]:
                    arr[i] = v
            try:
                typed = np.asarray([v for v in values if v is not None])
                if typed.ndim == 1 and typed.dtype.kind in "biuf" and arr.mask.sum() == 0:
                    arr = np.ma.MaskedArray(typed, mask=np.zeros(len(values), dtype=bool))
            except (ValueError, TypeError):
                pass
            out[f"param_{name}"] = arr
        out["params"] = list(candidates)
        for name in scorers:
            key = name if multi else "score"
            test = np.array([[r["test"][name] for r in row] for row in results])
            store(f"test_{key}", test, rank=True, splits=True)
            if self.return_train_score:
                train = np.array([[r["train"][name] for r in row] for row in results])
                store(f"train_{key}", train, splits=True)
        return out

    # ---- delegation ------------------------------------------------------------------------
    def _best(self, method: str) -> Any:
        check_is_fitted(self)
        if not self.refit:
            raise AttributeError(f"This {type(self).__name__} instance was initialized with "
                                 f"`refit=False`. {method} is available only after refitting "
                                 "on the best parameters. You can refit an estimator manually "
                                 "using the `best_params_` attribute")
        return getattr(self.best_estimator_, method)

    def predict(self, X: Any) -> Any:
        """best_estimator_.predict(X). Collective."""
        return self._best("predict")(X)

    def predict_proba(self, X: Any) -> Any:
        """best_estimator_.predict_proba(X). Collective."""
        return self._best("predict_proba")(X)

    def predict_log_proba(self, X: Any) -> Any:
        """best_estimator_.predict_log_proba(X). Collective."""
        return self._best("predict_log_proba")(X)

    def decision_function(self, X: Any) -> Any:
        """best_estimator_.decision_function(X). Collective."""
        return self._best("decision_function")(X)

    def transform(self, X: Any) -> Any:
        """best_estimator_.transform(X). Collective."""
        return self._best("transform")(X)

    def score(self, X: Any, y: Any = None) -> float:
        """The refit scorer (scoring, or best_estimator_.score) on X, y. Collective."""
        self._best("fit")
        scorer = self.scorer_[self.refit] if self.multimetric_ else self.scorer_
        return float(scorer(self.best_estimator_, X, y))

    @property
    def classes_(self) -> np.ndarray:
        return self._best("classes_")


class GridSearchCV(_BaseSearchCV):
    """scikit-learn's GridSearchCV over a ParameterGrid: best_params_, best_score_,
    best_index_, best_estimator_ (refit), cv_results_ (the same keys and values as
    scikit-learn's for the same estimator, grid, cv and scoring; times differ), n_splits_,
    scorer_, refit_time_. ``n_jobs > 1``: the candidates run side by side on groups of ranks
    (see the module docstring). ``verbose`` and ``pre_dispatch`` are accepted (no effect)."""

    def __init__(self, estimator: Any, param_grid: Any, *, scoring: Any = None,
                 n_jobs: Any = None, refit: Any = True, cv: Any = None, verbose: int = 0,
                 pre_dispatch: Any = "2*n_jobs", error_score: Any = np.nan,
                 return_train_score: bool = False) -> None:
        self.estimator = estimator
        self.param_grid = param_grid
        self.scoring = scoring
        self.n_jobs = n_jobs
        self.refit = refit
        self.cv = cv
        self.verbose = verbose
        self.pre_dispatch = pre_dispatch
        self.error_score = error_score
        self.return_train_score = return_train_score

    def _candidates(self, comm: Any) -> List[Dict[str, Any]]:
        return list(ParameterGrid(self.param_grid))


class RandomizedSearchCV(_BaseSearchCV):
    """scikit-learn's RandomizedSearchCV: n_iter candidates from a ParameterSampler (the same
    candidates as scikit-learn's for the same random_state), evaluated as GridSearchCV's."""

    def __init__(self, estimator: Any, param_distributions: Any, *, n_iter: int = 10,
                 scoring: Any = None, n_jobs: Any = None, refit: Any = True, cv: Any = None,
                 verbose: int = 0, pre_dispatch: Any = "2*n_jobs", random_state: Any = None,
                 error_score: Any = np.nan, return_train_score: bool = False) -> None:
        self.estimator = estimator
        self.param_distributions = param_distributions
        self.n_iter = n_iter
        self.scoring = scoring
        self.n_jobs = n_jobs
        self.refit = refit
        self.cv = cv
        self.verbose = verbose
        self.pre_dispatch = pre_dispatch
        self.random_state = random_state
        self.error_score = error_score
        self.return_train_score = return_train_score

    def _candidates(self, comm: Any) -> List[Dict[str, Any]]:
        sampler = ParameterSampler(self.param_distributions, self.n_iter,
                                   random_state=self.random_state)
        sampler._comm = comm  # type: ignore[attr-defined]  # X's ranks agree on the draws
        return list(sampler)
