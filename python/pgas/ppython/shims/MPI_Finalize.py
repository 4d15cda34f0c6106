"""pPython's top-level module ``MPI_Finalize`` (``from MPI_Finalize import *``), from pgas.ppython.pmpi."""
from pgas.ppython.pmpi import MPI_Finalize

__all__ = ["MPI_Finalize"]
