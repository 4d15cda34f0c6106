"""SPEC §6 parallel HDF5 I/O, checked against h5py on every rank."""
import os
import shutil
import subprocess
import sys
import tempfile

import h5py
import numpy as np
import pytest
from mpi4py import MPI

import pgas as pg

from conftest import all_ranks_agree

COMM = MPI.COMM_WORLD
RANK = COMM.Get_rank()
NP = COMM.Get_size()

DTYPES = [np.float64, np.float32, np.int64, np.int32, np.uint64, np.uint32, np.uint16, np.uint8,
          np.complex128, np.complex64, np.bool_]


@pytest.fixture
def shared_dir():
    path = tempfile.mkdtemp(prefix="pgas-io-py-") if RANK == 0 else None
    path = COMM.bcast(path, root=0)
    yield path
    COMM.Barrier()
    if RANK == 0:
        shutil.rmtree(path, ignore_errors=True)


def reference(shape, dtype, seed=0):
    """The same values on every rank, distinct per cell, for every dtype."""
    n = int(np.prod(shape))
    g = np.arange(n).reshape(shape)
    if dtype == np.bool_:
        return (g % 3 == 1)
    if np.dtype(dtype).kind == "c":
        return (g * 3 - 7 + 1j * (-2 * g - 1 + seed)).astype(dtype)
    return (g * 3 - 7 + seed).astype(dtype)


