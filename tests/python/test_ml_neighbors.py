"""pgas.ml.neighbors (NearestNeighbors, KNeighborsClassifier, KNeighborsRegressor) and
pgas.ml.cluster.DBSCAN against scikit-learn on its bundled data sets, make_blobs and make_moons,
X on maps of every kind (uneven rows, ranks owning no rows, columns split), the queries on
another map: the same neighbours, votes, means, labels and core samples; the same answer on
1..P ranks in one run (sub-communicators); scikit-learn's errors on every rank."""

import numpy as np
import pytest

import pgas as pg
from conftest import all_ranks_agree, raises_everywhere, same_everywhere
from ml_testing import fit_on_first_ranks, maps_2d, mypy_strict_report
from pgas.ml.base import row_map

sklearn = pytest.importorskip("sklearn")
from sklearn import cluster as skc  # noqa: E402
from sklearn import datasets  # noqa: E402
from sklearn import neighbors as skn  # noqa: E402
from sklearn.base import clone  # noqa: E402


def load(name, jitter=True):
    """X, y of a data set. Bundled data with repeated values get a tiny jitter, so that
    distances are not tied exactly (the tie order of scikit-learn's trees is unspecified;
    test_ties_go_to_the_smaller_index checks pgas's rule on exact ties)."""
    if name == "blobs":
        return datasets.make_blobs(n_samples=301, centers=4, n_features=3, random_state=0)
    if name == "moons":
        return datasets.make_moons(n_samples=300, noise=0.06, random_state=0)
    d = getattr(datasets, "load_" + name)()
    X = d.data.astype(np.float64)
    if jitter:
        X = X + np.random.RandomState(0).uniform(-1e-6, 1e-6, X.shape) * (1 + np.abs(X))
    return X, d.target


def queries(X, n=37, seed=1):
    rs = np.random.RandomState(seed)
    return X[rs.choice(X.shape[0], n, replace=False)] + rs.normal(0, 0.1, (n, X.shape[1]))


def other_map(m):
    """A different map for the queries than X's."""
    return pg.dmap([pg.Np, 1], "c") if m.dist[0] != "c" else pg.dmap([1, pg.Np])


METRICS = [dict(), dict(metric="manhattan"), dict(p=3), dict(metric="chebyshev"),
           dict(metric="minkowski", p=1.5)]


def check_kneighbors(X, m, kw, n_neighbors=6):
    Q = queries(X)
    want_d, want_i = skn.NearestNeighbors(n_neighbors=n_neighbors, **kw).fit(X).kneighbors(Q)
    nn = pg.ml.NearestNeighbors(n_neighbors=n_neighbors, **kw).fit(pg.from_numpy(X, m))
    Qd = pg.from_numpy(Q, other_map(m))
    dist, ind = nn.kneighbors(Qd)
    ok = (np.array_equal(pg.agg_all(ind), want_i)
          and np.allclose(pg.agg_all(dist), want_d, rtol=1e-9, atol=1e-6)
          and dist.map == row_map(Qd, 2) and ind.dtype == np.int64
          and nn.n_samples_fit_ == X.shape[0] and nn.n_features_in_ == X.shape[1])
    # Without a query: the training rows, each not its own neighbour.
    want_d, want_i = skn.NearestNeighbors(n_neighbors=n_neighbors, **kw).fit(X).kneighbors(
        n_neighbors=4)
    dist, ind = nn.kneighbors(n_neighbors=4)
    ok = ok and (np.array_equal(pg.agg_all(ind), want_i)
                 and np.allclose(pg.agg_all(dist), want_d, rtol=1e-9, atol=1e-6)
                 and ind.map == row_map(m, 2))
    assert all_ranks_agree(ok), kw


@pytest.mark.parametrize("name", ["iris", "wine", "breast_cancer", "digits", "blobs"])
@pytest.mark.parametrize("m", maps_2d(), ids=repr)
def test_kneighbors_equals_sklearn(name, m):
    check_kneighbors(load(name)[0], m, {})


