"""pPython's top-level module ``MPI_Recv`` (``from MPI_Recv import *``), from pgas.ppython.pmpi."""
from pgas.ppython.pmpi import MPI_Recv

__all__ = ["MPI_Recv"]
