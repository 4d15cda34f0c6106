"""darray: a NumPy-like N-d array spread over MPI ranks by a map (SPEC §2).

The values live in C++ (``pgas._core.darray.DArray_<dtype>``); this class is the NumPy-shaped
skin: attributes, indexing, ufuncs, reductions. Data moves between maps only through the
C++ redistribution plans; elementwise work runs on each rank's local part (the common
binary operations as C++ loops, every other ufunc as NumPy's compiled loop on the local
NumPy view).

Every operation is collective unless its docstring says *local*.
"""
from __future__ import annotations

import dis
import numbers
import sys
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np

from . import _agreement, _core
from .maps import dmap

__all__ = ["darray"]

# The dtypes pgas arrays hold (SPEC §2, and the unsigned extension of docs/darray.md): one
# C++ class each, DArray_<name>, made by the bindings from C++'s one list (element_types.hpp).
_DTYPE_NAMES = {np.dtype(name): name for name in (
    "float64", "float32", "int64", "int32", "uint64", "uint32", "uint16", "uint8",
    "complex128", "complex64", "bool")}
# The ufuncs with C++ kernels for same-dtype operands.
_KERNELS = {"add", "subtract", "multiply", "divide", "true_divide"}


def supported_dtype(dtype: Any) -> np.dtype:
    """The NumPy dtype if pgas arrays can hold it, else TypeError (local)."""
    dt = np.dtype(dtype)
    if dt not in _DTYPE_NAMES:
        names = ", ".join(str(d) for d in _DTYPE_NAMES)
        # NumPy's float loops give float16 for uint8 (np.sin, np.sqrt, np.angle...): say so.
        hint = (" (NumPy's result type of float functions of uint8: convert the operand "
                "first, e.g. A.astype(np.float32))") if dt == np.float16 else ""
        raise TypeError(f"pgas arrays hold {names}; got {dt}{hint}")
    return dt


def impl_class(dtype: Any):
    return getattr(_core.darray, "DArray_" + _DTYPE_NAMES[supported_dtype(dtype)])


def _map_of(core_map: "_core.maps.Map") -> dmap:
    return dmap._from_core(core_map)


# Ufuncs that layers above darray serve (pgas.linalg registers np.matmul: SPEC §4, A @ B runs
# on ScaLAPACK), so that darray never imports them.
_UFUNC_HANDLERS: Dict[Any, Callable[..., Any]] = {}


def _register_ufunc(ufunc: Any, handler: Callable[..., Any]) -> None:
    """Route ``ufunc(darray, ...)`` calls to ``handler(*inputs)``. Local."""
    _UFUNC_HANDLERS[ufunc] = handler


# ---- operators: + - * / without the ufunc machinery -------------------------------------------
# Between two darrays of one dtype, shape and context, or a darray and a Python scalar NumPy
# would not promote, the four operators call the C++ loop directly: NumPy's dispatch through
# __array_ufunc__ costs more than the loop itself on small arrays. Everything else (broadcasting,
# promotion, bool) goes the ufunc way below, where NumPy's rules live; the results are the same.
#
# Temporary elision (NumPy's, for `a * b + c`): the left operand's buffer takes the result
# instead of a new one when nobody else can see it. All of these must hold:
# - the operator was called by the interpreter's binary-operation instruction (the caller
#   frame is at BINARY_OP), not by C code or an explicit call;
# - the darray's reference count is the one a value on that instruction's stack has and no
#   other reference adds to: measured at import on a probe class (a named operand has one
#   more); where the counts cannot be told apart, no elision;
# - the darray was made by one of these operators (a kernel result with a fresh buffer), and
#   its C++ buffer has no other owner (no alias, no NumPy view of .local: DArray::local_buffer's
#   use count).
# The case these checks cannot see: C code that runs a Python binary operator on a borrowed
# reference to such a result (a NumPy object array of darrays in `objects + x`), as NumPy
# itself guards against with a C stack check; pgas does not support darrays in object arrays.
_BINARY_OPCODES = frozenset(dis.opmap[n] for n in ("BINARY_OP", "BINARY_ADD", "BINARY_SUBTRACT",
                                                   "BINARY_MULTIPLY", "BINARY_TRUE_DIVIDE")
                            if n in dis.opmap)


def _called_by_binary_op(frame: Any) -> bool:
    return frame.f_code.co_code[frame.f_lasti] in _BINARY_OPCODES


def _temporary_refcount() -> Optional[int]:
    class _Probe:
        __slots__ = ()

        def __add__(self, other: Any) -> Any:
            return sys.getrefcount(self), _called_by_binary_op(sys._getframe(1))

    named = _Probe()
    as_named = named + 0
    as_temporary = _Probe() + 0
    if as_named[1] and as_temporary[1] and as_temporary[0] < as_named[0]:
        return as_temporary[0]
    return None


_TEMPORARY_REFCOUNT = _temporary_refcount()


