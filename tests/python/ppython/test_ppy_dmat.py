"""pgas.ppython.dmat and .map follow pPython's conventions: global_ind lists, find's global
indices, unfun in place, mtimes, local() aliasing, put_local reshaping, the conversions and the
rest of the dmat functions, and the constructors' gpu=/order=/positional forms. Checked against
NumPy on every rank."""
import numpy as np
import pytest

import pgas as pg
import pgas.ppython as GPC
from pgas.ppython.dmat import (Dmat, agg, agg_all, agg_by_topology, agg_in_node, cos, dcomplex,
                               display, double, find, global_block_ranges, global_ind, grid,
                               grid_global_ind, local, mtimes, ndims, oagg, print_falls,
                               print_pitfalls, put_local, sin, size, summation, uint8, uint16,
                               uint32, uint64, unfun)
from pgas.ppython.map import Dmap, ones, rand, zeros

from conftest import all_ranks_agree

Np, Pid = GPC.Np, GPC.Pid

MAPS = {
    "block rows": lambda: Dmap([Np, 1], {}, range(Np)),
    "block cols, overlap": lambda: Dmap([1, Np], {}, range(Np), [0, 1]),
    "cyclic": lambda: Dmap([Np, 1], "c", range(Np)),
    "block-cyclic": lambda: Dmap([1, Np], {"dist": "bc", "b_size": 2}, range(Np)),
}


def whole(shape, seed=3):
    return rand(*shape, map=1, seed=seed)


@pytest.mark.parametrize("name", MAPS)
def test_global_ind_returns_pythons_lists(name):
    A = zeros(9, 7, map=MAPS[name]())
    both = global_ind(A)
    assert isinstance(both, list) and len(both) == 2
    assert [len(b) for b in both] == list(local(A).shape)      # overlap included
    for dim in (0, 1):
        blocks = global_ind(A, dim)
        assert isinstance(blocks, list) and all(isinstance(b, np.ndarray) for b in blocks)
        assert np.array_equal(np.concatenate(blocks), both[dim])
        if A.map.dist[dim] in ("b", "c"):
            assert len(blocks) == 1                    # global_ind(X, 1)[0] is every index
        for b in blocks:
            assert A.map.dist[dim] != "b" or np.all(np.diff(b) == 1)
    # The pFFT idiom: an array of indices, not a scalar.
    assert np.ndim(np.array(global_ind(A, 1)[0]) + 1) == 1
    # NumPy input, as pPython's PARALLEL = 0 path.
    x = np.zeros((3, 4))
    assert [list(v) for v in global_ind(x)] == [[0, 1, 2], [0, 1, 2, 3]]
    assert np.array_equal(global_ind(x, 1)[0], np.arange(4))


@pytest.mark.parametrize("name", MAPS)
def test_global_block_ranges_match_the_index_arrays(name):
    A = zeros(11, 10, map=MAPS[name]())
    for dim in (0, 1):
        if A.map.dist[dim] != "b":
            with pytest.raises(ValueError, match="not a block dimension"):
                global_block_ranges(A, dim)
            continue
        table = global_block_ranges(A, dim)
        for row, rank in enumerate(A.map.procs):
            held = A.map.global_ind(A.shape, dim, rank)
            expected = [rank, held[0], held[-1]] if len(held) else [rank, 0, -1]
            assert list(table[row]) == expected


def pythons_find(x, m):
    """pPython's find, written out on the whole array: every rank's owned cells in its local
    (row-major) order, the ranks in column-major order of the process grid."""
    found = [[] for _ in range(x.ndim)]
    for rank in np.asarray(m.procs).reshape(m.grid).ravel(order="F"):
        owned = [g[:n] for g, n in zip(m.global_ind(x.shape, None, int(rank)),
                                       m.local_shape(x.shape, int(rank), overlap=False))]
        nz = np.nonzero(x[np.ix_(*owned)])
        for k in range(x.ndim):
            found[k].append(owned[k][nz[k]])
    return [np.concatenate(f) for f in found]


