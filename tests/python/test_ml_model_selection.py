"""pgas.ml.model_selection against scikit-learn: the splitters' indices (KFold,
StratifiedKFold, ShuffleSplit, StratifiedShuffleSplit) and train_test_split's rows for the same
random_state, X on maps of every kind and y on another map or NumPy; cross_val_score /
cross_validate, GridSearchCV and RandomizedSearchCV of pgas estimators equal to scikit-learn's
with its estimators (scores, ranks, best_params_, best_score_, the refit model), with n_jobs=1
and n_jobs=2 (groups of ranks on sub-communicators), the same results on 1..P ranks, and
scikit-learn's errors for bad input on every rank."""

import numpy as np
import pytest

import pgas as pg
from pgas.ml import model_selection as ms
from pgas.ml.linear_model import LogisticRegression, Ridge
from pgas.ml.naive_bayes import GaussianNB
from pgas.ml.pipeline import make_pipeline
from pgas.ml.preprocessing import StandardScaler
from conftest import all_ranks_agree, raises_everywhere, same_everywhere
from ml_testing import fit_on_first_ranks, maps_2d, mypy_strict_report

sklearn = pytest.importorskip("sklearn")
from sklearn import datasets  # noqa: E402
from sklearn import linear_model as skl_lm  # noqa: E402
from sklearn import model_selection as skl  # noqa: E402
from sklearn import naive_bayes as skl_nb  # noqa: E402
from sklearn import pipeline as skl_pipe  # noqa: E402
from sklearn import preprocessing as skl_pre  # noqa: E402


def y_map():
    p = pg.Np
    return pg.dmap([p], "c", list(reversed(range(p))))


def same_splits(ours, theirs):
    ours, theirs = list(ours), list(theirs)
    return len(ours) == len(theirs) and all(
        np.array_equal(a, c) and np.array_equal(b, d) for (a, b), (c, d) in zip(ours, theirs))


def test_splitters_yield_sklearns_indices():
    X, y = datasets.load_iris(return_X_y=True)
    X, y = X[:137], y[:137]  # uneven classes and folds
    Xd = pg.from_numpy(X, pg.dmap([pg.Np, 1], "c"))
    yd = pg.from_numpy(y, y_map())
    cases = [(ms.KFold(5), skl.KFold(5)),
             (ms.KFold(4, shuffle=True, random_state=3), skl.KFold(4, shuffle=True, random_state=3)),
             (ms.StratifiedKFold(3), skl.StratifiedKFold(3)),
             (ms.StratifiedKFold(5, shuffle=True, random_state=0),
              skl.StratifiedKFold(5, shuffle=True, random_state=0)),
             (ms.ShuffleSplit(4, test_size=0.3, random_state=1),
              skl.ShuffleSplit(4, test_size=0.3, random_state=1)),
             (ms.ShuffleSplit(3, train_size=50, test_size=20, random_state=9),
              skl.ShuffleSplit(3, train_size=50, test_size=20, random_state=9)),
             (ms.StratifiedShuffleSplit(3, test_size=0.25, random_state=4),
              skl.StratifiedShuffleSplit(3, test_size=0.25, random_state=4))]
    for ours, theirs in cases:
        for yy in (yd, y):
            assert all_ranks_agree(same_splits(ours.split(Xd, yy), theirs.split(X, y))), ours
        assert ours.get_n_splits() == theirs.get_n_splits()
        assert repr(ours) == " ".join(repr(theirs).split())
    # a RandomState instance advances as scikit-learn's does
    a, b = np.random.RandomState(7), np.random.RandomState(7)
    for _ in range(2):
        assert all_ranks_agree(same_splits(ms.KFold(3, shuffle=True, random_state=a).split(X),
                                           skl.KFold(3, shuffle=True, random_state=b).split(X)))
    # random_state=None: random, but the same on every rank
    for train, test in ms.ShuffleSplit(2).split(Xd):
        assert same_everywhere(train) and same_everywhere(test)


@pytest.mark.parametrize("stratify", [False, True])
def test_train_test_split_moves_sklearns_rows(stratify):
    X, y = datasets.load_wine(return_X_y=True)
    kw = dict(test_size=0.3, random_state=11)
    ref = skl.train_test_split(X, y, stratify=y if stratify else None, **kw)
    for m in maps_2d():
        Xd = pg.from_numpy(X, m)
        yd = pg.from_numpy(y, y_map())
        got = ms.train_test_split(Xd, yd, stratify=yd if stratify else None, **kw)
        assert all(isinstance(g, pg.darray) for g in got)
        for g, r in zip(got, ref):
            assert all_ranks_agree(np.array_equal(pg.agg_all(g), r))
    # NumPy inputs are split locally; shuffle=False keeps the order.
    got = ms.train_test_split(X, y, shuffle=False, train_size=100)
    ref = skl.train_test_split(X, y, shuffle=False, train_size=100)
    assert all(np.array_equal(g, r) for g, r in zip(got, ref))


