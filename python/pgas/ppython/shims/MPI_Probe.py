"""pPython's top-level module ``MPI_Probe`` (``from MPI_Probe import *``), from pgas.ppython.pmpi."""
from pgas.ppython.pmpi import MPI_Probe

__all__ = ["MPI_Probe"]
