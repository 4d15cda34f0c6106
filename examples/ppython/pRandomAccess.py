"""RandomAccess (HPCC's GUPS) in pPython's style: a table of 2^m uint64 words split in blocks; each
rank makes a stream of random updates, sends each update to the rank that owns its table word
(SendMsg, one message per peer) and applies the ones it receives (XOR). Validated against the
same updates applied to one NumPy table.

    mpirun -n 4 python examples/ppython/pRandomAccess.py [log2_table_size] [updates_per_rank]
"""
import sys

import numpy as np

import pgas.ppython as GPC
from pgas.ppython.dmat import agg, global_block_ranges, local
from pgas.ppython.map import Dmap, zeros
from pgas.ppython.utils import BcastMsg, RecvMsg, SendMsg

Np, Pid = GPC.Np, GPC.Pid
m = int(sys.argv[1]) if len(sys.argv) > 1 else 12
n_updates = int(sys.argv[2]) if len(sys.argv) > 2 else 4096
N = 2**m

Tmap = Dmap([1, Np], {}, range(Np))
T = zeros(1, N, map=Tmap, dtype=np.uint64)
Tloc = local(T)
Tloc[0, :] = np.arange(N)[T.global_ind(1)]       # HPCC's start: T[i] = i
ranges = global_block_ranges(T, 1)                # [rank, first, last] per rank


def stream(rank: int) -> np.ndarray:
    """Rank ``rank``'s random 64-bit updates (reproducible from the rank alone)."""
    rng = np.random.default_rng(1000 + rank)
    return rng.integers(0, 2**64, size=n_updates, dtype=np.uint64)


def word(u: np.ndarray) -> np.ndarray:
    """The table word an update goes to: its low m bits, as an index."""
    return (u & np.uint64(N - 1)).astype(np.int64)


updates = stream(Pid)
where = word(updates)                              # the table word each update goes to
owner = np.searchsorted(ranges[:, 2], where)       # blocks are in rank order
tag = 3
for peer in range(Np):
    SendMsg(peer, tag, updates[owner == peer])     # never waits: all sends go out first
for peer in range(Np):
    [mine] = RecvMsg(peer, tag)
    np.bitwise_xor.at(Tloc[0], word(mine) - ranges[Pid, 1], mine)

table = agg(T)
ok = True
if Pid == 0:
    expected = np.arange(N, dtype=np.uint64)
    for rank in range(Np):
        u = stream(rank)
        np.bitwise_xor.at(expected, word(u), u)
    ok = table.dtype == np.uint64 and bool(np.array_equal(table[0], expected))
    print(f"table 2^{m}, {n_updates * Np} updates: "
          f"{'Validation Passed' if ok else 'Validation Failed'}")
[ok] = BcastMsg(0, "gups-ok", ok)
sys.exit(0 if ok else 1)
