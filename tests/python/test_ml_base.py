"""pgas.ml's foundation: the estimator protocol (get_params/set_params/repr, sklearn.base.clone),
NotFittedError, input validation with scikit-learn's messages raised on every rank, the
whole-row layout and row map of per-sample outputs, and the column statistics, against
NumPy / scikit-learn on maps of every kind."""
import os
import subprocess
import sys

import numpy as np
import pytest

import pgas as pg
from pgas.ml import base
from conftest import all_ranks_agree, raises_everywhere
from ml_testing import maps_2d, mypy_strict_report

sklearn = pytest.importorskip("sklearn")
from sklearn.base import clone  # noqa: E402
from sklearn.exceptions import NotFittedError as SkNotFittedError  # noqa: E402


class Toy(base.BaseEstimator, base.TransformerMixin):
    def __init__(self, n_clusters=8, *, init="k-means++", tol=1e-4, random_state=None,
                 weights=None):
        self.n_clusters = n_clusters
        self.init = init
        self.tol = tol
        self.random_state = random_state
        self.weights = weights

    def fit(self, X, y=None):
        X = base.validate_data(self, X)
        self.mean_ = base.column_moments(X)[1]
        return self

    def transform(self, X):
        base.check_is_fitted(self)
        X = base.validate_data(self, X, reset=False)
        return X - self.mean_


class Clusterer(base.ClusterMixin, base.BaseEstimator):
    def __init__(self, k=2):
        self.k = k


class Wrapper(base.BaseEstimator):
    def __init__(self, estimator=None, alpha=1.0):
        self.estimator = estimator
        self.alpha = alpha


def test_import_without_sklearn():
    # A fresh interpreter in which importing sklearn fails: pgas and pgas.ml still import.
    code = ("import sys; sys.modules['sklearn'] = None\n"
            "import pgas.ml as ml; print(ml.BaseEstimator.__name__, 'sklearn' in sys.modules "
            "and sys.modules['sklearn'] is not None)")
    if pg.Pid == 0:
        # Outside this job's mpirun (a singleton MPI of its own).
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("OMPI_", "PMIX_", "OPAL_", "PRTE_", "HYDRA_", "PMI_"))}
        env.update(OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
                   OMPI_MCA_btl_vader_single_copy_mechanism="none")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             timeout=300, env=env)
        ok = out.returncode == 0 and out.stdout.split() == ["BaseEstimator", "False"]
        detail = out.stdout + out.stderr
    else:
        ok, detail = True, ""
    assert all_ranks_agree(pg.comm().bcast(ok, root=0)), detail


def test_params_repr_and_clone():
    t = Toy(3, random_state=0)
    assert t.get_params() == {"n_clusters": 3, "init": "k-means++", "tol": 1e-4,
                              "random_state": 0, "weights": None}
    assert repr(t) == "Toy(n_clusters=3, random_state=0)"
    assert repr(Toy()) == "Toy()"
    assert repr(Toy(weights=np.arange(3.0))) == "Toy(weights=[0., 1., 2.])"
    assert t.set_params(tol=0.5, init="random") is t and t.tol == 0.5 and t.init == "random"
    with pytest.raises(ValueError, match="Invalid parameter 'bogus' for estimator"):
        t.set_params(bogus=1)
    c = clone(t)
    assert c is not t and type(c) is Toy and c.get_params() == t.get_params()
    w = Wrapper(Toy(2), alpha=3.0)
    assert w.get_params()["estimator__n_clusters"] == 2
    w.set_params(estimator__n_clusters=5)
    assert w.estimator.n_clusters == 5
    w2 = clone(w)
    assert w2.estimator is not w.estimator and w2.estimator.n_clusters == 5
    # sklearn.base's own helpers accept it as an estimator.
    assert sklearn.base.is_classifier(t) is False
    assert sklearn.base.is_clusterer(Clusterer()) and not sklearn.base.is_clusterer(t)