def _operator(name: str, reflected: bool = False) -> Callable[[Any, Any], Any]:
    short = {"add": "add", "subtract": "sub", "multiply": "mul", "true_divide": "truediv"}[name]
    dunder = f"__{'r' if reflected else ''}{short}__"
    ufunc_way = getattr(np.lib.mixins.NDArrayOperatorsMixin, dunder)
    in_place_ok = not reflected or name in ("add", "multiply")  # x op v == v op x

    def operator(self: "darray", other: Any) -> Any:
        impl = self._impl
        kinds = _KERNEL_OPERANDS.get(type(impl))
        # Under an errstate that raises, only the ufunc path agrees the outcome across ranks.
        if kinds is None or name not in kinds[0] or _agreement.errors_may_raise():
            return ufunc_way(self, other)
        if type(other) is darray:
            o = other._impl
            if type(o) is not type(impl) or not impl.same_layout(o):
                return ufunc_way(self, other)
            if reflected:
                return ufunc_way(self, other)
            if (self._fresh and sys.getrefcount(self) == _TEMPORARY_REFCOUNT
                    and _called_by_binary_op(sys._getframe(1)) and impl.sole_owner()):
                impl.inplace(o, name)
                return self
            return _fresh(impl.binary(o, name), self._map)
        if type(other) not in kinds[1]:
            return ufunc_way(self, other)
        try:
            value = kinds[2](other)
        except OverflowError:  # a Python int outside the integer dtype: NumPy decides
            return ufunc_way(self, other)
        if (in_place_ok and self._fresh and sys.getrefcount(self) == _TEMPORARY_REFCOUNT
                and _called_by_binary_op(sys._getframe(1)) and impl.sole_owner()):
            impl.inplace_scalar(value, name)
            return self
        return _fresh(impl.binary_scalar(value, name, reflected), self._map)

    operator.__name__ = dunder
    operator.__doc__ = getattr(ufunc_way, "__doc__", None)
    return operator


def _inplace_operator(name: str) -> Callable[[Any, Any], Any]:
    short = {"add": "add", "subtract": "sub", "multiply": "mul", "true_divide": "truediv"}[name]
    ufunc_way = getattr(np.lib.mixins.NDArrayOperatorsMixin, f"__i{short}__")

    def operator(self: "darray", other: Any) -> Any:
        impl = self._impl
        kinds = _KERNEL_OPERANDS.get(type(impl))
        if kinds is not None and name in kinds[0] and not _agreement.errors_may_raise():
            if type(other) is darray:
                o = other._impl
                if type(o) is type(impl) and impl.same_layout(o):
                    impl.inplace(o, name)
                    return self
            elif type(other) in kinds[1]:
                try:
                    value = kinds[2](other)
                except OverflowError:
                    return ufunc_way(self, other)
                impl.inplace_scalar(value, name)
                return self
        return ufunc_way(self, other)

    operator.__name__ = f"__i{short}__"
    operator.__doc__ = getattr(ufunc_way, "__doc__", None)
    return operator


def _kernel_operands() -> Dict[Any, Tuple[frozenset, tuple, Any]]:
    """C++ class -> (the operators with C++ loops, the Python scalar types NumPy keeps at the
    array's dtype, the dtype's scalar type)."""
    table = {}
    for dt in _DTYPE_NAMES:
        if dt == np.bool_:
            continue
        ops = {"add", "subtract", "multiply"} | ({"true_divide"} if dt.kind in "fc" else set())
        scalars = {"i": (int,), "u": (int,), "f": (int, float), "c": (int, float, complex)}[dt.kind]
        table[getattr(_core.darray, "DArray_" + _DTYPE_NAMES[dt])] = (frozenset(ops), scalars, dt.type)
    return table


_KERNEL_OPERANDS = _kernel_operands()


def _fresh(impl: Any, map: "dmap") -> "darray":
    """A darray around a kernel's result (a buffer nobody else holds): an elision candidate."""
    out = darray(impl, map)
    out._fresh = True
    return out


