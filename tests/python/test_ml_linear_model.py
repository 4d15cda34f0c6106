"""pgas.ml.linear_model (LinearRegression, Ridge, Lasso, ElasticNet, LogisticRegression) against
scikit-learn on diabetes, make_regression (with collinear and rank-deficient columns, fewer
samples than features),
breast_cancer and wine (standardised) and make_classification (binary and 3 classes), X on maps
of every kind and y on another map, asserting on every rank: coefficients within 1e-5 relative
of scikit-learn's at tight tol, equal predictions, the same model on 1..P ranks
(sub-communicators), scikit-learn's errors for bad input on every rank, clone."""

import warnings

import numpy as np
import pytest

import pgas as pg
from pgas.ml import base
from pgas.ml.linear_model import (ElasticNet, Lasso, LinearRegression, LogisticRegression, Ridge,
                                  enet_path, lasso_path)
from conftest import all_ranks_agree, raises_everywhere, same_everywhere
from ml_testing import fit_on_first_ranks, maps_2d, mypy_strict_report

sklearn = pytest.importorskip("sklearn")
from sklearn import datasets  # noqa: E402
from sklearn import linear_model as skl  # noqa: E402
from sklearn.base import clone  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402


def maps_for(i, count=2):
    ms = maps_2d()
    return [ms[(i + j) % len(ms)] for j in range(min(count, len(ms)))]


def y_map(ndim):
    """A map for y unlike X's: cyclic rows, reversed ranks."""
    p = pg.Np
    procs = list(reversed(range(p)))
    return pg.dmap([p], "c", procs) if ndim == 1 else pg.dmap([p, 1], ["c", "b"], procs)


