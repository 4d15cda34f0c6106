"""Reductions against NumPy on the same global array, every dtype, whole and along each axis:
NaN (min/max propagate it, argmin/argmax return the first NaN, also against -inf), ddof >= n
(inf/nan, never negative) and integer mean/var/std (accumulated in float64, no overflow).
Every rank asserts."""
import warnings

import numpy as np
import pytest

import pgas as pg
from conftest import all_ranks_agree

DTYPES = [np.float64, np.float32, np.int64, np.int32, np.uint64, np.uint32, np.uint16, np.uint8,
          np.bool_, np.complex128, np.complex64]
ORDERED = ("min", "max", "argmin", "argmax")


def maps_2d():
    p = pg.Np
    return [pg.dmap([p, 1]), pg.dmap([1, p], "c"), pg.dmap([p, 1], ("bc", 2)),
            pg.dmap([p, 1], overlap=[1, 0])]


def global_array(dtype, shape, seed, nan_at=()):
    rng = np.random.default_rng(seed)  # same on every rank
    # Small values: a product of 63 cells stays inside float32 (overflow is not what is tested).
    a = np.round(rng.standard_normal(shape) * 2)
    if np.issubdtype(dtype, np.complexfloating):
        a = a + 1j * np.round(rng.standard_normal(shape) * 2)
    if np.issubdtype(dtype, np.bool_):
        a = a > 0
    if np.issubdtype(dtype, np.unsignedinteger):  # no defined unsigned value of a negative
        a = np.abs(a)
    a = a.astype(dtype)
    if np.issubdtype(dtype, np.floating):
        for i in nan_at:
            a.flat[i] = np.nan
    return a


def same(got, want, dtype):
    got, want = np.asarray(got), np.asarray(want)
    if got.shape != want.shape:
        return False
    tol = 1e-5 if dtype in (np.float32, np.complex64) else 1e-11
    return np.allclose(got, want, rtol=tol, atol=tol, equal_nan=True)


def check_all(x: np.ndarray, m, ops, **kw):
    d = pg.from_numpy(x, m)
    bad = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for op in ops:
            if op in ORDERED and x.dtype.kind == "c":
                continue
            for axis in (None, 0, 1, -1):
                want = getattr(np, op)(x, axis=axis, **kw)
                got = getattr(d, op)(axis=axis, **kw)
                if axis is not None:
                    got = pg.agg_all(got)
                if not same(got, want, x.dtype.type):
                    bad.append((op, axis, kw, got, want))
    return bad


@pytest.mark.parametrize("dtype", DTYPES)
def test_every_reduction_matches_numpy(dtype):
    x = global_array(dtype, (9, 7), seed=3)
    bad = []
    for m in maps_2d():
        bad += check_all(x, m, ("sum", "prod", "min", "max", "argmin", "argmax", "mean", "var",
                                "std", "any", "all"))
    assert not bad, bad[:3]
    assert all_ranks_agree(not bad)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("nan_at", [(5,), (40, 3), (62,), (0, 62)])
def test_nan_semantics_match_numpy(dtype, nan_at):
    x = global_array(dtype, (9, 7), seed=4, nan_at=nan_at)
    x.flat[30] = -np.inf  # NaN beats -inf in argmin wherever the two are
    x.flat[31] = np.inf
    bad = []
    for m in maps_2d():
        bad += check_all(x, m, ("min", "max", "argmin", "argmax", "sum", "mean", "var"))
    assert not bad, bad[:3]
    assert all_ranks_agree(not bad)


@pytest.mark.parametrize("dtype", DTYPES)
def test_ddof_at_least_n_gives_inf_or_nan_like_numpy(dtype):
    x = global_array(dtype, (5, 4), seed=5)
    bad = []
    for m in maps_2d():
        for ddof in (4, 5, 7, 20):  # >= n along axis 1 (4), along axis 0 (5), and whole (20)
            bad += check_all(x, m, ("var", "std"), ddof=ddof)
    # A constant array: 0 / 0 is nan, as in NumPy.
    flat = np.full((5, 4), 3, dtype=dtype)
    bad += check_all(flat, pg.dmap([pg.Np, 1]), ("var", "std"), ddof=20)
    assert not bad, bad[:3]
    assert all_ranks_agree(not bad)


