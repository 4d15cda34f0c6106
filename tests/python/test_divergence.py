"""Issue 15 item 2: a collective argument that differs on one rank is a ValueError on every rank,
naming the argument and the ranks, never a hang or a silently different array
(docs/failure-model.md). The last rank passes the odd value.

A per-test watchdog (faulthandler, a C thread: it fires even while a rank is blocked inside
MPI holding the GIL) ends the rank, and so the job, if a call hangs.
"""
import faulthandler
import os
import tempfile

import numpy as np
import pytest
from mpi4py import MPI

import pgas as pg
from conftest import RANK, SIZE, all_ranks_agree, raises_everywhere

pytestmark = pytest.mark.skipif(SIZE == 1, reason="one rank cannot disagree with itself")
ODD = SIZE - 1  # the rank that passes the odd value
odd = RANK == ODD
HANG_SECONDS = 120


@pytest.fixture(autouse=True)
def no_hang():
    faulthandler.dump_traceback_later(HANG_SECONDS, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


def differs(argument, f):
    return raises_everywhere(ValueError, rf"argument '{argument}' must be the same on every rank, "
                                         rf"but rank\(s\) .*\b{ODD}\b", f)


def rows():
    return pg.dmap([SIZE, 1])


def array():
    return pg.arange(24, map=pg.dmap([SIZE])).astype(np.float64)


def matrix():
    return pg.ones((6, 4), map=rows())


def test_agg_leader():
    A = matrix()
    assert differs("leader", lambda: pg.agg(A, leader=ODD if odd else 0))


def test_remap_map():
    A = matrix()
    other = pg.dmap([1, SIZE]) if odd else rows()
    assert differs("map", lambda: pg.remap(A, other))


def test_from_numpy_shape():
    a = np.zeros((5 if odd else 4, 3))
    assert differs("shape", lambda: pg.from_numpy(a, rows()))


def test_from_numpy_map():
    a = np.zeros((4, 3))
    assert differs("map", lambda: pg.from_numpy(a, pg.dmap([1, SIZE]) if odd else rows()))


def test_from_numpy_root():
    a = np.zeros((4, 3))
    assert differs("root", lambda: pg.from_numpy(a, rows(), root=ODD if odd else 0))


def test_constructor_shape_dtype_and_fill():
    assert differs("shape", lambda: pg.zeros((7 if odd else 6, 2), map=rows()))
    assert differs("dtype", lambda: pg.ones((6, 2), map=rows(), dtype=np.int64 if odd else np.float64))
    assert differs("fill_value", lambda: pg.full((6, 2), 2.0 if odd else 1.0, map=rows()))


def test_random_seed():
    assert differs("seed", lambda: pg.rand((6, 2), map=rows(), seed=2 if odd else 1))
    assert differs("seed", lambda: pg.randn((6, 2), map=rows(), seed=2 if odd else 1))


def test_slice_start():
    A = array()
    r = 1 if odd else 0
    assert differs("key", lambda: A[r:])


def test_integer_index():
    A = array()
    assert differs("key", lambda: A[3 if odd else 2])


def test_setitem_key_and_value():
    A = array()

    def by_key():
        A[1 if odd else 0:] = 5.0

    def by_value():
        A[2:] = 5.0 if odd else 4.0

    assert differs("key", by_key)
    assert differs("value", by_value)


@pytest.mark.parametrize("name", ["sum", "prod", "min", "max", "mean", "var", "std", "argmin",
                                  "argmax", "any", "all"])
def test_reduction_axis(name):
    A = matrix()
    assert differs("axis", lambda: getattr(A, name)(axis=1 if odd else 0))


def test_reduction_ddof():
    A = matrix()
    assert differs("ddof", lambda: A.var(axis=0, ddof=1 if odd else 0))


def test_astype_dtype():
    A = matrix()
    assert differs("dtype", lambda: A.astype(np.float32 if odd else np.int64))


@pytest.fixture
def shared_dir():
    path = MPI.COMM_WORLD.bcast(tempfile.mkdtemp(prefix="pgas-divergence-") if RANK == 0 else None)
    yield path


def test_io_save_file_and_dataset_names(shared_dir):
    A = matrix()
    good = os.path.join(shared_dir, "a.h5")
    bad = os.path.join(shared_dir, "b.h5")
    assert differs("path", lambda: pg.io.save(bad if odd else good, "x", A))
    assert differs("name", lambda: pg.io.save(good, "y" if odd else "x", A))
    assert differs("compression", lambda: pg.io.save(good, "x", A, compression=5 if odd else None))
    # Nothing was written by the failed calls.
    assert all_ranks_agree(not os.path.exists(bad))


def test_io_load_names(shared_dir):
    path = os.path.join(shared_dir, "c.h5")
    pg.io.save(path, "x", matrix())
    pg.io.save(path, "y", matrix())
    assert differs("name", lambda: pg.io.load(path, "y" if odd else "x"))
    assert differs("map", lambda: pg.io.load(path, "x", map=pg.dmap([1, SIZE]) if odd else rows()))


def test_agreeing_arguments_still_work():
    A = matrix()
    assert all_ranks_agree(pg.agg_all(pg.remap(A, pg.dmap([1, SIZE]))).sum() == 24.0)
    assert all_ranks_agree(float(A[1:].sum()) == 20.0)
    assert all_ranks_agree(np.allclose(pg.agg_all(A.sum(axis=0)), 6.0))


# ---- issue 15 item 3: a local step failing on one rank fails on every rank -----------------

def one_rank_fails(exc, f):
    return raises_everywhere(exc, rf"failed on rank\(s\) {ODD} \(rank {ODD}: ", f)


def negative_on_odd_rank(dtype=np.int64):
    A = pg.ones((4 * SIZE,), map=pg.dmap([SIZE]), dtype=dtype)
    if odd:
        A.local[0] = -1
    return A


def test_integer_power_with_a_negative_exponent_on_one_rank():
    A = negative_on_odd_rank()
    with pytest.raises(ValueError):  # NumPy on the whole array raises the same type
        np.int64(2) ** np.array([1, -1])
    assert one_rank_fails(ValueError, lambda: 2 ** A)
    assert one_rank_fails(ValueError, lambda: np.power(A, A))


def test_errstate_raise_on_one_rank_part():
    A = negative_on_odd_rank(np.float64)
    A.local[...] = 1.0
    if odd:
        A.local[0] = 0.0
    with np.errstate(divide="raise"):
        assert one_rank_fails(FloatingPointError, lambda: np.log(A))
        assert one_rank_fails(FloatingPointError, lambda: 1.0 / A)
        B = pg.ones(A.shape, map=A.map)
        assert one_rank_fails(FloatingPointError, lambda: B / A)  # not the C++ kernel
    # Outside the errstate, NumPy's defaults: -inf with a warning, no exception, no agreement.
    with np.errstate(divide="ignore"):
        assert all_ranks_agree(np.isfinite(pg.agg_all(np.log(A))).sum() == A.size - 1)


def test_cast_under_errstate_on_one_rank_part():
    A = pg.ones((4 * SIZE,), map=pg.dmap([SIZE]))
    if odd:
        A.local[0] = np.nan
    with np.errstate(invalid="raise"):
        assert one_rank_fails(FloatingPointError, lambda: A.astype(np.int64))


def test_warnings_as_errors_on_one_rank_part():
    import warnings

    A = negative_on_odd_rank(np.float64)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert one_rank_fails(RuntimeWarning, lambda: np.sqrt(A))


def test_ranks_stay_in_step_after_a_caught_error():
    A = negative_on_odd_rank()
    try:
        2 ** A
    except ValueError:
        pass
    # Every rank caught it, so the next collective meets every rank.
    assert all_ranks_agree(int(pg.agg_all(A + 1).sum()) == 2 * A.size - 2)


def test_arange_bounds():
    assert differs("stop", lambda: pg.arange(11 if odd else 10, map=pg.dmap([SIZE])))
    assert differs("step", lambda: pg.arange(0, 10, 2 if odd else 1, map=pg.dmap([SIZE])))