@pytest.mark.parametrize("kw", METRICS[1:], ids=repr)
def test_kneighbors_metrics_equal_sklearn(kw):
    for name in ("iris", "blobs"):
        for m in (maps_2d()[1], maps_2d()[-1]):
            check_kneighbors(load(name)[0], m, kw)
    X = load("wine")[0]
    nn = pg.ml.NearestNeighbors(n_neighbors=3, **kw).fit(X)
    assert all_ranks_agree(np.array_equal(pg.agg_all(nn.kneighbors(X, return_distance=False)),
                                          pg.agg_all(nn.kneighbors(X)[1])))


def test_ties_go_to_the_smaller_index():
    # digits are integers: many exact distance ties; pgas orders by (distance, index).
    X, _ = load("digits", jitter=False)
    X = X[:400]
    Q = X[::7] + 1.0
    d2 = ((Q[:, None, :] - X[None, :, :]) ** 2).sum(axis=2)  # exact: integers
    want_i = np.lexsort((np.broadcast_to(np.arange(X.shape[0]), d2.shape), d2), axis=1)[:, :9]
    want_d = np.sqrt(np.take_along_axis(d2, want_i, axis=1))
    for m in maps_2d():
        dist, ind = pg.ml.NearestNeighbors(n_neighbors=9).fit(
            pg.from_numpy(X, m)).kneighbors(Q)
        assert all_ranks_agree(np.array_equal(pg.agg_all(ind), want_i)
                               and np.array_equal(pg.agg_all(dist), want_d))
    sk_d = skn.NearestNeighbors(n_neighbors=9).fit(X).kneighbors(Q)[0]
    assert np.allclose(sk_d, want_d)


def test_float32():
    X, _ = load("wine")
    X32 = X.astype(np.float32)
    want_d, want_i = skn.NearestNeighbors(n_neighbors=5).fit(X32).kneighbors(X32[:20])
    dist, ind = pg.ml.NearestNeighbors(n_neighbors=5).fit(
        pg.from_numpy(X32, pg.dmap([pg.Np, 1], "c"))).kneighbors(X32[:20])
    assert dist.dtype == np.float32
    assert np.array_equal(pg.agg_all(ind), want_i)
    assert np.allclose(pg.agg_all(dist), want_d, rtol=1e-4, atol=1e-3)


@pytest.mark.parametrize("name", ["iris", "wine", "breast_cancer", "digits"])
@pytest.mark.parametrize("weights", ["uniform", "distance"])
def test_classifier_equals_sklearn(name, weights):
    X, y = load(name)
    Q = queries(X, 41, 2)
    maps = maps_2d()
    for k in (1, 7):
        want = skn.KNeighborsClassifier(k, weights=weights).fit(X, y)
        for m in (maps[0], maps[2], maps[5]):
            Xd = pg.from_numpy(X, m)
            yd = pg.from_numpy(y, pg.dmap([pg.Np], "c"))  # y on another map than X
            got = pg.ml.KNeighborsClassifier(k, weights=weights).fit(Xd, yd)
            Qd = pg.from_numpy(Q, other_map(m))
            pred = got.predict(Qd)
            ok = (np.array_equal(got.classes_, want.classes_)
                  and np.array_equal(pg.agg_all(pred), want.predict(Q))
                  and np.allclose(pg.agg_all(got.predict_proba(Qd)), want.predict_proba(Q),
                                  rtol=1e-9, atol=1e-9)
                  and pred.dtype == y.dtype and pred.map == row_map(Qd)
                  and abs(got.score(Xd, yd) - want.score(X, y)) < 1e-12)
            assert all_ranks_agree(ok), (name, weights, k, m)
        # No query: each training row's neighbours without itself (leave one out).
        assert all_ranks_agree(np.array_equal(pg.agg_all(got.predict()), want.predict(None)))


def test_vote_ties_go_to_the_smallest_class():
    X = np.array([[0.0], [1.0], [3.0], [4.0], [10.0], [11.0]])
    y = np.array([7, 3, 3, 7, 5, 9])
    Q = np.array([[0.5], [3.5], [10.5], [2.0]])
    want = skn.KNeighborsClassifier(2).fit(X, y).predict(Q)
    got = pg.ml.KNeighborsClassifier(2).fit(X, y).predict(Q)
    assert np.array_equal(pg.agg_all(got), want) and list(want) == [3, 3, 5, 3]