def test_cross_val_score_and_cross_validate_equal_sklearn():
    X, y = datasets.load_breast_cancer(return_X_y=True)
    Xd = pg.from_numpy(X, pg.dmap([pg.Np, 1], ("bc", 5)))
    yd = pg.from_numpy(y, y_map())
    ours = ms.cross_val_score(GaussianNB(), Xd, yd, cv=5)
    theirs = skl.cross_val_score(skl_nb.GaussianNB(), X, y, cv=5)
    assert all_ranks_agree(np.allclose(ours, theirs, rtol=0, atol=1e-12))
    assert same_everywhere(ours)
    Xr, yr = datasets.load_diabetes(return_X_y=True)
    Xrd = pg.from_numpy(Xr, pg.dmap([pg.Np, 1], "c"))
    for n_jobs in (None, 2):
        got = ms.cross_validate(Ridge(alpha=0.5), Xrd, yr, cv=ms.KFold(4, shuffle=True,
                                                                       random_state=2),
                                scoring=["r2", "neg_mean_squared_error"], return_train_score=True,
                                return_indices=True, n_jobs=n_jobs)
        ref = skl.cross_validate(skl_lm.Ridge(alpha=0.5), Xr, yr,
                                 cv=skl.KFold(4, shuffle=True, random_state=2),
                                 scoring=["r2", "neg_mean_squared_error"],
                                 return_train_score=True, return_indices=True)
        assert set(got) == set(ref)
        for key in ("test_r2", "train_r2", "test_neg_mean_squared_error",
                    "train_neg_mean_squared_error"):
            assert all_ranks_agree(np.allclose(got[key], ref[key], rtol=1e-9)), key
            assert same_everywhere(got[key])
        assert same_everywhere(got["fit_time"])
        assert all(np.array_equal(a, b) for a, b in zip(got["indices"]["test"],
                                                       ref["indices"]["test"]))


def _same_search(ours, theirs, keys=("mean_test_score", "std_test_score", "rank_test_score",
                                     "split0_test_score", "split2_test_score")):
    ok = ours.best_params_ == theirs.best_params_ and ours.best_index_ == theirs.best_index_
    ok = ok and np.isclose(ours.best_score_, theirs.best_score_, rtol=1e-9)
    ok = ok and ours.cv_results_["params"] == theirs.cv_results_["params"]
    for k in keys:
        ok = ok and np.allclose(ours.cv_results_[k], theirs.cv_results_[k], rtol=1e-9, atol=1e-12)
    for k in theirs.cv_results_:
        if k.startswith("param_"):
            ok = ok and list(ours.cv_results_[k]) == list(theirs.cv_results_[k])
    return bool(ok) and set(ours.cv_results_) == set(theirs.cv_results_)


@pytest.mark.parametrize("n_jobs", [None, 2, -1])
def test_grid_search_equals_sklearn(n_jobs):
    X, y = datasets.load_diabetes(return_X_y=True)
    Xd = pg.from_numpy(X, pg.dmap([pg.Np, 1]))
    yd = pg.from_numpy(y, y_map())
    grid = {"alpha": [0.01, 0.1, 1.0, 10.0], "fit_intercept": [True, False]}
    ours = ms.GridSearchCV(Ridge(), grid, cv=3, n_jobs=n_jobs, return_train_score=True).fit(Xd, yd)
    theirs = skl.GridSearchCV(skl_lm.Ridge(), grid, cv=3, return_train_score=True).fit(X, y)
    assert all_ranks_agree(_same_search(ours, theirs, keys=(
        "mean_test_score", "std_test_score", "rank_test_score", "split0_test_score",
        "split2_test_score", "mean_train_score")))
    assert all_ranks_agree(np.allclose(ours.best_estimator_.coef_, theirs.best_estimator_.coef_,
                                       rtol=1e-8))
    assert all_ranks_agree(np.allclose(pg.agg_all(ours.predict(Xd)), theirs.predict(X), rtol=1e-8))
    assert all_ranks_agree(np.isclose(ours.score(Xd, yd), theirs.score(X, y), rtol=1e-9))
    assert same_everywhere(ours.cv_results_["mean_fit_time"])
    # NumPy X and y (the same on every rank) go to each group's communicator too.
    ours = ms.GridSearchCV(Ridge(), grid, cv=3, n_jobs=n_jobs, return_train_score=True).fit(X, y)
    assert all_ranks_agree(_same_search(ours, theirs))


