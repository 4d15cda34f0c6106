"""pgas.ml.preprocessing (StandardScaler, MinMaxScaler, MaxAbsScaler, Normalizer) against
scikit-learn on its bundled data sets, with and without NaNs, X on maps of every kind,
asserting on every rank: fitted state, transforms on X's own map, inverse transforms, the
same state on 1..P ranks, bad input raising on every rank, sklearn.base.clone."""

import numpy as np
import pytest
from mpi4py import MPI

import pgas as pg
from pgas.ml import base
from pgas.ml.preprocessing import MaxAbsScaler, MinMaxScaler, Normalizer, StandardScaler
from conftest import all_ranks_agree, raises_everywhere, same_everywhere
from ml_testing import first_ranks, maps_2d

sklearn = pytest.importorskip("sklearn")
from sklearn import datasets  # noqa: E402
from sklearn import preprocessing as skp  # noqa: E402
from sklearn.base import clone  # noqa: E402


NAMES = ["iris", "wine", "digits", "breast_cancer", "diabetes"]


def data(name, nan=False):
    X = getattr(datasets, "load_" + name)().data.astype(np.float64)
    if nan:
        rng = np.random.default_rng(5)
        X[rng.random(X.shape) < 0.05] = np.nan
        X[:, 1] = np.nan if name == "iris" else X[:, 1]  # an all-NaN column on one data set
    return X


def same(a, b, rtol=1e-12):
    if a is None or b is None:
        return a is None and b is None
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    # Absolute slack at rounding level of the data's magnitude: x - mean near 0 carries the
    # rounding of a mean summed in another order.
    scale = max(1.0, float(np.nanmax(np.abs(b)))) if b.size and not np.isnan(b).all() else 1.0
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=1e-13 * scale,
                                                   equal_nan=True))


SCALERS = [
    (lambda: StandardScaler(), lambda: skp.StandardScaler(),
     ["mean_", "var_", "scale_", "n_samples_seen_"]),
    (lambda: StandardScaler(with_mean=False), lambda: skp.StandardScaler(with_mean=False),
     ["mean_", "var_", "scale_", "n_samples_seen_"]),
    (lambda: StandardScaler(with_std=False), lambda: skp.StandardScaler(with_std=False),
     ["mean_", "var_", "scale_", "n_samples_seen_"]),
    (lambda: StandardScaler(with_mean=False, with_std=False),
     lambda: skp.StandardScaler(with_mean=False, with_std=False),
     ["mean_", "var_", "scale_", "n_samples_seen_"]),
    (lambda: MinMaxScaler(), lambda: skp.MinMaxScaler(),
     ["data_min_", "data_max_", "data_range_", "scale_", "min_", "n_samples_seen_"]),
    (lambda: MinMaxScaler((-2, 3), clip=True), lambda: skp.MinMaxScaler((-2, 3), clip=True),
     ["data_min_", "data_max_", "data_range_", "scale_", "min_", "n_samples_seen_"]),
    (lambda: MaxAbsScaler(), lambda: skp.MaxAbsScaler(), ["max_abs_", "scale_", "n_samples_seen_"]),
    (lambda: MaxAbsScaler(clip=True), lambda: skp.MaxAbsScaler(clip=True),
     ["max_abs_", "scale_", "n_samples_seen_"]),
]


@pytest.mark.parametrize("nan", [False, True])
@pytest.mark.parametrize("name", NAMES)
def test_scalers_match_sklearn_on_every_map(name, nan):
    X = data(name, nan)
    other = data(name, nan)[::-1].copy() * 1.5 + 0.25  # transformed by the fitted scaler
    ms = maps_2d()
    shift = 2 * NAMES.index(name) + nan
    for s, (ours_f, ref_f, attrs) in enumerate(SCALERS):
        ref = ref_f().fit(X)
        # One map per scaler, rotating with the case: every map is used, without each case
        # paying for all of them (the machine is shared and oversubscribed).
        for m in [ms[(s + shift) % len(ms)]]:
            Xd = pg.from_numpy(X, m)
            est = ours_f()
            t = est.fit_transform(Xd)
            for a in attrs:
                assert all_ranks_agree(same(getattr(est, a), getattr(ref, a))), (est, a)
                assert all_ranks_agree(same_everywhere(getattr(est, a)))
            assert np.asarray(est.n_samples_seen_).dtype == np.asarray(ref.n_samples_seen_).dtype
            assert np.ndim(est.n_samples_seen_) == np.ndim(ref.n_samples_seen_)
            assert est.n_features_in_ == ref.n_features_in_
            assert t.map == Xd.map
            assert all_ranks_agree(same(pg.agg_all(t), ref.transform(X)))
            od = pg.from_numpy(other, m)
            assert all_ranks_agree(same(pg.agg_all(est.transform(od)), ref.transform(other)))
            back = est.inverse_transform(t)
            assert back.map == Xd.map
            assert all_ranks_agree(same(pg.agg_all(back), ref.inverse_transform(ref.transform(X)),
                                        1e-10))
        assert all_ranks_agree(same(pg.agg_all(Xd), X))  # not modified


