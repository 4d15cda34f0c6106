"""pgas.ppython: pPython programs run after changing only their imports (docs/ppython.md).

The first tests are small pPython programs written the way pPython's own examples are
(pBlurimage, pFFT, pStream), using nothing but the compatibility module; the rest pin down
the return conventions a port relies on. Everything is checked against NumPy."""
import numpy as np
import pytest

import pgas.ppython as GPC
from pgas.ppython.dmat import (agg, agg_all, dcomplex, fft, global_block_range,
                               global_block_ranges, global_ind, local, put_local, synch)
from pgas.ppython.map import Dmap, inmap, ones, rand, zeros
from pgas.ppython.utils import remap, transpose_grid

from conftest import all_ranks_agree

Np, Pid = GPC.Np, GPC.Pid


@pytest.mark.parametrize("PARALLEL", [1, 0])
def test_pblurimage_style_program(PARALLEL):
    # --- as pBlurimage.py writes it (a box filter over a block-row image with overlap) ---
    n_image_x, n_image_y, n_filter = 24, 10, 3
    mapImOv = 1
    if PARALLEL:
        mapImOv = Dmap([Np, 1], {}, range(Np), [n_filter - 1, 0])
    imOv = zeros(n_image_x, n_image_y, map=mapImOv)
    [myI, myJ] = global_ind(imOv)
    imOv_local = (np.array(myI) + 1).reshape(len(myI), 1) * np.ones([1, len(myJ)]) + \
        np.ones((1, len(myI))).T * (np.array(myJ) + 1).reshape(1, len(myJ))
    imOv = put_local(imOv, imOv_local)
    imOv = synch(imOv)
    kernel = np.ones((n_filter, n_filter)) / n_filter ** 2
    for _ in range(2):
        imOv_local = local(imOv)
        windows = np.lib.stride_tricks.sliding_window_view(imOv_local, kernel.shape)
        imOv_local[0:-n_filter + 1, 0:-n_filter + 1] = (windows * kernel).sum(axis=(-2, -1))
        imOv = put_local(imOv, imOv_local)
        imOv = synch(imOv)
    final = agg_all(imOv)
    # --- the same on one NumPy image ---
    im = (np.arange(n_image_x)[:, None] + 1) + (np.arange(n_image_y)[None, :] + 1.0)
    for _ in range(2):
        windows = np.lib.stride_tricks.sliding_window_view(im, kernel.shape)
        im[0:-n_filter + 1, 0:-n_filter + 1] = (windows * kernel).sum(axis=(-2, -1))
    # Each rank's forward filter covers its own rows; rows near a block's end are valid
    # only where its overlap reached, which the n_filter - 1 rows of overlap guarantee.
    assert all_ranks_agree(np.allclose(final, im, rtol=1e-13))


def test_pfft_style_corner_turns():
    # --- as pFFT.py: a [1, Np] map, transpose_grid twice, local FFTs along each dimension ---
    n1, n2 = 8, 12
    Xmap = Dmap([1, Np], {}, range(Np))
    X = dcomplex(rand(n1, n2, map=Xmap, seed=4), rand(n1, n2, map=Xmap, seed=5))
    X = put_local(X, fft(local(X), [], 0))        # columns are local: FFT along dim 0
    X = transpose_grid(X)                          # [1, Np] -> [Np, 1]
    assert X.map.grid == (Np, 1)
    X = put_local(X, fft(local(X), [], 1))        # rows are local: FFT along dim 1
    x = pg_numpy_rand((n1, n2), 4) + 1j * pg_numpy_rand((n1, n2), 5)
    assert all_ranks_agree(np.allclose(agg_all(X), np.fft.fft2(x), rtol=1e-12, atol=1e-12))


def pg_numpy_rand(shape, seed):
    return rand(*shape, map=1, seed=seed)          # map=1: NumPy, the same counter-based values


def test_pstream_style_local_arithmetic_and_agg_as_barrier():
    N, q = 1000, 3.0
    ABCmap = Dmap([1, Np], {}, range(Np))
    SyncMap = Dmap([Np, 1], {}, range(Np))
    Aloc = local(zeros(1, N, map=ABCmap)) + 1.0
    Bloc = local(zeros(1, N, map=ABCmap)) + 2.0
    Cloc = local(zeros(1, N, map=ABCmap)) + 0.0
    agg(zeros(Np, 1, map=SyncMap))                 # pPython's barrier idiom
    Cloc[:, :] = Aloc
    Bloc[:, :] = q * Cloc
    Cloc[:, :] = Aloc + Bloc
    Aloc[:, :] = Bloc + q * Cloc
    assert all_ranks_agree(np.all(Aloc == q + q * (1 + q)) and Aloc.shape[0] == 1)


