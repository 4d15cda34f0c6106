"""pgas.ml.pipeline: scikit-learn's ``Pipeline`` and ``make_pipeline`` for pgas transformers
followed by one final estimator.

A pipeline holds its steps as given (``fit`` fits those objects, as scikit-learn's does without
``memory``); ``get_params(deep=True)`` names every step's parameters ``<step>__<param>`` so that
``GridSearchCV`` searches over them and ``sklearn.base.clone`` works. No step is run in Python
loops over data: each step's own collective methods do the work, and the data stay darrays
between steps. Every method is *collective* unless its docstring says *local*.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any, Dict, Iterator, List, Tuple

from .base import BaseEstimator

__all__ = ["Pipeline", "make_pipeline"]


def _is_passthrough(step: Any) -> bool:
    return step is None or (isinstance(step, str) and step == "passthrough")


class Pipeline(BaseEstimator):
    """scikit-learn's Pipeline: ``steps`` is a list of (name, estimator); every step but the
    last must have ``fit`` and ``transform`` (or be ``'passthrough'`` / None), the last any
    estimator. ``fit`` fits the transformers in turn (fit_transform) and then the last step on
    their output; ``predict``, ``predict_proba``, ``predict_log_proba``, ``decision_function``,
    ``score``, ``transform`` run the fitted transformers and then the last step's method.
    ``memory`` and ``transform_input`` are accepted and must be None (caching and metadata
    routing are not implemented); ``verbose`` is accepted (no effect)."""

    def __init__(self, steps: List[Tuple[str, Any]], *, transform_input: Any = None,
                 memory: Any = None, verbose: bool = False) -> None:
        self.steps = steps
        self.transform_input = transform_input
        self.memory = memory
        self.verbose = verbose

    # ---- parameters (scikit-learn's _BaseComposition) ---------------------------------------
    def get_params(self, deep: bool = True) -> Dict[str, Any]:
        """The pipeline's parameters; with ``deep`` also every step by name and its parameters
        as ``<name>__<param>``. Local."""
        out = super().get_params(deep=False)
        if not deep:
            return out
        for name, est in self.steps:
            out[name] = est
            if hasattr(est, "get_params") and not isinstance(est, type):
                for k, v in est.get_params(deep=True).items():
                    out[f"{name}__{k}"] = v
        return out

    def set_params(self, **params: Any) -> "Pipeline":
        """Sets parameters: ``steps``, a step by name (replacing it), or ``<name>__<param>``.
        ValueError for an unknown name, as scikit-learn. Local."""
        if "steps" in params:
            self.steps = params.pop("steps")
        names = [n for n, _ in self.steps]
        nested: Dict[str, Dict[str, Any]] = defaultdict(dict)
        for key, value in params.items():
            name, sep, sub = key.partition("__")
            if not sep and name in names:
                self.steps = [(n, value if n == name else e) for n, e in self.steps]
            elif sep and name in names:
                nested[name][sub] = value
            elif not sep and name in self._get_param_names():
                setattr(self, name, value)
            else:
                raise ValueError(f"Invalid parameter {name!r} for estimator {self}. Valid "
                                 f"parameters are: {sorted(self._get_param_names() + names)!r}.")
        for name, sub_params in nested.items():
            dict(self.steps)[name].set_params(**sub_params)
        return self

    def __repr__(self) -> str:
        steps = ", ".join(f"({n!r}, {e!r})" for n, e in self.steps)
        extra = "".join(f", {k}={getattr(self, k)!r}" for k in ("memory", "transform_input")
                        if getattr(self, k) is not None)
        if self.verbose:
            extra += ", verbose=True"
        return f"Pipeline(steps=[{steps}]{extra})"

    # ---- the steps -------------------------------------------------------------------------
    def _validate_steps(self) -> None:
        if self.memory is not None or self.transform_input is not None:
            raise NotImplementedError("Pipeline: memory and transform_input are not supported by "
                                      "pgas.ml yet")
        if not isinstance(self.steps, list) or not self.steps or \
                any(not isinstance(s, tuple) or len(s) != 2 for s in self.steps):
            raise TypeError("The 'steps' parameter of Pipeline must be an instance of 'list' of "
                            f"(name, estimator) tuples. Got {self.steps!r} instead.")
        names = [n for n, _ in self.steps]
        if len(set(names)) != len(names):
            raise ValueError(f"Names provided are not unique: {names!r}")
        for n in names:
            if "__" in n:
                raise ValueError(f"Estimator names must not contain __: got {[n]!r}")
        for name, t in self.steps[:-1]:
            if _is_passthrough(t):
                continue
            if not (hasattr(t, "fit") or hasattr(t, "fit_transform")) or \
                    not hasattr(t, "transform"):
                raise TypeError("All intermediate steps should be transformers and implement "
                                f"fit and transform or be the string 'passthrough' '{t!r}' "
                                f"(type {type(t)}) doesn't")
        last = self.steps[-1][1]
        if not _is_passthrough(last) and not hasattr(last, "fit"):
            raise TypeError("Last step of Pipeline should implement fit or be the string "
                            f"'passthrough'. '{last!r}' (type {type(last)}) doesn't")

    def __len__(self) -> int:
        return len(self.steps)

    def __getitem__(self, ind: Any) -> Any:
        """A step by position or name, or a sub-pipeline for a slice. Local."""
        if isinstance(ind, slice):
            if ind.step not in (None, 1):
                raise ValueError("Pipeline slicing only supports a step of 1")
            return Pipeline(self.steps[ind], memory=self.memory, verbose=self.verbose)
        if isinstance(ind, str):
            return dict(self.steps)[ind]
        return self.steps[ind][1]

    @property
    def named_steps(self) -> Dict[str, Any]:
        """The steps by name (a dict). Local."""
        return dict(self.steps)

    @property
    def _final_estimator(self) -> Any:
        last = self.steps[-1][1]
        return "passthrough" if _is_passthrough(last) else last

    @property
    def _estimator_type(self) -> Any:  # type: ignore[override]
        return getattr(self._final_estimator, "_estimator_type", None)

    def _transformers(self) -> Iterator[Any]:
        for _, t in self.steps[:-1]:
            if not _is_passthrough(t):
                yield t

    def _transform_all(self, X: Any) -> Any:
        for t in self._transformers():
            X = t.transform(X)
        return X

    def _fit_transformers(self, X: Any, y: Any) -> Any:
        self._validate_steps()
        for t in self._transformers():
            X = t.fit_transform(X, y) if hasattr(t, "fit_transform") else t.fit(X, y).transform(X)
        return X

    # ---- fitting and predicting ------------------------------------------------------------
    def fit(self, X: Any, y: Any = None, **params: Any) -> "Pipeline":
        """Fits the transformers in turn, then the last step on their output. Collective."""
        if params:
            raise NotImplementedError("Pipeline: fit params are not supported by pgas.ml yet")
        Xt = self._fit_transformers(X, y)
        last = self._final_estimator
        if last != "passthrough":
            last.fit(Xt) if y is None else last.fit(Xt, y)
        return self

    def fit_transform(self, X: Any, y: Any = None, **params: Any) -> Any:
        """fit, returning the last step's transform of the data (its fit_transform).
        Collective."""
        if params:
            raise NotImplementedError("Pipeline: fit params are not supported by pgas.ml yet")
        Xt = self._fit_transformers(X, y)
        last = self._final_estimator
        if last == "passthrough":
            return Xt
        if hasattr(last, "fit_transform"):
            return last.fit_transform(Xt, y)
        return last.fit(Xt, y).transform(Xt)

    def fit_predict(self, X: Any, y: Any = None, **params: Any) -> Any:
        """fit, returning the last step's fit_predict of the transformed data. Collective."""
        Xt = self._fit_transformers(X, y)
        return self._final_estimator.fit_predict(Xt, y)

    def _final(self, method: str) -> Any:
        last = self._final_estimator
        if last == "passthrough" or not hasattr(last, method):
            raise AttributeError(f"This 'Pipeline' has no attribute '{method}'")
        return getattr(last, method)

    def predict(self, X: Any) -> Any:
        """The last step's predict of the transformed X. Collective."""
        return self._final("predict")(self._transform_all(X))

    def predict_proba(self, X: Any) -> Any:
        """The last step's predict_proba of the transformed X. Collective."""
        return self._final("predict_proba")(self._transform_all(X))

    def predict_log_proba(self, X: Any) -> Any:
        """The last step's predict_log_proba of the transformed X. Collective."""
        return self._final("predict_log_proba")(self._transform_all(X))

    def decision_function(self, X: Any) -> Any:
        """The last step's decision_function of the transformed X. Collective."""
        return self._final("decision_function")(self._transform_all(X))

    def transform(self, X: Any) -> Any:
        """Every step's transform in turn (the last one too, unless 'passthrough').
        Collective."""
        Xt = self._transform_all(X)
        last = self._final_estimator
        return Xt if last == "passthrough" else self._final("transform")(Xt)

    def inverse_transform(self, X: Any) -> Any:
        """Every step's inverse_transform, last to first. Collective."""
        for _, t in reversed(self.steps):
            if not _is_passthrough(t):
                X = t.inverse_transform(X)
        return X

    def score(self, X: Any, y: Any = None, sample_weight: Any = None) -> float:
        """The last step's score of the transformed X against y. Collective."""
        Xt = self._transform_all(X)
        score = self._final("score")
        if sample_weight is not None:
            return float(score(Xt, y, sample_weight=sample_weight))
        return float(score(Xt) if y is None else score(Xt, y))

    @property
    def classes_(self) -> Any:
        """The last step's classes_. Local."""
        return self.steps[-1][1].classes_

    @property
    def n_features_in_(self) -> int:
        """The first step's n_features_in_. Local."""
        return self.steps[0][1].n_features_in_

    def __sklearn_is_fitted__(self) -> bool:
        last = self._final_estimator
        if last == "passthrough":
            return True
        return any(v.endswith("_") and not v.startswith("__") for v in vars(last))

    def _clone_unfitted(self) -> "Pipeline":
        from .model_selection import _clone

        return Pipeline([(n, e if _is_passthrough(e) else _clone(e)) for n, e in self.steps],
                        transform_input=self.transform_input, memory=self.memory,
                        verbose=self.verbose)


def _name_estimators(estimators: Tuple[Any, ...]) -> List[Tuple[str, Any]]:
    """scikit-learn's names: the lower-case class name, '-1', '-2', ... for repeated ones."""
    names = [e if isinstance(e, str) else type(e).__name__.lower() for e in estimators]
    counts: Dict[str, int] = defaultdict(int)
    for n in names:
        counts[n] += 1
    for k, v in list(counts.items()):
        if v == 1:
            del counts[k]
    for i in reversed(range(len(estimators))):
        name = names[i]
        if name in counts:
            names[i] += f"-{counts[name]}"
            counts[name] -= 1
    return list(zip(names, estimators))


def make_pipeline(*steps: Any, memory: Any = None, transform_input: Any = None,
                  verbose: bool = False) -> Pipeline:
    """A Pipeline whose step names are the lower-case class names (scikit-learn's
    make_pipeline). Local."""
    return Pipeline(_name_estimators(steps), memory=memory, transform_input=transform_input,
                    verbose=verbose)
