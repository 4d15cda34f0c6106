"""pgas.ml.mixture.GaussianMixture against scikit-learn on iris, wine (standardised) and
make_blobs, X on maps of every kind (uneven rows, ranks owning no rows, columns split): every
covariance type from explicit inits equals scikit-learn's; the 'kmeans', 'k-means++', 'random'
and 'random_from_data' inits equal scikit-learn's for the same random_state; the model is the
same on 1..P ranks in one run; sample() is scikit-learn's; bad input raises scikit-learn's
errors on every rank."""
import re
import warnings

import numpy as np
import pytest
from mpi4py import MPI

import pgas as pg
from pgas.ml.base import row_map
from conftest import all_ranks_agree, raises_everywhere, same_everywhere
from ml_testing import fit_on_first_ranks, maps_2d

sklearn = pytest.importorskip("sklearn")
from sklearn import datasets  # noqa: E402
from sklearn import mixture as skm  # noqa: E402
from sklearn.base import clone  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402

TYPES = ["full", "tied", "diag", "spherical"]
STATE = ["weights_", "means_", "covariances_", "precisions_", "precisions_cholesky_"]


def load(name):
    if name == "blobs":
        X, _ = datasets.make_blobs(n_samples=301, centers=4, n_features=3, random_state=0)
        return X, 4
    if name == "wine":
        X = datasets.load_wine().data
        return (X - X.mean(0)) / X.std(0), 3
    return datasets.load_iris().data, 3


def rows(X):
    return pg.from_numpy(X, pg.dmap([pg.Np] + [1] * (X.ndim - 1)))


def explicit_inits(X, k, kind, seed=0):
    rs = np.random.RandomState(seed)
    means = X[rs.choice(X.shape[0], k, replace=False)] + 1e-3
    weights = np.full(k, 1.0 / k)
    cov = np.cov(X.T, bias=True) + 1e-3 * np.eye(X.shape[1])
    prec = np.linalg.inv(cov)
    prec = (prec + prec.T) / 2
    precisions = {"full": np.stack([prec] * k), "tied": prec,
                  "diag": np.tile(1 / np.diag(cov), (k, 1)),
                  "spherical": np.full(k, 1 / np.mean(np.diag(cov)))}[kind]
    return dict(weights_init=weights, means_init=means, precisions_init=precisions)


def close(a, b, tol):
    return np.allclose(a, b, rtol=tol, atol=tol * max(1.0, np.abs(b).max()))


def same_model(got, want, tol=1e-7):
    ok = all(close(getattr(got, a), getattr(want, a), tol) for a in STATE)
    ok = ok and got.n_iter_ == want.n_iter_ and got.converged_ == want.converged_
    ok = ok and (got.lower_bound_ == want.lower_bound_
                 or abs(got.lower_bound_ - want.lower_bound_) <= tol * (1 + abs(want.lower_bound_)))
    return ok


def fit_quietly(est, X):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", pg.ml.base.ConvergenceWarning)
        return est.fit(X)


@pytest.mark.parametrize("name", ["iris", "wine", "blobs"])
@pytest.mark.parametrize("kind", TYPES)
def test_explicit_init_equals_sklearn(name, kind):
    X, k = load(name)
    params = dict(n_components=k, covariance_type=kind, tol=1e-6, max_iter=60,
                  **explicit_inits(X, k, kind))
    want = fit_quietly(skm.GaussianMixture(**params), X)
    for m in maps_2d():
        Xd = pg.from_numpy(X, m)
        got = fit_quietly(pg.ml.GaussianMixture(**params), Xd)
        assert all_ranks_agree(same_model(got, want)), (m, got.n_iter_, want.n_iter_,
                                                        got.lower_bound_, want.lower_bound_)
        assert all(same_everywhere(getattr(got, a)) for a in STATE)
        assert all_ranks_agree(np.allclose(got.lower_bounds_, want.lower_bounds_, rtol=1e-9))
    # The methods on the last fitted model (X on the last map), against scikit-learn's.
    labels = got.predict(Xd)
    assert labels.map == row_map(m) and labels.dtype == np.int64
    assert all_ranks_agree(np.array_equal(pg.agg_all(labels), want.predict(X)))
    proba = got.predict_proba(Xd)
    assert proba.map == row_map(m, 2)
    assert all_ranks_agree(np.allclose(pg.agg_all(proba), want.predict_proba(X), atol=1e-7))
    assert all_ranks_agree(np.allclose(pg.agg_all(got.score_samples(Xd)), want.score_samples(X),
                                       rtol=1e-8, atol=1e-8))
    for f in ("score", "bic", "aic"):
        a, b = getattr(got, f)(Xd), getattr(want, f)(X)
        assert isinstance(a, float) and abs(a - b) <= 1e-8 * (1 + abs(b)), (f, a, b)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        same = np.array_equal(pg.agg_all(got.fit_predict(Xd)), want.fit_predict(X))
    assert all_ranks_agree(same)


