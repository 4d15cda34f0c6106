"""Agreement across ranks (docs/failure-model.md): that a collective call's arguments are the
same on every rank, and that a local step which can fail on some ranks only failed nowhere.

Both cost one small allreduce (``pgas/comm/agreement.hpp``) and nothing on one rank; the
expensive part (who differs, who failed, why) runs only on the error path.
"""
from __future__ import annotations

import builtins
import hashlib
import numbers
import warnings
from typing import Any, Callable, Iterable, Tuple

import numpy as np

from . import _core

# ---- collective arguments ------------------------------------------------------------------


def _canonical(value: Any) -> str:
    """A text that is equal on two ranks exactly when the values are (for what pgas accepts as
    collective arguments). Python's hash() is salted per process, so it cannot be used."""
    from .maps import dmap

    if value is None or isinstance(value, (bool, str, bytes)):
        return repr(value)
    if isinstance(value, numbers.Integral):
        return f"int:{int(value)}"
    if isinstance(value, numbers.Real):
        return f"float:{float(value)!r}"
    if isinstance(value, numbers.Complex):
        return f"complex:{complex(value)!r}"
    if isinstance(value, slice):
        return f"slice({_canonical(value.start)},{_canonical(value.stop)},{_canonical(value.step)})"
    if value is Ellipsis:
        return "..."
    if isinstance(value, (tuple, list)):
        return "(" + ",".join(_canonical(v) for v in value) + ")"
    if isinstance(value, np.dtype) or (isinstance(value, type) and issubclass(value, np.generic)):
        return f"dtype:{np.dtype(value).str}"
    if isinstance(value, dmap):
        return f"dmap:{value.grid}{value.dist}{value.procs}{value.overlap}"
    if isinstance(value, np.ndarray):
        # The shape and dtype, not the data: a NumPy argument of a collective call is this
        # rank's data, which may differ (the checks compare what must not).
        return f"ndarray:{value.shape}{value.dtype.str}"
    return f"{type(value).__qualname__}:{value!r}"


def fingerprint(value: Any) -> int:
    """64-bit hash of a collective argument, equal on every rank for equal values. Local."""
    return int.from_bytes(hashlib.blake2b(_canonical(value).encode(), digest_size=8).digest(), "little")


def check_same(ctx: Any, call: str, **arguments: Any) -> None:
    """ValueError on every rank, naming the argument and the ranks, unless every rank passed
    the same ``arguments`` to ``call``. Collective over ``ctx`` (one small allreduce; nothing
    on one rank)."""
    if ctx.size == 1:
        return
    _core.comm.check_same_arguments(ctx, call, [(name, fingerprint(v)) for name, v in arguments.items()])


# ---- local steps ---------------------------------------------------------------------------


# np.errstate / np.seterr set a new value of this context variable (NumPy >= 2); an unchanged
# value and unchanged warnings filters mean an unchanged answer, so the common case costs a
# few attribute reads instead of np.geterr() (~5 us) on every operation.
_errstate_variable = getattr(getattr(getattr(np, "_core", None), "_ufunc_config", None),
                             "_extobj_contextvar", None)
_seen = [object(), None, -1, None]  # errstate, warnings.filters, its length, its first entry
_seen_answer = [False]


def _may_catch_runtime_warnings(category: type) -> bool:
    # NumPy's loops warn with RuntimeWarning and its subclasses (ComplexWarning); an "error"
    # filter for another category (pytest installs one for its own deprecations) cannot fire.
    return issubclass(RuntimeWarning, category) or issubclass(category, RuntimeWarning)


def errors_may_raise() -> bool:
    """Whether NumPy's floating-point errors or warnings are turned into exceptions here
    (np.errstate with 'raise' or 'call', or a warnings filter 'error'): then a loop can raise on
    one rank's part only. Local."""
    state = _errstate_variable.get() if _errstate_variable is not None else None
    filters = warnings.filters
    n = len(filters)
    first = filters[0] if n else None
    seen = _seen
    if state is seen[0] and filters is seen[1] and n == seen[2] and first is seen[3] and \
            state is not None:
        return _seen_answer[0]
    err = np.geterr()
    answer = "raise" in err.values() or "call" in err.values() or \
        any(f[0] == "error" and _may_catch_runtime_warnings(f[2]) for f in filters)
    seen[0], seen[1], seen[2], seen[3] = state, filters, n, first
    _seen_answer[0] = answer
    return answer


def _integer_power(ufunc: Any, operands: Iterable[Any]) -> bool:
    """np.power with integer operands raises for a negative exponent, on the ranks holding one."""
    if ufunc is not np.power:
        return False
    return all(np.asarray(x).dtype.kind in "iub" if not isinstance(x, (int, np.integer))
               else True for x in operands)


def can_fail_locally(ufunc: Any, operands: Iterable[Any]) -> bool:
    """Whether ``ufunc`` on these local operands may raise on some ranks and not on others. Local."""
    return _integer_power(ufunc, operands) or errors_may_raise()


def _builtin_base(exc: BaseException) -> type:
    """The first built-in exception class of ``exc``'s type (NumPy's UFuncTypeError -> TypeError),
    so that every rank can raise the same type."""
    for cls in type(exc).__mro__:
        if getattr(builtins, cls.__name__, None) is cls and issubclass(cls, Exception):
            return cls
    return RuntimeError


def agreed(ctx: Any, what: str, step: Callable[[], Any]) -> Any:
    """``step()``, whose failure on any rank becomes the same exception on every rank: the
    built-in type of the lowest failing rank's exception, naming the failing ranks and what
    went wrong there. Collective over ``ctx``; on one rank just ``step()``."""
    if ctx.size == 1:
        return step()
    failure = None
    result = None
    try:
        result = step()
    except Exception as exc:  # noqa: BLE001 - every exception must reach the agreement
        failure = exc
    description = "" if failure is None else \
        f"{_builtin_base(failure).__name__}\n{type(failure).__name__}: {failure}"
    failed_ranks, first = _core.comm.agree_outcome(ctx, failure is not None, description)
    if not failed_ranks:
        return result
    base_name, _, detail = first.decode().partition("\n")
    cls = getattr(builtins, base_name, RuntimeError)
    ranks = ", ".join(str(r) for r in failed_ranks)
    error = cls(f"[rank {ctx.rank}] {what} failed on rank(s) {ranks} (rank {failed_ranks[0]}: {detail})")
    raise error from failure


def local_ufunc(ctx: Any, ufunc: Any, operands: Tuple[Any, ...], step: Callable[[], Any]) -> Any:
    """The local loop of a ufunc on a darray: agreed (``agreed``) only when it can fail on some
    ranks only (``can_fail_locally``), so the usual call costs no communication. Collective over
    ``ctx`` exactly when it communicates, which every rank decides alike."""
    if ctx.size == 1 or not can_fail_locally(ufunc, operands):
        return step()
    return agreed(ctx, f"np.{ufunc.__name__}", step)