@pytest.mark.parametrize("norm", ["l1", "l2", "max"])
@pytest.mark.parametrize("name", NAMES)
def test_normalizer_matches_sklearn(name, norm):
    X = data(name)
    X[3] = 0.0  # a zero row stays zero
    ref = skp.Normalizer(norm=norm).fit(X)
    ms = maps_2d()
    shift = 3 * NAMES.index(name) + ["l1", "l2", "max"].index(norm)
    for m in [ms[shift % len(ms)], ms[(shift + 1) % len(ms)]]:
        Xd = pg.from_numpy(X, m)
        t = Normalizer(norm=norm).fit_transform(Xd)
        assert t.map == Xd.map
        assert all_ranks_agree(same(pg.agg_all(t), ref.transform(X)))
        assert all_ranks_agree(same(pg.agg_all(Normalizer(norm=norm).transform(Xd)),
                                    ref.transform(X)))


def test_float32_and_numpy_input():
    X = data("wine").astype(np.float32)
    for ours, ref in [(StandardScaler(), skp.StandardScaler()), (MinMaxScaler(), skp.MinMaxScaler()),
                      (MaxAbsScaler(), skp.MaxAbsScaler())]:
        t = ours.fit_transform(pg.from_numpy(X, pg.dmap([pg.Np, 1], "c")))
        assert t.dtype == np.float32
        assert all_ranks_agree(np.allclose(pg.agg_all(t), ref.fit_transform(X), rtol=1e-5,
                                           atol=1e-5))
        t = ours.fit_transform(X)  # NumPy on every rank
        assert all_ranks_agree(np.allclose(pg.agg_all(t), ref.fit_transform(X), rtol=1e-5,
                                           atol=1e-5))


def test_same_state_on_every_rank_count():
    X = data("breast_cancer", nan=True)
    world = MPI.COMM_WORLD
    states = []
    for p in range(1, pg.Np + 1):
        sub = first_ranks(p)
        state = None
        if sub != MPI.COMM_NULL:  # nothing here may fail on some ranks only: bcast below
            Xd = pg.from_numpy(X, pg.dmap([sub.Get_size(), 1], ("bc", 4)), comm=sub)
            s = StandardScaler().fit(Xd)
            mm = MinMaxScaler().fit(Xd)
            state = (s.mean_, s.var_, mm.data_min_, mm.data_max_)
        states.append(world.bcast(state, root=0))
    for s in states[1:]:
        for a, b in zip(s, states[0]):
            assert all_ranks_agree(np.allclose(a, b, rtol=1e-12, equal_nan=True))


def test_bad_input_raises_on_every_rank():
    X = data("iris")
    Xd = pg.from_numpy(X, pg.dmap([pg.Np, 1]))
    assert raises_everywhere(ValueError, r"Minimum of desired feature range must be smaller "
                             r"than maximum. Got \(1, 0\)", lambda: MinMaxScaler((1, 0)).fit(Xd))
    bad = X.copy()
    bad[4, 1] = np.inf
    for est in (StandardScaler(), MinMaxScaler(), MaxAbsScaler(), Normalizer()):
        assert raises_everywhere(ValueError, "infinity",
                                 lambda: est.fit(pg.from_numpy(bad, pg.dmap([pg.Np, 1], "c"))))
        assert raises_everywhere(ValueError, "Expected 2D array",
                                 lambda: est.fit(pg.from_numpy(X[:, 0].copy(), pg.dmap([pg.Np]))))
    bad[4, 1] = np.nan
    assert raises_everywhere(ValueError, "Input X contains NaN",
                             lambda: Normalizer().fit(pg.from_numpy(bad, pg.dmap([pg.Np, 1]))))
    for est in (StandardScaler(), MinMaxScaler(), MaxAbsScaler()):
        assert raises_everywhere(base.NotFittedError, "not fitted", lambda: est.transform(Xd))
        est.fit(Xd)
        three = pg.from_numpy(X[:, :3].copy(), pg.dmap([pg.Np, 1]))
        assert raises_everywhere(ValueError, "X has 3 features, but .* is expecting 4",
                                 lambda: est.transform(three))
        assert raises_everywhere(ValueError, "X has 3 features",
                                 lambda: est.inverse_transform(three))
    assert raises_everywhere(ValueError, "'norm' parameter", lambda: Normalizer("l3").fit(Xd))


def test_clone_params_and_repr():
    for ours, theirs in [(StandardScaler(with_mean=False), skp.StandardScaler(with_mean=False)),
                         (MinMaxScaler((-1, 1), clip=True), skp.MinMaxScaler((-1, 1), clip=True)),
                         (MaxAbsScaler(clip=True), skp.MaxAbsScaler(clip=True)), (Normalizer("max"), skp.Normalizer("max"))]:
        c = clone(ours)
        assert type(c) is type(ours) and c is not ours
        assert c.get_params() == ours.get_params() == theirs.get_params()
        assert repr(ours) == repr(theirs)