def close(a, b, rtol=1e-5):
    """Within rtol relative of scikit-learn's (entries near zero: relative to the largest)."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        return False
    scale = max(1e-300, float(np.max(np.abs(b)))) if b.size else 1.0
    return bool(np.allclose(a, b, rtol=rtol, atol=rtol * scale))


def regression(name):
    if name == "diabetes":
        X, y = datasets.load_diabetes(return_X_y=True)
        return X, y
    if name == "make_regression":
        return datasets.make_regression(n_samples=300, n_features=8, noise=3.0, bias=2.5,
                                        random_state=0)
    if name == "collinear":
        # Duplicated and linearly dependent columns: X has rank 6 of 9.
        X, y = datasets.make_regression(n_samples=200, n_features=6, noise=1.0, random_state=1)
        X = np.column_stack([X, X[:, 0], X[:, 1] - 2 * X[:, 2], 3 * X[:, 4]])
        return X, y
    if name == "wide":
        # Fewer samples than features: the minimum-norm solution (ScaLAPACK's SVD, not TSQR).
        return datasets.make_regression(n_samples=30, n_features=50, noise=1.0, random_state=5)
    if name == "multi":
        return datasets.make_regression(n_samples=250, n_features=7, n_targets=3, noise=2.0,
                                        random_state=2)
    raise KeyError(name)


REGRESSION = ["diabetes", "make_regression", "collinear", "wide", "multi"]


def classification(name):
    if name in ("breast_cancer", "wine"):
        X, y = getattr(datasets, "load_" + name)(return_X_y=True)
        return StandardScaler().fit_transform(X), y
    if name == "binary":
        return datasets.make_classification(n_samples=400, n_features=6, n_informative=4,
                                            random_state=3)
    if name == "three":
        return datasets.make_classification(n_samples=450, n_features=6, n_informative=4,
                                            n_classes=3, random_state=4)
    raise KeyError(name)


CLASSIFICATION = ["breast_cancer", "wine", "binary", "three"]


def on_maps(X, y, m):
    return pg.from_numpy(X, m), pg.from_numpy(y, y_map(y.ndim))


def check_regressor(est, ref, X, Xd, rtol=1e-5):
    assert all_ranks_agree(close(est.coef_, ref.coef_, rtol)), (est.coef_, ref.coef_)
    assert all_ranks_agree(close(est.intercept_, ref.intercept_, rtol))
    assert np.shape(est.coef_) == np.shape(ref.coef_)
    assert np.shape(est.intercept_) == np.shape(ref.intercept_)
    assert all_ranks_agree(same_everywhere(est.coef_) and same_everywhere(est.intercept_))
    pred = est.predict(Xd)
    assert pred.map == base.row_map(Xd, pred.ndim)
    assert all_ranks_agree(close(pg.agg_all(pred), ref.predict(X), rtol))


@pytest.mark.parametrize("name", REGRESSION)
def test_linear_regression_matches_sklearn(name):
    X, y = regression(name)
    for fit_intercept in (True, False):
        ref = skl.LinearRegression(fit_intercept=fit_intercept).fit(X, y)
        for m in maps_for(REGRESSION.index(name) + fit_intercept):
            Xd, yd = on_maps(X, y, m)
            est = LinearRegression(fit_intercept=fit_intercept).fit(Xd, yd)
            check_regressor(est, ref, X, Xd, 1e-7)
            assert est.rank_ == ref.rank_
            assert all_ranks_agree(close(est.singular_, ref.singular_, 1e-9))
            assert all_ranks_agree(np.isclose(est.score(Xd, yd), ref.score(X, y), rtol=1e-9))
        # NumPy input (the same on every rank) gives the same model.
        est = LinearRegression(fit_intercept=fit_intercept).fit(X, y)
        check_regressor(est, ref, X, pg.from_numpy(X, pg.dmap([pg.Np, 1])), 1e-7)


@pytest.mark.parametrize("name", ["diabetes", "make_regression", "multi"])
def test_linear_regression_positive_matches_sklearn(name):
    X, y = regression(name)
    ref = skl.LinearRegression(positive=True).fit(X, y)
    for m in maps_for(3):
        Xd, yd = on_maps(X, y, m)
        est = LinearRegression(positive=True).fit(Xd, yd)
        check_regressor(est, ref, X, Xd, 1e-6)
        assert all_ranks_agree(np.all(est.coef_ >= 0))


@pytest.mark.parametrize("solver", ["auto", "cholesky", "svd"])
@pytest.mark.parametrize("name", REGRESSION)
def test_ridge_matches_sklearn(name, solver):
    X, y = regression(name)
    alphas = [0.5, np.array([0.1, 1.0, 10.0])] if name == "multi" else [0.5, 30.0]
    for i, alpha in enumerate(alphas):
        ref = skl.Ridge(alpha=alpha, solver=solver).fit(X, y)
        for m in maps_for(REGRESSION.index(name) + i, 1):
            Xd, yd = on_maps(X, y, m)
            est = Ridge(alpha=alpha, solver=solver).fit(Xd, yd)
            check_regressor(est, ref, X, Xd, 1e-7)
            assert est.solver_ == ref.solver_


def weights(n, seed=0):
    """Positive weights with a few zeros (zero-weight rows must drop out)."""
    w = np.random.RandomState(seed).uniform(0.1, 3.0, n)
    w[::17] = 0.0
    return w


@pytest.mark.parametrize("name", ["diabetes", "collinear", "wide", "multi"])
def test_sample_weight_matches_sklearn(name):
    X, y = regression(name)
    sw = weights(X.shape[0], REGRESSION.index(name))
    for i, m in enumerate(maps_for(REGRESSION.index(name), 2)):
        Xd, yd = on_maps(X, y, m)
        # sample_weight as a darray on yet another map, and as NumPy.
        swd = pg.from_numpy(sw, y_map(1)) if i == 0 else sw
        for fit_intercept in (True, False):
            ref = skl.LinearRegression(fit_intercept=fit_intercept).fit(X, y, sample_weight=sw)
            est = LinearRegression(fit_intercept=fit_intercept).fit(Xd, yd, sample_weight=swd)
            check_regressor(est, ref, X, Xd, 1e-7)
            assert est.rank_ == ref.rank_
            for solver in ("cholesky", "svd"):
                ref = skl.Ridge(alpha=0.7, solver=solver, fit_intercept=fit_intercept).fit(
                    X, y, sample_weight=sw)
                est = Ridge(alpha=0.7, solver=solver, fit_intercept=fit_intercept).fit(
                    Xd, yd, sample_weight=swd)
                check_regressor(est, ref, X, Xd, 1e-7)
    if name in ("diabetes", "collinear"):  # (wide: the NNLS optimum is not unique)
        ref = skl.LinearRegression(positive=True).fit(X, y, sample_weight=sw)
        est = LinearRegression(positive=True).fit(X, y, sample_weight=sw)
        check_regressor(est, ref, X, pg.from_numpy(X, pg.dmap([pg.Np, 1])), 1e-6)
    # A scalar weight: LinearRegression unchanged, Ridge's penalty relatively smaller.
    ref = skl.Ridge(alpha=2.0).fit(X, y, sample_weight=3.0)
    assert all_ranks_agree(close(Ridge(alpha=2.0).fit(X, y, sample_weight=3.0).coef_,
                                 ref.coef_, 1e-7))


def test_sample_weight_bad_input_on_every_rank():
    X, y = regression("diabetes")
    Xd = pg.from_numpy(X, pg.dmap([pg.Np, 1]))
    n = X.shape[0]
    for est in (LinearRegression(), Ridge()):
        assert raises_everywhere(ValueError, r"sample_weight.shape == \(100,\), expected "
                                 r"\(442,\)!", lambda: est.fit(Xd, y, sample_weight=np.ones(100)))
        assert raises_everywhere(ValueError, "Sample weights must be 1D array or scalar",
                                 lambda: est.fit(Xd, y, sample_weight=np.ones((n, 2))))
        neg = np.ones(n)
        neg[3] = -1
        assert raises_everywhere(ValueError, "Negative values in data passed to `sample_weight`",
                                 lambda: est.fit(Xd, y, sample_weight=pg.from_numpy(
                                     neg, pg.dmap([pg.Np], "c"))))
        assert raises_everywhere(ValueError, "at least one non-zero",
                                 lambda: est.fit(Xd, y, sample_weight=np.zeros(n)))
        bad = np.ones(n)
        bad[5] = np.nan
        assert raises_everywhere(ValueError, "Input sample_weight contains NaN",
                                 lambda: est.fit(Xd, y, sample_weight=bad))


ENET = [("diabetes", 0.1, 0.5), ("diabetes", 0.01, 1.0), ("make_regression", 1.0, 0.9),
        ("collinear", 0.5, 1.0), ("multi", 0.3, 0.2)]


@pytest.mark.parametrize("selection", ["cyclic", "random"])
@pytest.mark.parametrize("case", ENET)
def test_enet_matches_sklearn(case, selection):
    name, alpha, l1_ratio = case
    X, y = regression(name)
    kw = dict(alpha=alpha, tol=1e-12, max_iter=100000, selection=selection, random_state=0)
    if l1_ratio == 1.0:
        ref, est_cls = skl.Lasso(**kw).fit(X, y), Lasso
    else:
        ref, est_cls = skl.ElasticNet(l1_ratio=l1_ratio, **kw).fit(X, y), ElasticNet
        kw["l1_ratio"] = l1_ratio
    for m in maps_for(ENET.index(case), 1):
        Xd, yd = on_maps(X, y, m)
        est = est_cls(**kw).fit(Xd, yd)
        check_regressor(est, ref, X, Xd, 1e-5)
        assert np.shape(est.dual_gap_) == np.shape(ref.dual_gap_)
        assert all_ranks_agree(np.all(np.asarray(est.dual_gap_) <= 1e-12 * np.sum(
            (y - y.mean(axis=0)) ** 2, axis=0) / X.shape[0] + 1e-300))
        assert np.shape(est.n_iter_) == np.shape(ref.n_iter_)
        if selection == "random":
            # The same rand_r stream as scikit-learn: the same coordinate order.
            assert np.all(np.abs(np.asarray(est.n_iter_) - np.asarray(ref.n_iter_)) <= 2)


def test_enet_default_tol_and_warm_start():
    X, y = regression("diabetes")
    ref = skl.Lasso(alpha=0.05).fit(X, y)
    est = Lasso(alpha=0.05).fit(pg.from_numpy(X, pg.dmap([pg.Np, 1], "c")), y)
    # At the default tol both stop on the same duality-gap rule after about as many sweeps.
    assert all_ranks_agree(close(est.coef_, ref.coef_, 1e-3))
    assert abs(est.n_iter_ - ref.n_iter_) <= 2
    warm = Lasso(alpha=0.05, warm_start=True, tol=1e-10, max_iter=100000)
    warm.fit(X, y)
    first = warm.n_iter_
    warm.fit(X, y)
    assert warm.n_iter_ <= 2 < first


def wide(n=300, d=2000, seed=7):
    """Wide data (fewer samples than features), 15 informative features."""
    return datasets.make_regression(n_samples=n, n_features=d, n_informative=15, noise=2.0,
                                    bias=1.5, random_state=seed)


PROXIMAL = [("wide", 2.0, 1.0, False), ("wide", 1.0, 0.6, True), ("diabetes", 0.01, 1.0, False),
            ("diabetes", 0.05, 0.5, True), ("make_regression", 1.0, 0.9, False),
            ("collinear", 0.5, 1.0, False), ("multi", 0.3, 0.2, False)]


@pytest.mark.parametrize("case", PROXIMAL)
def test_enet_proximal_gradient_matches_sklearn(case, monkeypatch):
    """FISTA (forced on the tall data, where the Gram route would run) against scikit-learn's
    coordinate descent at tight tol: the same optimum, the duality gap below tol."""
    name, alpha, l1_ratio, positive = case
    X, y = wide() if name == "wide" else regression(name)
    monkeypatch.setenv("PGAS_ML_ENET_SOLVER", "proximal")
    kw = dict(alpha=alpha, tol=1e-12, max_iter=200000, positive=positive)
    ref = skl.ElasticNet(l1_ratio=l1_ratio, **kw).fit(X, y)
    for m in maps_for(PROXIMAL.index(case), 1):
        Xd, yd = on_maps(X, y, m)
        est = ElasticNet(l1_ratio=l1_ratio, **dict(kw, tol=1e-11)).fit(Xd, yd)
        assert est.solver_ == "proximal_gradient"
        if name == "collinear":
            # Duplicated columns: the lasso's coefficients are not unique (FISTA splits the
            # weight evenly, coordinate descent does not); X w and ||w||_1 are.
            assert all_ranks_agree(close(pg.agg_all(est.predict(Xd)), ref.predict(X), 1e-5))
            assert all_ranks_agree(np.isclose(np.abs(est.coef_).sum(), np.abs(ref.coef_).sum(),
                                              rtol=1e-5))
        else:
            check_regressor(est, ref, X, Xd, 1e-5)
        y_c2 = np.sum((y - y.mean(axis=0)) ** 2, axis=0)
        assert all_ranks_agree(np.all(np.asarray(est.dual_gap_) <= 1e-11 * y_c2 / X.shape[0]))
        assert np.shape(est.n_iter_) == np.shape(ref.n_iter_)
        if positive:
            assert all_ranks_agree(np.all(est.coef_ >= 0))


def test_enet_solver_is_chosen_by_the_feature_count(monkeypatch):
    """Past 4096 features the Gram matrix is not formed: FISTA, with scikit-learn's answer."""
    X, y = wide(40, 4100, 3)
    # alpha half of alpha_max (~161): a sparse optimum both solvers reach in few iterations.
    ref = skl.Lasso(alpha=80.0, tol=1e-10, max_iter=100000).fit(X, y)
    est = Lasso(alpha=80.0, tol=1e-10, max_iter=100000).fit(pg.from_numpy(X, pg.dmap([pg.Np, 1])),
                                                           y)
    assert est.solver_ == "proximal_gradient"
    assert all_ranks_agree(close(est.coef_, ref.coef_, 1e-5))
    Xs, ys = regression("diabetes")
    assert Lasso(alpha=0.1).fit(Xs, ys).solver_ == "gram_cd"
    monkeypatch.setenv("PGAS_ML_ENET_SOLVER", "gram")
    Xm, ym = wide(30, 300, 4)
    assert Lasso(alpha=0.5).fit(Xm, ym).solver_ == "gram_cd"
    monkeypatch.setenv("PGAS_ML_ENET_SOLVER", "fista")
    assert raises_everywhere(ValueError, "PGAS_ML_ENET_SOLVER must be 'auto', 'gram' or "
                             "'proximal', got 'fista'", lambda: Lasso().fit(Xs, ys))
    if pg.Np > 1:
        monkeypatch.setenv("PGAS_ML_ENET_SOLVER", "gram" if pg.Pid == 0 else "proximal")
        assert raises_everywhere(ValueError, "PGAS_ML_ENET_SOLVER", lambda: Lasso().fit(Xs, ys))


