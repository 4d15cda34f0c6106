"""pPython's top-level module ``MPI_Send`` (``from MPI_Send import *``), from pgas.ppython.pmpi."""
from pgas.ppython.pmpi import MPI_Send

__all__ = ["MPI_Send"]
