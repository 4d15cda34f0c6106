"""pgas.ml.naive_bayes.GaussianNB against scikit-learn's on iris, wine, digits, breast_cancer
and make_blobs, X on maps of every kind (uneven rows, ranks without rows, split columns) and
y on another map, asserting on every rank: theta_, var_, class_prior_, class_count_,
epsilon_ equal to scikit-learn's to rounding, equal predictions and (log) probabilities,
partial_fit over batches as scikit-learn's, priors, the same model on 1..P ranks, and
scikit-learn's errors for bad input on every rank."""

import numpy as np
import pytest

import pgas as pg
from pgas.ml import base
from pgas.ml.naive_bayes import GaussianNB
from conftest import all_ranks_agree, raises_everywhere, same_everywhere
from ml_testing import fit_on_first_ranks, maps_2d

sklearn = pytest.importorskip("sklearn")
from sklearn import datasets  # noqa: E402
from sklearn import naive_bayes as skl  # noqa: E402
from sklearn.base import clone  # noqa: E402

STATE = ["theta_", "var_", "class_prior_", "class_count_", "classes_"]


def dataset(name):
    if name == "blobs":
        return datasets.make_blobs(n_samples=157, n_features=5, centers=4, random_state=3)
    return getattr(datasets, f"load_{name}")(return_X_y=True)


def y_map():
    p = pg.Np
    return pg.dmap([p], "c", list(reversed(range(p))))


def close(a, b, rtol=1e-9):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        return False
    scale = max(1e-300, float(np.max(np.abs(b)))) if b.size else 1.0
    return bool(np.allclose(a, b, rtol=rtol, atol=rtol * scale))


def assert_same_state(ours, theirs, rtol=1e-9):
    for name in STATE:
        assert all_ranks_agree(close(getattr(ours, name), getattr(theirs, name), rtol)), name
        assert same_everywhere(getattr(ours, name)), name
    assert all_ranks_agree(np.isclose(ours.epsilon_, theirs.epsilon_, rtol=rtol, atol=0))
    assert ours.classes_.dtype == theirs.classes_.dtype


@pytest.mark.parametrize("name", ["iris", "wine", "digits", "breast_cancer", "blobs"])
def test_fit_and_predict_equal_sklearn_on_every_map(name):
    X, y = dataset(name)
    ref = skl.GaussianNB().fit(X, y)
    proba, log_proba = ref.predict_proba(X), ref.predict_log_proba(X)
    joint, labels = ref.predict_joint_log_proba(X), ref.predict(X)
    for m in maps_2d():
        Xd = pg.from_numpy(X, m)
        yd = pg.from_numpy(y, y_map())
        est = GaussianNB().fit(Xd, yd)
        assert_same_state(est, ref)
        got = est.predict(Xd)
        assert isinstance(got, pg.darray) and got.dtype == labels.dtype
        assert all_ranks_agree(np.array_equal(pg.agg_all(got), labels))
        assert all_ranks_agree(close(pg.agg_all(est.predict_proba(Xd)), proba, 1e-7))
        assert all_ranks_agree(close(pg.agg_all(est.predict_log_proba(Xd)), log_proba, 1e-7))
        assert all_ranks_agree(close(pg.agg_all(est.predict_joint_log_proba(Xd)), joint, 1e-9))
        assert all_ranks_agree(np.isclose(est.score(Xd, yd), ref.score(X, y)))


def test_numpy_input_priors_and_var_smoothing():
    X, y = dataset("wine")
    priors = np.array([0.2, 0.5, 0.3])
    ref = skl.GaussianNB(priors=priors, var_smoothing=1e-3).fit(X, y)
    est = GaussianNB(priors=priors, var_smoothing=1e-3).fit(X, y)
    assert_same_state(est, ref)
    assert all_ranks_agree(np.array_equal(pg.agg_all(est.predict(X)), ref.predict(X)))
    # float labels and float32 X keep their dtypes, as scikit-learn's.
    X32 = X.astype(np.float32)
    ref32 = skl.GaussianNB().fit(X32, y.astype(np.float64))
    est32 = GaussianNB().fit(pg.from_numpy(X32, pg.dmap([pg.Np, 1], "c")), y.astype(np.float64))
    assert est32.theta_.dtype == ref32.theta_.dtype == np.float32
    assert est32.classes_.dtype == np.float64
    assert_same_state(est32, ref32, rtol=1e-4)