@pytest.mark.parametrize("solver", ["gram", "proximal"])
def test_enet_warm_start_on_both_solvers(solver, monkeypatch):
    monkeypatch.setenv("PGAS_ML_ENET_SOLVER", solver)
    X, y = regression("diabetes")
    warm = ElasticNet(alpha=0.02, l1_ratio=0.7, warm_start=True, tol=1e-10, max_iter=100000)
    warm.fit(X, y)
    first, coef = warm.n_iter_, warm.coef_.copy()
    warm.fit(X, y)
    assert warm.n_iter_ <= 2 < first
    assert all_ranks_agree(close(warm.coef_, coef, 1e-8))


def test_proximal_model_is_the_same_on_every_rank_count(monkeypatch):
    monkeypatch.setenv("PGAS_ML_ENET_SOLVER", "proximal")
    X, y = wide(120, 500, 9)

    def fit(comm):
        p = comm.Get_size()
        Xd = pg.from_numpy(X, pg.dmap([p, 1], "c"), comm=comm)
        yd = pg.from_numpy(y, pg.dmap([p]), comm=comm)
        est = ElasticNet(alpha=0.5, l1_ratio=0.8, tol=1e-10, max_iter=100000).fit(Xd, yd)
        alphas, coefs, _ = lasso_path(Xd, yd, alphas=5, tol=1e-10, max_iter=100000)
        return est.coef_, est.intercept_, alphas, coefs

    fits = [fit_on_first_ranks(p, fit) for p in range(1, pg.Np + 1)]
    assert all(agree for _, agree in fits)
    states = [state for state, _ in fits]
    for st in states[1:]:
        for a, b in zip(st, states[0]):
            assert all_ranks_agree(close(a, b, 1e-7)), np.max(np.abs(a - b))


