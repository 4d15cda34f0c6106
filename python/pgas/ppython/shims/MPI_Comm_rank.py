"""pPython's top-level module ``MPI_Comm_rank`` (``from MPI_Comm_rank import *``), from pgas.ppython.pmpi."""
from pgas.ppython.pmpi import MPI_Comm_rank

__all__ = ["MPI_Comm_rank"]