def test_partial_fit_over_batches_equals_sklearn():
    X, y = dataset("digits")
    cuts = [0, 300, 301, 900, len(y)]
    ref = skl.GaussianNB(var_smoothing=1e-2)
    est = GaussianNB(var_smoothing=1e-2)
    classes = np.unique(y)
    ms = maps_2d()
    for i, (a, b) in enumerate(zip(cuts[:-1], cuts[1:])):
        kw = {"classes": classes} if i == 0 else {}
        ref.partial_fit(X[a:b], y[a:b], **kw)
        est.partial_fit(pg.from_numpy(X[a:b], ms[i % len(ms)]), pg.from_numpy(y[a:b], y_map()),
                        **kw)
        assert_same_state(est, ref)
    assert all_ranks_agree(np.array_equal(pg.agg_all(est.predict(X)), ref.predict(X)))
    # classes absent from the first batch; fit after partial_fit starts afresh.
    order = np.argsort(y, kind="stable")
    ref2, est2 = skl.GaussianNB(), GaussianNB()
    for part in np.array_split(order, 3):
        kw = {"classes": classes} if part is not None and ref2.__dict__.get("classes_") is None \
            else {}
        ref2.partial_fit(X[part], y[part], **kw)
        est2.partial_fit(pg.from_numpy(X[part], pg.dmap([pg.Np, 1])), y[part], **kw)
        assert_same_state(est2, ref2)
    assert_same_state(est2.fit(X, y), ref2.fit(X, y))


def test_same_model_on_every_rank_count():
    X, y = dataset("breast_cancer")

    def fit(comm):
        p = comm.Get_size()
        Xd = pg.from_numpy(X, pg.dmap([p, 1], ("bc", 7)), comm=comm)
        yd = pg.from_numpy(y, pg.dmap([p], "c"), comm=comm)
        est = GaussianNB().fit(Xd, yd)
        return est.theta_, est.var_, est.class_prior_, est.epsilon_

    fits = [fit_on_first_ranks(p, fit) for p in range(1, pg.Np + 1)]
    assert all(agree for _, agree in fits)
    for state, _ in fits[1:]:
        for a, b in zip(state, fits[0][0]):
            assert all_ranks_agree(close(a, b, 1e-12))


def test_params_repr_and_clone():
    est = GaussianNB(var_smoothing=1e-5)
    assert repr(est) == "GaussianNB(var_smoothing=1e-05)"
    assert est.get_params() == {"priors": None, "var_smoothing": 1e-5}
    c = clone(est)
    assert c is not est and c.get_params() == est.get_params()
    from sklearn.base import is_classifier
    assert is_classifier(est)


def test_bad_input_raises_sklearns_errors_on_every_rank():
    X, y = dataset("iris")
    Xd = pg.from_numpy(X, pg.dmap([pg.Np, 1], "c"))
    assert raises_everywhere(ValueError, r"inconsistent numbers of samples: \[150, 100\]",
                             lambda: GaussianNB().fit(Xd, y[:100]))
    assert raises_everywhere(ValueError, "Number of priors must match number of classes.",
                             lambda: GaussianNB(priors=[0.5, 0.5]).fit(Xd, y))
    assert raises_everywhere(ValueError, "The sum of the priors should be 1.",
                             lambda: GaussianNB(priors=[0.5, 0.5, 0.5]).fit(Xd, y))
    assert raises_everywhere(ValueError, "Priors must be non-negative.",
                             lambda: GaussianNB(priors=[1.5, -0.5, 0.0]).fit(Xd, y))
    assert raises_everywhere(ValueError, r"The 'var_smoothing' parameter of GaussianNB must be "
                             r"a float in the range \[0, inf\). Got -1 instead.",
                             lambda: GaussianNB(var_smoothing=-1).fit(Xd, y))
    Xnan = X.copy()
    Xnan[5, 1] = np.nan
    assert raises_everywhere(ValueError, "Input X contains NaN",
                             lambda: GaussianNB().fit(pg.from_numpy(Xnan, pg.dmap([pg.Np, 1])), y))
    ynan = y.astype(np.float64)
    ynan[3] = np.nan
    assert raises_everywhere(ValueError, "Input y contains NaN", lambda: GaussianNB().fit(Xd, ynan))
    assert raises_everywhere(ValueError, "classes must be passed on the first call to "
                             "partial_fit.", lambda: GaussianNB().partial_fit(Xd, y))
    est = GaussianNB().partial_fit(Xd, y, classes=[0, 1, 2])
    assert raises_everywhere(ValueError, r"is not the same as on last call to partial_fit",
                             lambda: est.partial_fit(Xd, y, classes=[0, 1]))
    assert raises_everywhere(ValueError, r"The target label\(s\) \[7\] in y do not exist in the "
                             r"initial classes \[0 1 2\]",
                             lambda: est.partial_fit(Xd, np.where(y == 2, 7, y)))
    assert raises_everywhere(ValueError, "X has 2 features, but GaussianNB is expecting 4 "
                             "features as input.", lambda: est.predict(X[:, :2]))
    assert raises_everywhere(base.NotFittedError, "not fitted", lambda: GaussianNB().predict(Xd))
    assert raises_everywhere(NotImplementedError, "sample_weight",
                             lambda: GaussianNB().fit(Xd, y, sample_weight=np.ones(150)))
