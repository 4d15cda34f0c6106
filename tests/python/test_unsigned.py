"""The unsigned dtypes (uint8, uint16, uint32, uint64; docs/darray.md) end to end, against NumPy
on the same global array on every rank: NumPy's promotions and wraparound, bitwise operators
and shifts, comparisons, conversions, redistribution, indexing, local/put_local, printing, and
the clear errors where pgas computes in another type (linalg) or has no type (int16)."""
import numpy as np
import pytest

import pgas as pg
from conftest import all_ranks_agree, raises_everywhere

UNSIGNED = [np.uint8, np.uint16, np.uint32, np.uint64]


def maps_2d():
    p = pg.Np
    return [pg.dmap([p, 1]), pg.dmap([1, p], "c"), pg.dmap([p, 1], ("bc", 2)),
            pg.dmap([p, 1], overlap=[1, 0]), pg.dmap([1, 1], procs=[p - 1])]


def table(dtype, shape=(7, 5), seed=0):
    """Values over the whole range of ``dtype``, the top bit set in some (the same everywhere)."""
    rng = np.random.default_rng(seed)
    x = rng.integers(0, np.iinfo(dtype).max, size=shape, dtype=dtype, endpoint=True)
    x.flat[0] = np.iinfo(dtype).max
    x.flat[1] = 0
    return x


def equal(got, want) -> bool:
    g = pg.agg_all(got) if isinstance(got, pg.darray) else np.asarray(got)
    w = np.asarray(want)
    return g.dtype == w.dtype and g.shape == w.shape and bool(np.array_equal(g, w))


@pytest.mark.parametrize("dtype", UNSIGNED)
def test_constructors_hold_the_real_dtype(dtype):
    m = pg.dmap([pg.Np, 1])
    bad = []
    for got, want in [(pg.zeros((4, 3), map=m, dtype=dtype), np.zeros((4, 3), dtype)),
                      (pg.ones((4, 3), map=m, dtype=dtype), np.ones((4, 3), dtype)),
                      (pg.full((4, 3), np.iinfo(dtype).max, map=m, dtype=dtype),
                       np.full((4, 3), np.iinfo(dtype).max, dtype)),
                      (pg.arange(9, map=pg.dmap([pg.Np]), dtype=dtype), np.arange(9, dtype=dtype)),
                      (pg.arange(250, 3, -7, map=pg.dmap([pg.Np]), dtype=dtype),
                       np.arange(250, 3, -7, dtype=dtype))]:
        if not equal(got, want) or got.local.dtype != np.dtype(dtype):
            bad.append((got, want))
    assert all_ranks_agree(not bad), bad


