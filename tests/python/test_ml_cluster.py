"""pgas.ml.cluster.KMeans against scikit-learn on its bundled data sets and make_blobs, X on maps
of every kind (uneven rows, ranks owning no rows, columns split): from an explicit init the
model equals scikit-learn's; with random_state it is the same model on every map and on 1..P
ranks in one run (sub-communicators); bad input raises scikit-learn's errors on every rank."""
import warnings

import numpy as np
import pytest
from mpi4py import MPI

import pgas as pg
from pgas.ml.base import row_map
from conftest import all_ranks_agree, raises_everywhere

sklearn = pytest.importorskip("sklearn")
from sklearn import cluster as skc  # noqa: E402
from sklearn import datasets  # noqa: E402
from sklearn.base import clone  # noqa: E402
import sklearn.exceptions  # noqa: E402,F401


def maps_2d():
    p = pg.Np
    out = [pg.dmap([p, 1]), pg.dmap([p, 1], "c"), pg.dmap([p, 1], ("bc", 7)),
           pg.dmap([p, 1], overlap=[2, 0]), pg.dmap([1, 1], procs=[p - 1]), pg.dmap([1, p], "c")]
    if p >= 2:
        out.append(pg.dmap([2, p // 2], ["c", "b"], list(reversed(range(2 * (p // 2))))))
    return out


def load(name):
    if name == "blobs":
        X, _ = datasets.make_blobs(n_samples=403, centers=5, n_features=3, random_state=0)
        return X
    return getattr(datasets, "load_" + name)().data


DATA = {"iris": 3, "wine": 3, "digits": 10, "breast_cancer": 2, "blobs": 5}


def explicit_init(X, k, seed=0):
    """k rows of X, jittered: rows of integer data (digits) as centres make exact distance ties,
    which scikit-learn breaks by its rounding and we by ours."""
    rs = np.random.RandomState(seed)
    rows = X[rs.choice(X.shape[0], k, replace=False)]
    return rows + rs.uniform(-1e-3, 1e-3, rows.shape) * (1 + np.abs(rows))


def same_everywhere(value):
    values = MPI.COMM_WORLD.allgather(value)
    return all(np.array_equal(v, values[0]) for v in values)


@pytest.mark.parametrize("name", list(DATA))
@pytest.mark.parametrize("m", maps_2d(), ids=repr)
def test_explicit_init_equals_sklearn(name, m):
    X = load(name)
    k = DATA[name]
    init = explicit_init(X, k)
    want = skc.KMeans(n_clusters=k, init=init, n_init=1).fit(X)
    got = pg.ml.KMeans(n_clusters=k, init=init, n_init=1).fit(pg.from_numpy(X, m))
    labels = pg.agg_all(got.labels_)
    scale = np.abs(X).max()
    ok = (np.allclose(got.cluster_centers_, want.cluster_centers_, rtol=0, atol=1e-9 * scale)
          and np.array_equal(labels, want.labels_)
          and abs(got.inertia_ - want.inertia_) <= 1e-9 * want.inertia_
          and got.n_iter_ == want.n_iter_ and got.n_features_in_ == X.shape[1]
          and got.labels_.dtype == np.int32 and got.labels_.map == row_map(m))
    assert all_ranks_agree(ok), (got.n_iter_, want.n_iter_, got.inertia_, want.inertia_)
    assert same_everywhere(got.cluster_centers_)
    # The other methods on the fitted model, against scikit-learn's.
    Xd = pg.from_numpy(X, m)
    assert all_ranks_agree(np.array_equal(pg.agg_all(got.predict(Xd)), want.predict(X)))
    assert all_ranks_agree(np.allclose(pg.agg_all(got.transform(Xd)), want.transform(X),
                                       rtol=1e-7, atol=1e-7 * scale))
    assert abs(got.score(Xd) - want.score(X)) <= 1e-9 * abs(want.score(X))
    assert all_ranks_agree(np.array_equal(pg.agg_all(got.fit_predict(Xd)), want.labels_))


def test_numpy_input_float32_and_tol_and_max_iter():
    X = load("digits")
    init = explicit_init(X, 10, 1)
    for kw in ({"tol": 0.0}, {"tol": 1e-2}, {"max_iter": 3}):
        want = skc.KMeans(10, init=init, n_init=1, **kw).fit(X)
        got = pg.ml.KMeans(10, init=init, n_init=1, **kw).fit(X)  # NumPy on every rank
        assert got.n_iter_ == want.n_iter_, kw
        assert np.array_equal(pg.agg_all(got.labels_), want.labels_), kw
        assert np.allclose(got.cluster_centers_, want.cluster_centers_, atol=1e-9 * 16)
    X32 = load("iris").astype(np.float32)
    init = explicit_init(X32, 3)
    want = skc.KMeans(3, init=init, n_init=1).fit(X32)
    got = pg.ml.KMeans(3, init=init, n_init=1).fit(pg.from_numpy(X32, pg.dmap([pg.Np, 1], "c")))
    assert got.cluster_centers_.dtype == np.float32
    assert np.allclose(got.cluster_centers_, want.cluster_centers_, atol=1e-4)
    assert np.array_equal(pg.agg_all(got.labels_), want.labels_)
    assert abs(got.inertia_ - want.inertia_) <= 1e-4 * want.inertia_


def test_empty_cluster_is_relocated_like_sklearn():
    X = load("blobs")
    init = explicit_init(X, 5, 3)
    init[0] = 1e3  # nothing is closest to it: its cluster is empty after the first assignment
    want = skc.KMeans(5, init=init, n_init=1).fit(X)
    for m in maps_2d():
        got = pg.ml.KMeans(5, init=init, n_init=1).fit(pg.from_numpy(X, m))
        assert all_ranks_agree(np.array_equal(pg.agg_all(got.labels_), want.labels_)
                               and np.allclose(got.cluster_centers_, want.cluster_centers_,
                                               atol=1e-9) and got.n_iter_ == want.n_iter_)


@pytest.mark.parametrize("init", ["k-means++", "random"])
def test_seeded_model_is_the_same_on_every_map_and_rank_count(init):
    X = load("blobs")
    world = MPI.COMM_WORLD
    results = []
    for size in range(1, pg.Np + 1):
        sub = world.Split(0 if world.Get_rank() < size else MPI.UNDEFINED, world.Get_rank())
        res = None
        if sub != MPI.COMM_NULL:
            for m in (pg.dmap([size, 1], "c"), pg.dmap([1, size]), pg.dmap([size, 1], ("bc", 5))):
                km = pg.ml.KMeans(5, init=init, n_init=3, random_state=11).fit(
                    pg.from_numpy(X, m, comm=sub))
                here = (km.cluster_centers_, pg.agg_all(km.labels_), km.inertia_, km.n_iter_)
                if res is None:
                    res = here
                assert np.allclose(here[0], res[0], atol=1e-10) and np.array_equal(here[1], res[1])
        results.append(world.bcast(res, root=0))
    for centers, labels, inertia, n_iter in results:
        assert np.allclose(centers, results[0][0], rtol=0, atol=1e-10)
        assert np.array_equal(labels, results[0][1]) and n_iter == results[0][3]
        assert abs(inertia - results[0][2]) <= 1e-10 * inertia
    want = skc.KMeans(5, init=init, n_init=3, random_state=11).fit(X)
    assert results[0][2] <= want.inertia_ * (1 + 1e-9)


@pytest.mark.parametrize("name", ["iris", "wine", "breast_cancer"])
def test_seeded_inertia_no_worse_than_sklearn(name):
    X = load(name)
    k = DATA[name]
    want = skc.KMeans(k, n_init=10, random_state=0).fit(X)
    got = pg.ml.KMeans(k, n_init=10, random_state=0).fit(pg.from_numpy(X, pg.dmap([pg.Np, 1])))
    assert got.inertia_ <= want.inertia_ * (1 + 1e-9)
    assert same_everywhere(got.cluster_centers_)


def test_params_clone_repr():
    km = pg.ml.KMeans(3, random_state=0, init="random")
    assert repr(km) == "KMeans(init='random', n_clusters=3, random_state=0)"
    c = clone(km)
    assert c.get_params() == km.get_params() and c is not km
    assert sorted(km.get_params()) == sorted(skc.KMeans().get_params())
    for key, value in skc.KMeans().get_params().items():
        assert pg.ml.KMeans().get_params()[key] == value, key
    assert pg.ml.cluster.KMeans is pg.ml.KMeans
    assert sklearn.base.is_clusterer(km)


def test_bad_input_raises_on_every_rank():
    X = pg.from_numpy(load("iris"), pg.dmap([pg.Np, 1]))
    KM = pg.ml.KMeans
    cases = [
        (lambda: KM(0).fit(X), r"The 'n_clusters' parameter of KMeans must be an int in the "
                               r"range \[1, inf\)\. Got 0 instead\."),
        (lambda: KM(2, init="bogus").fit(X), r"The 'init' parameter of KMeans must be"),
        (lambda: KM(2, n_init=0).fit(X), r"The 'n_init' parameter of KMeans"),
        (lambda: KM(2, max_iter=0).fit(X), r"The 'max_iter' parameter of KMeans"),
        (lambda: KM(2, tol=-1.0).fit(X), r"The 'tol' parameter of KMeans"),
        (lambda: KM(2, algorithm="full").fit(X), r"The 'algorithm' parameter of KMeans"),
        (lambda: KM(200).fit(X), r"n_samples=150 should be >= n_clusters=200\."),
        (lambda: KM(2, init=np.zeros((3, 4))).fit(X),
         r"The shape of the initial centers \(3, 4\) does not match the number of clusters 2"),
        (lambda: KM(2, init=np.zeros((2, 3))).fit(X),
         r"does not match the number of features of the data 4"),
        (lambda: KM(2).predict(X), r"This KMeans instance is not fitted yet"),
        (lambda: KM(2).fit(X).predict(pg.rand(5, 3, map=pg.dmap([pg.Np, 1]), seed=1)),
         r"X has 3 features, but KMeans is expecting 4 features as input"),
        (lambda: KM(2).fit(pg.rand(5, map=pg.dmap([pg.Np]), seed=1)),
         r"Expected 2D array, got 1D array instead"),
    ]
    for f, match in cases:
        assert raises_everywhere(ValueError, match, f), match
    if pg.Np > 1:
        assert raises_everywhere(ValueError, "a parameter of KMeans differs across ranks",
                                 lambda: KM(2 + (pg.Pid == 1)).fit(X))
        init = load("iris")[:2] + (pg.Pid == 0)
        assert raises_everywhere(ValueError, "differs across ranks",
                                 lambda: KM(2, init=init).fit(X))
    bad = X.copy()
    bad[149, 3] = np.nan
    assert raises_everywhere(ValueError, r"Input X contains NaN", lambda: KM(2).fit(bad))
    assert raises_everywhere(pg.ml.NotFittedError, "not fitted", lambda: KM(2).transform(X))
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        KM(3, init=load("iris")[:3], n_init=4).fit(X)
    assert any("performing only one init" in str(x.message) for x in w)
    # Duplicate points: fewer distinct clusters than asked for, warned as scikit-learn does.
    dup = np.repeat(np.array([[0.0, 0.0], [5.0, 5.0]]), 10, axis=0)
    with pytest.warns(pg.ml.base.ConvergenceWarning, match=r"Number of distinct clusters \(2\) "
                      r"found smaller than n_clusters \(3\)"):
        got = KM(3, random_state=0).fit(dup)
    with pytest.warns(sklearn.exceptions.ConvergenceWarning):
        want = skc.KMeans(3, random_state=0).fit(dup)
    assert np.isclose(got.inertia_, want.inertia_, atol=1e-12)