PATHS = [("diabetes", 1.0, {}), ("diabetes", 0.5, dict(positive=True)),
         ("make_regression", 0.8, dict(alphas=[0.5, 5.0, 0.05, 1.0])),
         ("collinear", 1.0, dict(alphas=7, eps=1e-2, selection="random", random_state=3)),
         ("wide", 0.9, dict(alphas=6, eps=0.05))]


@pytest.mark.parametrize("solver", ["auto", "proximal"])
@pytest.mark.parametrize("case", PATHS)
def test_enet_path_matches_sklearn(case, solver, monkeypatch):
    name, l1_ratio, kw = case
    X, y = wide(200, 600, 11) if name == "wide" else regression(name)
    if solver == "proximal" and kw.get("selection") == "random":
        pytest.skip("selection does not apply to FISTA")
    monkeypatch.setenv("PGAS_ML_ENET_SOLVER", solver)
    kw = dict(kw, tol=1e-12, max_iter=200000, return_n_iter=True)
    if l1_ratio == 1.0:
        ref = skl.lasso_path(X, y, **kw)
        got = lasso_path(pg.from_numpy(X, maps_for(PATHS.index(case), 1)[0]), y,
                         **dict(kw, tol=1e-11 if solver == "proximal" else 1e-12))
    else:
        ref = skl.enet_path(X, y, l1_ratio=l1_ratio, **kw)
        got = enet_path(pg.from_numpy(X, maps_for(PATHS.index(case), 1)[0]), y,
                        l1_ratio=l1_ratio, **dict(kw, tol=1e-11 if solver == "proximal" else 1e-12))
    alphas, coefs, gaps, n_iters = got
    assert all_ranks_agree(np.allclose(alphas, ref[0], rtol=1e-12, atol=0))
    assert coefs.shape == ref[1].shape and coefs.dtype == ref[1].dtype
    assert gaps.shape == ref[2].shape and len(n_iters) == len(ref[3])
    assert all_ranks_agree(close(coefs, ref[1], 1e-5)), np.max(np.abs(coefs - ref[1]))
    assert all_ranks_agree(same_everywhere(coefs) and same_everywhere(alphas))
    assert all_ranks_agree(np.all(gaps <= 1e-11 * np.sum(y ** 2) / X.shape[0]))
    if kw.get("positive"):
        assert all_ranks_agree(np.all(coefs >= 0))
    if kw.get("selection") == "random":
        # The same rand_r seeds per alpha as scikit-learn: the same coordinate order.
        assert np.all(np.abs(np.asarray(n_iters) - np.asarray(ref[3])) <= 2)


