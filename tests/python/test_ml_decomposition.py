"""pgas.ml.decomposition (PCA, TruncatedSVD) against scikit-learn on its bundled data sets and
make_low_rank_matrix, X on maps of every kind (block, cyclic, block-cyclic, 2-D, overlap, all
rows on one rank), asserting on every rank: fitted state, signs included, per-sample results
and where they live, the same model on 1..P ranks (sub-communicators), bad input raising on
every rank, sklearn.base.clone."""

import numpy as np
import pytest

import pgas as pg
from pgas.ml import base
from pgas.ml.decomposition import PCA, TruncatedSVD
from conftest import all_ranks_agree, raises_everywhere, same_everywhere
from ml_testing import fit_on_first_ranks, maps_2d

sklearn = pytest.importorskip("sklearn")
from sklearn import datasets  # noqa: E402
from sklearn import decomposition as skd  # noqa: E402
from sklearn.base import clone  # noqa: E402


def data(name):
    if name == "low_rank":
        return datasets.make_low_rank_matrix(n_samples=301, n_features=40, effective_rank=5,
                                             tail_strength=0.05, random_state=0)
    return getattr(datasets, "load_" + name)().data.astype(np.float64)


# n_components per data set: where the spectrum is well separated (digits has constant pixels,
# whose components are not unique).
DATASETS = {"iris": None, "wine": None, "digits": 20, "breast_cancer": 10, "diabetes": None,
            "low_rank": 8}


def close(a, b, rtol=1e-7, atol_scale=1e-9):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        return False
    scale = max(1.0, float(np.max(np.abs(b)))) if b.size else 1.0
    return bool(np.allclose(a, b, rtol=rtol, atol=atol_scale * scale))


def check_pca(ours, ref, rtol=1e-7, atol_scale=1e-9):
    for attr in ("components_", "explained_variance_", "explained_variance_ratio_",
                 "singular_values_", "mean_"):
        assert all_ranks_agree(close(getattr(ours, attr), getattr(ref, attr), rtol, atol_scale)), attr
        assert all_ranks_agree(same_everywhere(getattr(ours, attr))), attr
    assert ours.n_components_ == ref.n_components_
    assert ours.n_samples_ == ref.n_samples_
    assert ours.n_features_in_ == ref.n_features_in_
    assert all_ranks_agree(np.isclose(ours.noise_variance_, ref.noise_variance_, rtol=1e-6,
                                      atol=1e-12 * max(1.0, abs(ref.noise_variance_))))


def maps_for(i, count=3):
    """`count` of maps_2d(), rotating with i: every map is used across the parametrized cases
    without each case paying for all of them (the machine is shared and oversubscribed)."""
    ms = maps_2d()
    return [ms[(i + j) % len(ms)] for j in range(min(count, len(ms)))]


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_pca_matches_sklearn_on_every_map(name):
    X = data(name)
    nc = DATASETS[name]
    i = sorted(DATASETS).index(name)
    for whiten in (False, True):
        ref = skd.PCA(n_components=nc, whiten=whiten, svd_solver="full").fit(X)
        ref_t = ref.transform(X)
        # The likelihood goes through the precision matrix: on badly conditioned data
        # (breast_cancer: cond ~ 1e14) rounding differences in the components are amplified.
        rtol_score = max(1e-8, 1e-15 * np.linalg.cond(ref.get_covariance()))
        for j, m in enumerate(maps_for(2 * i + whiten)):
            Xd = pg.from_numpy(X, m)
            est = PCA(n_components=nc, whiten=whiten, svd_solver="full")
            t = est.fit_transform(Xd)
            check_pca(est, ref)
            assert t.map == base.row_map(Xd, 2)
            assert all_ranks_agree(close(pg.agg_all(t), ref_t, 1e-6, 1e-9))
            if j:
                continue
            back = est.inverse_transform(t)
            assert all_ranks_agree(close(pg.agg_all(back), ref.inverse_transform(ref_t), 1e-6))
            assert all_ranks_agree(np.isclose(est.score(Xd), ref.score(X), rtol=rtol_score))
            ss = est.score_samples(Xd)
            assert ss.map == base.row_map(Xd, 1)
            assert all_ranks_agree(close(pg.agg_all(ss), ref.score_samples(X), rtol_score,
                                         rtol_score))
            assert all_ranks_agree(close(est.get_covariance(), ref.get_covariance(), 1e-7))
        # Xd is not modified by fitting.
        assert all_ranks_agree(np.array_equal(pg.agg_all(Xd), X))


