"""pPython-style object messages (SPEC §3): any picklable Python objects, point to point,
broadcast or multicast, over the default communicator. For buffers, use pg.comm() (mpi4py).

Semantics (pPython's, whose file transport never blocks a sender):

- ``SendMsg`` returns at once: the message goes out with ``MPI_Isend`` and its request is kept
  until it completes (checked on every later message call, and at the end of the job). A ring
  exchange where every rank sends before it receives therefore never deadlocks, whatever the
  message size.
- Messages travel on a private duplicate of the communicator (created, collectively, with it),
  so they never match a user's mpi4py receive, nor pgas's own traffic. The user's tag (an int,
  a NumPy integer or a string, as in pPython) travels with the objects; a receive for one tag
  keeps the messages of other tags it meets for later. Nothing is lost or reordered per
  (source, tag): MPI keeps the order of one sender's messages on one communicator.
- At the end of the job every rank learns how many messages were sent to it; the ones nobody
  received are taken off the wire and reported on stderr (``[rank r] pgas: ... never
  received``), and every pending send completes before MPI finalizes. This is best effort: if
  the ranks reach the end more than 5 s apart, the count is skipped (and MPI_Finalize still
  delivers pending sends to receivers that ask for them).
"""
from __future__ import annotations

import atexit
import collections
import numbers
import sys
import time
from typing import Any, Deque, Dict, List, Optional, Sequence, Tuple

import numpy as np
from mpi4py import MPI

from . import _context, _core

__all__ = ["SendMsg", "RecvMsg", "BcastMsg", "ProbeMsg", "multicast"]

# All object messages share one MPI tag on the private communicator; the user's tag is part
# of the payload, which is what lets tags be strings and ProbeMsg list every waiting message.
_WIRE_TAG = 7
# Tags pgas uses for itself (multicast relays) are tuples, which a user's int or str never equals.
_MULTICAST_TAG = "pgas.multicast"
# How long the end-of-job count waits for the other ranks before giving up on the report. Short,
# because a rank that leaves early (sys.exit(1) while the others wait in a collective) must still
# end the job within SPEC §3's 10 s; MPI_Finalize keeps progressing any send still pending.
_EXIT_WAIT_SECONDS = 5.0

Tag = Any  # int or str (pPython allows both); tuples are pgas-internal