def test_grid_search_over_a_classifier_pipeline_with_scoring():
    X, y = datasets.load_wine(return_X_y=True)
    Xd = pg.from_numpy(X, pg.dmap([pg.Np, 1], "c"))
    grid = {"logisticregression__C": [0.01, 0.1, 1.0], "standardscaler__with_mean": [True, False]}
    ours = ms.GridSearchCV(make_pipeline(StandardScaler(), LogisticRegression(tol=1e-10,
                                                                              max_iter=2000)),
                           grid, cv=4, scoring="accuracy").fit(Xd, y)
    theirs = skl.GridSearchCV(skl_pipe.make_pipeline(skl_pre.StandardScaler(),
                                                     skl_lm.LogisticRegression(tol=1e-10,
                                                                               max_iter=2000)),
                              grid, cv=4, scoring="accuracy").fit(X, y)
    assert all_ranks_agree(_same_search(ours, theirs, keys=("mean_test_score", "rank_test_score",
                                                            "split3_test_score")))
    assert all_ranks_agree(np.array_equal(pg.agg_all(ours.predict(Xd)), theirs.predict(X)))


def test_randomized_search_draws_sklearns_candidates():
    X, y = datasets.load_digits(return_X_y=True)
    Xd = pg.from_numpy(X, pg.dmap([pg.Np, 1], ("bc", 9)))
    space = {"var_smoothing": list(np.logspace(-9, 0, 40))}
    ours = ms.RandomizedSearchCV(GaussianNB(), space, n_iter=6, cv=3, random_state=5).fit(Xd, y)
    theirs = skl.RandomizedSearchCV(skl_nb.GaussianNB(), space, n_iter=6, cv=3,
                                    random_state=5).fit(X, y)
    assert all_ranks_agree(_same_search(ours, theirs, keys=("mean_test_score", "rank_test_score")))
    stats = pytest.importorskip("scipy.stats")
    dist = {"alpha": stats.loguniform(1e-3, 1e2), "fit_intercept": [True, False]}
    Xr, yr = datasets.load_diabetes(return_X_y=True)
    ours = ms.RandomizedSearchCV(Ridge(), dist, n_iter=5, cv=3, random_state=0, n_jobs=2).fit(
        pg.from_numpy(Xr, pg.dmap([pg.Np, 1])), yr)
    theirs = skl.RandomizedSearchCV(skl_lm.Ridge(), dist, n_iter=5, cv=3,
                                    random_state=0).fit(Xr, yr)
    assert all_ranks_agree(_same_search(ours, theirs, keys=("mean_test_score", "rank_test_score")))
    for n_pop, n in ((1000, 3), (100, 50), (10, 10), (50, 1)):
        from sklearn.utils.random import sample_without_replacement

        assert np.array_equal(ms._sample_without_replacement(n_pop, n, np.random.RandomState(4)),
                              sample_without_replacement(n_pop, n, random_state=4))


def test_same_search_on_every_rank_count():
    X, y = datasets.load_iris(return_X_y=True)

    def fit(comm):
        p = comm.Get_size()
        Xd = pg.from_numpy(X, pg.dmap([p, 1], "c"), comm=comm)
        yd = pg.from_numpy(y, pg.dmap([p]), comm=comm)
        s = ms.GridSearchCV(GaussianNB(), {"var_smoothing": [1e-9, 1e-3, 1e-1]},
                            cv=ms.StratifiedKFold(4, shuffle=True, random_state=1)).fit(Xd, yd)
        return s.cv_results_["mean_test_score"], s.best_estimator_.theta_

    fits = [fit_on_first_ranks(p, fit) for p in range(1, pg.Np + 1)]
    assert all(agree for _, agree in fits)
    for state, _ in fits[1:]:
        for a, b in zip(state, fits[0][0]):
            assert all_ranks_agree(np.allclose(a, b, rtol=1e-12))


def test_unseeded_search_on_a_sub_communicator_agrees_within_it():
    X, y = datasets.load_iris(return_X_y=True)

    def fit(comm):
        p = comm.Get_size()
        Xd = pg.from_numpy(X, pg.dmap([p, 1]), comm=comm)
        s = ms.RandomizedSearchCV(GaussianNB(), {"var_smoothing": list(np.logspace(-9, 0, 30))},
                                  n_iter=3, cv=ms.KFold(3, shuffle=True)).fit(Xd, y)
        return (np.array([c["var_smoothing"] for c in s.cv_results_["params"]]),
                s.cv_results_["mean_test_score"])

    p = max(1, pg.Np - 1)
    _, agree = fit_on_first_ranks(p, fit)
    assert agree


