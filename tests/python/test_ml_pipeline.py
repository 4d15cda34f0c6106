"""pgas.ml.pipeline against scikit-learn's: Pipeline / make_pipeline of pgas transformers and a
final estimator give scikit-learn's predictions, probabilities, scores and transforms (X on maps
of every kind); get_params has scikit-learn's keys (step__param), set_params replaces steps and
nested parameters, clone works, 'passthrough' steps, bad steps refused on every rank."""

import numpy as np
import pytest

import pgas as pg
from pgas.ml.decomposition import PCA
from pgas.ml.linear_model import LogisticRegression, Ridge
from pgas.ml.naive_bayes import GaussianNB
from pgas.ml.pipeline import Pipeline, make_pipeline
from pgas.ml.preprocessing import MinMaxScaler, StandardScaler
from conftest import all_ranks_agree, raises_everywhere
from ml_testing import maps_2d

sklearn = pytest.importorskip("sklearn")
from sklearn import datasets, decomposition, linear_model, naive_bayes  # noqa: E402
from sklearn import pipeline as skl  # noqa: E402
from sklearn import preprocessing  # noqa: E402
from sklearn.base import clone, is_classifier  # noqa: E402


def test_classifier_pipeline_equals_sklearn_on_every_map():
    X, y = datasets.load_breast_cancer(return_X_y=True)
    ours = make_pipeline(StandardScaler(), PCA(n_components=5), GaussianNB())
    theirs = skl.make_pipeline(preprocessing.StandardScaler(),
                               decomposition.PCA(n_components=5), naive_bayes.GaussianNB())
    theirs.fit(X, y)
    for m in maps_2d()[:4]:
        Xd = pg.from_numpy(X, m)
        ours.fit(Xd, y)
        assert all_ranks_agree(np.array_equal(pg.agg_all(ours.predict(Xd)), theirs.predict(X)))
        assert all_ranks_agree(np.allclose(pg.agg_all(ours.predict_proba(Xd)),
                                           theirs.predict_proba(X), rtol=1e-6, atol=1e-9))
        assert all_ranks_agree(np.isclose(ours.score(Xd, y), theirs.score(X, y)))
        assert all_ranks_agree(np.allclose(np.abs(pg.agg_all(ours[:-1].transform(Xd))),
                                           np.abs(theirs[:-1].transform(X)), rtol=1e-7,
                                           atol=1e-9))
    assert is_classifier(ours) and list(ours.classes_) == list(theirs.classes_)


def test_params_names_set_params_and_clone():
    ours = make_pipeline(StandardScaler(), MinMaxScaler(), Ridge(alpha=2.0))
    theirs = skl.make_pipeline(preprocessing.StandardScaler(), preprocessing.MinMaxScaler(),
                               linear_model.Ridge(alpha=2.0))
    assert set(ours.get_params()) == set(theirs.get_params())
    assert [n for n, _ in ours.steps] == [n for n, _ in theirs.steps]
    assert ours.get_params()["ridge__alpha"] == 2.0
    ours.set_params(ridge__alpha=5.0, standardscaler="passthrough")
    assert ours.named_steps["ridge"].alpha == 5.0 and ours.steps[0][1] == "passthrough"
    c = clone(ours)
    assert c.named_steps["ridge"] is not ours.named_steps["ridge"]
    assert c.get_params()["ridge__alpha"] == 5.0
    dup = make_pipeline(StandardScaler(), StandardScaler(), Ridge())
    assert [n for n, _ in dup.steps] == ["standardscaler-1", "standardscaler-2", "ridge"]
    X, y = datasets.load_diabetes(return_X_y=True)
    Xd = pg.from_numpy(X, pg.dmap([pg.Np, 1], "c"))
    ours.fit(Xd, y)
    theirs.set_params(ridge__alpha=5.0, standardscaler="passthrough").fit(X, y)
    assert all_ranks_agree(np.allclose(pg.agg_all(ours.predict(Xd)), theirs.predict(X),
                                       rtol=1e-8))
    assert all_ranks_agree(np.allclose(ours[-1].coef_, theirs[-1].coef_, rtol=1e-8))


def test_logistic_pipeline_and_transform_only():
    X, y = datasets.load_wine(return_X_y=True)
    Xd = pg.from_numpy(X, pg.dmap([pg.Np, 1], ("bc", 4)))
    ours = Pipeline([("scale", StandardScaler()), ("clf", LogisticRegression(tol=1e-10,
                                                                           max_iter=1000))])
    theirs = skl.Pipeline([("scale", preprocessing.StandardScaler()),
                           ("clf", linear_model.LogisticRegression(tol=1e-10, max_iter=1000))])
    ours.fit(Xd, y)
    theirs.fit(X, y)
    assert all_ranks_agree(np.array_equal(pg.agg_all(ours.predict(Xd)), theirs.predict(X)))
    assert all_ranks_agree(np.allclose(pg.agg_all(ours.decision_function(Xd)),
                                       theirs.decision_function(X), rtol=1e-4, atol=1e-4))
    tr = Pipeline([("scale", StandardScaler()), ("end", "passthrough")])
    assert all_ranks_agree(np.allclose(pg.agg_all(tr.fit_transform(Xd)),
                                       preprocessing.StandardScaler().fit_transform(X)))


def test_bad_steps_raise_on_every_rank():
    X, y = datasets.load_iris(return_X_y=True)
    Xd = pg.from_numpy(X, pg.dmap([pg.Np, 1]))
    assert raises_everywhere(TypeError, "All intermediate steps should be transformers",
                             lambda: Pipeline([("a", GaussianNB()), ("b", GaussianNB())]).fit(Xd, y))
    assert raises_everywhere(ValueError, "Names provided are not unique",
                             lambda: Pipeline([("a", StandardScaler()), ("a", GaussianNB())])
                             .fit(Xd, y))
    assert raises_everywhere(ValueError, "Invalid parameter 'nope'",
                             lambda: make_pipeline(GaussianNB()).set_params(nope=1))
    assert raises_everywhere(AttributeError, "has no attribute 'transform'",
                             lambda: make_pipeline(GaussianNB()).fit(Xd, y).transform(Xd))