FIND_MAPS = dict(MAPS, **{
    "2-d grid, ranks reversed": lambda: Dmap([2, Np // 2] if Np > 1 else [1, 1], {},
                                             list(reversed(range(2 * (Np // 2) or 1)))),
    "2-d block-cyclic over cols then rows": lambda: Dmap(
        [Np // 2 or 1, 2 if Np > 1 else 1], {"dist": "bc", "b_size": 2},
        range(2 * (Np // 2) or 1)),
    "last rank only": lambda: Dmap([1, 1], {}, [Np - 1]),
})


@pytest.mark.parametrize("name", FIND_MAPS)
@pytest.mark.parametrize("shape", [(13,), (9, 7)])
def test_find_gives_global_indices_of_nonzeros_in_pythons_order(name, shape):
    if len(shape) == 2:
        m = FIND_MAPS[name]()
    elif name == "last rank only":
        m = Dmap([1], {}, [Np - 1])
    else:
        m = Dmap([Np], "c" if "cyclic" in name else "b", range(Np))
    x = whole(shape, seed=11)
    x[x < 0.6] = 0
    A = zeros(*shape, map=m)
    A[(slice(None),) * len(shape)] = x
    got = find(A)
    expected = pythons_find(x, m)
    assert len(got) == len(shape)
    assert all_ranks_agree(all(g.dtype == np.int64 and np.array_equal(g, e)
                               for g, e in zip(got, expected)))
    # The same cells as NumPy's, whatever the order; for [Np, 1] row blocks also its order.
    assert all_ranks_agree(set(zip(*got)) == set(zip(*np.nonzero(x))))
    if m.grid[0] == m.num_procs and all(d == "b" for d in m.dist):
        assert all_ranks_agree(all(np.array_equal(g, e) for g, e in zip(got, np.nonzero(x))))
    # NumPy input: np.nonzero's order, as pPython's PARALLEL = 0 path.
    assert all(np.array_equal(g, e) for g, e in zip(find(x), np.nonzero(x)))


def test_find_on_a_grid_of_columns_is_grouped_by_rank():
    # 4 x 2 array, one column per rank position: pPython's order lists rank 0's column first.
    x = np.array([[1, 1], [0, 1], [1, 0], [1, 1]], dtype=float)
    m = Dmap([1, 2] if Np > 1 else [1, 1], {}, range(min(Np, 2)))
    A = zeros(4, 2, map=m)
    A[:, :] = x
    i, j = find(A)
    if Np > 1:
        assert all_ranks_agree(list(i) == [0, 2, 3, 0, 1, 3] and list(j) == [0, 0, 0, 1, 1, 1])
    else:
        assert all_ranks_agree(list(i) == [0, 0, 1, 2, 3, 3] and list(j) == [0, 1, 1, 0, 0, 1])


def test_unfun_works_in_place_on_the_local_part():
    A = rand(6, 5, map=Dmap([Np, 1], {}, range(Np)), seed=2)
    before = local(A)
    B = unfun(lambda v: 2 * v + 1, A)
    assert B is A and local(B) is not None
    assert all_ranks_agree(np.allclose(agg_all(A), 2 * whole((6, 5), 2) + 1))
    assert np.shares_memory(before, local(A))               # same storage: in place
    C = unfun(lambda v: v * 1j, A)                            # another kind: a complex array
    assert C.dtype == np.complex128
    assert all_ranks_agree(np.allclose(agg_all(C), (2 * whole((6, 5), 2) + 1) * 1j))
    assert np.array_equal(unfun(np.sqrt, np.array([4.0, 9.0])), [2.0, 3.0])


def test_mtimes_is_the_distributed_matrix_product():
    a, b = whole((7, 5), 1), whole((5, 6), 2)
    A = rand(7, 5, map=Dmap([Np, 1], {}, range(Np)), seed=1)
    B = rand(5, 6, map=Dmap([1, Np], {}, range(Np)), seed=2)
    C = mtimes(A, B)
    assert isinstance(C, Dmat)
    assert all_ranks_agree(np.allclose(agg_all(C), a @ b, rtol=1e-12, atol=1e-12))
    assert np.allclose(mtimes(a, b), a @ b)


def test_local_aliases_the_array_and_put_local_reshapes():
    A = zeros(Np * 2, 3, map=Dmap([Np, 1], {}, range(Np)))
    mine = local(A)
    mine[...] = 7                                   # pPython's local is the part itself
    assert all_ranks_agree(np.all(agg_all(A) == 7))
    assert local(A) is not None and np.shares_memory(local(A), mine)
    B = put_local(A, np.arange(6.0) + 6 * Pid)        # 1-D into a (2, 3) part
    assert B is A
    assert all_ranks_agree(np.array_equal(agg_all(A), np.arange(6.0 * Np).reshape(2 * Np, 3)))
    v = zeros(1, 4 * Np, map=Dmap([1, Np], {}, range(Np)))
    v = put_local(v, np.ones(4) * Pid)                # 1-D into a (1, n) part
    assert all_ranks_agree(np.array_equal(agg_all(v)[0], np.repeat(np.arange(Np), 4)))
    v = put_local(v, np.ones((2, 2)))                  # (2, 2) into (1, 4): as many cells
    assert all_ranks_agree(np.all(agg_all(v) == 1))
    put_local(v, 5)                                    # a scalar fills
    assert all_ranks_agree(np.all(agg_all(v) == 5))
    with pytest.raises(ValueError, match="does not fit"):
        put_local(v, np.ones(3))
    C = put_local(A, local(A) + 1j)                    # complex into real: a complex array
    assert C.dtype == np.complex128
    np.testing.assert_array_equal(put_local(np.zeros((2, 2)), [1, 2, 3, 4]),
                                  [[1.0, 2.0], [3.0, 4.0]])


def test_conversions_and_elementwise():
    x = whole((5, 4), 9) * 600 - 100
    A = zeros(5, 4, map=Dmap([Np, 1], {}, range(Np)))
    A[:, :] = x
    for fn, dt in [(uint8, np.uint8), (uint16, np.uint16), (uint32, np.uint32),
                   (uint64, np.uint64)]:
        converted = fn(A)
        got = agg_all(converted)
        assert converted.dtype == dt and converted.map == A.map
        assert all_ranks_agree(got.dtype == dt and np.array_equal(got, x.astype(dt)))
        assert np.array_equal(fn(x), x.astype(dt)) and fn(x).dtype == dt
    big = zeros(5, 4, map=Dmap([Np, 1], {}, range(Np)))
    big[:, :] = np.full((5, 4), 2.0 ** 63 + 2.0 ** 12)   # above int64: a real uint64
    assert all_ranks_agree(np.all(agg_all(uint64(big)) == np.uint64(2 ** 63 + 2 ** 12)))
    assert uint64(np.array([3.7])).dtype == np.uint64
    I = zeros(5, 4, map=Dmap([Np, 1], {}, range(Np)), dtype=np.int32)
    assert double(I).dtype == np.float64 and double(np.arange(3)).dtype == np.float64
    Z = dcomplex(cos(A), sin(A))
    assert all_ranks_agree(np.allclose(agg_all(Z), np.exp(1j * x)))


def test_summation_grid_size_and_aggregations():
    m = Dmap([Np, 1], {}, range(Np))
    parts = [rand(6, 4, map=m, seed=s) for s in range(5)]
    total = zeros(6, 4, map=Dmap([1, Np], "c", range(Np)))
    out = summation(total, *parts)
    expected = sum(whole((6, 4), s) for s in range(5))
    assert out is total and all_ranks_agree(np.allclose(agg_all(total), expected))
    assert all_ranks_agree(np.allclose(agg_all(summation(zeros(6, 4, map=m), parts)), expected))
    assert size(total) == (6, 4) and size(total, 1) == 4 and ndims(total) == 2
    assert np.array_equal(grid(total), np.arange(Np).reshape(1, Np))
    g = grid_global_ind(parts[0])
    for r in range(Np):
        assert np.array_equal(g[r][0]["0"], m.global_ind((6, 4), 0, r))
    for fn in (oagg, agg_by_topology, agg_in_node):
        got = fn(parts[0])
        ref = agg(parts[0])
        assert all_ranks_agree(np.array_equal(got, ref))


def test_readable_output(capsys):
    A = zeros(6, 4, map=Dmap([Np, 1], {}, range(Np)))
    text = display(A, "A")
    assert text.startswith("A = Dmat (6, 4) float64") and f"rank {Pid}" in text
    falls = print_falls(A)
    assert falls.startswith(f"rank {Pid} dim 0:") and "dim 1: 0..3" in falls
    pit = print_pitfalls(A)
    assert all(f"rank {r} dim 0" in pit for r in range(Np))
    assert "Dmat" in capsys.readouterr().out


def test_constructors_take_pythons_keywords_and_positional_forms():
    m = Dmap([Np, 1], {}, range(Np), gpu=False)
    assert Dmap([Np, 1], {}, range(Np), order="F") == m      # a [Np, 1] grid is the same
    a = zeros(4, 3, m)                                          # zeros(M, N, p)
    b = ones(4, 3, m, np.float32)                                # zeros(M, N, p, dtype)
    c = rand(5, m, seed=1)                                       # zeros(N, p): N by N
    d = zeros(4, 3, map=m, dtype=np.int32, order="C", gpu=False)
    assert isinstance(a, Dmat) and a.shape == (4, 3) and a.map == m
    assert b.dtype == np.float32 and all_ranks_agree(np.all(agg_all(b) == 1))
    assert c.shape == (5, 5) and d.dtype == np.int32
    assert isinstance(zeros(2, 2, map=1, gpu=False), np.ndarray)
    for make in (lambda: Dmap([Np, 1], {}, range(Np), gpu=True),
                 lambda: zeros(4, 3, map=m, gpu=True),
                 lambda: rand(4, 3, map=m, gpu=True)):
        with pytest.raises(NotImplementedError, match="gpu=True"):
            make()
    with pytest.raises(ValueError, match="order"):
        ones(2, 2, map=m, order="A")
    # order='F' is NumPy's memory order: honoured for NumPy results, values unchanged for
    # darrays (their local parts stay C-ordered).
    f = rand(5, 3, map=1, seed=4, order="F")
    assert f.flags.f_contiguous and np.array_equal(f, rand(5, 3, map=1, seed=4))
    assert ones(2, 3, order="F").flags.f_contiguous
    d = rand(5, 3, map=m, seed=4, order="F")
    assert isinstance(d, Dmat) and local(d).flags.c_contiguous
    assert all_ranks_agree(np.array_equal(agg_all(d), agg_all(rand(5, 3, map=m, seed=4))))
    assert all_ranks_agree(np.array_equal(agg_all(zeros(4, 2, map=m, order="F")), np.zeros((4, 2))))
    with pytest.raises(TypeError, match="twice"):
        zeros(4, 3, m, map=m)