class _Mailbox:
    """Object messages over one communicator's private duplicate."""

    def __init__(self, comm: Any) -> None:
        self.user_comm = comm
        self.comm = comm.Dup()
        self.size = self.comm.Get_size()
        self.rank = self.comm.Get_rank()
        self.pending: List[Tuple[Any, int, Tag]] = []  # (request, dest, tag)
        # Messages taken off the wire but not yet asked for, per (source, tag), in arrival order.
        self.inbox: Dict[Tuple[int, Tag], Deque[Any]] = collections.OrderedDict()
        self.sent_to = np.zeros(self.size, dtype=np.int64)
        self.taken_from = np.zeros(self.size, dtype=np.int64)

    # --- sending -----------------------------------------------------------------------
    def send(self, dest: int, tag: Tag, objs: Tuple[Any, ...]) -> None:
        request = self.comm.isend((tag, objs), dest=dest, tag=_WIRE_TAG)
        self.pending.append((request, dest, tag))
        self.sent_to[dest] += 1
        self.progress()

    def progress(self) -> None:
        """Forget the sends that completed (their buffers go with them)."""
        if not self.pending:
            return
        done = MPI.Request.Testsome([p[0] for p in self.pending]) or []
        if done:
            finished = set(done)
            self.pending = [p for i, p in enumerate(self.pending) if i not in finished]

    # --- receiving ---------------------------------------------------------------------
    def _take(self, source: int) -> Tuple[int, Tag, Tuple[Any, ...]]:
        status = MPI.Status()
        tag, objs = self.comm.recv(source=source, tag=_WIRE_TAG, status=status)
        src = status.Get_source()
        self.taken_from[src] += 1
        return src, tag, objs

    def _stash(self, src: int, tag: Tag, objs: Tuple[Any, ...]) -> None:
        self.inbox.setdefault((src, tag), collections.deque()).append(objs)

    def recv(self, source: int, tag: Tag) -> Tuple[Any, ...]:
        self.progress()
        waiting = self.inbox.get((source, tag))
        if waiting:
            objs = waiting.popleft()
            if not waiting:
                del self.inbox[(source, tag)]
            return objs
        while True:
            src, got_tag, objs = self._take(source)
            if got_tag == tag:
                return objs
            self._stash(src, got_tag, objs)

    def drain(self) -> None:
        """Take every message that has arrived off the wire, into the inbox (non-blocking)."""
        while self.comm.iprobe(source=MPI.ANY_SOURCE, tag=_WIRE_TAG):
            self._stash(*self._take(MPI.ANY_SOURCE))

    def probe(self, source: Any, tag: Any) -> List[Tuple[int, Tag]]:
        self.progress()
        self.drain()
        out = []
        for (src, t), waiting in self.inbox.items():
            if isinstance(t, tuple):
                continue
            if (source == "*" or src == source) and (tag == "*" or t == tag):
                out.extend([(src, t)] * len(waiting))
        return out

    # --- the end of the job ------------------------------------------------------------
    def finish(self) -> None:
        """Count, receive and report what nobody received; complete every send. Collective
        (run at exit by every rank); gives up after a while if a rank never arrives."""
        expected = np.zeros(self.size, dtype=np.int64)
        request = self.comm.Ialltoall(self.sent_to, expected)
        deadline = time.monotonic() + _EXIT_WAIT_SECONDS
        while not request.Test():
            if time.monotonic() > deadline:
                return
            time.sleep(0.001)
        for src in np.flatnonzero(expected > self.taken_from):
            for _ in range(int(expected[src] - self.taken_from[src])):
                self._stash(*self._take(int(src)))
        MPI.Request.Waitall([p[0] for p in self.pending])
        self.pending = []
        lost = [(src, tag, len(w)) for (src, tag), w in self.inbox.items()]
        if lost:
            total = sum(n for _, _, n in lost)
            what = ", ".join(f"{n} from rank {src} with tag {tag!r}" for src, tag, n in lost)
            sys.stderr.write(f"[rank {self.rank}] pgas: {total} object message(s) sent to this "
                             f"rank were never received: {what}\n")
            sys.stderr.flush()
        self.inbox.clear()


_mailboxes: Dict[int, _Mailbox] = {}


def attach(comm: Any) -> None:
    """Give ``comm`` its message channel (a private duplicate). Collective over ``comm``;
    pgas does it at import for MPI_COMM_WORLD and in ``pg.init(comm=...)``."""
    handle = MPI._handleof(comm)
    if handle not in _mailboxes:
        _mailboxes[handle] = _Mailbox(comm)


def _mailbox() -> _Mailbox:
    comm = _context.default_comm()
    box = _mailboxes.get(MPI._handleof(comm))
    if box is None:
        raise RuntimeError("object messages: the default communicator has no message channel; "
                           "make it the default with pg.init(comm=...) on every rank")
    return box


def _check_rank(box: _Mailbox, rank: Any, what: str) -> int:
    """An int (or NumPy integer) rank of the communicator, else ValueError (local)."""
    if isinstance(rank, (bool, np.bool_)) or not isinstance(rank, numbers.Integral):
        raise ValueError(f"{what}: rank {rank!r} is not an integer")
    _core.check_rank_in_communicator(f"{what}: rank", int(rank), box.size)
    return int(rank)


def _check_tag(tag: Any, what: str) -> Tag:
    if isinstance(tag, (bool, np.bool_)):
        raise ValueError(f"{what}: tag must be an int or a str, got {tag!r}")
    if isinstance(tag, numbers.Integral):
        return int(tag)
    if isinstance(tag, str):
        return tag
    raise ValueError(f"{what}: tag must be an int or a str, got {tag!r}")


def SendMsg(dest: int, tag: Any, *objs: Any) -> None:
    """Send the objects to ``dest`` with ``tag`` (an int or a str) and return at once, without
    waiting for the receiver. The objects are pickled before it returns, so they may be
    changed afterwards. Local."""
    box = _mailbox()
    box.send(_check_rank(box, dest, "SendMsg"), _check_tag(tag, "SendMsg"), tuple(objs))


