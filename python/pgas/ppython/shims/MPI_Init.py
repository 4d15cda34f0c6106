"""pPython's top-level module ``MPI_Init`` (``from MPI_Init import *``), from pgas.ppython.pmpi."""
from pgas.ppython.pmpi import MPI_Init

__all__ = ["MPI_Init"]
