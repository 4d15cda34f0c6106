"""A.owned (the owned part of .local, a zero-copy view), same-map assignment and remap (a copy
of the local buffers, overlap refreshed from the owners) and pg.agg (the whole array on the
leader, a copy of the local part elsewhere), against NumPy on every rank."""
import numpy as np
import pytest
from mpi4py import MPI

import pgas as pg

from conftest import all_ranks_agree

DTYPES = [np.float64, np.float32, np.int64, np.int32, np.uint64, np.uint32, np.uint16, np.uint8,
          np.complex128, np.complex64, np.bool_]


def maps_2d():
    """2-d maps for the rank count at hand, with and without overlap (same list everywhere)."""
    p = pg.Np
    out = [pg.dmap([p, 1]), pg.dmap([1, p], "c"), pg.dmap([p, 1], ("bc", 2)),
           pg.dmap([p, 1], overlap=[2, 0]), pg.dmap([1, 1], procs=[p - 1])]
    if p >= 2:
        out.append(pg.dmap([2, p // 2], overlap=[1, 1]))
        out.append(pg.dmap([2, p // 2], ["c", ("bc", 3)], list(reversed(range(2 * (p // 2))))))
    return out


def owned_indices(a):
    """Global indices of the owned cells per dimension: the leading part of global_ind."""
    return [g[:n] for g, n in zip(a.global_ind(), a._impl.owned_shape)]


@pytest.mark.parametrize("m", maps_2d(), ids=repr)
def test_owned_is_a_zero_copy_view_without_overlap(m):
    shape = (11, 6)
    ref = np.arange(66, dtype=np.int64).reshape(shape)
    a = pg.from_numpy(ref, m)
    owned = a.owned
    ok = owned.shape == tuple(a._impl.owned_shape)
    ok = ok and all(n <= h for n, h in zip(owned.shape, a.local_shape))
    ok = ok and (owned.size == 0 or np.shares_memory(owned, a.local))
    ok = ok and np.array_equal(owned, ref[np.ix_(*owned_indices(a))])
    if not any(m.overlap):
        ok = ok and owned.shape == a.local_shape
    # Every cell is owned exactly once.
    ok = ok and MPI.COMM_WORLD.allreduce(owned.size) == a.size
    # Writes go to the array: the view is not a copy.
    owned[...] = -owned - 1
    ok = ok and np.array_equal(pg.agg_all(a), -ref - 1)
    assert all_ranks_agree(ok)


@pytest.mark.parametrize("dtype", DTYPES)
def test_owned_every_dtype(dtype):
    a = pg.ones(9, 4, map=pg.dmap([pg.Np, 1], overlap=[1, 0]), dtype=dtype)
    owned = a.owned
    ok = owned.dtype == np.dtype(dtype) and owned.shape == tuple(a._impl.owned_shape)
    ok = ok and MPI.COMM_WORLD.allreduce(owned.size) == 36 and bool(np.all(owned == 1))
    assert all_ranks_agree(ok)


def test_owned_is_empty_outside_the_map():
    a = pg.zeros(5, 3, map=pg.dmap([1, 1], procs=[pg.Np - 1]))
    if pg.Pid == pg.Np - 1:
        assert a.owned.shape == (5, 3)
    else:
        assert a.owned.size == 0


def spoil_overlap(a):
    """Sets the held cells outside the owned box (the overlap) to -7."""
    held = np.ones(a.local_shape, dtype=bool)
    held[tuple(slice(0, n) for n in a._impl.owned_shape)] = False
    a.local[held] = -7


@pytest.mark.parametrize("m", maps_2d(), ids=repr)
@pytest.mark.parametrize("key", [Ellipsis, (slice(None), slice(None)), slice(None)], ids=repr)
def test_same_map_full_slice_assignment(m, key):
    shape = (11, 6)
    ref = np.arange(66, dtype=np.int64).reshape(shape)
    a = pg.from_numpy(ref, m)
    spoil_overlap(a)  # stale halo in the source: the destination gets the owners' values
    c = pg.zeros(*shape, map=m, dtype=np.int64)
    c[key] = a
    ok = np.array_equal(c.local, ref[np.ix_(*c.global_ind())])
    ok = ok and (c.local.size == 0 or not np.shares_memory(c.local, a.local))
    # A different dtype on the same map is converted first.
    f = pg.zeros(*shape, map=m, dtype=np.float32)
    f[key] = a
    ok = ok and f.dtype == np.float32 and np.array_equal(pg.agg_all(f), ref.astype(np.float32))
    assert all_ranks_agree(ok)


def test_full_looking_region_with_an_integer_index():
    """c[0] = a on a (1, n) array: the region spans c, but a has one dimension less."""
    a = pg.arange(5, map=pg.dmap([pg.Np]))
    c = pg.zeros(1, 5, map=pg.dmap([1, pg.Np]), dtype=np.int64)
    c[0] = a
    np.testing.assert_array_equal(pg.agg_all(c), np.arange(5)[None, :])
    c[0, :] = a * 2
    np.testing.assert_array_equal(pg.agg_all(c), 2 * np.arange(5)[None, :])


@pytest.mark.parametrize("m", maps_2d(), ids=repr)
def test_remap_to_the_same_map_is_an_independent_copy(m):
    shape = (7, 5)
    ref = pg.rand(*shape, seed=4)
    a = pg.rand(*shape, map=m, seed=4)
    spoil_overlap(a)
    b = pg.remap(a, m)
    ok = b.map == m and np.array_equal(b.local, ref[np.ix_(*b.global_ind())])
    b.local[...] = 0
    ok = ok and np.array_equal(a.owned, ref[np.ix_(*owned_indices(a))])
    assert all_ranks_agree(ok)


@pytest.mark.parametrize("m", maps_2d(), ids=repr)
def test_agg_whole_on_the_leader_local_part_elsewhere(m):
    shape = (6, 5)
    ref = pg.rand(*shape, seed=3)
    a = pg.rand(*shape, map=m, seed=3)
    for leader in sorted({0, pg.Np - 1}):
        got = pg.agg(a, leader)
        if pg.Pid == leader:
            ok = got.shape == shape and np.array_equal(got, ref)
        else:
            # pPython: this rank's local part (overlap included), as a copy.
            ok = got.shape == a.local_shape and np.array_equal(got, a.local)
            ok = ok and (got.size == 0 or not np.shares_memory(got, a.local))
        ok = ok and got.dtype == a.dtype and a.agg(leader).shape == got.shape
        assert all_ranks_agree(ok), f"leader {leader}"


@pytest.mark.parametrize("dtype", DTYPES)
def test_agg_every_dtype(dtype):
    whole = np.arange(36).reshape(9, 4).astype(dtype)
    a = pg.from_numpy(whole, pg.dmap([pg.Np, 1], overlap=[1, 0]))
    got = pg.agg(a)
    want = whole if pg.Pid == 0 else a.local
    assert all_ranks_agree(got.dtype == np.dtype(dtype) and np.array_equal(got, want))


def test_agg_bad_leader_raises_on_every_rank():
    a = pg.zeros(4, 4, map=pg.dmap([pg.Np, 1]))
    with pytest.raises(ValueError, match="agg: leader"):
        pg.agg(a, pg.Np)