class darray(np.lib.mixins.NDArrayOperatorsMixin):
    """A distributed array. Make one with ``pg.zeros``, ``pg.rand``, ``pg.from_numpy``...;
    read it back with ``pg.agg`` / ``pg.agg_all``; its own part is ``A.local``."""

    __slots__ = ("_impl", "_map", "_held", "_fresh")
    __array_priority__ = 1000  # NumPy defers to us in mixed operations

    def __init__(self, impl: Any, map: Optional[dmap] = None) -> None:
        self._impl = impl
        self._map = map if map is not None else _map_of(impl.map)
        self._held = None
        self._fresh = False

    @classmethod
    def _wrap(cls, impl: Any) -> "darray":
        return cls(impl)

    # ---- what it is (local) ----------------------------------------------------------
    @property
    def shape(self) -> Tuple[int, ...]:
        return tuple(self._impl.shape)

    @property
    def dtype(self) -> np.dtype:
        return np.dtype(self._impl.dtype)

    @property
    def ndim(self) -> int:
        return len(self._impl.shape)

    @property
    def size(self) -> int:
        return int(np.prod(self.shape, dtype=np.int64))

    @property
    def map(self) -> dmap:
        return self._map

    @property
    def local(self) -> np.ndarray:
        """This rank's part (overlap cells included), a zero-copy C-order NumPy view. Local."""
        return self._impl.local()

    @property
    def owned(self) -> np.ndarray:
        """This rank's owned part (``.local`` without the overlap cells): a zero-copy NumPy view
        of ``.local`` sliced to the owned shape, so writes go to the array. Local."""
        return self.local[tuple(slice(0, n) for n in self._impl.owned_shape)]

    @property
    def local_shape(self) -> Tuple[int, ...]:
        return tuple(self._impl.local_shape)

    def put_local(self, x: Any) -> None:
        """Replace this rank's part. A scalar fills it (local); an array must have exactly the
        local shape (collective: a wrong shape on any rank raises ValueError on every rank)."""
        if np.isscalar(x) or (isinstance(x, np.ndarray) and x.ndim == 0):
            self.local[...] = x
        else:
            self._impl.put_local(np.asarray(x, dtype=self.dtype))

    def global_ind(self, dim: Optional[int] = None) -> Any:
        """Global indices of the local part (overlap included) per dimension, or along ``dim``.
        Local."""
        held = self._held_indices()
        if dim is None:
            return [h.copy() for h in held]
        return held[_axis(dim, self.ndim)].copy()

    def _held_indices(self) -> List[np.ndarray]:
        if self._held is None:
            self._held = [self._impl.global_ind(d) for d in range(self.ndim)]
        return self._held

    def global_block_range(self, dim: int) -> Tuple[int, int]:
        """(first, last) global index of the local block along a block dimension (inclusive,
        overlap excluded), as pMatlab/pPython; (0, -1) when empty. Local."""
        d = _axis(dim, self.ndim)
        if self.map.dist[d] != "b":
            raise ValueError(f"global_block_range: dimension {d} is {self.map.dist[d]!r}, "
                             f"not a block dimension")
        owned = self._impl.owned_shape[d]
        ind = self._held_indices()[d][:owned]
        return (int(ind[0]), int(ind[-1])) if owned else (0, -1)

    def global_block_ranges(self, dim: int) -> List[Tuple[int, int, int]]:
        """(rank, first, last) of every rank of the map along a block dimension. Local."""
        d = _axis(dim, self.ndim)
        if self.map.dist[d] != "b":
            raise ValueError(f"global_block_ranges: dimension {d} is not a block dimension")
        out = []
        for rank in self.map.procs:
            runs = self.map.owned_runs(self.shape, rank)[d]
            if runs and runs[0].size:
                out.append((rank, runs[0].start, runs[0].start + runs[0].size - 1))
            else:
                out.append((rank, 0, -1))
        return out

    def __repr__(self) -> str:
        """Local: shape, dtype, map and this rank's local shape."""
        return (f"darray(shape={self.shape}, dtype={self.dtype}, map={self.map!r}, "
                f"local_shape={self.local_shape})")

    def __len__(self) -> int:
        if not self.shape:
            raise TypeError("len() of a 0-d darray")
        return self.shape[0]

    def __iter__(self):
        raise TypeError("iterating over a darray element by element is not supported: "
                        "use A.local for this rank's part or pg.agg_all(A) for the whole array")

    def __array__(self, dtype=None, copy=None):
        """Refused: np.asarray(A) would gather the whole array onto every rank silently. NumPy's
        functions reach __array_function__ instead (np.array_equal(A, B) compares in place)."""
        raise TypeError("converting a darray to a NumPy array would gather it silently: "
                        "use pg.agg(A) or pg.agg_all(A)")

    def __array_function__(self, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
        """NumPy's functions (np.where, np.cumsum, np.isclose...) on darrays: the one table in
        pgas._numpy_api; a function not in it raises NotImplementedError naming it. Collective
        exactly when the implementation is (docs/numpy-coverage.md lists them)."""
        from ._numpy_api import dispatch

        return dispatch(func, types, args, kwargs)

    def __bool__(self) -> bool:
        if self.size != 1:
            raise ValueError("The truth value of a darray with more than one element is ambiguous. "
                             "Use a.any() or a.all()")
        return bool(self[(0,) * self.ndim])

    # ---- copies and layouts ---------------------------------------------------------------
    def copy(self) -> "darray":
        return darray(self._impl.copy(), self._map)

    def astype(self, dtype: Any) -> "darray":
        """A copy converted to ``dtype`` (same map; local conversion, no communication)."""
        dt = supported_dtype(dtype)
        _agreement.check_same(self._impl.context, "astype", dtype=dt)
        if dt == self.dtype:
            return self.copy()
        out = darray(impl_class(dt).empty(list(self.shape), self._map._map, self._impl.context),
                     self._map)
        converted = _agreement.agreed(self._impl.context, f"astype({dt})", lambda: self.local.astype(dt)) \
            if _agreement.errors_may_raise() else self.local.astype(dt)
        out.local[...] = converted
        return out

    def remap(self, map: dmap) -> "darray":
        if not isinstance(map, dmap):
            raise TypeError(f"remap: map must be a pg.dmap, got {type(map).__name__}")
        _agreement.check_same(self._impl.context, "remap", map=map)
        return darray(self._impl.remap(map._map), map)

    def synch(self) -> None:
        """Overlap cells take their owners' values."""
        self._impl.synch()

    def agg(self, leader: int = 0) -> np.ndarray:
        """The whole array on ``leader``; this rank's local part elsewhere (pPython)."""
        if isinstance(leader, (bool, np.bool_)) or not isinstance(leader, numbers.Integral):
            raise TypeError(f"agg: leader must be a rank (an int), got {leader!r}")
        _agreement.check_same(self._impl.context, "agg", leader=leader)
        return self._impl.agg(leader)

    def agg_all(self) -> np.ndarray:
        return self._impl.agg_all()

    def transpose(self, *axes: Any) -> "darray":
        """Axes reversed (or permuted as ``axes``, NumPy's spellings); no data moves (each rank
        transposes its part, the map follows)."""
        if axes and not (len(axes) == 1 and axes[0] is None):
            return np.transpose(self, axes[0] if len(axes) == 1 else axes)
        return darray(self._impl.transpose())

    @property
    def T(self) -> "darray":
        return self.transpose()

    def transpose_grid(self) -> "darray":
        """The same values over the transposed process grid (a corner turn)."""
        return darray(self._impl.transpose_grid())

    # ---- indexing ------------------------------------------------------------------------
    def __getitem__(self, key: Any) -> Any:
        if _is_advanced(key):  # boolean masks, integer arrays: pgas._numpy_api.selection
            from ._numpy_api.selection import fancy_getitem

            return fancy_getitem(self, key)
        region, dropped = _region(key, self.shape)
        _agreement.check_same(self._impl.context, "darray[key]", key=(region, dropped))
        if len(dropped) == self.ndim:
            return self.dtype.type(self._impl.get([s[0] for s in region]))
        full_map = _map_for_region(self.map, self.shape, region, dropped)
        piece = self._impl.region(region, full_map._map)
        if not dropped:
            return darray(piece, full_map)
        return _squeeze(darray(piece, full_map), dropped)

    def __setitem__(self, key: Any, value: Any) -> None:
        if _is_advanced(key):
            from ._numpy_api.selection import fancy_setitem

            fancy_setitem(self, key, value)
            return
        region, dropped = _region(key, self.shape)
        _agreement.check_same(self._impl.context, "darray[key] = value", key=(region, dropped),
                              value=value if np.isscalar(value) else np.shape(value))
        target_shape = tuple(s[2] for d, s in enumerate(region) if d not in dropped)
        if isinstance(value, darray):
            if value.shape != target_shape:
                value = _broadcast_value(value, target_shape)
            if value.dtype != self.dtype:
                value = value.astype(self.dtype)
            # The whole array (no integer index: value has this shape). assign copies the
            # local buffers when the maps are the same, else runs the redistribution plan.
            whole = not dropped and all(s == (0, 1, n) for s, n in zip(region, self.shape))
            if whole:
                self._impl.assign(value._impl)
                return
            if dropped:
                value = _expand(value, dropped)
            source = [(0, 1, n) for n in value.shape]
            self._impl.assign_region(region, value._impl, source)
            return
        if np.isscalar(value) or (isinstance(value, np.ndarray) and value.ndim == 0):
            self._impl.fill_region(region, self.dtype.type(value))
            return
        try:
            values = np.broadcast_to(np.asarray(value, dtype=self.dtype), target_shape)
        except ValueError:
            raise ValueError(f"could not broadcast input array from shape "
                             f"{np.shape(value)} into shape {target_shape}") from None
        self._impl.put_region(region, np.ascontiguousarray(values).reshape([s[2] for s in region]))

    # ---- operators (module top: the C++ loops' fast path, temporary elision) ----------------
    __add__ = _operator("add")
    __radd__ = _operator("add", reflected=True)
    __sub__ = _operator("subtract")
    __rsub__ = _operator("subtract", reflected=True)
    __mul__ = _operator("multiply")
    __rmul__ = _operator("multiply", reflected=True)
    __truediv__ = _operator("true_divide")
    __rtruediv__ = _operator("true_divide", reflected=True)
    __iadd__ = _inplace_operator("add")
    __isub__ = _inplace_operator("subtract")
    __imul__ = _inplace_operator("multiply")
    __itruediv__ = _inplace_operator("true_divide")

    # ---- ufuncs ----------------------------------------------------------------------------
    def __array_ufunc__(self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
        """Ufunc calls (NumPy broadcasting, dtype promotion, ``out=``) and ``reduce`` of the
        ufuncs behind the reductions; the other methods raise NotImplementedError."""
        if method == "reduce":
            return _ufunc_reduce(ufunc, inputs, kwargs)
        if method != "__call__":
            raise NotImplementedError(_unsupported_method(ufunc, method))
        handler = _UFUNC_HANDLERS.get(ufunc)
        if handler is not None:
            return handler(*inputs)
        if ufunc.signature is not None:  # a gufunc's core dimensions are not elementwise
            raise NotImplementedError(f"numpy.{ufunc.__name__} (a generalized ufunc, signature "
                                      f"{ufunc.signature}) is not implemented for pgas darrays")
        out = kwargs.pop("out", None)
        # NumPy's loops honour np.errstate/warnings filters (and raise on one rank's part only,
        # which _elementwise agrees on); the C++ kernels would ignore them.
        fast = NotImplemented if _agreement.errors_may_raise() else _try_kernel(ufunc, inputs, out, kwargs)
        if fast is not NotImplemented:
            return fast
        return _elementwise(ufunc, inputs, out, kwargs)

    # ---- reductions ----------------------------------------------------------------------------
    def sum(self, axis=None, dtype=None, out=None, keepdims=False, **kw):
        return self._reduce("sum", axis, dtype=dtype, out=out, keepdims=keepdims, **kw)

    def prod(self, axis=None, dtype=None, out=None, keepdims=False, **kw):
        return self._reduce("prod", axis, dtype=dtype, out=out, keepdims=keepdims, **kw)

    def min(self, axis=None, out=None, keepdims=False, **kw):
        return self._reduce("min", axis, out=out, keepdims=keepdims, **kw)

    def max(self, axis=None, out=None, keepdims=False, **kw):
        return self._reduce("max", axis, out=out, keepdims=keepdims, **kw)

    def mean(self, axis=None, dtype=None, out=None, keepdims=False, **kw):
        return self._reduce("mean", axis, dtype=dtype, out=out, keepdims=keepdims, **kw)

    def var(self, axis=None, dtype=None, out=None, ddof=0, keepdims=False, **kw):
        return self._reduce("var", axis, dtype=dtype, out=out, keepdims=keepdims, ddof=ddof, **kw)

    def std(self, axis=None, dtype=None, out=None, ddof=0, keepdims=False, **kw):
        return self._reduce("std", axis, dtype=dtype, out=out, keepdims=keepdims, ddof=ddof, **kw)

    def argmin(self, axis=None, out=None, **kw):
        return self._reduce("argmin", axis, out=out, **kw)

    def argmax(self, axis=None, out=None, **kw):
        return self._reduce("argmax", axis, out=out, **kw)

    def any(self, axis=None, out=None, keepdims=False, **kw):
        return self._reduce("any", axis, out=out, keepdims=keepdims, **kw)

    def all(self, axis=None, out=None, keepdims=False, **kw):
        return self._reduce("all", axis, out=out, keepdims=keepdims, **kw)

    # ---- NumPy's methods: the same implementations as np.f(A) (pgas._numpy_api) ----------
    def round(self, decimals: int = 0, out: Any = None) -> "darray":
        return np.round(self, decimals, out)

    def clip(self, min: Any = None, max: Any = None, out: Any = None, **kwargs: Any) -> "darray":
        return np.clip(self, min, max, out, **kwargs)

    def cumsum(self, axis: Any = None, dtype: Any = None, out: Any = None) -> "darray":
        return np.cumsum(self, axis, dtype, out)

    def cumprod(self, axis: Any = None, dtype: Any = None, out: Any = None) -> "darray":
        return np.cumprod(self, axis, dtype, out)

    def trace(self, offset: int = 0, axis1: int = 0, axis2: int = 1, dtype: Any = None,
              out: Any = None) -> Any:
        return np.trace(self, offset, axis1, axis2, dtype, out)

    def dot(self, b: Any, out: Any = None) -> Any:
        return np.dot(self, b, out)

    def conj(self) -> "darray":
        """The complex conjugate (a copy; for real dtypes a copy too)."""
        return np.conjugate(self)

    conjugate = conj

    @property
    def real(self) -> "darray":
        """The real part, a new darray on A's map (NumPy's is a view; writing to it does not
        change A)."""
        return np.real(self)

    @property
    def imag(self) -> "darray":
        """The imaginary part, a new darray on A's map (zeros for real dtypes; not a view)."""
        return np.imag(self)

    def reshape(self, *shape: Any, order: str = "C", copy: Any = None,
                map: Optional[dmap] = None) -> "darray":
        """NumPy's reshape (``A.reshape(2, 3)`` or ``A.reshape((2, 3))``) in C order: always a
        copy, by one exchange of the cells whose owner changes; on ``map`` if given, else A's
        map when the number of dimensions is kept, else blocks of the first axis."""
        from ._numpy_api import shape as shapes

        target = shape[0] if len(shape) == 1 else shape
        if map is None:
            return np.reshape(self, target, order=order, copy=copy)
        shapes.reshape(self, target, order=order, copy=copy)  # NumPy's checks
        return shapes.reshape_to(self, shapes._new_shape(self.size, target), map)

    def ravel(self, order: str = "C") -> "darray":
        """A 1-D copy in C order (blocks over A's ranks)."""
        return np.ravel(self, order)

    def flatten(self, order: str = "C") -> "darray":
        """A 1-D copy in C order (blocks over A's ranks)."""
        return np.ravel(self, order)

    def squeeze(self, axis: Any = None) -> Any:
        return np.squeeze(self, axis)

    def swapaxes(self, axis1: int, axis2: int) -> "darray":
        return np.swapaxes(self, axis1, axis2)

    def tolist(self) -> list:
        """The whole array as nested Python lists on every rank: it GATHERS the array (like
        pg.agg_all). Collective."""
        return self.agg_all().tolist()

    def __copy__(self) -> "darray":
        return self.copy()

    def __deepcopy__(self, memo: Any) -> "darray":
        """copy.deepcopy(A): A.copy() (same map, values copied). Collective in that every rank
        must copy its part."""
        return self.copy()

    def __reduce__(self):
        raise TypeError("a darray cannot be pickled: it lives on many ranks. Pickle "
                        "pg.agg(A) on one rank, or save it with pg.io.save (parallel HDF5)")

    def _reduce(self, name: str, axis: Any, dtype=None, out=None, keepdims=False, ddof=None,
                **unsupported: Any) -> Any:
        if out is not None or keepdims or unsupported.get("where") is not None or \
                unsupported.get("initial") is not None:
            raise NotImplementedError(f"darray.{name}: out=, keepdims=, where= and initial= are "
                                      f"not supported")
        if name in ("min", "max", "argmin", "argmax") and self.dtype.kind == "c":
            raise ValueError(f"{name}: complex numbers have no order; reduce .real or abs()")
        args = () if ddof is None else (int(ddof),)
        _agreement.check_same(self._impl.context, f"darray.{name}", axis=axis, ddof=ddof, dtype=dtype)
        if axis is not None and not isinstance(axis, numbers.Integral):
            raise NotImplementedError(f"darray.{name}: axis must be None or an int, got {axis!r}")
        if axis is None or self.ndim == 1:
            if axis is not None:
                _axis(axis, 1)
            # A NumPy scalar of NumPy's result type: the C++ reductions return it.
            value = getattr(self._impl, name)(*args)
            return value if dtype is None else np.dtype(dtype).type(value)
        result = darray(getattr(self._impl, name + "_axis")(_axis(axis, self.ndim), *args))
        return result if dtype is None or result.dtype == dtype else result.astype(dtype)


# ---- helpers (module-private) -----------------------------------------------------------------

def _is_advanced(key: Any) -> bool:
    """Whether an index asks for boolean or integer-array indexing (NumPy's advanced
    indexing). Local."""
    kinds = (darray, np.ndarray, list)
    return isinstance(key, kinds) or (isinstance(key, tuple) and
                                      any(isinstance(k, kinds) for k in key))


def _axis(axis: Any, ndim: int) -> int:
    if not isinstance(axis, numbers.Integral):
        raise TypeError(f"axis must be an integer, got {axis!r}")
    a = int(axis)
    if not -ndim <= a < ndim:
        raise np.exceptions.AxisError(a, ndim) if hasattr(np, "exceptions") else IndexError(
            f"axis {a} is out of bounds for array of dimension {ndim}")
    return a % ndim


def _region(key: Any, shape: Tuple[int, ...]):
    """NumPy basic indexing -> per-dimension (start, step, count) and the int-indexed dims."""
    if not isinstance(key, tuple):
        key = (key,)
    if any(k is Ellipsis for k in key):
        i = next(j for j, k in enumerate(key) if k is Ellipsis)
        if any(k is Ellipsis for k in key[i + 1:]):
            raise IndexError("an index can only have a single ellipsis ('...')")
        key = key[:i] + (slice(None),) * (len(shape) - len(key) + 1) + key[i + 1:]
    if len(key) > len(shape):
        raise IndexError(f"too many indices for array: array is {len(shape)}-dimensional, "
                         f"but {len(key)} were indexed")
    key = key + (slice(None),) * (len(shape) - len(key))
    region, dropped = [], []
    for d, (k, n) in enumerate(zip(key, shape)):
        if isinstance(k, slice):
            start, stop, step = k.indices(n)
            region.append((start, step, len(range(start, stop, step))))
        elif isinstance(k, (numbers.Integral, np.integer)) and not isinstance(k, (bool, np.bool_)):
            i = int(k)
            if not -n <= i < n:
                raise IndexError(f"index {i} is out of bounds for axis {d} with size {n}")
            region.append((i % n, 1, 1))
            dropped.append(d)
        elif isinstance(k, (numbers.Number, str, bytes)) and not isinstance(k, (bool, np.bool_)):
            raise IndexError("only integers, slices (`:`), ellipsis (`...`), numpy.newaxis "
                             "(`None`) and integer or boolean arrays are valid indices")
        else:
            raise NotImplementedError(
                "pgas supports basic indexing (integers and slices); fancy and boolean "
                f"indexing are not implemented (got {type(k).__name__} for axis {d})")
    return region, dropped


def _map_for_region(m: dmap, shape, region, dropped) -> dmap:
    """The map of A[region]: A's grid and distributions on the region's shape; along an
    integer-indexed axis only the grid positions that own that index take part."""
    if not dropped:
        return m
    core = m._map
    for d in dropped:  # O(1) binding calls per integer index, none per rank
        layout = _core.maps.DimLayout(core.dist[d], shape[d], core.grid[d], core.overlap[d])
        core = core.slice_at(d, layout.owner(region[d][0])[0])
    return dmap._from_core(core)


def _squeeze(a: darray, dropped: List[int]) -> darray:
    """Drop the unit axes ``dropped`` (C++ DArray::without_unit_dim: local parts stay)."""
    impl = a._impl
    for d in sorted(dropped, reverse=True):
        impl = impl.without_unit_dim(d)
    return darray(impl)


def _expand(a: darray, dropped: List[int]) -> darray:
    """Insert unit axes at the positions ``dropped`` of the result (C++
    DArray::with_unit_dim: local parts stay)."""
    impl = a._impl
    for d in sorted(dropped):
        impl = impl.with_unit_dim(d)
    return darray(impl)


def _local_operand(x: Any, target: darray) -> Any:
    """What this rank computes with for a result laid out like ``target``: a darray's cells
    brought onto target's map (broadcast if smaller), a scalar as is, a replicated NumPy
    array's cells that this rank holds."""
    if isinstance(x, darray):
        return _broadcast_local(x, target)
    if np.isscalar(x) or isinstance(x, np.generic):
        return x
    arr = np.asarray(x)
    if arr.ndim == 0:
        return arr[()]
    full = np.broadcast_to(arr, target.shape)  # the shapes were checked by _broadcast_shape
    return full[np.ix_(*target._held_indices())]


def _elementwise(ufunc: np.ufunc, inputs: Tuple[Any, ...], out: Any, kwargs: dict) -> Any:
    """A ufunc call with NumPy's broadcasting: the result (or ``out``) fixes the map, the
    operands are brought onto it, then NumPy's loop runs on the local parts into the result's
    local parts."""
    outs = None if out is None else tuple(out)
    if outs is not None and not all(isinstance(r, darray) for r in outs):
        raise ValueError("out= must be darrays of the operands' broadcast shape")
    arrays = [x for x in inputs if isinstance(x, darray)] + list(outs or ())
    ctx = arrays[0]._impl.context
    if any(x._impl.context.user_handle != ctx.user_handle for x in arrays[1:]):
        raise ValueError("the operands live on different communicators")
    shape = _broadcast_shape([x.shape if isinstance(x, darray) else np.shape(x) for x in inputs])
    if outs is not None:
        full = _broadcast_shape([shape] + [r.shape for r in outs])
        for r in outs:
            if r.shape != full:
                raise ValueError(f"non-broadcastable output operand with shape "
                                 f"{_shape_str(r.shape)} doesn't match the broadcast shape "
                                 f"{_shape_str(full)}")
        shape = full
    # where= is applied on the local parts below; the stand-ins need no mask.
    where = kwargs.pop("where", True)
    # NumPy's dtype rules (and its TypeErrors) on empty stand-ins, before anything moves.
    probe = ufunc(*[np.empty(0, dtype=x.dtype) if isinstance(x, darray) else
                    (np.empty(0, dtype=np.asarray(x).dtype) if np.ndim(x) else x)
                    for x in inputs], **kwargs)
    probes = probe if isinstance(probe, tuple) else (probe,)
    res_map = outs[0].map if outs is not None else _result_map(inputs, shape)
    if outs is None:
        results = tuple(_empty(shape, res_map, p.dtype, ctx) for p in probes)
        targets = results
    else:
        results = outs
        targets = tuple(r if r.map == res_map else _empty(shape, res_map, r.dtype, ctx)
                        for r in outs)
    locals_ = [_local_operand(x, targets[0]) for x in inputs]
    if where is not True:
        kwargs["where"] = _local_operand(where, targets[0])
    _agreement.local_ufunc(ctx, ufunc, locals_,
                           lambda: ufunc(*locals_, out=tuple(t.local for t in targets), **kwargs))
    for r, t in zip(results, targets):
        if t is not r:
            r[...] = t
    return results[0] if len(results) == 1 else results


def _shape_str(shape: Sequence[int]) -> str:
    """A shape as NumPy's broadcasting messages print it: (4,5), (3,), ()."""
    return "(" + ",".join(str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"


def _broadcast_shape(shapes: List[Tuple[int, ...]]) -> Tuple[int, ...]:
    """NumPy's broadcast shape, or NumPy's ValueError for a ufunc call."""
    try:
        return tuple(np.broadcast_shapes(*shapes))
    except ValueError:
        raise ValueError("operands could not be broadcast together with shapes " +
                         " ".join(_shape_str(s) for s in shapes) + " ") from None


def _result_map(inputs: Tuple[Any, ...], shape: Tuple[int, ...]) -> dmap:
    """The map of a ufunc's result: that of the first (leftmost) darray operand whose shape is
    the broadcast shape; if none has it, the leftmost darray's map applied to the broadcast
    shape, with leading unsplit dimensions (grid 1, block) when it has fewer dimensions."""
    arrays = [x for x in inputs if isinstance(x, darray)]
    for x in arrays:
        if x.shape == shape:
            return x.map
    return _lead_map(arrays[0].map, len(shape) - arrays[0].ndim)


def _broadcast_value(value: darray, target_shape: Tuple[int, ...]) -> darray:
    """A darray value of a slice assignment broadcast to the target's shape as NumPy would
    (``B[:, :] = v`` with v of shape (n,)), on the value's map extended to that shape; no rank
    gathers the value. NumPy's ValueError, on every rank, when the shapes do not broadcast.
    Collective."""
    try:
        fits = tuple(np.broadcast_shapes(value.shape, target_shape)) == tuple(target_shape)
    except ValueError:
        fits = False
    if not fits:
        raise ValueError(f"could not broadcast input array from shape {value.shape} "
                         f"into shape {tuple(target_shape)}")
    full = _empty(target_shape, _result_map((value,), tuple(target_shape)), value.dtype,
                  value._impl.context)
    full.local[...] = _broadcast_local(value, full)
    return full


def _lead_map(m: dmap, k: int) -> dmap:
    """``m`` with ``k`` leading unsplit dimensions: the same ranks, each owns all of them."""
    if k == 0:
        return m
    return dmap([1] * k + list(m.grid), ["b"] * k + list(m.dist), list(m.procs),
                [0] * k + list(m.overlap))


def _empty(shape: Sequence[int], m: dmap, dtype: Any, ctx: Any) -> darray:
    return darray(impl_class(dtype).empty(list(shape), m._map, ctx), m)


def _broadcast_local(x: darray, target: darray) -> np.ndarray:
    """x's values for this rank's part of ``target`` (x broadcast to target.shape, NumPy's
    rules), as a NumPy array of target's local shape (a read-only broadcast view when x is
    smaller). Collective.

    Same shape: ``x.local`` (same map) or a remap. Smaller x: its missing leading dimensions
    are added locally (grid 1), then x is copied into Z, a darray on target's grid whose
    broadcast dimensions (x has 1 cell, target n) hold one cell per grid position: Z's other
    dimensions are laid out exactly as target's, so each rank receives only the cells of x its
    part needs. Z[position 0] = x is one redistribution, and the copies along each broadcast
    dimension double (Z[1:2] = Z[0:1], Z[2:4] = Z[0:2], ...): 1 + sum(ceil(log2 grid[d]))
    collective region copies, each cell of Z received once; no rank gathers x. The
    repetition inside a rank's part is np.broadcast_to, free."""
    shape, m = target.shape, target.map
    if x.shape == shape:
        return x.local if x.map == m else x.remap(m).local
    if target.size == 0:
        return np.empty(target.local_shape, dtype=x.dtype)
    k = len(shape) - x.ndim
    if k:
        x = _expand(x, list(range(k)))
    bdims = [d for d in range(len(shape)) if x.shape[d] != shape[d]]  # x has 1 cell there
    zshape = [m.grid[d] if d in bdims else shape[d] for d in range(len(shape))]
    zmap = dmap(list(m.grid), ["b" if d in bdims else m.dist[d] for d in range(len(shape))],
                list(m.procs), [0 if d in bdims else m.overlap[d] for d in range(len(shape))])
    if tuple(zshape) == x.shape:  # every broadcast dimension is unsplit in target's map
        z = x if x.map == zmap else x.remap(zmap)
    else:
        z = _empty(zshape, zmap, x.dtype, x._impl.context)
        done = [(0, 1, 1) if d in bdims else (0, 1, n) for d, n in enumerate(zshape)]
        z._impl.assign_region(done, x._impl, [(0, 1, n) for n in x.shape])
        for d in bdims:
            have = 1
            while have < zshape[d]:
                count = min(have, zshape[d] - have)
                dest, src = list(done), list(done)
                dest[d], src[d] = (have, 1, count), (0, 1, count)
                z._impl.assign_region(dest, z._impl, src)
                have += count
            done[d] = (0, 1, zshape[d])
    return np.broadcast_to(z.local, target.local_shape)


_REDUCTIONS = {"add": "sum", "multiply": "prod", "minimum": "min", "maximum": "max",
               "logical_and": "all", "logical_or": "any"}


def _unsupported_method(ufunc: np.ufunc, method: str) -> str:
    return (f"numpy.{ufunc.__name__}.{method} is not supported on a darray: pgas implements "
            f"ufunc calls and the reduce method of " + ", ".join(_REDUCTIONS) +
            " (use A.local for this rank's part, or pg.agg_all(A) for the whole array)")


def _ufunc_reduce(ufunc: np.ufunc, inputs: Tuple[Any, ...], kwargs: dict) -> Any:
    """``np.add.reduce(A, axis=0, dtype=None)`` and friends, as the matching reduction
    (add -> sum, multiply -> prod, minimum -> min, maximum -> max, logical_and -> all,
    logical_or -> any). NumPy's default axis 0, its result dtypes and its axis errors."""
    name = _REDUCTIONS.get(ufunc.__name__)
    if name is None:
        raise NotImplementedError(_unsupported_method(ufunc, "reduce"))
    a = inputs[0]
    if not isinstance(a, darray):
        raise NotImplementedError(f"numpy.{ufunc.__name__}.reduce: out= a darray with a NumPy "
                                  f"input is not supported")
    axis = kwargs.pop("axis", 0)
    dtype = kwargs.pop("dtype", None)
    out = kwargs.pop("out", None)
    keepdims = kwargs.pop("keepdims", False)
    where = kwargs.pop("where", True)
    if out is not None or keepdims or where is not True or kwargs:
        raise NotImplementedError(f"numpy.{ufunc.__name__}.reduce on a darray: out=, "
                                  f"keepdims=True, where= and initial= are not supported")
    if isinstance(axis, tuple):
        axes = sorted({_axis(x, a.ndim) for x in axis})
        if len(axes) != len(axis):
            raise ValueError("duplicate value in 'axis'")
        if len(axes) == a.ndim:
            axis = None
        elif len(axes) == 1:
            axis = axes[0]
        else:
            raise NotImplementedError(f"numpy.{ufunc.__name__}.reduce on a darray: axis must "
                                      f"be None, an int, or a tuple of one or all axes; got "
                                      f"{axis!r}")
    elif axis is not None:
        axis = _axis(axis, a.ndim)
    # NumPy's result dtype (and its dtype errors) from a one-cell stand-in.
    want = np.asarray(ufunc.reduce(np.ones((1,) * a.ndim, a.dtype), axis=axis,
                                   dtype=dtype)).dtype
    src = a if dtype is None or np.dtype(dtype) == a.dtype else a.astype(dtype)
    value = src._reduce(name, axis)
    if isinstance(value, darray):
        return value if value.dtype == want else value.astype(want)
    return want.type(value)


def _try_kernel(ufunc, inputs, out, kwargs) -> Any:
    """The C++ loops for +, -, *, / between same-dtype operands (or a darray and a Python
    scalar NumPy would not promote). NotImplemented when NumPy's rules say otherwise."""
    name = ufunc.__name__
    if name not in _KERNELS or kwargs or len(inputs) != 2:
        return NotImplemented
    if name == "divide":
        name = "true_divide"
    a, b = inputs
    if out is not None and (len(out) != 1 or out[0] is not a or not isinstance(a, darray)):
        return NotImplemented
    if isinstance(a, darray) and isinstance(b, darray):
        if a.dtype != b.dtype or a.shape != b.shape or a.dtype == np.bool_:
            return NotImplemented
        if name == "true_divide" and a.dtype.kind in "iu":
            return NotImplemented
        if a._impl.context.user_handle != b._impl.context.user_handle:
            return NotImplemented
        if out is not None:
            a._impl.inplace(b._impl, name)
            return a
        return _fresh(a._impl.binary(b._impl, name), a.map)
    arr, scalar, reflected = (a, b, False) if isinstance(a, darray) else (b, a, True)
    if not isinstance(arr, darray) or type(scalar) not in (int, float, complex) or \
            arr.dtype == np.bool_:
        return NotImplemented
    if np.result_type(arr.dtype, scalar) != arr.dtype or \
            (name == "true_divide" and arr.dtype.kind in "iu"):
        return NotImplemented
    value = arr.dtype.type(scalar)
    if out is not None:
        if reflected:
            return NotImplemented
        arr._impl.inplace_scalar(value, name)
        return arr
    return _fresh(arr._impl.binary_scalar(value, name, reflected), arr.map)
