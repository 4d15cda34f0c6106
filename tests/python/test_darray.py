"""SPEC §2 distributed arrays, against NumPy on every rank."""
import random

import numpy as np
import pytest
from mpi4py import MPI

import pgas as pg

from conftest import all_ranks_agree

DTYPES = [np.float64, np.float32, np.int64, np.int32, np.uint64, np.uint32, np.uint16, np.uint8,
          np.complex128, np.complex64, np.bool_]


def maps_2d():
    """A spread of 2-d maps for the rank count at hand (same list on every rank)."""
    p = pg.Np
    out = [pg.dmap([p, 1]), pg.dmap([1, p], "c"), pg.dmap([p, 1], ("bc", 2)),
           pg.dmap([p, 1], overlap=[1, 0]), pg.dmap([1, 1], procs=[p - 1])]
    if p >= 2:
        out.append(pg.dmap([2, p // 2], ["c", ("bc", 3)], list(reversed(range(2 * (p // 2))))))
    return out


def numpy_rand(shape, seed):
    return pg.rand(*shape, seed=seed)  # no map: the same counter-based values as NumPy


def test_no_map_gives_numpy():
    assert isinstance(pg.zeros(3, 4), np.ndarray)
    assert isinstance(pg.ones((3, 4), map=1), np.ndarray)
    np.testing.assert_array_equal(pg.arange(5), np.arange(5))


@pytest.mark.parametrize("dtype", DTYPES)
def test_constructors_every_dtype(dtype):
    m = pg.dmap([pg.Np, 1])
    for make, expected in [(pg.zeros, np.zeros), (pg.ones, np.ones)]:
        a = make(7, 3, map=m, dtype=dtype)
        assert a.shape == (7, 3) and a.dtype == np.dtype(dtype) and a.ndim == 2 and a.size == 21
        np.testing.assert_array_equal(pg.agg_all(a), expected((7, 3), dtype))
    f = pg.full((5, 2), 1, map=m, dtype=dtype)
    np.testing.assert_array_equal(pg.agg_all(f), np.full((5, 2), 1, dtype))


def test_pppython_shape_spelling_and_any_ndim():
    m3 = pg.dmap([pg.Np, 1, 1])
    a = pg.zeros(4, 3, 2, map=m3)
    b = pg.zeros((4, 3, 2), map=m3)
    assert a.shape == b.shape == (4, 3, 2)
    m1 = pg.dmap([pg.Np])
    np.testing.assert_array_equal(pg.agg_all(pg.arange(11, map=m1)), np.arange(11))
    np.testing.assert_allclose(pg.agg_all(pg.arange(1.5, 9.0, 0.5, map=m1)),
                               np.arange(1.5, 9.0, 0.5))


def test_random_values_do_not_depend_on_map_or_rank_count():
    shape = (9, 7)
    ref = numpy_rand(shape, 5)  # computed without MPI peers: the same on 1..4 ranks
    for m in maps_2d():
        np.testing.assert_array_equal(pg.agg_all(pg.rand(shape, map=m, seed=5)), ref)
    assert 0 <= ref.min() and ref.max() < 1
    normal = pg.agg_all(pg.randn((200, 50), map=pg.dmap([pg.Np, 1]), seed=1))
    assert abs(normal.mean()) < 0.05 and abs(normal.std() - 1) < 0.05
    r1 = pg.agg_all(pg.rand((4, 4), map=pg.dmap([pg.Np, 1])))
    r2 = MPI.COMM_WORLD.bcast(r1, root=0)
    assert all_ranks_agree(np.array_equal(r1, r2)), "seed=None still agrees across ranks"


def test_local_is_a_zero_copy_view_that_outlives_the_array():
    m = pg.dmap([pg.Np, 1], overlap=[1, 0])
    a = pg.zeros((2 * pg.Np + 1, 3), map=m)
    view = a.local
    assert view.flags.c_contiguous
    assert view.shape == m.local_shape((2 * pg.Np + 1, 3))
    view[...] = 7
    assert a.local[0, 0] == 7 if view.size else True
    keep = a.local
    del a
    keep[...] = 1  # the C++ storage is still alive
    assert (keep == 1).all()


def test_put_local_and_global_ind():
    m = pg.dmap([pg.Np, 1], "c")
    a = pg.zeros((10, 4), map=m)
    rows, cols = a.global_ind()
    a.put_local(rows[:, None] * 10 + cols[None, :])
    np.testing.assert_array_equal(pg.agg_all(a), np.arange(10)[:, None] * 10 + np.arange(4))
    np.testing.assert_array_equal(pg.global_ind(a, 0), np.arange(pg.Pid, 10, pg.Np))
    pg.put_local(a, 3)
    assert (a.local == 3).all()
    bad = np.zeros((a.local.shape[0] + (1 if pg.Pid == pg.Np - 1 else 0), 4))
    with pytest.raises(ValueError, match="wrong shape"):
        a.put_local(bad)  # raised on every rank, though only one rank is wrong


def test_global_block_range():
    m = pg.dmap([pg.Np, 1])
    a = pg.zeros((10, 4), map=m)
    part = np.array_split(np.arange(10), pg.Np)[pg.Pid]
    expected = (int(part[0]), int(part[-1])) if part.size else (0, -1)
    assert pg.global_block_range(a, 0) == expected
    ranges = pg.global_block_ranges(a, 0)
    assert [r[0] for r in ranges] == list(range(pg.Np))
    with pytest.raises(ValueError):
        pg.global_block_range(pg.zeros((4, 4), map=pg.dmap([pg.Np, 1], "c")), 0)


def test_agg_gathers_on_the_leader_only():
    a = pg.rand((6, 5), map=pg.dmap([1, pg.Np], "c"), seed=3)
    leader = pg.Np - 1
    got = pg.agg(a, leader)
    if pg.Pid == leader:
        np.testing.assert_array_equal(got, numpy_rand((6, 5), 3))
    else:
        np.testing.assert_array_equal(got, a.local)


def test_redistribution_between_every_pair_of_maps():
    shape = (11, 6)
    ref = numpy_rand(shape, 9)
    ok = True
    for m_from in maps_2d():
        a = pg.rand(shape, map=m_from, seed=9)
        for m_to in maps_2d():
            b = pg.zeros(shape, map=m_to)
            b[:, :] = a
            ok &= np.array_equal(pg.agg_all(b), ref)
            ok &= np.array_equal(pg.agg_all(pg.remap(a, m_to)), ref)
            # held overlap cells hold the right values too
            rows, cols = b.global_ind()
            ok &= np.array_equal(b.local, ref[np.ix_(rows, cols)])
    assert all_ranks_agree(ok)


def test_synch_refreshes_overlap():
    m = pg.dmap([pg.Np, 1], overlap=[2, 0])
    a = pg.arange(0, 40, map=pg.dmap([pg.Np]))
    b = pg.zeros((40,), map=pg.dmap([pg.Np], overlap=[2]))
    b[:] = a
    owned = b.map.local_shape((40,), overlap=False)[0]
    b.local[owned:] = -1
    pg.synch(b)
    np.testing.assert_array_equal(b.local, b.global_ind(0))
    assert m.overlap == (2, 0)


@pytest.mark.parametrize("key", [
    (slice(2, 9), slice(None, None, 2)), (3, slice(None)), (slice(None), -1), (slice(None, None, -1),),
    (Ellipsis, slice(1, 4)), (slice(1, 8, 3), 2), (5, 4),
])
def test_getitem_matches_numpy(key):
    shape = (10, 6)
    ref = numpy_rand(shape, 2)
    for m in maps_2d():
        a = pg.rand(shape, map=m, seed=2)
        got = a[key]
        want = ref[key]
        if np.ndim(want) == 0:
            assert got == want and isinstance(got, np.floating)
        else:
            assert isinstance(got, pg.darray) and got.shape == want.shape
            np.testing.assert_array_equal(pg.agg_all(got), want)


def test_setitem_from_darray_numpy_and_scalar():
    shape = (10, 6)
    for m in maps_2d():
        ref = np.zeros(shape)
        a = pg.zeros(shape, map=m)
        src = pg.rand((4, 3), map=pg.dmap([pg.Np, 1], "c"), seed=4)
        a[2:10:2, ::2] = src
        ref[2:10:2, ::2] = numpy_rand((4, 3), 4)
        a[0, :] = np.arange(6)
        ref[0, :] = np.arange(6)
        a[:, 5] = 2.5
        ref[:, 5] = 2.5
        a[1] = pg.arange(6, map=pg.dmap([pg.Np]), dtype=np.float64)
        ref[1] = np.arange(6)
        a[9, 1] = -1
        ref[9, 1] = -1
        np.testing.assert_array_equal(pg.agg_all(a), ref)


def test_indexing_errors():
    a = pg.zeros((4, 5), map=pg.dmap([pg.Np, 1]))
    with pytest.raises(IndexError):
        a[4, 0]
    with pytest.raises(IndexError):
        a[0, -6]
    with pytest.raises(IndexError):
        a[0, 0, 0]
    with pytest.raises(NotImplementedError, match="integer-array indexing on one axis"):
        a[[0, 1], [1, 2]]  # one index array works (tests/python/test_numpy_selection.py)
    with pytest.raises(ValueError, match="broadcast"):
        a[0:2, :] = pg.zeros((3, 5), map=pg.dmap([pg.Np, 1]))
    with pytest.raises(ValueError, match="broadcast"):
        a[0:2, :] = np.zeros((3, 5))


def test_ufuncs_operators_and_mixed_maps():
    shape = (9, 4)
    x = numpy_rand(shape, 1)
    y = numpy_rand(shape, 2) + 0.5
    for ma in maps_2d():
        for mb in maps_2d()[:3]:
            a = pg.rand(shape, map=ma, seed=1)
            b = pg.rand(shape, map=mb, seed=2) + 0.5
            cases = [(a + b, x + y), (a - b, x - y), (a * b, x * y), (a / b, x / y),
                     (2 * a - 1, 2 * x - 1), (1 / b, 1 / y), (np.sin(a), np.sin(x)),
                     (np.maximum(a, b), np.maximum(x, y)), (a ** 2, x ** 2), (-a, -x),
                     (a < b, x < y), (np.hypot(a, b), np.hypot(x, y)), (a + x, x + x),
                     (a + np.arange(4), x + np.arange(4))]
            for got, want in cases:
                assert got.map == a.map or got is cases[5][0], "the left darray's map"
                np.testing.assert_allclose(pg.agg_all(got), want, rtol=1e-12)
                assert got.dtype == want.dtype


def test_dtype_promotion_follows_numpy():
    m = pg.dmap([pg.Np])
    i32 = pg.arange(6, map=m, dtype=np.int32)
    f32 = pg.ones(6, map=m, dtype=np.float32)
    assert (i32 + 1).dtype == np.int32
    assert (i32 / 2).dtype == np.float64
    assert (f32 + 1.5).dtype == np.float32
    assert (i32 + f32).dtype == np.float64
    assert (i32 * 1j).dtype == np.complex128
    assert (i32 > 2).dtype == np.bool_
    np.testing.assert_array_equal(pg.agg_all(i32 // 4), np.arange(6, dtype=np.int32) // 4)


def test_inplace_operators():
    m = pg.dmap([pg.Np, 1])
    a = pg.ones((5, 3), map=m)
    b = pg.ones((5, 3), map=pg.dmap([1, pg.Np], "c"))
    a += b
    a *= 3
    a -= 1
    a /= 5
    np.testing.assert_allclose(pg.agg_all(a), np.full((5, 3), 1.0))
    np.sin(a, out=a)
    np.testing.assert_allclose(pg.agg_all(a), np.full((5, 3), np.sin(1.0)))


def test_shape_mismatch_raises_like_numpy():
    a = pg.zeros((4, 5), map=pg.dmap([pg.Np, 1]))
    b = pg.zeros((5, 4), map=pg.dmap([pg.Np, 1]))
    with pytest.raises(ValueError, match="broadcast"):
        a + b
    with pytest.raises(ValueError, match="broadcast"):
        a + np.zeros(3)


@pytest.mark.parametrize("name", ["sum", "prod", "min", "max", "mean", "std", "var", "argmin",
                                  "argmax", "any", "all"])
def test_reductions_match_numpy(name):
    shape = (7, 5)
    ref = numpy_rand(shape, 6) - 0.3
    for m in maps_2d():
        a = pg.rand(shape, map=m, seed=6) - 0.3
        got = getattr(a, name)()
        want = getattr(ref, name)()
        assert np.isscalar(got) and np.asarray(got).dtype == np.asarray(want).dtype
        np.testing.assert_allclose(got, want, rtol=1e-10)
        assert getattr(np, name)(a) == pytest.approx(want, rel=1e-10), "np.<reduction>(A) works"
        for axis in (0, 1, -1):
            got_axis = getattr(a, name)(axis=axis)
            np.testing.assert_allclose(pg.agg_all(got_axis), getattr(ref, name)(axis=axis),
                                       rtol=1e-10)


def test_integer_and_bool_reductions():
    m = pg.dmap([pg.Np, 1])
    a = pg.arange(12, map=pg.dmap([pg.Np]), dtype=np.int32)
    assert a.sum() == 66 and a.sum().dtype == np.int64
    flags = a > 5
    assert flags.any() and not flags.all() and flags.sum() == 6
    with pytest.raises(ValueError, match="no identity"):
        pg.zeros((0, 3), map=m).min()
    with pytest.raises(ValueError, match="order"):
        pg.zeros((2, 3), map=m, dtype=np.complex128).max()


def test_transpose_and_transpose_grid():
    shape = (7, 4)
    ref = numpy_rand(shape, 8)
    for m in maps_2d():
        a = pg.rand(shape, map=m, seed=8)
        np.testing.assert_array_equal(pg.agg_all(a.T), ref.T)
        t = pg.transpose_grid(a)
        assert t.map.grid == tuple(reversed(m.grid))
        np.testing.assert_array_equal(pg.agg_all(t), ref)


def test_from_numpy_replicated_and_from_root():
    ref = np.arange(24.0).reshape(6, 4)
    m = pg.dmap([pg.Np, 1], "c")
    np.testing.assert_array_equal(pg.agg_all(pg.from_numpy(ref, m)), ref)
    root = pg.Np - 1
    given = ref if pg.Pid == root else None
    np.testing.assert_array_equal(pg.agg_all(pg.from_numpy(given, m, root=root)), ref)


def test_astype_copy_and_repr_are_local_friendly():
    a = pg.arange(10, map=pg.dmap([pg.Np]))
    b = a.astype(np.float32)
    assert b.dtype == np.float32
    np.testing.assert_array_equal(pg.agg_all(b), np.arange(10, dtype=np.float32))
    c = a.copy()
    c[0] = 100
    assert a[0] == 0
    assert "local_shape" in repr(a) and "int64" in repr(a)
    with pytest.raises(TypeError, match="gather"):
        np.asarray(a)
    with pytest.raises(TypeError):
        pg.zeros(3, map=pg.dmap([pg.Np]), dtype=np.float16)


def test_ranks_outside_the_map_take_part():
    if pg.Np < 2:
        pytest.skip("needs 2 ranks")
    sub = pg.dmap([pg.Np - 1, 1], procs=range(1, pg.Np))
    a = pg.rand((5, 3), map=sub, seed=3)
    if pg.Pid == 0:
        assert a.local.size == 0
    b = a + 1
    np.testing.assert_allclose(pg.agg_all(b), numpy_rand((5, 3), 3) + 1)
    assert b.sum() == pytest.approx((numpy_rand((5, 3), 3) + 1).sum())


def test_random_mixed_operations_against_numpy():
    rng = random.Random(4)
    ok = True
    for _ in range(25):
        shape = (rng.randint(1, 9), rng.randint(1, 6))
        m1, m2 = rng.choice(maps_2d()), rng.choice(maps_2d())
        a = pg.rand(shape, map=m1, seed=11)
        b = pg.rand(shape, map=m2, seed=12)
        ra, rb = numpy_rand(shape, 11), numpy_rand(shape, 12)
        r0 = rng.randrange(shape[0])
        got = (a * 3 - b)[r0:, :]
        ok &= np.allclose(pg.agg_all(got), (ra * 3 - rb)[r0:, :])
        ok &= np.isclose((a - b).sum(axis=None), (ra - rb).sum())
    assert all_ranks_agree(ok)
