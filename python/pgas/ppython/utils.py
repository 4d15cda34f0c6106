"""pPython's ``utils`` module: redistribution helpers, messages, Np and Pid."""
from __future__ import annotations

from typing import Any

import numpy as np

import pgas as _pg
from pgas import BcastMsg, RecvMsg, SendMsg

__all__ = ["transpose_grid", "remap", "Np", "Pid", "SendMsg", "RecvMsg", "BcastMsg"]

Np: int = _pg.Np
Pid: int = _pg.Pid


def transpose_grid(B: Any) -> Any:
    """The same values over the transposed process grid (``[1, Np]`` <-> ``[Np, 1]``): a corner
    turn. Any 2-d map works (pPython's fast path covers block maps without overlap). NumPy input
    comes back unchanged. Collective."""
    return _pg.transpose_grid(B)


def remap(x: Any, new_map: Any) -> Any:
    """``x``'s values with ``new_map``'s layout: a new darray (only the cells whose owner
    changes move). With ``new_map=1`` the whole array as NumPy on every rank. Collective."""
    if not isinstance(new_map, _pg.dmap):
        return _pg.agg_all(x) if isinstance(x, _pg.darray) else np.array(x)
    return _pg.remap(x, new_map)