def test_enet_path_warm_starts_and_defaults():
    X, y = regression("diabetes")
    alphas, coefs, gaps = lasso_path(X, y)
    ref = skl.lasso_path(X, y)
    assert alphas.shape == (100,) and coefs.shape == (10, 100) and gaps.shape == (100,)
    assert all_ranks_agree(np.allclose(alphas, ref[0], rtol=1e-12))
    # Default tol: both stop on the same gap rule, so within the rule's slack.
    assert all_ranks_agree(close(coefs, ref[1], 1e-2))
    # Warm starts along the path: the iterations at neighbouring alphas stay few.
    _, _, _, n_iters = lasso_path(X, y, alphas=20, tol=1e-10, return_n_iter=True)
    cold = [Lasso(alpha=a, fit_intercept=False, tol=1e-10).fit(X, y).n_iter_
            for a in skl.lasso_path(X, y, alphas=20)[0]]
    assert sum(n_iters) < sum(cold)
    # coef_init starts the first alpha.
    start = skl.lasso_path(X, y, alphas=[0.3], tol=1e-12)[1][:, 0]
    _, c, _, it = lasso_path(X, y, alphas=[0.3], coef_init=start, tol=1e-10, return_n_iter=True)
    assert it[0] <= 1 and all_ranks_agree(close(c[:, 0], start, 1e-6))
    with pytest.warns(FutureWarning, match="'n_alphas' was deprecated in 1.9"):
        assert lasso_path(X, y, n_alphas=4)[0].shape == (4,)