@pytest.mark.parametrize("solver", ["auto", "covariance_eigh", "arpack"])
@pytest.mark.parametrize("name", sorted(DATASETS))
def test_pca_solvers_match_sklearn(name, solver):
    X = data(name)
    nc = DATASETS[name]
    if solver == "arpack" and nc is None:
        nc = min(X.shape) - 1
    ref = skd.PCA(n_components=nc, svd_solver=solver, random_state=0).fit(X)
    for m in maps_for(sorted(DATASETS).index(name), 1):
        est = PCA(n_components=nc, svd_solver=solver, random_state=0).fit(pg.from_numpy(X, m))
        # covariance_eigh: a different LAPACK eigen driver than SciPy's, on a squared
        # condition number.
        check_pca(est, ref, 1e-6, 1e-7)
        if solver == "auto":
            assert est._fit_svd_solver == ref._fit_svd_solver


@pytest.mark.parametrize("n_components", [0.5, 0.9, 0.999, "mle", 0, 3])
def test_pca_n_components_forms(n_components):
    X = data("wine")
    ref = skd.PCA(n_components=n_components, svd_solver="full").fit(X)
    est = PCA(n_components=n_components, svd_solver="full").fit(pg.from_numpy(X, pg.dmap([pg.Np, 1])))
    check_pca(est, ref)


def test_pca_randomized_on_low_rank_data():
    X = datasets.make_low_rank_matrix(n_samples=500, n_features=60, effective_rank=4,
                                      tail_strength=0.0, random_state=1)
    exact = skd.PCA(n_components=4, svd_solver="full").fit(X)
    ref = skd.PCA(n_components=4, svd_solver="randomized", random_state=0).fit(X)
    for i, normalizer in enumerate(("auto", "QR", "LU", "none")):
        for m in maps_for(2 * i, 2):
            est = PCA(n_components=4, svd_solver="randomized", random_state=0,
                      power_iteration_normalizer=normalizer).fit(pg.from_numpy(X, m))
            check_pca(est, ref, 1e-6, 1e-8)
            check_pca(est, exact, 1e-6, 1e-8)
    assert PCA(n_components=4).fit(X)._fit_svd_solver == \
        skd.PCA(n_components=4).fit(X)._fit_svd_solver


def test_pca_wide_and_tall_paths():
    rng = np.random.default_rng(3)
    for i, shape in enumerate([(30, 80), (80, 30), (400, 6)]):
        X = rng.standard_normal(shape) @ np.diag(np.linspace(3, 1, shape[1]))
        # Centred data has rank min(n - 1, d): the last component of a wide matrix is arbitrary.
        k = min(shape[0] - 1, shape[1])
        ref = skd.PCA(k, svd_solver="full").fit(X)
        for m in maps_for(3 * i, 3):
            check_pca(PCA(k, svd_solver="full").fit(pg.from_numpy(X, m)), ref, 1e-6, 1e-8)


def test_pca_float32():
    X = data("iris").astype(np.float32)
    ref = skd.PCA(svd_solver="full").fit(X)
    est = PCA(svd_solver="full").fit(pg.from_numpy(X, pg.dmap([pg.Np, 1], "c")))
    assert est.components_.dtype == np.float32
    check_pca(est, ref, 1e-4, 1e-5)


def test_pca_numpy_input_on_every_rank():
    X = data("diabetes")
    ref = skd.PCA(n_components=3).fit(X)
    est = PCA(n_components=3).fit(X)
    check_pca(est, ref, 1e-6, 1e-8)
    assert all_ranks_agree(close(pg.agg_all(est.transform(X)), ref.transform(X), 1e-6))