@pytest.mark.parametrize("weights", ["uniform", "distance"])
def test_regressor_equals_sklearn(weights):
    X, y = datasets.make_regression(n_samples=230, n_features=6, n_targets=2, noise=1.0,
                                    random_state=0)
    Q = queries(X, 30, 3)
    for target in (y[:, 0], y):
        want = skn.KNeighborsRegressor(5, weights=weights).fit(X, target)
        for m in maps_2d():
            got = pg.ml.KNeighborsRegressor(5, weights=weights).fit(pg.from_numpy(X, m), target)
            pred = got.predict(pg.from_numpy(Q, other_map(m)))
            ok = (pred.shape == want.predict(Q).shape
                  and np.allclose(pg.agg_all(pred), want.predict(Q), rtol=1e-12, atol=1e-9)
                  and np.allclose(pg.agg_all(got.predict()), want.predict(None), rtol=1e-12,
                                  atol=1e-9)
                  and abs(got.score(Q, want.predict(Q)) - 1.0) < 1e-12)
            assert all_ranks_agree(ok), (weights, target.ndim, m)
    # Exact matches: distance weights give the zero-distance neighbours all the weight.
    want = skn.KNeighborsRegressor(3, weights="distance").fit(X, y[:, 0]).predict(X[:10])
    got = pg.ml.KNeighborsRegressor(3, weights="distance").fit(X, y[:, 0]).predict(X[:10])
    assert np.allclose(pg.agg_all(got), want)


def test_same_answer_on_every_rank_count():
    X, y = load("wine")
    Q = queries(X, 25, 4)
    results = []
    for size in range(1, pg.Np + 1):
        def make(sub):
            m = pg.dmap([sub.Get_size(), 1], ("bc", 5))
            Xd = pg.from_numpy(X, m, comm=sub)
            Qd = pg.from_numpy(Q, pg.dmap([sub.Get_size(), 1], "c"), comm=sub)
            dist, ind = pg.ml.NearestNeighbors(n_neighbors=7).fit(Xd).kneighbors(Qd)
            clf = pg.ml.KNeighborsClassifier(5, weights="distance").fit(
                Xd, pg.from_numpy(y.astype(np.float64), pg.dmap([sub.Get_size()]), comm=sub))
            labels = pg.ml.DBSCAN(eps=40, min_samples=4).fit(Xd).labels_
            return (pg.agg_all(dist), pg.agg_all(ind), pg.agg_all(clf.predict_proba(Qd)),
                    pg.agg_all(labels))
        state, agree = fit_on_first_ranks(size, make)
        assert agree
        results.append(state)
    for r in results:
        assert all(np.array_equal(a, b) for a, b in zip(r, results[0]))


DBSCAN_CASES = [("moons", 0.2, 5), ("blobs", 0.9, 8), ("iris", 0.4, 4), ("wine", 20.0, 8),
                ("breast_cancer", 40.0, 3)]


@pytest.mark.parametrize("name,eps,min_samples", DBSCAN_CASES)
@pytest.mark.parametrize("m", maps_2d(), ids=repr)
def test_dbscan_equals_sklearn(name, eps, min_samples, m):
    X, _ = load(name)
    want = skc.DBSCAN(eps=eps, min_samples=min_samples).fit(X)
    got = pg.ml.DBSCAN(eps=eps, min_samples=min_samples).fit(pg.from_numpy(X, m))
    labels = pg.agg_all(got.labels_)
    ok = (np.array_equal(labels, want.labels_)
          and np.array_equal(got.core_sample_indices_, want.core_sample_indices_)
          and np.array_equal(got.components_, want.components_)
          and got.labels_.dtype == np.int64 and got.labels_.map == row_map(m))
    assert all_ranks_agree(ok), (name, len(set(labels)), len(set(want.labels_)))
    assert same_everywhere(got.core_sample_indices_)
    assert len(set(want.labels_)) > 2 or name == "moons"  # the case is not trivial