def recv_objects(src: Any, tag: Any) -> Tuple[Any, ...]:
    """The objects of the next message from ``src`` with ``tag``, as a tuple (waits for it).
    Local."""
    box = _mailbox()
    return box.recv(_check_rank(box, src, "RecvMsg"), _check_tag(tag, "RecvMsg"))


def RecvMsg(src: int, tag: Any) -> Any:
    """Receive what SendMsg(me, tag, ...) sent from ``src``: one object, or a tuple of them
    (pgas.ppython's RecvMsg always returns the sequence). Waits for the message. Local."""
    objs = recv_objects(src, tag)
    return objs[0] if len(objs) == 1 else objs


def broadcast_objects(src: Any, tag: Any, objs: Tuple[Any, ...]) -> Tuple[Any, ...]:
    """``src``'s objects on every rank, as a tuple; ``tag`` (None for none) must agree.
    Collective."""
    box = _mailbox()
    root = _check_rank(box, src, "BcastMsg")
    tag = None if tag is None else _check_tag(tag, "BcastMsg")
    root_tag, got = box.comm.bcast((tag, tuple(objs)) if box.rank == root else None, root=root)
    agree = box.comm.allreduce(root_tag == tag, op=MPI.LAND)
    if not agree:
        raise ValueError(f"BcastMsg: the tag differs across ranks (rank {root} sent "
                         f"{root_tag!r}, this rank expected {tag!r})")
    return got


def BcastMsg(src: int, *objs: Any) -> Any:
    """Every rank gets ``src``'s objects (one object, or a tuple). The other ranks' ``objs``
    are ignored. Collective."""
    got = broadcast_objects(src, None, objs)
    return got[0] if len(got) == 1 else got


def ProbeMsg(src: Any = "*", tag: Any = "*") -> Tuple[List[int], List[Any], List[str]]:
    """The messages waiting for this rank from ``src`` with ``tag`` (``'*'`` matches any),
    one entry per message: ``(ranks, numeric_tags, string_tags)`` as pPython returns them
    (a string tag's numeric tag is NaN). Never waits; the messages stay receivable. Local."""
    box = _mailbox()
    source = src if src == "*" else _check_rank(box, src, "ProbeMsg")
    wanted = tag if tag == "*" else _check_tag(tag, "ProbeMsg")
    found = box.probe(source, wanted)
    ranks = [s for s, _ in found]
    numeric = [t if isinstance(t, int) else float("nan") for _, t in found]
    return ranks, numeric, [str(t) for _, t in found]


def multicast(src: Any, dsts: Sequence[Any], data: Any) -> Any:
    """Send ``data`` from rank ``src`` to every rank of ``dsts``, along a binary tree
    (log2(len(dsts)) steps). ``src`` and the destinations get the data; other ranks get
    their own ``data`` back. Every rank of ``[src] + dsts`` must call it. Local to them."""
    box = _mailbox()
    if isinstance(src, (list, tuple, np.ndarray)):
        if len(src) != 1:
            raise ValueError(f"multicast: expected one source rank, got {list(src)!r}")
        src = src[0]
    root = _check_rank(box, src, "multicast")
    order = [root] + [_check_rank(box, d, "multicast") for d in np.ravel(dsts).tolist()]
    if len(set(order)) != len(order):
        raise ValueError(f"multicast: the source and destinations must be distinct ranks, "
                         f"got source {root} and destinations {order[1:]}")
    if box.rank not in order:
        return data
    me = order.index(box.rank)
    tag = (_MULTICAST_TAG, root)
    # Position k gets the data from position k - 2^floor(log2 k) and then forwards it to
    # k + 2^j for every 2^j above k, so each rank receives once and the tree is log-deep.
    span = 1
    if me > 0:
        while span * 2 <= me:
            span *= 2
        (data,) = box.recv(order[me - span], tag)
        span *= 2
    while me + span < len(order):
        box.send(order[me + span], tag, (data,))
        span *= 2
    return data


def _finish_all() -> None:
    if MPI.Is_finalized():
        return
    for box in _mailboxes.values():
        box.finish()


attach(MPI.COMM_WORLD)
atexit.register(_finish_all)
