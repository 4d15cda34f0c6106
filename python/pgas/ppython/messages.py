"""pPython's message calls over pgas's object messages (pgas.messages).

Differences from ``pg.SendMsg`` & co., which keep one-object-comes-back-as-itself: here
``RecvMsg`` and ``BcastMsg`` always return the list of objects (``[x] = RecvMsg(src, tag)``)
and ``BcastMsg`` takes a tag, as pPython's do. Sends never wait for the receiver.
"""
from __future__ import annotations

from typing import Any, List, Sequence, Tuple

from pgas import messages as _messages

__all__ = ["SendMsg", "RecvMsg", "BcastMsg", "ProbeMsg", "multicast"]


def SendMsg(dest: Any, tag: Any, *objs: Any) -> None:
    """Send the objects to rank ``dest`` (an int or NumPy integer) with ``tag`` (int or str);
    returns at once, without waiting for the receiver. Local."""
    _messages.SendMsg(dest, tag, *objs)


def RecvMsg(src: Any, tag: Any) -> List[Any]:
    """The list of objects of the next message from ``src`` with ``tag`` (waits for it).
    Messages from one source with one tag arrive in the order they were sent. Local."""
    return list(_messages.recv_objects(src, tag))


def BcastMsg(src: Any, tag: Any, *objs: Any) -> List[Any]:
    """Every rank gets rank ``src``'s objects, as a list (``[x] = BcastMsg(0, tag, x)``); the
    others' ``objs`` are ignored. Collective; ``tag`` must agree on every rank."""
    return list(_messages.broadcast_objects(src, tag, tuple(objs)))


def ProbeMsg(src: Any = "*", tag: Any = "*") -> Tuple[List[int], List[Any], List[str]]:
    """``(ranks, numeric_tags, string_tags)`` of the messages waiting for this rank, one entry
    per message; ``'*'`` matches any source or tag. Never waits. Local."""
    return _messages.ProbeMsg(src, tag)


def multicast(src: Any, dsts: Sequence[Any], data: Any) -> Any:
    """``data`` from ``src`` to every rank of ``dsts`` in log2(len(dsts)) steps; returns the
    data on the source and the destinations (the caller's own ``data`` elsewhere). Every rank
    of ``[src] + dsts`` calls it."""
    return _messages.multicast(src, dsts, data)