def test_same_model_on_every_rank_count():
    X = data("low_rank")

    def pca(comm):
        Xd = pg.from_numpy(X, pg.dmap([comm.Get_size(), 1], "c"), comm=comm)
        est = PCA(n_components=5, svd_solver="randomized", random_state=7).fit(Xd)
        t = TruncatedSVD(4, random_state=7).fit(Xd)
        return est.components_, est.explained_variance_, t.components_, t.singular_values_

    fits = [fit_on_first_ranks(p, pca) for p in range(1, pg.Np + 1)]
    assert all(agree for _, agree in fits)
    states = [state for state, _ in fits]
    for s in states[1:]:
        for a, b in zip(s, states[0]):
            assert all_ranks_agree(close(a, b, 1e-9, 1e-12)), np.max(np.abs(a - b))


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_truncated_svd_matches_sklearn(name):
    X = data(name)
    k = 3
    for a, algorithm in enumerate(("arpack", "randomized")):
        ref = skd.TruncatedSVD(k, algorithm=algorithm, random_state=0)
        ref_t = ref.fit_transform(X)
        # Randomized draws are pgas's, not NumPy's: both answers are approximations whose
        # difference is the solver's accuracy (tight only on low-rank data).
        rtol, atol = (1e-6, 1e-8) if algorithm == "arpack" or name == "low_rank" else (1e-4, 1e-4)
        for m in maps_for(2 * sorted(DATASETS).index(name) + a, 2):
            Xd = pg.from_numpy(X, m)
            est = TruncatedSVD(k, algorithm=algorithm, random_state=0)
            t = est.fit_transform(Xd)
            for attr in ("components_", "singular_values_", "explained_variance_",
                         "explained_variance_ratio_"):
                assert all_ranks_agree(close(getattr(est, attr), getattr(ref, attr), rtol,
                                             atol)), (algorithm, attr)
                assert all_ranks_agree(same_everywhere(getattr(est, attr)))
            assert t.map == base.row_map(Xd, 2)
            assert all_ranks_agree(close(pg.agg_all(t), ref_t, rtol, atol))
            assert all_ranks_agree(close(pg.agg_all(est.transform(Xd)), ref.transform(X), rtol,
                                         atol))
            assert all_ranks_agree(close(pg.agg_all(est.inverse_transform(t)),
                                         ref.inverse_transform(ref_t), rtol, atol))


def test_bad_input_raises_on_every_rank():
    X = data("iris")
    Xd = pg.from_numpy(X, pg.dmap([pg.Np, 1]))
    assert raises_everywhere(ValueError, "must be between 0 and min", lambda: PCA(5).fit(Xd))
    assert raises_everywhere(ValueError, "must be between 1 and min",
                             lambda: PCA(5, svd_solver="randomized").fit(Xd))
    assert raises_everywhere(ValueError, "strictly less than",
                             lambda: PCA(4, svd_solver="arpack").fit(Xd))
    assert raises_everywhere(ValueError, "'n_components' parameter of PCA",
                             lambda: PCA(-1).fit(Xd))
    assert raises_everywhere(ValueError, "'n_components' parameter of PCA",
                             lambda: PCA(1.5).fit(Xd))
    assert raises_everywhere(ValueError, "'svd_solver' parameter", lambda: PCA(svd_solver="x").fit(Xd))
    assert raises_everywhere(ValueError, "cannot be a string",
                             lambda: PCA("mle", svd_solver="randomized").fit(Xd))
    bad = X.copy()
    bad[7, 2] = np.nan
    assert raises_everywhere(ValueError, "Input X contains NaN",
                             lambda: PCA(2).fit(pg.from_numpy(bad, pg.dmap([pg.Np, 1], "c"))))
    bad[7, 2] = np.inf
    assert raises_everywhere(ValueError, "infinity",
                             lambda: TruncatedSVD(2).fit(pg.from_numpy(bad, pg.dmap([pg.Np, 1]))))
    assert raises_everywhere(ValueError, "Expected 2D array",
                             lambda: PCA(2).fit(pg.from_numpy(X[:, 0].copy(), pg.dmap([pg.Np]))))
    assert raises_everywhere(base.NotFittedError, "not fitted", lambda: PCA(2).transform(Xd))
    assert raises_everywhere(base.NotFittedError, "not fitted", lambda: TruncatedSVD().transform(Xd))
    est = PCA(2).fit(Xd)
    other = pg.from_numpy(X[:, :3].copy(), pg.dmap([pg.Np, 1]))
    assert raises_everywhere(ValueError, "X has 3 features, but PCA is expecting 4",
                             lambda: est.transform(other))
    assert raises_everywhere(ValueError, r"n_components\(5\) must be <= n_features\(4\)",
                             lambda: TruncatedSVD(5).fit(Xd))
    assert raises_everywhere(ValueError, "0 < k < min",
                             lambda: TruncatedSVD(4, algorithm="arpack").fit(Xd))
    assert raises_everywhere(ValueError, "'algorithm' parameter",
                             lambda: TruncatedSVD(2, algorithm="lobpcg").fit(Xd))


def test_clone_params_and_repr():
    for ours, theirs in [(PCA(3, whiten=True, random_state=2), skd.PCA(3, whiten=True, random_state=2)),
                         (TruncatedSVD(4, algorithm="arpack"), skd.TruncatedSVD(4, algorithm="arpack"))]:
        c = clone(ours)
        assert type(c) is type(ours) and c is not ours
        assert c.get_params() == ours.get_params() == theirs.get_params()
        assert repr(ours) == repr(theirs)
    X = data("iris")
    est = PCA(2).fit(X)
    assert not hasattr(clone(est), "components_")