def test_enet_path_bad_input_on_every_rank():
    X, y = regression("diabetes")
    Xd = pg.from_numpy(X, pg.dmap([pg.Np, 1]))
    assert raises_everywhere(ValueError, "Automatic alpha grid generation is not supported for "
                             "l1_ratio=0", lambda: enet_path(Xd, y, l1_ratio=0.0))
    assert raises_everywhere(ValueError, r"inconsistent numbers of samples: \[442, 100\]",
                             lambda: lasso_path(Xd, y[:100]))
    assert raises_everywhere(ValueError, "Unexpected parameters in params",
                             lambda: lasso_path(Xd, y, foo=1))
    assert raises_everywhere(ValueError, "alphas must be non-negative",
                             lambda: lasso_path(Xd, y, alphas=[1.0, -2.0]))
    assert raises_everywhere(NotImplementedError, "multi-task",
                             lambda: lasso_path(Xd, np.column_stack([y, y])))
    assert raises_everywhere(NotImplementedError, "sample_weight",
                             lambda: lasso_path(Xd, y, sample_weight=np.ones(len(y))))
    assert raises_everywhere(ValueError, "selection should be either random or cyclic",
                             lambda: lasso_path(Xd, y, selection="foo"))
    ynan = y.copy()
    ynan[5] = np.nan
    assert raises_everywhere(ValueError, "Input y contains NaN", lambda: lasso_path(Xd, ynan))


@pytest.mark.parametrize("solver", ["lbfgs", "newton-cholesky"])
@pytest.mark.parametrize("name", ["breast_cancer", "three"])
def test_logistic_warm_start(name, solver):
    X, y = classification(name)
    kw = dict(tol=1e-8, max_iter=1000, solver=solver)
    ref = skl.LogisticRegression(**kw).fit(X, y)
    est = LogisticRegression(warm_start=True, **kw)
    est.fit(pg.from_numpy(X, pg.dmap([pg.Np, 1], "c")), y)
    first = int(est.n_iter_[0])
    est.fit(X, y)
    assert int(est.n_iter_[0]) <= 2 < first
    assert all_ranks_agree(close(est.coef_, ref.coef_, 1e-5))
    cold = LogisticRegression(**kw).fit(X, y)
    cold.fit(X, y)  # without warm_start the second fit starts from zero again
    assert abs(int(cold.n_iter_[0]) - first) <= 2
    # A warm start from another problem's shape starts from zeros (as scikit-learn).
    Xb, yb = classification("binary")
    assert all_ranks_agree(close(est.fit(Xb, yb).coef_,
                                 skl.LogisticRegression(**kw).fit(Xb, yb).coef_, 1e-5))


