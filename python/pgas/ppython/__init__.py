"""pPython's module shape over pgas: a pPython program ports by changing its imports.

    import pPython as GPC                        ->  import pgas.ppython as GPC
    from pPython.map import Dmap, zeros          ->  from pgas.ppython.map import Dmap, zeros
    from pPython.dmat import local, put_local    ->  from pgas.ppython.dmat import local, put_local
    from pPython.utils import transpose_grid     ->  from pgas.ppython.utils import transpose_grid

``Np``, ``Pid`` and ``comm`` are here, as in pPython; ``comm`` is an mpi4py communicator
(pPython's is a dict describing its file-based messaging). Importing this module also puts
pPython's top-level module names on ``sys.path`` (``from SendMsg import *``, ``from zeros
import *``, ``from pRUN import *``), from a folder of shims only this module adds. What
differs from pPython, and why, is in docs/ppython.md.
"""
import os as _os
import sys as _sys

import pgas as _pg
from pgas_launch.prun import pRUN

from . import dmat, map, messages, pmpi, utils
from .messages import BcastMsg, ProbeMsg, RecvMsg, SendMsg, multicast
from .utils import get_local_proc, n_dim_find, partition_1d

#: Number of ranks in the job.
Np: int = _pg.Np
#: This process's rank.
Pid: int = _pg.Pid
#: pPython's name for this process's rank.
my_rank: int = _pg.Pid
#: The communicator (mpi4py ``Comm``) the distributed arrays live on.
comm = _pg.comm()
#: The default rank that ``agg`` gathers on (pPython's ``GPC.leader``).
leader: int = 0
#: pgas runs on CPUs; pPython's GPU switch stays off (``gpu=True`` raises).
use_gpu: bool = False
#: pPython's global message tag counter and tag; pgas's own operations do not use them, so a
#: program may (``GPC.tag_num += 1; GPC.tag = 'tag-' + str(GPC.tag_num)``).
tag_num: int = 0
tag: str = "tag-0"

#: The pPython release whose interface this module follows.
PPYTHON_API_VERSION = "0.10.4"


def pPython_ver() -> str:
    """The version string: pgas's, and the pPython interface it follows. Local."""
    return f"pgas.ppython {_pg.__version__} (pPython {PPYTHON_API_VERSION} interface)"


_SHIMS = _os.path.join(_os.path.dirname(__file__), "shims")
if _SHIMS not in _sys.path:
    # Appended, so a user's own module of the same name (a local zeros.py) still wins.
    _sys.path.append(_SHIMS)

__all__ = ["Np", "Pid", "my_rank", "comm", "leader", "use_gpu", "tag", "tag_num",
           "pPython_ver", "map", "dmat", "utils", "pmpi", "messages", "SendMsg", "RecvMsg",
           "BcastMsg", "ProbeMsg", "multicast", "partition_1d", "n_dim_find",
           "get_local_proc", "pRUN"]
