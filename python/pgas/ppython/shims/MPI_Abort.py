"""pPython's top-level module ``MPI_Abort`` (``from MPI_Abort import *``), from pgas.ppython.pmpi."""
from pgas.ppython.pmpi import MPI_Abort

__all__ = ["MPI_Abort"]