@pytest.mark.parametrize("solver", ["lbfgs", "newton-cholesky"])
@pytest.mark.parametrize("name", CLASSIFICATION)
def test_logistic_matches_sklearn(name, solver):
    X, y = classification(name)
    for i, kw in enumerate([dict(C=1.0), dict(C=0.05, class_weight="balanced"),
                            dict(C=np.inf), dict(C=2.0, fit_intercept=False)]):
        if kw.get("C") == np.inf and name in ("breast_cancer", "wine"):
            continue  # separable: no finite optimum without a penalty
        kw.update(tol=1e-10, max_iter=2000, solver=solver)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ref = skl.LogisticRegression(**kw).fit(X, y)
        for m in maps_for(CLASSIFICATION.index(name) + i, 1):
            Xd, yd = on_maps(X, y, m)
            est = LogisticRegression(**kw).fit(Xd, yd)
            if np.isinf(kw["C"]) and solver == "newton-cholesky":
                # make_classification's redundant columns make X rank-deficient: without a
                # penalty the optimal coefficients are not unique (pgas's Newton takes
                # minimum-norm steps, scikit-learn falls back to lbfgs), X @ coef_ is.
                assert np.linalg.matrix_rank(X) < X.shape[1]
                df = pg.agg_all(est.decision_function(Xd))
                assert all_ranks_agree(close(df, ref.decision_function(X), 1e-5))
                continue
            assert all_ranks_agree(close(est.coef_, ref.coef_, 1e-5)), (est.coef_, ref.coef_)
            assert all_ranks_agree(close(est.intercept_, ref.intercept_, 1e-5))
            assert est.coef_.shape == ref.coef_.shape
            assert all_ranks_agree(np.array_equal(est.classes_, ref.classes_))
            assert all_ranks_agree(same_everywhere(est.coef_))
            pred = est.predict(Xd)
            assert pred.map == base.row_map(Xd, 1)
            assert all_ranks_agree(np.array_equal(pg.agg_all(pred), ref.predict(X)))
            proba = est.predict_proba(Xd)
            assert all_ranks_agree(close(pg.agg_all(proba), ref.predict_proba(X), 1e-5))
            lp = pg.agg_all(est.predict_log_proba(Xd))
            assert all_ranks_agree(np.allclose(lp, ref.predict_log_proba(X), rtol=1e-4,
                                               atol=1e-6))
            df = pg.agg_all(est.decision_function(Xd))
            assert all_ranks_agree(close(df, ref.decision_function(X), 1e-5))
            assert est.score(Xd, yd) == ref.score(X, y)
            assert est.n_iter_.shape == (1,) and est.n_iter_.dtype == np.int32


def test_logistic_class_weight_dict_and_labels():
    X, y = classification("three")
    labels = np.array([10, 20, 35])[y]
    cw = {10: 2.0, 35: 0.5}
    ref = skl.LogisticRegression(class_weight=cw, tol=1e-10, max_iter=1000).fit(X, labels)
    est = LogisticRegression(class_weight=cw, tol=1e-10, max_iter=1000).fit(X, labels)
    assert all_ranks_agree(close(est.coef_, ref.coef_))
    assert est.classes_.dtype == ref.classes_.dtype
    assert all_ranks_agree(np.array_equal(pg.agg_all(est.predict(X)), ref.predict(X)))


def test_same_model_on_every_rank_count():
    Xr, yr = regression("collinear")
    Xc, yc = classification("three")

    def fit(comm):
        p = comm.Get_size()
        m = pg.dmap([p, 1], "c")
        Xd = pg.from_numpy(Xr, m, comm=comm)
        yd = pg.from_numpy(yr, pg.dmap([p]), comm=comm)
        lr = LinearRegression().fit(Xd, yd)
        ridge = Ridge(alpha=2.0).fit(Xd, yd)
        lasso = Lasso(alpha=0.3, selection="random", random_state=5, tol=1e-10).fit(Xd, yd)
        Xcd = pg.from_numpy(Xc, m, comm=comm)
        ycd = pg.from_numpy(yc.astype(np.float64), pg.dmap([p], "c"), comm=comm)
        logit = LogisticRegression(tol=1e-10, max_iter=1000).fit(Xcd, ycd)
        return lr.coef_, ridge.coef_, lasso.coef_, logit.coef_, logit.intercept_

    fits = [fit_on_first_ranks(p, fit) for p in range(1, pg.Np + 1)]
    assert all(agree for _, agree in fits)
    states = [state for state, _ in fits]
    for s in states[1:]:
        for a, b in zip(s, states[0]):
            assert all_ranks_agree(close(a, b, 1e-8)), np.max(np.abs(a - b))