def test_dbscan_metrics_and_edge_cases():
    X, _ = load("blobs")
    for kw in (dict(metric="manhattan", eps=1.2), dict(metric="chebyshev", eps=0.7),
               dict(metric="minkowski", p=3, eps=0.8)):
        want = skc.DBSCAN(min_samples=6, **kw).fit(X)
        got = pg.ml.DBSCAN(min_samples=6, **kw).fit(pg.from_numpy(X, pg.dmap([pg.Np, 1], "c")))
        assert all_ranks_agree(np.array_equal(pg.agg_all(got.labels_), want.labels_)), kw
    # All noise, and one sample per cluster.
    got = pg.ml.DBSCAN(eps=1e-3, min_samples=2).fit(X)
    assert got.core_sample_indices_.size == 0 and got.components_.shape == (0, 3)
    assert np.all(pg.agg_all(got.labels_) == -1)
    got = pg.ml.DBSCAN(eps=1e-3, min_samples=1).fit(X)
    assert np.array_equal(pg.agg_all(got.labels_), np.arange(X.shape[0]))
    assert np.array_equal(pg.agg_all(got.fit_predict(X)), np.arange(X.shape[0]))


def test_params_clone_repr():
    for ours, theirs in ((pg.ml.NearestNeighbors, skn.NearestNeighbors),
                         (pg.ml.KNeighborsClassifier, skn.KNeighborsClassifier),
                         (pg.ml.KNeighborsRegressor, skn.KNeighborsRegressor),
                         (pg.ml.DBSCAN, skc.DBSCAN)):
        assert ours().get_params() == theirs().get_params(), ours
        c = clone(ours())
        assert c.get_params() == ours().get_params()
    assert repr(pg.ml.KNeighborsClassifier(3, weights="distance")) == \
        "KNeighborsClassifier(n_neighbors=3, weights='distance')"
    assert pg.ml.neighbors.KNeighborsClassifier is pg.ml.KNeighborsClassifier
    assert pg.ml.cluster.DBSCAN is pg.ml.DBSCAN
    assert sklearn.base.is_classifier(pg.ml.KNeighborsClassifier())
    assert sklearn.base.is_regressor(pg.ml.KNeighborsRegressor())
    assert sklearn.base.is_clusterer(pg.ml.DBSCAN())


