"""pgas.ml.metrics against scikit-learn: y_true and y_pred as darrays on maps of every kind
(also two different maps, overlap, ranks owning nothing) and as NumPy on every rank; the
result is the same float on every rank."""
import numpy as np
import pytest
from mpi4py import MPI

import pgas as pg
from pgas.ml import metrics as pm
from conftest import all_ranks_agree

sklearn = pytest.importorskip("sklearn")
from sklearn import metrics as sm  # noqa: E402
from sklearn import cluster as _cluster, datasets  # noqa: E402,F401


def maps_1d():
    p = pg.Np
    out = [pg.dmap([p]), pg.dmap([p], "c"), pg.dmap([p], ("bc", 3)), pg.dmap([p], overlap=[2]),
           pg.dmap([1], procs=[p - 1])]
    if p >= 2:
        out.append(pg.dmap([p - 1], "c", procs=list(range(1, p))))
    return out


def pairs():
    ms = maps_1d()
    return [(a, b) for a in ms for b in (ms[0], ms[1], ms[-1])]


def same_everywhere(value):
    values = MPI.COMM_WORLD.allgather(value)
    return all(np.array_equal(v, values[0]) for v in values)


def labels(n, k, seed):
    return np.random.RandomState(seed).randint(0, k, size=n)


@pytest.mark.parametrize("ma,mb", pairs(), ids=repr)
def test_classification_metrics(ma, mb):
    t = labels(103, 4, 1)
    p = np.where(np.random.RandomState(2).rand(103) < 0.7, t, labels(103, 5, 3))
    T, P = pg.from_numpy(t, ma), pg.from_numpy(p, mb)
    got = [pm.accuracy_score(T, P), pm.accuracy_score(T, P, normalize=False),
           pm.adjusted_rand_score(T, P)]
    want = [sm.accuracy_score(t, p), sm.accuracy_score(t, p, normalize=False),
            sm.adjusted_rand_score(t, p)]
    assert np.allclose(got, want, rtol=1e-12, atol=0) and same_everywhere(got)
    assert np.array_equal(pm.confusion_matrix(T, P), sm.confusion_matrix(t, p))
    assert pm.confusion_matrix(T, P).dtype == np.int64
    for norm in ("true", "pred", "all"):
        assert np.allclose(pm.confusion_matrix(T, P, normalize=norm),
                           sm.confusion_matrix(t, p, normalize=norm))
    lab = [3, 0, 7, 1]
    assert np.array_equal(pm.confusion_matrix(T, P, labels=lab),
                          sm.confusion_matrix(t, p, labels=lab))


def test_classification_numpy_mixed_dtypes_and_errors():
    t = labels(50, 3, 4)
    p = labels(50, 3, 5).astype(np.float64)
    assert pm.accuracy_score(t, p) == sm.accuracy_score(t, p)
    assert pm.accuracy_score(pg.from_numpy(t, pg.dmap([pg.Np], "c")), p) == sm.accuracy_score(t, p)
    assert pm.adjusted_rand_score(t, t + 5) == 1.0 == sm.adjusted_rand_score(t, t + 5)
    assert pm.adjusted_rand_score(np.zeros(7, int), np.arange(7)) == \
        sm.adjusted_rand_score(np.zeros(7, int), np.arange(7))
    with pytest.raises(ValueError, match="inconsistent numbers of samples: \\[50, 49\\]"):
        pm.accuracy_score(t, p[:49])
    with pytest.raises(ValueError, match="inconsistent numbers of samples: \\[50, 49\\]"):
        pm.accuracy_score(t, pg.from_numpy(p[:49], pg.dmap([pg.Np], "c")))
    with pytest.raises(ValueError, match="At least one label specified must be in y_true"):
        pm.confusion_matrix(t, p, labels=[9, 10])
    big = labels(5000, 3, 6)
    # KMeans labels against the truth, both darrays on different maps.
    X, y = datasets.make_blobs(n_samples=600, centers=4, random_state=1)
    km = pg.ml.KMeans(4, random_state=0).fit(pg.from_numpy(X, pg.dmap([pg.Np, 1], "c")))
    Y = pg.from_numpy(y, pg.dmap([pg.Np]))
    assert np.isclose(pm.adjusted_rand_score(Y, km.labels_),
                      sm.adjusted_rand_score(y, pg.agg_all(km.labels_)), rtol=1e-12)
    assert pm.accuracy_score(big, big) == 1.0