def test_bad_input_raises_sklearns_errors_on_every_rank():
    X, y = regression("diabetes")
    Xd = pg.from_numpy(X, pg.dmap([pg.Np, 1]))
    yd = pg.from_numpy(y, pg.dmap([pg.Np]))
    short = pg.from_numpy(y[:100], pg.dmap([pg.Np]))
    for est in (LinearRegression(), Ridge(), Lasso(), ElasticNet()):
        assert raises_everywhere(ValueError, r"inconsistent numbers of samples: \[442, 100\]",
                                 lambda: est.fit(Xd, short))
    ynan = y.copy()
    ynan[7] = np.nan
    assert raises_everywhere(ValueError, "Input y contains NaN",
                             lambda: Ridge().fit(Xd, pg.from_numpy(ynan, pg.dmap([pg.Np]))))
    Xinf = X.copy()
    Xinf[3, 2] = np.inf
    assert raises_everywhere(ValueError, "Input X contains infinity",
                             lambda: LinearRegression().fit(pg.from_numpy(Xinf, pg.dmap([pg.Np, 1])), yd))
    assert raises_everywhere(ValueError, r"The 'alpha' parameter of Ridge must be a float in "
                             r"the range \[0.0, inf\) or an array-like. Got -1 instead.",
                             lambda: Ridge(alpha=-1).fit(Xd, yd))
    assert raises_everywhere(ValueError, r"The 'alpha' parameter of Lasso must be a float in "
                             r"the range \[0.0, inf\). Got -0.5 instead.",
                             lambda: Lasso(alpha=-0.5).fit(Xd, yd))
    assert raises_everywhere(ValueError, r"The 'solver' parameter of Ridge must be a str among",
                             lambda: Ridge(solver="foo").fit(Xd, yd))
    assert raises_everywhere(ValueError, "Number of targets and number of penalties do not "
                             "correspond: 2 != 1", lambda: Ridge(alpha=[1.0, 2.0]).fit(Xd, yd))
    Xc, yc = classification("binary")
    Xcd = pg.from_numpy(Xc, pg.dmap([pg.Np, 1], "c"))
    assert raises_everywhere(ValueError, r"The 'solver' parameter of LogisticRegression must be "
                             r"a str among", lambda: LogisticRegression(solver="foo").fit(Xcd, yc))
    assert raises_everywhere(ValueError, r"The 'C' parameter of LogisticRegression must be a "
                             r"float in the range \(0.0, inf\]. Got -1 instead.",
                             lambda: LogisticRegression(C=-1).fit(Xcd, yc))
    assert raises_everywhere(ValueError, "This solver needs samples of at least 2 classes in "
                             "the data, but the data contains only one class",
                             lambda: LogisticRegression().fit(Xcd, np.zeros(len(yc))))
    assert raises_everywhere(ValueError, "Unknown label type: continuous",
                             lambda: LogisticRegression().fit(Xcd, yc + 0.5))
    assert raises_everywhere(ValueError, "Solver lbfgs supports only 'l2' or None penalties, "
                             "got l1 penalty.", lambda: LogisticRegression(penalty="l1").fit(Xcd, yc))
    est = LinearRegression().fit(Xd, yd)
    assert raises_everywhere(ValueError, "X has 3 features, but LinearRegression is expecting "
                             "10 features as input.", lambda: est.predict(X[:, :3]))
    assert raises_everywhere(base.NotFittedError, "not fitted",
                             lambda: LogisticRegression().predict(Xcd))


def test_clone_and_params():
    est = LogisticRegression(C=0.3, class_weight="balanced")
    c = clone(est)
    assert c.get_params() == est.get_params()
    assert repr(Lasso(alpha=0.2)) == "Lasso(alpha=0.2)"
    assert repr(Ridge()) == "Ridge()"
    assert pg.ml.Ridge is Ridge and pg.ml.linear_model.LogisticRegression is LogisticRegression


TYPED_PROGRAM = '''
import numpy as np
from numpy.typing import NDArray

import pgas as pg
from pgas.ml import ElasticNet, Lasso, LinearRegression, LogisticRegression, Ridge


def fit() -> float:
    X = pg.rand((40, 3), map=pg.dmap([pg.Np, 1]), seed=1)
    y = np.arange(40.0)
    lr = LinearRegression().fit(X, y)
    coef: NDArray[np.float64] = lr.coef_
    pred: pg.darray = Ridge(alpha=2.0).fit(X, y).predict(X)
    lasso = Lasso(alpha=0.1).fit(X, y)
    enet = ElasticNet(alpha=0.1, l1_ratio=0.3).fit(X, y)
    clf = LogisticRegression(C=0.5).fit(X, (y > 20).astype(np.int64))
    proba: pg.darray = clf.predict_proba(X)
    return (float(coef.sum()) + lr.score(X, y) + clf.score(X, y > 20) + float(lasso.dual_gap_)
            + int(enet.n_iter_) + lr.rank_ + float(pred.shape[0]) + float(proba.shape[1]))


print(fit())
'''


def test_stubs_type_check_a_linear_model_program(tmp_path):
    pytest.importorskip("mypy")
    assert mypy_strict_report(tmp_path, "typed_linear.py", TYPED_PROGRAM) == ""