def test_bad_input_raises_sklearns_errors_on_every_rank():
    X, y = datasets.load_iris(return_X_y=True)
    Xd = pg.from_numpy(X, pg.dmap([pg.Np, 1]))
    assert raises_everywhere(ValueError, "k-fold cross-validation requires at least one "
                             "train/test split by setting n_splits=2 or more, got n_splits=1.",
                             lambda: ms.KFold(1))
    assert raises_everywhere(ValueError, "Setting a random_state has no effect since shuffle is "
                             "False", lambda: ms.KFold(3, random_state=1))
    assert raises_everywhere(ValueError, "Cannot have number of splits n_splits=200 greater than "
                             "the number of samples: n_samples=150.",
                             lambda: list(ms.KFold(200).split(Xd)))
    assert raises_everywhere(ValueError, r"Supported target types are: \('binary', "
                             r"'multiclass'\). Got 'continuous' instead.",
                             lambda: list(ms.StratifiedKFold(3).split(Xd, y + 0.5)))
    assert raises_everywhere(ValueError, "n_splits=60 cannot be greater than the number of "
                             "members in each class.",
                             lambda: list(ms.StratifiedKFold(60).split(Xd, y)))
    assert raises_everywhere(ValueError, r"test_size=2.0 should be either positive and smaller "
                             r"than the number of samples 150 or a float in the \(0, 1\) range",
                             lambda: ms.train_test_split(Xd, test_size=2.0))
    assert raises_everywhere(ValueError, r"Found input variables with inconsistent numbers of "
                             r"samples: \[150, 100\]", lambda: ms.train_test_split(Xd, y[:100]))
    assert raises_everywhere(ValueError, "'foo' is not a valid scoring value",
                             lambda: ms.cross_val_score(GaussianNB(), Xd, y, scoring="foo"))
    assert raises_everywhere(TypeError, "Parameter grid for parameter 'alpha' needs to be a list "
                             "or a numpy array", lambda: ms.GridSearchCV(Ridge(), {"alpha": 1.0})
                             .fit(Xd, y))
    assert raises_everywhere(ValueError, "Invalid parameter 'foo' for estimator",
                             lambda: ms.GridSearchCV(Ridge(), {"foo": [1]}, cv=3).fit(Xd, y))
    assert raises_everywhere(ValueError, "For multi-metric scoring, the parameter refit must be",
                             lambda: ms.GridSearchCV(Ridge(), {"alpha": [1.0]},
                                                     scoring=["r2", "neg_mean_squared_error"])
                             .fit(Xd, y))
    with pytest.warns(ms.FitFailedWarning):
        s = ms.GridSearchCV(Ridge(), {"alpha": [1.0, -1.0]}, cv=3).fit(Xd, y)
    assert np.isnan(s.cv_results_["mean_test_score"][1]) and s.best_params_ == {"alpha": 1.0}


TYPED_PROGRAM = '''
from typing import Any, Dict, List

import numpy as np
from numpy.typing import NDArray

import pgas as pg
from pgas.ml.linear_model import Ridge
from pgas.ml.model_selection import GridSearchCV, KFold, cross_val_score, train_test_split
from pgas.ml.naive_bayes import GaussianNB
from pgas.ml.pipeline import Pipeline, make_pipeline
from pgas.ml.preprocessing import StandardScaler


def search() -> float:
    X: pg.darray = pg.rand(60, 3, map=pg.dmap([pg.Np, 1]), seed=1)
    y: pg.darray = pg.rand(60, map=pg.dmap([pg.Np]), seed=2)
    parts: List[Any] = train_test_split(X, y, test_size=0.25, random_state=0)
    pipe: Pipeline = make_pipeline(StandardScaler(), Ridge())
    s: GridSearchCV = GridSearchCV(pipe, {"ridge__alpha": [0.1, 1.0]}, cv=KFold(3)).fit(X, y)
    best: Dict[str, Any] = s.best_params_
    scores: NDArray[np.float64] = cross_val_score(Ridge(), X, y, cv=3)
    nb: GaussianNB = GaussianNB().fit(X, (y > 0.5).astype(np.int64))
    theta: NDArray[Any] = nb.theta_
    return s.best_score_ + float(scores.sum()) + len(best) + len(parts) + float(theta.sum())


print(search())
'''


def test_stubs_type_check_a_model_selection_program(tmp_path):
    pytest.importorskip("mypy")
    assert mypy_strict_report(tmp_path, "typed_select.py", TYPED_PROGRAM) == ""
