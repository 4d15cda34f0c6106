"""SPEC §1 maps, checked against NumPy oracles on every rank."""
import pickle
import random

import numpy as np
import pytest

import pgas as pg
from pgas import _core

from conftest import all_ranks_agree


def owners_1d(dist, n, p, overlap=0):
    """Owned cells of each grid position, from the C++ layout (no MPI needed)."""
    layout = _core.maps.DimLayout(dist, n, p, overlap)
    out = []
    for q in range(p):
        cells = []
        for r in layout.held(q) if overlap else layout.owned(q):
            for j in range(r.count):
                cells.extend(range(r.start + j * r.stride, r.start + j * r.stride + r.length))
        out.append(cells)
    return out


def test_spec_examples_ten_over_four():
    assert owners_1d(_core.maps.DimDist.block(), 10, 4) == [[0, 1, 2], [3, 4, 5], [6, 7], [8, 9]]
    assert owners_1d(_core.maps.DimDist.cyclic(), 10, 4) == [[0, 4, 8], [1, 5, 9], [2, 6], [3, 7]]
    assert owners_1d(_core.maps.DimDist.block_cyclic(2), 10, 4) == [[0, 1, 8, 9], [2, 3], [4, 5],
                                                                [6, 7]]


def test_spec_example_overlap():
    assert owners_1d(_core.maps.DimDist.block(), 16, 4, 2) == [
        list(range(0, 6)), list(range(4, 10)), list(range(8, 14)), list(range(12, 16))]


def test_block_rows_over_all_ranks_match_array_split():
    m = pg.dmap([pg.Np, 1])
    shape = (2 * pg.Np + 3, 5)
    parts = np.array_split(np.arange(shape[0]), pg.Np)
    assert m.local_shape(shape) == (len(parts[pg.Pid]), 5)
    np.testing.assert_array_equal(m.global_ind(shape, 0), parts[pg.Pid])
    np.testing.assert_array_equal(m.global_ind(shape, 1), np.arange(5))


@pytest.mark.parametrize("spelling, expected", [
    (None, ("b", "b")),
    ({}, ("b", "b")),
    ("b", ("b", "b")),
    ("c", ("c", "c")),
    (("bc", 3), (("bc", 3), ("bc", 3))),
    ({"dist": "bc", "b_size": 3}, (("bc", 3), ("bc", 3))),
    ({"dist": "c"}, ("c", "c")),
    ({0: {"dist": "c"}, 1: {"dist": "bc", "b_size": 2}}, ("c", ("bc", 2))),
    ({1: {"dist": "c"}}, ("b", "c")),
    (["c", ("bc", 4)], ("c", ("bc", 4))),
])
def test_every_dist_spelling(spelling, expected):
    m = pg.dmap([pg.Np, 1], spelling)
    assert m.dist == expected
    assert pg.Dmap([pg.Np, 1], spelling) == m, "Dmap is pPython's name for the same map"


@pytest.mark.parametrize("kwargs, field", [
    (dict(grid=[pg.Np, 0]), "grid[1]"),
    (dict(grid=[-1]), "grid[0]"),
    (dict(grid=[pg.Np], dist="bc"), "needs a block size"),
    (dict(grid=[pg.Np], dist={"dist": "bc"}), "needs a block size"),
    (dict(grid=[pg.Np], dist=("bc", 0)), "block size"),
    (dict(grid=[pg.Np], dist="x"), "unknown distribution"),
    (dict(grid=[pg.Np, 1], dist=["b"] * 3), "dist"),
    (dict(grid=[pg.Np], procs=list(range(pg.Np + 1))), "procs"),
    (dict(grid=[1], procs=[pg.Np]), "outside the communicator"),
    (dict(grid=[2], procs=[0, 0]), "procs"),
    (dict(grid=[pg.Np, 1], dist=["b", "c"], overlap=[0, 1]), "overlap[1]"),
    (dict(grid=[pg.Np], overlap=[-2]), "overlap[0]"),
    (dict(grid=[pg.Np], overlap=[1, 1]), "overlap"),
    (dict(grid=[1.5]), "grid"),
])
def test_bad_specs_raise_value_error_naming_the_field(kwargs, field):
    with pytest.raises(ValueError) as info:
        pg.dmap(**kwargs)
    assert field in str(info.value)
    if pg.Np > 1 or "rank" in str(info.value):
        assert f"[rank {pg.Pid}]" in str(info.value), "errors carry the rank"


def test_map_is_a_value():
    a = pg.dmap([pg.Np, 1], "c")
    b = pg.Dmap([pg.Np, 1], {"dist": "c"}, range(pg.Np), [0, 0])
    c = pg.dmap([pg.Np, 1], ("bc", 2))
    assert a == b and hash(a) == hash(b)
    assert a != c
    assert len({a, b, c}) == 2
    assert pickle.loads(pickle.dumps(a)) == a
    assert "dmap(grid=" in repr(a) and "'c'" in repr(a)


def test_procs_are_laid_row_major_and_outsiders_hold_nothing():
    procs = list(reversed(range(pg.Np)))
    m = pg.dmap([pg.Np], procs=procs)
    assert m.grid_coords() == (procs.index(pg.Pid),)
    if pg.Np > 1:
        sub = pg.dmap([1], procs=[pg.Np - 1])
        assert sub.inmap() == (pg.Pid == pg.Np - 1)
        expected = (7,) if pg.Pid == pg.Np - 1 else (0,)
        assert sub.local_shape((7,)) == expected


