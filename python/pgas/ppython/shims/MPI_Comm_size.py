"""pPython's top-level module ``MPI_Comm_size`` (``from MPI_Comm_size import *``), from pgas.ppython.pmpi."""
from pgas.ppython.pmpi import MPI_Comm_size

__all__ = ["MPI_Comm_size"]