@pytest.mark.parametrize("dtype", UNSIGNED)
def test_operators_wrap_around_and_promote_as_numpy(dtype):
    x, y = table(dtype, seed=1), table(dtype, seed=2)
    bad = []
    for m in maps_2d():
        a, b = pg.from_numpy(x, m), pg.from_numpy(y, pg.dmap([1, pg.Np], "c"))
        with np.errstate(all="ignore"):
            cases = [
                (a + a, x + x), (a - b, x - y), (a * b, x * y), (a + 1, x + 1), (3 * a, 3 * x),
                (a // (b | 1), x // (y | 1)), (a % (b | 1), x % (y | 1)), (a / (b | 1), x / (y | 1)),
                (a & b, x & y), (a | b, x | y), (a ^ b, x ^ y), (~a, ~x),
                (a << 3, x << 3), (a >> 2, x >> 2), (a < b, x < y), (a == b, x == y),
                (a >= 7, x >= 7), (-a, -x), (np.minimum(a, b), np.minimum(x, y)),
                (a + np.int64(1), x + np.int64(1)), (a + 1.5, x + 1.5),
                (a + a.astype(np.int64), x + x.astype(np.int64)),
                (a + a.astype(np.uint8), x + x.astype(np.uint8)),
                (a * a.astype(np.int32), x * x.astype(np.int32)),
            ]
        for i, (got, want) in enumerate(cases):
            if not equal(got, want):
                bad.append((i, dtype, m, got.dtype, want.dtype))
        c = a.copy()
        c += b
        c *= 3
        c -= a
        with np.errstate(over="ignore"):
            want = (x + y) * dtype(3) - x
        if not equal(c, want):
            bad.append(("in place", dtype, m))
    assert all_ranks_agree(not bad), bad[:4]


def test_result_dtypes_of_mixed_operands_are_numpys():
    m = pg.dmap([pg.Np])
    u64, i64 = pg.ones(6, map=m, dtype=np.uint64), pg.ones(6, map=m, dtype=np.int64)
    u8, i8 = pg.ones(6, map=m, dtype=np.uint8), pg.ones(6, map=m, dtype=np.int32)
    got = [(u64 + i64).dtype, (u8 + u8).dtype, (u8 + i8).dtype, (u8 + 1).dtype, (u64 + 1).dtype,
           (u8 / u8).dtype, (u8 + pg.ones(6, map=m, dtype=np.uint32)).dtype, (u8 > 0).dtype]
    want = [np.float64, np.uint8, np.int32, np.uint8, np.uint64, np.float64, np.uint32, np.bool_]
    assert all_ranks_agree(got == [np.dtype(w) for w in want]), got
    # A Python int outside the dtype is NumPy's OverflowError, on every rank.
    assert raises_everywhere(OverflowError, "out of bounds", lambda: u8 + 300)
    assert raises_everywhere(OverflowError, "out of bounds", lambda: u8 + (-1))


def test_hpcc_random_access_style_updates_on_a_uint64_table():
    """RandomAccess: T[i] ^= a for a stream of uint64 values, i from the value's low bits."""
    n = 1 << 10
    m = pg.dmap([pg.Np])
    t = pg.arange(n, map=m, dtype=np.uint64)
    ref = np.arange(n, dtype=np.uint64)
    ran = np.uint64(1)
    poly = np.uint64(7)
    stream = []
    for _ in range(64):  # HPCC's generator: shift left, xor the polynomial when the top bit is set
        top = ran >> np.uint64(63)
        ran = (ran << np.uint64(1)) ^ (poly if top else np.uint64(0))
        stream.append(ran)
    values = np.array(stream, dtype=np.uint64)
    index = (values & np.uint64(n - 1)).astype(np.int64)
    for v, i in zip(values, index):  # the serial oracle
        ref[i] ^= v
    # The pgas way: each rank updates the cells it holds, from its local indices.
    held = t.global_ind(0)
    mine = t.local
    for v, i in zip(values, index):
        hit = np.nonzero(held == i)[0]
        mine[hit] ^= v
    assert t.dtype == np.uint64 and all_ranks_agree(equal(t, ref))
    shifted = (t << np.uint64(7)) ^ (t >> np.uint64(57))
    assert all_ranks_agree(equal(shifted, (ref << np.uint64(7)) ^ (ref >> np.uint64(57))))


@pytest.mark.parametrize("dtype", UNSIGNED)
def test_conversions_assignment_and_indexing(dtype):
    x = table(dtype, (9, 6), seed=3)
    bad = []
    for m in maps_2d():
        a = pg.from_numpy(x, m)
        # astype both ways (NumPy's conversions: the top bit survives uint64 -> float64 -> back)
        for to in (np.float64, np.int64, np.uint8, np.uint64, np.bool_):
            if not equal(a.astype(to), x.astype(to)):
                bad.append(("astype", to, m))
        exact = x >> np.uint64(12) if dtype == np.uint64 else x  # float64 holds it exactly
        f = pg.from_numpy(exact.astype(np.float64), m)
        if not equal(f.astype(dtype), exact):
            bad.append(("astype from float64", m))
        # redistribution between maps, and assignment from another map
        other = pg.dmap([1, pg.Np], ("bc", 2))
        if not equal(a.remap(other), x):
            bad.append(("remap", m))
        b = pg.zeros(x.shape, map=other, dtype=dtype)
        b[:, :] = a
        if not equal(b, x):
            bad.append(("assign", m))
        # basic indexing, setitem with scalars, arrays and darrays
        if not equal(a[2:7:2, 1:], x[2:7:2, 1:]) or a[3, 4] != x[3, 4] or \
                type(a[3, 4]) is not np.dtype(dtype).type:
            bad.append(("getitem", m))
        c, y = a.copy(), x.copy()
        c[1, :] = np.iinfo(dtype).max
        y[1, :] = np.iinfo(dtype).max
        c[2:4, 1:3] = np.arange(4, dtype=dtype).reshape(2, 2)
        y[2:4, 1:3] = np.arange(4, dtype=dtype).reshape(2, 2)
        c[5:] = a[:4]
        y[5:] = x[:4]
        if not equal(c, y):
            bad.append(("setitem", m))
        # fancy and boolean indexing
        if not equal(a[a > x.flat[4]], x[x > x.flat[4]]) or not equal(a[[0, 8, 3]], x[[0, 8, 3]]):
            bad.append(("fancy", m))
        # agg, local, put_local
        whole = a.agg()
        if pg.Pid == 0 and not np.array_equal(whole, x):
            bad.append(("agg", m))
        d = a.copy()
        d.put_local(np.full(d.local_shape, 5, dtype=dtype))
        if not np.all(d.local == 5) or d.local.dtype != np.dtype(dtype):
            bad.append(("put_local", m))
    assert all_ranks_agree(not bad), bad[:4]


def test_numpy_functions_and_printing_keep_the_dtype():
    x = table(np.uint16, (8, 5), seed=4)
    a = pg.from_numpy(x, pg.dmap([pg.Np, 1]))
    bad = []
    for got, want in [(np.where(a > 100, a, 0), np.where(x > 100, x, 0)),
                      (np.cumsum(a, axis=0), np.cumsum(x, axis=0)),
                      (np.sort(a, axis=None), np.sort(x, axis=None)),
                      (np.concatenate([a, a]), np.concatenate([x, x])),
                      (np.clip(a, 10, 1000), np.clip(x, 10, 1000)),
                      (np.bitwise_count(a) if hasattr(np, "bitwise_count") else a,
                       np.bitwise_count(x) if hasattr(np, "bitwise_count") else x)]:
        if not equal(got, want):
            bad.append((got, want))
    assert all_ranks_agree(not bad), bad
    assert "uint16" in repr(a) and a.dtype == np.uint16


def test_linalg_computes_unsigned_operands_in_float64_as_numpy():
    x = np.array([[4, 1, 0], [1, 5, 2], [0, 2, 6]], dtype=np.uint32)
    rhs = np.array([1, 2, 3], dtype=np.uint8)
    a = pg.from_numpy(x, pg.dmap([pg.Np, 1]))
    b = pg.from_numpy(rhs, pg.dmap([pg.Np]))
    got = pg.agg_all(pg.linalg.solve(a, b))
    want = np.linalg.solve(x, rhs)
    assert all_ranks_agree(got.dtype == want.dtype and np.allclose(got, want))


def test_a_dtype_pgas_does_not_hold_is_a_type_error_everywhere():
    m = pg.dmap([pg.Np])
    assert raises_everywhere(TypeError, "pgas arrays hold.*uint8.*got int16",
                             lambda: pg.zeros(4, map=m, dtype=np.int16))
    a = pg.ones(4, map=m, dtype=np.uint8)
    assert raises_everywhere(TypeError, "pgas arrays hold", lambda: a.astype(np.float16))


def test_float_functions_of_unsigned_give_numpys_float_type_or_a_clear_error():
    m = pg.dmap([pg.Np])
    x16 = np.arange(9, dtype=np.uint16)
    a16 = pg.from_numpy(x16, m)
    ok = equal(np.sqrt(a16), np.sqrt(x16)) and np.sqrt(a16).dtype == np.float32
    assert all_ranks_agree(ok)
    # NumPy gives float16 for uint8: pgas holds no float16, and says what to do instead.
    a8 = pg.from_numpy(np.arange(9, dtype=np.uint8), m)
    assert raises_everywhere(TypeError, "got float16.*astype", lambda: np.sin(a8))
    assert all_ranks_agree(equal(np.sin(a8.astype(np.float32)),
                                 np.sin(np.arange(9, dtype=np.float32))))