@pytest.mark.parametrize("dtype,value", [(np.int64, 2 ** 62), (np.int32, 2 ** 31 - 1),
                                         (np.int64, -(2 ** 62)), (np.uint64, 2 ** 64 - 2),
                                         (np.uint32, 2 ** 32 - 1)])
def test_integer_mean_var_std_accumulate_in_float64(dtype, value):
    x = np.full((6, 5), value, dtype=dtype)
    x[0, 0] = value - 1 if value > 0 else value + 1
    bad = []
    for m in maps_2d():
        bad += check_all(x, m, ("mean", "var", "std"))
        d = pg.from_numpy(x, m)
        if np.asarray(d.mean()).dtype != np.float64:
            bad.append(("mean dtype", np.asarray(d.mean()).dtype))
    assert not bad, bad[:3]
    assert all_ranks_agree(not bad)


@pytest.mark.parametrize("dtype", DTYPES)
def test_result_dtypes_are_numpys_from_cpp(dtype):
    # The C++ reductions return NumPy's result types (float32 mean/var/std stay float32, ints
    # give float64, complex var/std give the real type); whole-array values are NumPy scalars.
    x = global_array(dtype, (6, 5), seed=6)
    d = pg.from_numpy(x, pg.dmap([pg.Np, 1]))
    bad = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for op in ("sum", "prod", "min", "max", "argmin", "argmax", "mean", "var", "std", "any",
                   "all"):
            if op in ORDERED and x.dtype.kind == "c":
                continue
            for axis in (None, 0, 1):
                want = np.asarray(getattr(np, op)(x, axis=axis)).dtype
                got = getattr(d, op)(axis=axis)
                if axis is None and not isinstance(got, np.generic):
                    bad.append((op, axis, type(got)))
                elif got.dtype != want:
                    bad.append((op, axis, got.dtype, want))
    assert not bad, bad
    assert all_ranks_agree(not bad)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("nan_at", [(), (7,), (299, 1200), (640, 641), (1499,)])
def test_long_runs_through_the_vector_kernels_match_numpy(dtype, nan_at):
    # Rows of 300 and a whole array of 1500 cells: long enough for the vector loops (two
    # 64-byte registers per step), the blocks of the argmin/argmax search and their tails.
    x = global_array(dtype, (5, 300), seed=7, nan_at=nan_at)
    x.flat[11] = -np.inf
    x.flat[1300] = np.inf
    bad = []
    for m in (pg.dmap([pg.Np, 1]), pg.dmap([1, pg.Np], "c"), pg.dmap([pg.Np, 1], ("bc", 2))):
        bad += check_all(x, m, ("min", "max", "argmin", "argmax", "sum", "mean", "var", "any",
                                "all"))
    assert not bad, bad[:3]
    assert all_ranks_agree(not bad)


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.uint32, np.uint64])
def test_unsigned_sums_accumulate_in_uint64_and_wrap_as_numpy(dtype):
    # NumPy 2 sums and multiplies unsigned integers in uint64 (modulo 2^64): the uint8 cells
    # at 255 do not wrap at 8 bits, the uint64 ones wrap at 64 as NumPy's do.
    top = np.iinfo(dtype).max
    x = np.full((7, 6), top, dtype=dtype)
    x[1, 2] = 3
    bad = []
    for m in maps_2d():
        bad += check_all(x, m, ("sum", "prod", "min", "max", "argmin", "argmax"))
        d = pg.from_numpy(x, m)
        for op in ("sum", "prod"):
            got, want = getattr(d, op)(), getattr(np, op)(x)
            if got.dtype != np.uint64 or got != want:
                bad.append((op, got, want))
            along = pg.agg_all(getattr(d, op)(axis=0))
            if along.dtype != np.uint64 or not np.array_equal(along, getattr(np, op)(x, axis=0)):
                bad.append((op, "axis 0", along))
    assert not bad, bad[:3]
    assert all_ranks_agree(not bad)