def test_not_fitted():
    t = Toy()
    for exc in (base.NotFittedError, ValueError, AttributeError):
        with pytest.raises(exc, match="This Toy instance is not fitted yet"):
            t.transform(np.zeros((2, 2)))
    assert issubclass(base.NotFittedError, ValueError)
    assert issubclass(base.NotFittedError, AttributeError)
    # An except clause for sklearn's NotFittedError does not catch ours (a different class),
    # but both are ValueError + AttributeError, which is what sklearn's checks rely on.
    assert set(SkNotFittedError.__mro__[1:3]) == {ValueError, AttributeError}


@pytest.mark.parametrize("m", maps_2d(), ids=repr)
def test_validation_errors_on_every_rank(m):
    t = Toy()
    X = pg.rand(7, 3, map=m, seed=2)
    t.fit(X)
    assert t.n_features_in_ == 3
    assert raises_everywhere(ValueError, r"X has 2 features, but Toy is expecting 3 features",
                             lambda: t.transform(pg.rand(5, 2, map=m, seed=1)))
    bad = X.copy()
    bad[6, 2] = np.nan
    assert raises_everywhere(ValueError, r"Input X contains NaN\.\nToy does not accept missing",
                             lambda: Toy().fit(bad))
    bad[6, 2] = np.inf
    assert raises_everywhere(ValueError, r"Input X contains infinity or a value too large for "
                             r"dtype\('float64'\)", lambda: Toy().fit(bad))
    assert raises_everywhere(ValueError, r"Found array with 0 sample\(s\) \(shape=\(0, 3\)\) "
                             r"while a minimum of 1 is required by Toy",
                             lambda: Toy().fit(pg.zeros((0, 3), map=m)))
    assert raises_everywhere(ValueError, r"Found array with 0 feature\(s\)",
                             lambda: Toy().fit(pg.zeros((4, 0), map=m)))


def test_validation_ndim_and_numpy_input():
    assert raises_everywhere(ValueError, "Expected 2D array, got 1D array instead",
                             lambda: Toy().fit(pg.rand(5, map=pg.dmap([pg.Np]), seed=1)))
    assert raises_everywhere(ValueError, "Expected 2D array, got 1D array instead",
                             lambda: Toy().fit(np.zeros(4)))
    assert raises_everywhere(ValueError, "Expected 2D array, got scalar array",
                             lambda: Toy().fit(np.float64(1.0)))
    assert raises_everywhere(ValueError, r"Found array with dim 3\. Toy expected <= 2",
                             lambda: Toy().fit(np.zeros((2, 2, 2))))
    assert raises_everywhere(ValueError, "Complex data not supported",
                             lambda: Toy().fit(np.zeros((2, 2), complex)))
    # NumPy that differs across ranks in shape: a collective-argument error on every rank.
    if pg.Np > 1:
        assert raises_everywhere(ValueError, "differs across ranks",
                                 lambda: Toy().fit(np.zeros((3 + (pg.Pid == 0), 2))))
    # Integer NumPy input is computed in float64, on block rows; the result equals NumPy's.
    a = np.arange(12).reshape(6, 2)
    X = base.check_array(a)
    assert X.dtype == np.float64 and X.map == pg.dmap([pg.Np, 1])
    assert np.array_equal(pg.agg_all(X), a)
    t = Toy().fit(a)
    assert np.allclose(t.mean_, a.mean(axis=0))
    f32 = base.check_array(np.ones((3, 2), np.float32))
    assert f32.dtype == np.float32


@pytest.mark.parametrize("m", maps_2d(), ids=repr)
def test_whole_rows_and_row_map(m):
    X = pg.rand(11, 4, map=m, seed=5)
    R = base.whole_rows(X)
    assert R.map.grid[1] == 1 and not any(R.map._map.overlap)
    assert np.array_equal(pg.agg_all(R), pg.agg_all(X))
    if m.grid[1] == 1 and not any(m._map.overlap):
        assert R is X
    labels_map = base.row_map(X)
    # Row i of a per-sample output lies on the rank owning X's row i (its first grid column).
    rows = pg.arange(11, map=labels_map)
    mine = rows.global_ind(0)
    assert np.array_equal(rows.local, mine)
    if X.global_ind(1).size and X.global_ind(1)[0] == 0:
        assert np.array_equal(np.unique(X.global_ind(0)[:X._impl.owned_shape[0]]), mine)
    table = pg.zeros((11, 2), map=base.row_map(X, 2))
    assert np.array_equal(table.global_ind(0), mine)