def test_bad_input_raises_on_every_rank():
    X, y = load("iris")
    Xd = pg.from_numpy(X, pg.dmap([pg.Np, 1]))
    NN, KNC, KNR = pg.ml.NearestNeighbors, pg.ml.KNeighborsClassifier, pg.ml.KNeighborsRegressor
    cases = [
        (lambda: NN(n_neighbors=200).fit(Xd).kneighbors(Xd[:5, :]),
         r"Expected n_neighbors <= n_samples_fit, but n_neighbors = 200, n_samples_fit = 150, "
         r"n_samples = 5"),
        (lambda: NN().fit(Xd).kneighbors(n_neighbors=150),
         r"Expected n_neighbors < n_samples_fit, but n_neighbors = 150, n_samples_fit = 150"),
        (lambda: NN().fit(Xd).kneighbors(Xd, n_neighbors=0), r"Expected n_neighbors > 0\. Got 0"),
        (lambda: NN(n_neighbors=0).fit(Xd),
         r"The 'n_neighbors' parameter of NearestNeighbors must be an int in the range "
         r"\[1, inf\) or None\. Got 0 instead\."),
        (lambda: NN(metric="bogus").fit(Xd),
         r"The 'metric' parameter of NearestNeighbors must be a str among"),
        (lambda: NN(p=0).fit(Xd),
         r"The 'p' parameter of NearestNeighbors must be a float in the range \(0\.0, inf\]"),
        (lambda: NN(algorithm="fast").fit(Xd), r"The 'algorithm' parameter of NearestNeighbors"),
        (lambda: KNC(weights="bogus").fit(Xd, y),
         r"The 'weights' parameter of KNeighborsClassifier must be a str among"),
        (lambda: KNC().predict(Xd), r"This KNeighborsClassifier instance is not fitted yet"),
        (lambda: KNC().fit(Xd, y).predict(Xd[:, :3]),
         r"X has 3 features, but KNeighborsClassifier is expecting 4 features as input"),
        (lambda: KNC().fit(Xd, y[:100]),
         r"Found input variables with inconsistent numbers of samples: \[150, 100\]"),
        (lambda: KNC().fit(Xd, y + 0.5), r"Unknown label type: continuous"),
        (lambda: KNR().fit(Xd, y).predict(np.zeros((3, 5))),
         r"X has 5 features, but KNeighborsRegressor is expecting 4 features"),
        (lambda: pg.ml.DBSCAN(eps=0).fit(Xd),
         r"The 'eps' parameter of DBSCAN must be a float in the range \(0\.0, inf\)\. Got 0 "
         r"instead\."),
        (lambda: pg.ml.DBSCAN(min_samples=0).fit(Xd),
         r"The 'min_samples' parameter of DBSCAN must be an int in the range \[1, inf\)"),
        (lambda: pg.ml.DBSCAN(metric="bogus").fit(Xd), r"The 'metric' parameter of DBSCAN"),
    ]
    for f, match in cases:
        assert raises_everywhere(ValueError, match, f), match
    assert raises_everywhere(TypeError, "n_neighbors does not take",
                             lambda: NN().fit(Xd).kneighbors(Xd, n_neighbors=2.5))
    assert raises_everywhere(NotImplementedError, "cosine",
                             lambda: NN(metric="cosine").fit(Xd))
    bad = Xd.copy()
    bad[7, 2] = np.nan
    assert raises_everywhere(ValueError, "Input X contains NaN", lambda: NN().fit(bad))
    assert raises_everywhere(ValueError, "Input X contains NaN", lambda: pg.ml.DBSCAN().fit(bad))
    assert raises_everywhere(ValueError, "Input X contains NaN",
                             lambda: NN().fit(Xd).kneighbors(bad))
    if pg.Np > 1:
        assert raises_everywhere(ValueError, "a parameter of DBSCAN differs across ranks",
                                 lambda: pg.ml.DBSCAN(eps=0.5 + pg.Pid).fit(Xd))


TYPED_PROGRAM = '''
import numpy as np
from numpy.typing import NDArray

import pgas as pg
from pgas.ml.cluster import DBSCAN
from pgas.ml.neighbors import KNeighborsClassifier, KNeighborsRegressor, NearestNeighbors


def run() -> float:
    X: NDArray[np.float64] = np.random.RandomState(0).rand(40, 3)
    y: NDArray[np.int64] = (X[:, 0] > 0.5).astype(np.int64)
    Xd: pg.darray = pg.from_numpy(X, pg.dmap([pg.Np, 1]))
    dist, ind = NearestNeighbors(n_neighbors=3).fit(Xd).kneighbors(Xd)
    only: pg.darray = NearestNeighbors().fit(X).kneighbors(X, 2, return_distance=False)
    clf = KNeighborsClassifier(3, weights="distance").fit(Xd, y)
    proba: pg.darray = clf.predict_proba(Xd)
    classes: NDArray[np.int64] = clf.classes_
    reg = KNeighborsRegressor(4).fit(X, X[:, 1])
    score: float = reg.score(X, X[:, 1]) + clf.score(Xd, y)
    labels: pg.darray = DBSCAN(eps=0.3, min_samples=3).fit(Xd).labels_
    core: NDArray[np.int64] = DBSCAN().fit(X).core_sample_indices_
    return score + float(dist.sum()) + float(ind.sum()) + float(only.sum()) + float(proba.sum()) \
        + float(labels.sum()) + core.size + classes.size + float(pg.ml.DBSCAN().fit_predict(X).sum())


print(run())
'''


def test_stubs_type_check_a_neighbors_program(tmp_path):
    pytest.importorskip("mypy")
    assert mypy_strict_report(tmp_path, "typed_neighbors.py", TYPED_PROGRAM) == ""