@pytest.mark.parametrize("ma,mb", pairs(), ids=repr)
def test_regression_metrics(ma, mb):
    d = datasets.load_diabetes()
    t = d.target
    p = t + np.random.RandomState(0).standard_normal(t.size) * 30
    T, P = pg.from_numpy(t, ma), pg.from_numpy(p, mb)
    got = [pm.r2_score(T, P), pm.mean_squared_error(T, P), pm.mean_absolute_error(T, P)]
    want = [sm.r2_score(t, p), sm.mean_squared_error(t, p), sm.mean_absolute_error(t, p)]
    assert np.allclose(got, want, rtol=1e-12) and same_everywhere(got)


def test_regression_multioutput_and_edge_cases():
    rng = np.random.RandomState(1)
    t = rng.standard_normal((37, 3))
    p = t + rng.standard_normal((37, 3)) * 0.3
    ms = [pg.dmap([pg.Np, 1]), pg.dmap([1, pg.Np], "c")]
    T, P = pg.from_numpy(t, ms[0]), pg.from_numpy(p, ms[-1])
    for mo in ("raw_values", "uniform_average", "variance_weighted", [0.2, 0.3, 0.5]):
        assert np.allclose(pm.r2_score(T, P, multioutput=mo), sm.r2_score(t, p, multioutput=mo))
        if mo != "variance_weighted":
            assert np.allclose(pm.mean_squared_error(T, P, multioutput=mo),
                               sm.mean_squared_error(t, p, multioutput=mo))
            assert np.allclose(pm.mean_absolute_error(T, P, multioutput=mo),
                               sm.mean_absolute_error(t, p, multioutput=mo))
    const = np.full(9, 2.0)
    assert pm.r2_score(const, const) == sm.r2_score(const, const) == 1.0
    assert pm.r2_score(const, const + 1) == sm.r2_score(const, const + 1)
    with np.errstate(divide="ignore"):  # scikit-learn divides by the zero total variance
        want = sm.r2_score(const, const + 1, force_finite=False)
    assert pm.r2_score(const, const + 1, force_finite=False) == want == -np.inf
    with pytest.warns(Warning):
        assert np.isnan(pm.r2_score(np.ones(1), np.ones(1)))
    ints = np.arange(20)
    assert np.isclose(pm.mean_squared_error(ints, ints[::-1]),
                      sm.mean_squared_error(ints, ints[::-1]))


@pytest.mark.parametrize("m", [lambda: pg.dmap([pg.Np, 1]), lambda: pg.dmap([pg.Np, 1], "c"),
                               lambda: pg.dmap([1, pg.Np]), lambda: pg.dmap([1, 1], procs=[0])])
def test_silhouette(m):
    X = datasets.load_iris().data
    lab = skl_labels = sklearn.cluster.KMeans(3, random_state=0, n_init=1).fit(X).labels_
    Xd = pg.from_numpy(X, m())
    L = pg.from_numpy(lab, pg.dmap([pg.Np], "c"))
    full = pm.silhouette_score(Xd, L)
    assert np.isclose(full, sm.silhouette_score(X, skl_labels), rtol=1e-10)
    for size, seed in ((40, 0), (100, 7)):
        got = pm.silhouette_score(Xd, L, sample_size=size, random_state=seed)
        want = sm.silhouette_score(X, lab, sample_size=size, random_state=seed)
        assert np.isclose(got, want, rtol=1e-10) and same_everywhere(got)
    # Singleton clusters count 0, as scikit-learn's.
    lab2 = lab.copy()
    lab2[0] = 9
    assert np.isclose(pm.silhouette_score(X, lab2), sm.silhouette_score(X, lab2), rtol=1e-10)
    with pytest.raises(ValueError, match="Number of labels is 1"):
        pm.silhouette_score(Xd, np.zeros(150, int))