@pytest.mark.parametrize("m", maps_2d(), ids=repr)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_column_statistics_match_numpy(m, dtype):
    from sklearn.datasets import load_wine
    data = load_wine().data.astype(dtype)
    data[3, 2] = np.nan
    data[7, 5] = np.nan
    data[:, 9] = np.nan
    X = pg.from_numpy(data, m)
    rtol = 1e-10 if dtype == np.float64 else 1e-5
    with np.errstate(all="ignore"), _nowarn():  # numpy warns on the all-NaN column
        count, mean, var = base.column_moments(X, ignore_nan=True)
        assert np.array_equal(count, (~np.isnan(data)).sum(axis=0))
        assert np.allclose(mean, np.nanmean(data.astype(np.float64), axis=0), rtol=rtol,
                           equal_nan=True)
        assert np.allclose(var, np.nanvar(data.astype(np.float64), axis=0), rtol=rtol,
                           equal_nan=True)
        lo, hi, _ = base.column_extrema(X, ignore_nan=True)
        assert np.array_equal(lo, np.nanmin(data, axis=0), equal_nan=True)
        assert np.array_equal(hi, np.nanmax(data, axis=0), equal_nan=True)
        lo, hi, _ = base.column_extrema(X)
        assert np.array_equal(lo, data.min(axis=0), equal_nan=True)
        _, mean, _ = base.column_moments(X)
        assert np.allclose(mean, data.astype(np.float64).mean(axis=0), rtol=rtol, equal_nan=True)
        assert np.allclose(base.column_sums(X, ignore_nan=True),
                           np.nansum(data.astype(np.float64), axis=0), rtol=rtol)
    # scikit-learn's StandardScaler statistics on the NaN-free columns agree too.
    from sklearn.preprocessing import StandardScaler
    clean = np.delete(data, [2, 5, 9], axis=1).astype(np.float64)
    sc = StandardScaler().fit(clean)
    _, mean, var = base.column_moments(pg.from_numpy(clean, m))
    assert np.allclose(mean, sc.mean_, rtol=1e-12) and np.allclose(var, sc.var_, rtol=1e-12)


class _nowarn:
    def __enter__(self):
        import warnings
        self._w = warnings.catch_warnings()
        self._w.__enter__()
        warnings.simplefilter("ignore")

    def __exit__(self, *exc):
        return self._w.__exit__(*exc)


def test_seed_from():
    assert base.seed_from(7) == 7
    s = base.seed_from(None)
    assert all_ranks_agree(pg.comm().allgather(s) == [s] * pg.Np)
    assert base.seed_from(np.random.RandomState(3)) == np.random.RandomState(3).randint(2**31 - 1)
    with pytest.raises(ValueError, match="cannot be used to seed"):
        base.seed_from("x")


TYPED_ML_PROGRAM = '''
import numpy as np
from numpy.typing import NDArray

import pgas as pg
from pgas.ml.cluster import KMeans
from pgas.ml import metrics


def cluster() -> float:
    X: pg.darray = pg.rand(40, 3, map=pg.dmap([pg.Np, 1]), seed=1)
    km: KMeans = pg.ml.KMeans(n_clusters=2, random_state=0).fit(X)
    centres: NDArray[np.float64] = km.cluster_centers_
    labels: pg.darray = km.predict(X)
    score: float = metrics.adjusted_rand_score(labels, km.labels_)
    return km.inertia_ + score + float(centres.sum()) + km.score(X)


print(cluster())
'''


def test_stubs_type_check_an_ml_program(tmp_path):
    pytest.importorskip("mypy")
    assert mypy_strict_report(tmp_path, "typed_ml.py", TYPED_ML_PROGRAM) == ""
