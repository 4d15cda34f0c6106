"""Issue 15 items 4-7 (docs/failure-model.md): sizes past 64 bits, io that never deletes data
silently, silent wrong answers (seeds, stale contexts, dmap after pg.init), and messages a
user can act on. Every assertion holds on every rank, at 1-4 ranks."""
import os
import tempfile

import h5py
import numpy as np
import pytest
from mpi4py import MPI

import pgas as pg
from conftest import RANK, SIZE, all_ranks_agree, raises_everywhere


# ---- item 4: sizes -----------------------------------------------------------------------

@pytest.mark.parametrize("shape, dtype", [((2**32, 2**32), np.bool_), ((2**62, 8), np.bool_),
                                          ((2**61, 2), np.float64), ((2**31, 2**31, 4), np.int32)])
def test_shapes_past_64_bits_are_value_errors(shape, dtype):
    m = pg.dmap([SIZE] + [1] * (len(shape) - 1))
    assert raises_everywhere(ValueError, r"shape \(.*\) (has more cells|of \d+-byte elements is more bytes)",
                             lambda: pg.zeros(shape, map=m, dtype=dtype))


def test_a_dimension_past_int64_is_a_value_error():
    assert raises_everywhere(ValueError, r"does not fit a 64-bit size",
                             lambda: pg.zeros((2**64, 1), map=pg.dmap([SIZE, 1])))


def test_an_allocation_that_fails_is_a_memory_error_everywhere():
    # 2**60 bytes fits int64 but no machine: every rank fails, every rank says MemoryError.
    assert raises_everywhere(MemoryError, r"allocate",
                             lambda: pg.empty((2**57 * SIZE,), map=pg.dmap([SIZE])))


def test_an_empty_array_with_huge_extents_is_fine():
    A = pg.zeros((0, 2**40, 2**40), map=pg.dmap([SIZE, 1, 1]))
    assert all_ranks_agree(A.size == 0)


# ---- item 5: io --------------------------------------------------------------------------

@pytest.fixture
def shared_dir():
    return MPI.COMM_WORLD.bcast(tempfile.mkdtemp(prefix="pgas-reliability-") if RANK == 0 else None)


def test_save_over_a_group_raises_unless_overwrite(shared_dir):
    path = os.path.join(shared_dir, "g.h5")
    if RANK == 0:
        with h5py.File(path, "w") as f:
            f.create_dataset("g/keep", data=np.arange(3))
    MPI.COMM_WORLD.Barrier()
    A = pg.ones((4, 2), map=pg.dmap([SIZE, 1]))
    assert raises_everywhere(ValueError, r"'g' exists and is not a dataset \(a group\).*overwrite=True",
                             lambda: pg.io.save(path, "g", A))
    ok = True
    if RANK == 0:
        with h5py.File(path, "r") as f:  # nothing was deleted
            ok = np.array_equal(f["g/keep"][...], np.arange(3))
    assert all_ranks_agree(ok)
    pg.io.save(path, "g", A, overwrite=True)
    if RANK == 0:
        with h5py.File(path, "r") as f:
            ok = isinstance(f["g"], h5py.Dataset) and np.array_equal(f["g"][...], np.ones((4, 2)))
    assert all_ranks_agree(ok)
    # A dataset is replaced without asking, as before.
    pg.io.save(path, "g", A * 2)
    assert all_ranks_agree(np.array_equal(pg.agg_all(pg.io.load(path, "g")), np.full((4, 2), 2.0)))


def test_next_save_removes_a_killed_saves_temp_file(shared_dir):
    path = os.path.join(shared_dir, "t.h5")
    A = pg.ones((4, 2), map=pg.dmap([SIZE, 1]))
    pg.io.save(path, "x", A)
    stale = os.path.join(shared_dir, f".t.h5.tmp-{os.uname().nodename.replace('.', '_')}.999999999.0123456789abcdef")
    pid = MPI.COMM_WORLD.bcast(os.getpid())  # rank 0's: a live process
    alive = os.path.join(shared_dir, f".t.h5.tmp-{os.uname().nodename.replace('.', '_')}.{pid}.0123456789abcdef")
    other_host = os.path.join(shared_dir, ".t.h5.tmp-elsewhere.1.0123456789abcdef")
    if RANK == 0:
        for p in (stale, alive, other_host):
            open(p, "w").close()
    MPI.COMM_WORLD.Barrier()
    pg.io.save(path, "y", A)
    assert all_ranks_agree(not os.path.exists(stale))  # its process is gone
    assert all_ranks_agree(os.path.exists(alive) and os.path.exists(other_host))
    leftovers = sorted(f for f in os.listdir(shared_dir) if f.startswith(".t.h5.tmp-"))
    assert all_ranks_agree(len(leftovers) == 2)


