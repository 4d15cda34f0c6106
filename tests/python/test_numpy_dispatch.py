"""darray.__array_function__: NumPy's functions dispatch through one table (pgas._numpy_api);
what is not in it raises NotImplementedError naming the function on every rank; the reductions
and array queries NumPy calls match NumPy. Every rank asserts."""
import warnings

import numpy as np
import pytest

import pgas as pg
from conftest import all_ranks_agree, raises_everywhere
from numpy_cases import DTYPES, P, cases, close, maps_2d, values

@pytest.mark.parametrize("call, name", [
    (lambda a: np.gradient(a), r"numpy\.gradient is not implemented for pgas darrays"),
    (lambda a: np.fft.fft(a), r"numpy\.fft\.fft is not implemented"),
    (lambda a: np.linalg.eig(a), r"numpy\.linalg\.eig is not implemented"),
    (lambda a: np.convolve(a, a), r"numpy\.convolve is not implemented"),
    (lambda a: np.unique(a, return_counts=True), r"numpy\.unique is not implemented"),
])
def test_unimplemented_functions_raise_naming_the_function(call, name):
    a = pg.ones((4, 4), map=pg.dmap([P, 1]))
    assert raises_everywhere(NotImplementedError, name, lambda: call(a))


def test_array_equal_of_a_darray_and_itself_is_true_and_asarray_refuses():
    a = pg.rand((5, 3), map=pg.dmap([P, 1]), seed=3)
    assert all_ranks_agree(np.array_equal(a, a) is True)
    assert raises_everywhere(TypeError, "gather it silently", lambda: np.asarray(a))


REDUCTIONS = [np.sum, np.prod, np.min, np.max, np.amin, np.amax, np.mean, np.var, np.std,
              np.argmin, np.argmax, np.any, np.all]


@pytest.mark.parametrize("f", REDUCTIONS, ids=lambda f: f.__name__)
def test_reductions_match_numpy(f):
    bad = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for x, a in cases(ndims=(1, 2, 3)):
            if x.dtype.kind == "c" and f in (np.min, np.max, np.amin, np.amax, np.argmin,
                                             np.argmax):
                continue
            for axis in [None] + list(range(x.ndim)):
                try:
                    want = f(x, axis=axis)
                except ValueError:  # an empty reduction: pgas must raise it too
                    if not raises_everywhere(ValueError, "", lambda: f(a, axis=axis)):
                        bad.append((f.__name__, x.shape, x.dtype, axis, "no error"))
                    continue
                if not close(f(a, axis=axis), want):
                    bad.append((f.__name__, x.shape, x.dtype, axis, a.map))
            if f not in (np.argmin, np.argmax) and x.size:
                if not close(f(a, axis=0, keepdims=True), f(x, axis=0, keepdims=True)):
                    bad.append((f.__name__, "keepdims", x.shape, x.dtype))
    assert all_ranks_agree(not bad), bad[:5]


def test_reduction_options_numpy_has_and_pgas_not_raise_clearly():
    a = pg.ones((4, 3), map=pg.dmap([P, 1]))
    assert raises_everywhere(NotImplementedError, "out=", lambda: np.sum(a, out=a))
    b = pg.ones((2, 2, 2), map=pg.dmap([P, 1, 1]))
    assert raises_everywhere(NotImplementedError, "axis", lambda: np.sum(b, axis=(0, 1)))


def test_queries_and_copies():
    for m in maps_2d():
        x = values((5, 3), np.float32, 1)
        a = pg.from_numpy(x, m)
        assert np.shape(a) == (5, 3) and np.ndim(a) == 2 and np.size(a) == 15
        assert np.size(a, 1) == 3 and np.size(a, -2) == 5
        c = np.copy(a)
        assert isinstance(c, pg.darray) and c.map == a.map and close(c, x)
        c[0, 0] = 100
        assert a[0, 0] == x[0, 0], "np.copy copies"
        d = np.astype(a, np.float64)
        assert d.map == a.map and close(d, x.astype(np.float64))
        assert np.astype(a, np.float32, copy=False) is a
        assert not np.iscomplexobj(a) and np.isrealobj(a)
        assert np.iscomplexobj(a.astype(np.complex64))
        assert np.result_type(a, 1.0) == np.float32 and np.result_type(a, np.int64) == \
            np.result_type(np.float32, np.int64)
    for dt in DTYPES:
        a = pg.zeros(3, map=pg.dmap([P]), dtype=dt)
        assert np.iscomplexobj(a) == np.iscomplexobj(np.zeros(3, dt))
