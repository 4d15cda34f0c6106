"""NumPy's functions on darrays: the one table behind ``darray.__array_function__``.

``np.isclose(A, B)``, ``np.where(A > 0, A, 0.)``, ``np.cumsum(A, axis=0)`` ... reach
``darray.__array_function__``, which looks the NumPy function up in ``HANDLED`` and calls the
implementation registered for it with NumPy's own arguments. A NumPy function that is not in
the table raises ``NotImplementedError`` naming it, on every rank (never a silent wrong answer
and never NumPy's generic ``TypeError`` about ``__array__``).

One module per group of NumPy's API (``reductions``, ``comparison``, ``creation``, ``math``);
each registers its functions with ``@implements(np.f, test=...)``, naming the test that checks
it against NumPy (``scripts/numpy_coverage.py`` writes docs/numpy-coverage.md from this table).
NumPy's creation functions that take no array (``np.linspace``, ``np.eye``...) never reach a
darray; their distributed forms are pgas functions with a ``map=`` argument, listed in
``PROVIDED`` (``pg.linspace(0, 1, 50, map=m)``).
"""
from __future__ import annotations

from typing import Any, Callable, Dict, NamedTuple

__all__ = ["HANDLED", "PROVIDED", "implements", "provides", "dispatch", "function_name"]


class Entry(NamedTuple):
    implementation: Callable[..., Any]
    test: str  # "test_numpy_<group>.py::test_<name>" under tests/python


#: NumPy function -> its darray implementation and the test that checks it.
HANDLED: Dict[Any, Entry] = {}
#: Name of a NumPy function without array arguments -> the pgas function (with ``map=``) that
#: makes its result distributed, and its test.
PROVIDED: Dict[str, Entry] = {}


def function_name(func: Any) -> str:
    """``numpy.isclose``, ``numpy.fft.fft``: how messages and the coverage page name ``func``."""
    module = getattr(func, "__module__", None) or "numpy"
    if module.startswith("numpy.") and module.count(".") >= 1 and \
            module.split(".")[1].startswith("_"):
        module = "numpy"  # numpy._core.fromnumeric.sum is numpy.sum to the user
    return f"{module}.{getattr(func, '__name__', repr(func))}"


def implements(*numpy_functions: Any, test: str) -> Callable[[Callable], Callable]:
    """Register the decorated function as the darray implementation of ``numpy_functions``."""
    def register(implementation: Callable) -> Callable:
        for f in dict.fromkeys(numpy_functions):  # aliases (np.permute_dims) once
            if f in HANDLED:
                raise RuntimeError(f"{function_name(f)} is registered twice")
            HANDLED[f] = Entry(implementation, test)
        return implementation
    return register


def provides(*names: str, test: str) -> Callable[[Callable], Callable]:
    """Register the decorated pgas function as the distributed form of NumPy's ``names``."""
    def register(implementation: Callable) -> Callable:
        for n in names:
            PROVIDED[n] = Entry(implementation, test)
        return implementation
    return register


def not_implemented(func: Any, detail: str = "") -> NotImplementedError:
    """The error for a NumPy function (or one of its options) pgas does not implement."""
    extra = f" ({detail})" if detail else ""
    return NotImplementedError(
        f"{function_name(func)} is not implemented for pgas darrays{extra}; see "
        f"docs/numpy-coverage.md. Use A.local for this rank's part, or pg.agg_all(A) for the "
        f"whole array on every rank.")


def dispatch(func: Any, types: Any, args: Any, kwargs: Any) -> Any:
    """``darray.__array_function__``: NumPy's ``func`` called with darray arguments.
    Collective exactly when the implementation is (see its docstring)."""
    entry = HANDLED.get(func)
    if entry is None:
        raise not_implemented(func)
    return entry.implementation(*args, **kwargs)


# The groups register themselves on import.
from . import (reductions, comparison, creation, math, shape, selection, linalg,  # noqa: E402,F401
               stats, sorting)
