"""pPython's top-level module ``MPI_Bcast`` (``from MPI_Bcast import *``), from pgas.ppython.pmpi."""
from pgas.ppython.pmpi import MPI_Bcast

__all__ = ["MPI_Bcast"]