def random_map(rng, ndim):
    grid = [1] * ndim
    # Spread up to Np ranks over the dimensions.
    budget = rng.randint(1, pg.Np)
    for _ in range(3):
        d = rng.randrange(ndim)
        if grid[d] * 2 <= budget // max(1, np.prod(grid) // grid[d]):
            grid[d] *= 2
    slots = int(np.prod(grid))
    procs = rng.sample(range(pg.Np), slots)
    dist = []
    overlap = []
    for _ in range(ndim):
        kind = rng.choice(["b", "c", "bc"])
        dist.append(("bc", rng.randint(1, 4)) if kind == "bc" else kind)
        overlap.append(rng.randint(0, 2) if kind == "b" else 0)
    return pg.dmap(grid, dist, procs, overlap)


def test_random_maps_against_a_numpy_oracle():
    rng = random.Random(11)  # same maps on every rank
    ok = True
    for _ in range(60):
        ndim = rng.randint(1, 3)
        m = random_map(rng, ndim)
        shape = tuple(rng.randint(0, 7) for _ in range(ndim))
        # Oracle: the owner of every global index, from per-dimension arithmetic in NumPy.
        owner = np.full(shape, -1)
        for index in np.ndindex(*shape):
            rank, local = m.owner(shape, index)
            owner[index] = rank
            ok &= m.to_local(shape, index, rank) == local
            ok &= m.to_global(shape, local, rank) == index
        for rank in range(pg.Np):
            ind = m.global_ind(shape, rank=rank)
            owned = m.local_shape(shape, rank, overlap=False)
            ok &= m.local_shape(shape, rank) == tuple(len(i) for i in ind)
            # Owned cells of `rank` are exactly where the oracle says `rank`.
            assert int(np.prod(owned)) == int((owner == rank).sum()), (m, shape, rank)
        assert (owner >= 0).all()
    assert all_ranks_agree(ok)


def test_owner_out_of_range_raises_index_error():
    m = pg.dmap([pg.Np])
    with pytest.raises(IndexError, match="out of bounds"):
        m.owner((5,), (5,))
    with pytest.raises(ValueError, match="dimensions"):
        m.local_shape((5, 5))


def test_show_prints_a_picture(capsys):
    m = pg.dmap([pg.Np, 1])
    text = m.show((2 * pg.Np, 3))
    assert capsys.readouterr().out == text
    assert f"rank {pg.Np - 1}: local shape (2, 3)" in text
    assert "0 | 0 0 0" in text


def test_show_png(tmp_path):
    pytest.importorskip("matplotlib")
    path = tmp_path / f"map{pg.Pid}.png"
    pg.dmap([pg.Np, 1]).show((8, 8), png=str(path), file=open("/dev/null", "w"))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _cells(runs_per_dim):
    """Every cell of a product of per-dimension Runs lists (small test shapes only)."""
    axes = []
    for runs in runs_per_dim:
        axis = []
        for r in runs:
            for j in range(r.count):
                axis.extend(range(r.start + j * r.stride, r.start + j * r.stride + r.length))
        axes.append(axis)
    out = {()}
    for axis in axes:
        out = {c + (i,) for c in out for i in axis}
    return out


def test_exchanged_runs_receivers_and_senders_match_brute_force():
    """dmap.exchanged_runs / receivers / senders (what the redistribution planner asks the maps)
    against enumerating every cell's owner and holders, for random map pairs."""
    rng = random.Random(11 + pg.Pid)  # more ranks test more cases; no collective calls here
    dists = [_core.maps.DimDist.block(), _core.maps.DimDist.cyclic(), _core.maps.DimDist.block_cyclic(2),
             _core.maps.DimDist.block_cyclic(3)]
    block = _core.maps.DimDist.block()
    for _ in range(60):
        shape = (rng.randint(0, 9), rng.randint(1, 7))
        grids = [[rng.randint(1, 3), rng.randint(1, 2)] for _ in range(2)]
        maps = []
        for g in grids:
            dist = [rng.choice(dists), rng.choice(dists)]
            overlap = [rng.randint(0, 2) if d == block else 0 for d in dist]
            procs = rng.sample(range(6), g[0] * g[1])
            # Pure index math over 6 ranks whatever this job's size: the core map, unvalidated
            # against the communicator.
            maps.append(pg.dmap._from_core(_core.maps.Map(g, dist, procs, overlap)))
        a, b = maps
        held = {r: {c for c in np.ndindex(*shape) if b.to_local(shape, c, r) is not None}
                for r in range(6)}
        for src in range(6):
            owned = {c for c in np.ndindex(*shape) if a.owner(shape, c)[0] == src}
            want_receivers = []
            for dst in range(6):
                want = owned & held[dst]
                assert _cells(a.exchanged_runs(shape, b, src, dst)) == want, (a, b, src, dst)
                if want:
                    want_receivers.append(dst)
            assert a.receivers(shape, b, src) == want_receivers
        for dst in range(6):
            want = [s for s in range(6) if any(a.owner(shape, c)[0] == s for c in held[dst])]
            assert a.senders(shape, b, dst) == want
    with pytest.raises(TypeError, match="other must be a pg.dmap"):
        pg.dmap([1]).exchanged_runs((4,), "b")