def test_load_an_lzf_dataset_h5py_wrote(shared_dir):
    # h5py's LZF filter lives inside h5py; pgas's HDF5 finds it as the hdf5-plugin-lzf plugin
    # (scripts/setup.sh installs it).
    path = os.path.join(shared_dir, "lzf.h5")
    want = np.arange(40 * 6, dtype=np.float64).reshape(40, 6) * 0.5
    if RANK == 0:
        with h5py.File(path, "w") as f:
            f.create_dataset("x", data=want, compression="lzf", chunks=(8, 6))
    MPI.COMM_WORLD.Barrier()
    A = pg.io.load(path, "x")
    assert all_ranks_agree(np.array_equal(pg.agg_all(A), want))


# ---- item 6: silent wrong answers ---------------------------------------------------------

def test_seeds_past_64_bits_raise():
    m = pg.dmap([SIZE])
    assert raises_everywhere(ValueError, r"seed must be an integer in \[0, 2\*\*64\)",
                             lambda: pg.rand((8,), map=m, seed=2**64 + 5))
    assert raises_everywhere(ValueError, r"seed", lambda: pg.rand((8,), map=m, seed=-1))
    top = pg.rand((8,), map=m, seed=2**64 - 1)
    assert all_ranks_agree(np.all((pg.agg_all(top) >= 0) & (pg.agg_all(top) < 1)))


def test_ml_random_state_past_64_bits_raises():
    from pgas.ml.base import seed_from

    with pytest.raises(ValueError, match=r"random_state must be an int in \[0, 2\*\*64\)"):
        seed_from(2**64)
    assert seed_from(2**64 - 1) == 2**64 - 1


def test_a_freed_communicators_context_is_not_reused():
    world = MPI.COMM_WORLD
    for _ in range(3):
        # Free a communicator after using it; MPI may give its handle to the next one.
        sub = world.Split(RANK % 2, RANK)
        A = pg.ones((6,), map=pg.dmap([sub.Get_size()]), comm=sub)
        assert all_ranks_agree(A.sum() == 6.0)
        size_before = sub.Get_size()
        sub.Free()
        again = world.Dup()
        B = pg.ones((2 * SIZE,), map=pg.dmap([SIZE]), comm=again)
        # A stale context of `sub` would have sub's size and ranks here.
        assert all_ranks_agree(B._impl.context.size == SIZE)
        assert all_ranks_agree(B.sum() == 2.0 * SIZE)
        assert size_before >= 1
        again.Free()


def test_dmap_answers_for_the_default_communicator_after_init():
    if SIZE < 2:
        pytest.skip("needs a proper sub-communicator")
    world = MPI.COMM_WORLD
    sub = world.Split(0 if RANK < SIZE - 1 else 1, RANK)
    try:
        pg.init(comm=sub)
        m = pg.dmap([sub.Get_size()])
        ok = m.grid_coords() == (sub.Get_rank(),)
        A = pg.zeros((8,), map=m)
        ok = ok and A.local.shape == m.local_shape((8,))
    finally:
        pg.init(comm=world)
    assert all_ranks_agree(ok)


# ---- item 7: messages a user can act on -------------------------------------------------

def test_a_float_index_is_an_index_error_like_numpys():
    A = pg.zeros((6,), map=pg.dmap([SIZE]))
    with pytest.raises(IndexError) as numpy_error:
        np.zeros(6)[1.0]
    assert raises_everywhere(IndexError, r"only integers, slices", lambda: A[1.0])
    assert "only integers, slices" in str(numpy_error.value)


def test_wrong_argument_types_say_what_they_expected():
    # Not pybind11's "incompatible function arguments" with C++ signatures.
    A = pg.zeros((6,), map=pg.dmap([SIZE]))
    assert raises_everywhere(TypeError, r"remap: map must be a pg.dmap, got str", lambda: A.remap("rows"))
    assert raises_everywhere(TypeError, r"agg: leader must be a rank \(an int\), got '0'",
                             lambda: pg.agg(A, leader="0"))
    assert raises_everywhere(ValueError, r"shape\[0\] = 18446744073709551616 does not fit",
                             lambda: pg.ones((2**64,), map=pg.dmap([SIZE])))
