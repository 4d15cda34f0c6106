"""pPython's module shape over pgas: a pPython program ports by changing its imports.

    import pPython as GPC                        ->  import pgas.ppython as GPC
    from pPython.map import Dmap, zeros          ->  from pgas.ppython.map import Dmap, zeros
    from pPython.dmat import local, put_local    ->  from pgas.ppython.dmat import local, put_local
    from pPython.utils import transpose_grid     ->  from pgas.ppython.utils import transpose_grid

``Np``, ``Pid`` and ``comm`` are here, as in pPython; ``comm`` is an mpi4py communicator
(pPython's is a dict describing its file-based messaging). What differs from pPython, and why,
is in docs/ppython.md.
"""
import pgas as _pg

from . import dmat, map, utils

#: Number of ranks in the job.
Np: int = _pg.Np
#: This process's rank.
Pid: int = _pg.Pid
#: The communicator (mpi4py ``Comm``) the distributed arrays live on.
comm = _pg.comm()
#: The default rank that ``agg`` gathers on (pPython's ``GPC.leader``).
leader: int = 0

__all__ = ["Np", "Pid", "comm", "leader", "map", "dmat", "utils"]