@pytest.mark.parametrize("init", ["kmeans", "k-means++", "random", "random_from_data"])
@pytest.mark.parametrize("kind", ["full", "diag"])
def test_seeded_init_equals_sklearn(init, kind):
    X, k = load("blobs")
    params = dict(n_components=k, covariance_type=kind, init_params=init, random_state=3,
                  n_init=2, max_iter=200)
    want = fit_quietly(skm.GaussianMixture(**params), X)
    for m in maps_2d()[:3] + maps_2d()[5:]:  # block, cyclic, block-cyclic, one rank, 2-D grid
        got = fit_quietly(pg.ml.GaussianMixture(**params), pg.from_numpy(X, m))
        assert all_ranks_agree(same_model(got, want, 1e-6)), (m, got.n_iter_, want.n_iter_)


def test_random_state_instance_is_consumed_like_sklearns():
    X, k = load("iris")
    params = dict(n_components=k, init_params="random", max_iter=5)
    want = fit_quietly(skm.GaussianMixture(random_state=np.random.RandomState(1), **params), X)
    rs = np.random.RandomState(1)
    got = fit_quietly(pg.ml.GaussianMixture(random_state=rs, **params), rows(X))
    assert all_ranks_agree(same_model(got, want, 1e-6))
    ref = np.random.RandomState(1)
    ref.uniform(size=X.shape[0] * k)
    assert all_ranks_agree(rs.random_sample() == ref.random_sample())


def test_same_model_on_1_to_p_ranks():
    X, k = load("wine")

    def make(comm):
        Xd = pg.from_numpy(X, pg.dmap([comm.Get_size(), 1], "c"), comm=comm)
        g = fit_quietly(pg.ml.GaussianMixture(n_components=k, covariance_type="full",
                                              random_state=0), Xd)
        return g.weights_, g.means_, g.covariances_, g.lower_bound_

    states = []
    for p in range(1, pg.Np + 1):
        state, agree = fit_on_first_ranks(p, make)
        assert agree
        states.append(state)
    for s in states[1:]:
        assert all(np.allclose(a, b, rtol=1e-9, atol=1e-12) for a, b in zip(s, states[0]))


def test_warm_start_and_max_iter_zero_follow_sklearn():
    X, k = load("iris")
    inits = explicit_inits(X, k, "full")
    want = skm.GaussianMixture(n_components=k, warm_start=True, max_iter=3, **inits)
    got = pg.ml.GaussianMixture(n_components=k, warm_start=True, max_iter=3, **inits)
    Xd = pg.from_numpy(X, pg.dmap([pg.Np, 1], ("bc", 4)))
    for _ in range(3):
        fit_quietly(want, X)
        fit_quietly(got, Xd)
        assert all_ranks_agree(same_model(got, want))
    want0 = skm.GaussianMixture(n_components=k, max_iter=0, random_state=0).fit(X)
    got0 = pg.ml.GaussianMixture(n_components=k, max_iter=0, random_state=0).fit(Xd)
    assert all_ranks_agree(same_model(got0, want0))


def test_sample_equals_sklearns():
    X, k = load("blobs")
    for kind in TYPES:
        params = dict(n_components=k, covariance_type=kind, random_state=5)
        want = fit_quietly(skm.GaussianMixture(**params), X)
        got = fit_quietly(pg.ml.GaussianMixture(**params), rows(X))
        # Same model bits, so that sampling compares the generators, not the fits.
        for a in STATE:
            setattr(got, a, getattr(want, a))
        Xs, ys = got.sample(37)
        Xw, yw = want.sample(37)
        assert np.array_equal(ys, yw) and np.allclose(Xs, Xw, rtol=1e-12, atol=1e-12)
        assert same_everywhere(Xs) and isinstance(Xs, np.ndarray)