def maps_for(ndim):
    """One map of every kind (block, cyclic, block-cyclic, overlap, a subset of ranks)."""
    rows = [NP] + [1] * (ndim - 1)
    last = [1] * (ndim - 1) + [NP]
    out = [pg.dmap(rows), pg.dmap(last, dist="c"), pg.dmap(rows, dist=("bc", 2)),
           pg.dmap(rows, overlap=[1] + [0] * (ndim - 1)),
           pg.dmap([1] * ndim, procs=[NP - 1])]
    if ndim >= 2 and NP >= 2:
        out.append(pg.dmap([2] + [1] * (ndim - 2) + [NP // 2], dist=["c"] + ["b"] * (ndim - 2) + [("bc", 3)]))
    return out


def every_rank_raises(exc, f, match=None):
    try:
        f()
    except exc as e:
        return all_ranks_agree(match is None or match in str(e))
    except Exception as e:  # noqa: BLE001 - report the wrong type
        print(f"[rank {RANK}] wrong exception {type(e).__name__}: {e}", file=sys.stderr)
        return all_ranks_agree(False)
    return all_ranks_agree(False)


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
def test_round_trip_every_dtype_and_map(shared_dir, dtype):
    path = os.path.join(shared_dir, "rt.h5")
    for ndim, shape in ((1, (11,)), (2, (7, 5)), (3, (4, 3, 5))):
        ref = reference(shape, dtype)
        maps = maps_for(ndim)
        for i, m in enumerate(maps):
            A = pg.from_numpy(ref, map=m)
            pg.io.save(path, f"a{i}", A)
        with h5py.File(path, "r") as f:  # h5py reads what pgas wrote, on every rank
            ok = all(f[f"a{i}"].dtype == np.dtype(dtype) and np.array_equal(f[f"a{i}"][...], ref)
                     for i in range(len(maps)))
        assert all_ranks_agree(ok), (ndim, dtype)
        for i, m in enumerate(maps):
            other = maps[(i + 1) % len(maps)]
            B = pg.io.load(path, f"a{i}", map=other)
            S = pg.io.load(path, f"a{i}", map="stored")
            R = pg.io.load(path, f"a{i}")
            ok = (B.dtype == np.dtype(dtype) and B.map == other and S.map == m
                  and np.array_equal(pg.agg_all(B), ref) and np.array_equal(pg.agg_all(S), ref)
                  and np.array_equal(pg.agg_all(R), ref)
                  and np.array_equal(pg.io.load(path, f"a{i}", map=1), ref))
            assert all_ranks_agree(ok), (ndim, dtype, m)
        COMM.Barrier()
        if RANK == 0:
            os.remove(path)
        COMM.Barrier()


def test_pgas_reads_what_h5py_wrote(shared_dir):
    path = os.path.join(shared_dir, "h5py.h5")
    data = {
        "f8": reference((6, 7), np.float64), "f4": reference((13,), np.float32),
        "i8": reference((2, 3, 4), np.int64), "i4": reference((5, 1), np.int32),
        "c16": reference((3, 5), np.complex128), "c8": reference((9,), np.complex64),
        "b": reference((4, 6), np.bool_), "u8": reference((7, 3), np.uint8),
        "u16": reference((11,), np.uint16), "u32": reference((3, 4), np.uint32),
        "u64": reference((5, 2), np.uint64), "big_endian": reference((5, 4), np.float64).astype(">f8"),
        "empty": np.zeros((0, 3)), "g/nested": reference((3, 3), np.int32),
    }
    if RANK == 0:
        with h5py.File(path, "w") as f:
            for k, v in data.items():
                f.create_dataset(k, data=v)
            f.create_dataset("chunked", data=reference((40, 9), np.float64), chunks=(7, 4),
                             compression="gzip")
            f.create_dataset("i16", data=np.arange(4, dtype=np.int16))
            f.create_dataset("u64_be", data=reference((6,), np.uint64).astype(">u8"))
            f["f8"].attrs["units"] = "K"
            f["f8"].attrs["scale"] = np.float32(0.5)
    COMM.Barrier()
    data["chunked"] = reference((40, 9), np.float64)
    for k, v in data.items():
        for m in (None, "cyclic"):
            mp = None if m is None else pg.dmap([1] * (v.ndim - 1) + [NP], dist="c")
            A = pg.io.load(path, k, map=mp)
            ok = A.dtype == v.dtype.newbyteorder("=") and A.shape == v.shape and \
                np.array_equal(pg.agg_all(A), v)
            assert all_ranks_agree(ok), (k, m)
    meta = pg.io.info(path)
    assert meta["f8"]["attrs"] == {"units": "K", "scale": 0.5}
    assert meta["f8"]["map"] is None and meta["f8"]["dtype"] == np.float64
    assert meta["chunked"]["chunks"] == (7, 4) and meta["chunked"]["compression"] == "gzip"
    assert meta["u8"]["dtype"] == np.uint8 and meta["i16"]["dtype"] == "int16"
    be = pg.io.load(path, "u64_be")
    assert all_ranks_agree(be.dtype == np.uint64 and
                           np.array_equal(pg.agg_all(be), reference((6,), np.uint64)))
    assert meta["g/nested"]["shape"] == (3, 3)
    assert every_rank_raises(ValueError, lambda: pg.io.load(path, "i16"), "int16")
    assert every_rank_raises(ValueError, lambda: pg.io.load(path, "f8", map="stored"), "no stored map")


def test_attrs_chunks_compression_and_h5dump(shared_dir):
    path = os.path.join(shared_dir, "opts.h5")
    ref = np.arange(1200, dtype=np.float64).reshape(60, 20)
    A = pg.from_numpy(ref, map=pg.dmap([1, NP], dist=("bc", 3)))
    attrs = {"units": "m", "step": 3, "dt": 0.5, "flag": True, "origin": [1.5, 2.0],
             "ids": np.array([1, 2, 3])}
    pg.io.save(path, "A", A, attrs=attrs, chunks=(16, 20), compression="gzip", compression_opts=6)
    pg.io.save(path, "B", A, chunks=True)
    pg.io.save(path, "C", A, compression=1)
    meta = pg.io.info(path)
    assert meta["A"]["chunks"] == (16, 20) and meta["A"]["compression"] == "gzip"
    assert meta["A"]["compression_opts"] == 6
    assert meta["A"]["attrs"] == {"units": "m", "step": 3, "dt": 0.5, "flag": 1,
                                  "origin": [1.5, 2.0], "ids": [1, 2, 3]}
    assert meta["A"]["map"] == A.map and meta["A"]["shape"] == (60, 20)
    assert meta["B"]["chunks"] is not None and meta["B"]["compression"] is None
    assert meta["C"]["compression"] == "gzip"
    with h5py.File(path, "r") as f:
        ok = all(np.array_equal(f[k][...], ref) for k in "ABC")
        ok = ok and f["A"].attrs["units"] == "m" and list(f["A"].attrs["pgas_grid"]) == [1, NP]
        ok = ok and f["A"].compression == "gzip" and f["A"].chunks == (16, 20)
    assert all_ranks_agree(ok)
    if RANK == 0 and shutil.which("h5dump"):
        r = subprocess.run(["h5dump", "-H", path], capture_output=True, text=True)
        assert r.returncode == 0 and 'DATASET "A"' in r.stdout, r.stderr


def test_save_numpy_and_replace(shared_dir):
    path = os.path.join(shared_dir, "np.h5")
    x = reference((5, 4), np.int64)
    pg.io.save(path, "x", x)
    pg.io.save(path, "y", pg.zeros(3, map=pg.dmap([NP])))
    pg.io.save(path, "x", x + 1)  # replaces x, keeps y
    assert sorted(pg.io.info(path)) == ["x", "y"]
    assert np.array_equal(pg.io.load(path, "x", map=1), x + 1)
    if RANK == 0:
        assert os.listdir(shared_dir) == ["np.h5"]  # no temporary file left


def test_errors_on_every_rank(shared_dir):
    path = os.path.join(shared_dir, "e.h5")
    A = pg.from_numpy(reference((4, 4), np.float64), map=pg.dmap([NP, 1]))
    assert every_rank_raises(FileNotFoundError, lambda: pg.io.load(path, "A"))
    assert every_rank_raises(FileNotFoundError, lambda: pg.io.info(path))
    pg.io.save(path, "A", A)
    assert every_rank_raises(KeyError, lambda: pg.io.load(path, "B"), "no dataset 'B'")
    assert every_rank_raises(ValueError, lambda: pg.io.load(path, "A", map=pg.dmap([NP])),
                             "dimensions")
    assert every_rank_raises(ValueError, lambda: pg.io.load(path, "A", map=pg.dmap([NP + 1, 1])))
    assert every_rank_raises(ValueError, lambda: pg.io.save(path, "B", A, chunks=(9, 9)))
    assert every_rank_raises(ValueError, lambda: pg.io.save(path, "B", A, attrs={"pgas_x": 1}))
    assert every_rank_raises(ValueError, lambda: pg.io.save(path, "B", A, compression="lzf"))
    assert every_rank_raises(FileNotFoundError,
                             lambda: pg.io.save(os.path.join(shared_dir, "no", "x.h5"), "A", A))
    locked = "/proc" if os.geteuid() == 0 else os.path.join(shared_dir, "locked")
    if RANK == 0 and os.geteuid() != 0:
        os.mkdir(locked, 0o555)
    COMM.Barrier()
    assert every_rank_raises(OSError, lambda: pg.io.save(os.path.join(locked, "x.h5"), "A", A))
    assert sorted(pg.io.info(path)) == ["A"]
    if RANK == 0:
        left = sorted(os.listdir(shared_dir))
        assert left == (["e.h5"] if os.geteuid() == 0 else ["e.h5", "locked"])


SCRIPT = """
import sys
import numpy as np
import pgas as pg
path, mode = sys.argv[1], sys.argv[2]
A = pg.from_numpy(np.arange(512.0).reshape(64, 8), map=pg.dmap([pg.Np, 1]))
pg.io.save(path, "A", A if mode == "first" else A * -1)
pg.io.save(path, "B", A)
"""


def test_save_killed_midway_leaves_the_old_file(shared_dir):
    path = os.path.join(shared_dir, "kill.h5")
    ok = True
    if RANK == 0:
        # A fresh mpirun from inside this MPI process: without our job's variables.
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("OMPI_", "PMIX_", "OPAL_", "PRTE_", "HYDRA_", "PMI_"))}
        env.update(OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
                   OMPI_MCA_btl_vader_single_copy_mechanism="none")
        cmd = ["mpirun", "-n", "2", "--oversubscribe", sys.executable, "-c", SCRIPT, path]
        first = subprocess.run(cmd + ["first"], env=env, capture_output=True, text=True, timeout=120)
        ok = first.returncode == 0
        with open(path, "rb") as f:
            before = f.read()
        env["PGAS_IO_TEST_ABORT_IN_SAVE"] = "1"
        second = subprocess.run(cmd + ["second"], env=env, capture_output=True, text=True,
                                timeout=120)
        ok = ok and second.returncode != 0
        with open(path, "rb") as f:
            ok = ok and f.read() == before
        with h5py.File(path, "r") as f:
            ok = ok and np.array_equal(f["A"][...], np.arange(512.0).reshape(64, 8))
        if not ok:
            print(first.stderr[-2000:], second.stderr[-2000:], file=sys.stderr)
    assert all_ranks_agree(ok)
    A = pg.io.load(path, "A")
    assert all_ranks_agree(np.array_equal(pg.agg_all(A), np.arange(512.0).reshape(64, 8)))


WRITE_ON_P = """
import sys
import numpy as np
import pgas as pg
path = sys.argv[1]
g = np.arange(37 * 11, dtype=np.float64).reshape(37, 11) * 1.5 - 7
pg.io.save(path, "cyc", pg.from_numpy(g, map=pg.dmap([pg.Np, 1], dist="c")))
pg.io.save(path, "bc", pg.from_numpy(g.astype(np.complex64) * 1j, map=pg.dmap([2, pg.Np // 2],
                                                                                  dist=("bc", 3))))
"""

READ_ON_Q = """
import sys
import numpy as np
from mpi4py import MPI
import pgas as pg
path = sys.argv[1]
g = np.arange(37 * 11, dtype=np.float64).reshape(37, 11) * 1.5 - 7
ok = True
for name, want in (("cyc", g), ("bc", g.astype(np.complex64) * 1j)):
    for m in (None, pg.dmap([1, pg.Np], dist="c"), pg.dmap([pg.Np, 1], dist=("bc", 4)), "stored"):
        try:
            A = pg.io.load(path, name, map=m)
        except ValueError:
            # "stored": the writer's 4-rank grid does not fit fewer ranks; any other map must work.
            ok = ok and m == "stored"
            continue
        ok = ok and A.dtype == want.dtype and np.array_equal(pg.agg_all(A), want)
        ok = ok and np.array_equal(A.local, want[np.ix_(*A.global_ind())])
ok = MPI.COMM_WORLD.allreduce(ok, op=MPI.LAND)
sys.exit(0 if ok else 3)
"""


@pytest.mark.skipif(NP != 1, reason="spawns its own 4-, 1-, 2- and 3-rank jobs; run once, from 1 rank")
def test_written_on_four_ranks_read_on_one_two_and_three(shared_dir):
    """Issue 5: a file written by a 4-rank job reads back exactly in separate 1-, 2- and 3-rank
    jobs, with the default map, other maps and the stored one where it fits."""
    path = os.path.join(shared_dir, "p4.h5")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("OMPI_", "PMIX_", "OPAL_", "PRTE_", "HYDRA_", "PMI_"))}
    env.update(OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
               OMPI_MCA_btl_vader_single_copy_mechanism="none")

    def job(n, script):
        return subprocess.run(["mpirun", "-n", str(n), "--oversubscribe", sys.executable, "-c",
                               script, path], env=env, capture_output=True, text=True, timeout=300)

    wrote = job(4, WRITE_ON_P)
    assert wrote.returncode == 0, wrote.stderr[-3000:]
    with h5py.File(path, "r") as f:
        g = np.arange(37 * 11, dtype=np.float64).reshape(37, 11) * 1.5 - 7
        assert np.array_equal(f["cyc"][...], g)
        assert np.array_equal(f["bc"][...], g.astype(np.complex64) * 1j)
    for q in (1, 2, 3):
        read = job(q, READ_ON_Q)
        assert read.returncode == 0, f"read on {q} ranks: {read.stdout[-2000:]}{read.stderr[-3000:]}"