def test_local_is_the_part_itself_and_put_local_returns_the_array():
    A = zeros(5, 3, map=Dmap([Np, 1], {}, range(Np)))
    mine = local(A)
    mine[...] = 7                                  # pPython's local() is the part, not a copy
    assert all_ranks_agree(np.all(agg_all(A) == 7))
    B = put_local(A, mine + 1)
    assert B is A
    assert all_ranks_agree(np.all(agg_all(A) == 8))
    C = put_local(A, mine + 1j)                    # complex into real: a complex array
    assert C.dtype == np.complex128
    assert all_ranks_agree(np.all(agg_all(C) == 8 + 1j))
    np.testing.assert_array_equal(put_local(np.zeros((2, 2)), 3), np.full((2, 2), 3.0))


def test_agg_on_leader_and_elsewhere():
    A = rand(7, 2, map=Dmap([Np, 1], {}, range(Np)), seed=1)
    whole = pg_numpy_rand((7, 2), 1)
    for leader in (None, Np - 1):
        got = agg(A, leader)
        expected = whole if Pid == (leader or 0) else local(A)
        assert all_ranks_agree(np.array_equal(got, expected))
    assert agg(whole) is whole and agg_all(whole) is whole


def test_index_information_follows_ppython():
    n = 16
    A = zeros(n, 4, map=Dmap([Np, 1], {}, range(Np), [2, 0]))
    [rows] = global_ind(A, 0)                      # pPython: a list of index arrays
    assert isinstance(rows, np.ndarray) and rows.ndim == 1
    assert len(rows) == local(A).shape[0]          # overlap rows included, like local()
    both = global_ind(A)
    assert len(both) == 2 and np.array_equal(both[0], rows)
    first_last = global_block_range(A, 0)
    assert first_last.shape == (1, 2)
    assert all_ranks_agree(list(first_last[0]) == [rows[0], rows[-1]] if len(rows) else True)
    table = global_block_ranges(A, 0)
    assert table.shape == (Np, 3) and list(table[:, 0]) == list(range(Np))
    assert list(table[Pid, 1:]) == list(first_last[0])
    assert table[-1, 2] == n - 1
    np.testing.assert_array_equal(global_block_range(np.zeros((3, 5))), [[0, 2], [0, 4]])
    with pytest.raises(ValueError):
        global_block_range(zeros(8, map=Dmap([Np], "c", range(Np))), 0)


def test_dmap_spellings_and_attributes():
    m = Dmap([Np, 1], {"0": {"dist": "c"}, "1": {"dist": "b"}}, range(Np))
    assert m.dist == ("c", "b") and m.dim == 2 and m.grid_spec == [Np, 1]
    assert m.dist_spec == {0: {"dist": "c"}, 1: {"dist": "b"}}
    assert m.proc_list == list(range(Np)) and inmap(m, Pid) and not inmap(1, Pid)
    if Np >= 2:
        grid = [2, Np // 2]
        procs = list(range(2 * (Np // 2)))
        f = Dmap(grid, "b", procs, order="F")
        np.testing.assert_array_equal(f.proc_grid,
                                      np.array(procs).reshape(grid, order="F"))
    bc = Dmap([1, Np], {"dist": "bc", "b_size": 2}, range(Np))
    assert bc.dist_spec[1] == {"dist": "bc", "b_size": 2}


def test_remap_and_ones_and_numpy_fallbacks():
    A = ones(6, 5, map=Dmap([Np, 1], {}, range(Np)))
    B = remap(A, Dmap([1, Np], "c", range(Np)))
    assert B.map.dist == ("c", "c")          # one spec: every dimension
    assert all_ranks_agree(np.array_equal(agg_all(B), np.ones((6, 5))))
    np.testing.assert_array_equal(remap(A, 1), np.ones((6, 5)))
    assert isinstance(zeros(3, 3, map=1), np.ndarray)
    x = np.arange(6.0).reshape(2, 3)
    assert transpose_grid(x) is x