def test_float32_and_numpy_input():
    X, k = load("iris")
    inits = explicit_inits(X, k, "diag")
    want = fit_quietly(skm.GaussianMixture(n_components=k, covariance_type="diag", **inits), X)
    got = fit_quietly(pg.ml.GaussianMixture(n_components=k, covariance_type="diag", **inits),
                      rows(X.astype(np.float32)))
    assert got.means_.dtype == np.float32
    assert all_ranks_agree(np.allclose(got.means_, want.means_, rtol=1e-4, atol=1e-4))
    got64 = fit_quietly(pg.ml.GaussianMixture(n_components=k, covariance_type="diag", **inits), X)
    assert all_ranks_agree(same_model(got64, want))


def test_params_clone_repr():
    g = pg.ml.GaussianMixture(n_components=3, covariance_type="diag", random_state=1)
    c = clone(g)
    assert c.get_params() == g.get_params() and c is not g
    assert repr(g) == "GaussianMixture(covariance_type='diag', n_components=3, random_state=1)"
    assert pg.ml.mixture.GaussianMixture is pg.ml.GaussianMixture


def sk_error(make, X):
    try:
        make(skm).fit(X)
    except (ValueError, AttributeError) as e:
        return type(e), str(e)
    return None, None


class _PG:
    GaussianMixture = pg.ml.GaussianMixture


@pytest.mark.parametrize("kw", [
    dict(n_components=0), dict(covariance_type="bogus"), dict(reg_covar=-1.0), dict(tol=-1),
    dict(max_iter=-1), dict(n_init=0), dict(random_state="x"), dict(n_components=200),
    dict(n_components=3, weights_init=[0.5, 0.6, 0.1]),
    dict(n_components=3, weights_init=[0.5, 0.5]),
    dict(n_components=3, weights_init=[0.3, 0.3, 0.3]),
    dict(n_components=2, means_init=np.zeros((2, 3))),
    dict(n_components=2, precisions_init=np.ones((2, 4))),
    dict(n_components=2, covariance_type="diag", precisions_init=-np.ones((2, 4))),
    dict(n_components=2, covariance_type="tied", precisions_init=-np.eye(4)),
])
def test_bad_parameters_raise_sklearns_errors_everywhere(kw):
    X, _ = load("iris")
    kind, msg = sk_error(lambda mod: mod.GaussianMixture(**kw), X)
    assert kind is not None
    # scikit-learn lists str options in set order: compare up to the option list.
    prefix = msg.split("{")[0]
    assert raises_everywhere(ValueError, "^" + re.escape(prefix),
                             lambda: pg.ml.GaussianMixture(**kw).fit(rows(X)))


def test_bad_data_raise_everywhere():
    X, _ = load("iris")
    g = pg.ml.GaussianMixture(n_components=2)
    assert raises_everywhere(ValueError, "minimum of 2 is required by GaussianMixture",
                             lambda: g.fit(rows(X[:1])))
    Xn = X.copy()
    Xn[3, 1] = np.nan
    assert raises_everywhere(ValueError, "Input X contains NaN",
                             lambda: g.fit(rows(Xn)))
    assert raises_everywhere(pg.ml.NotFittedError, "not fitted",
                             lambda: g.predict(rows(X)))
    g.fit(rows(X))
    assert raises_everywhere(ValueError, "X has 3 features, but GaussianMixture is expecting 4",
                             lambda: g.predict(rows(X[:, :3])))
    assert raises_everywhere(ValueError, "Invalid value for 'n_samples'", lambda: g.sample(0))
    # Collapsed data: scikit-learn's ill-defined covariance error, on every rank.
    Xc = np.zeros((20, 2))
    assert raises_everywhere(ValueError, "ill-defined empirical covariance",
                             lambda: pg.ml.GaussianMixture(n_components=2, reg_covar=0,
                                                           init_params="random",
                                                           random_state=0).fit(
                                 rows(Xc)))


def test_inits_that_differ_across_ranks_raise_everywhere():
    if pg.Np == 1:
        pytest.skip("needs two ranks to differ")
    X, k = load("iris")
    inits = explicit_inits(X, k, "full")
    if pg.Pid == 1:  # an init that is invalid on one rank only must not hang the others
        inits["weights_init"] = np.full(k, 0.5)
    assert raises_everywhere(ValueError, "differs across ranks",
                             lambda: pg.ml.GaussianMixture(n_components=k, **inits).fit(rows(X)))
