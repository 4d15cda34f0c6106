"""pPython's top-level module ``pyMPI_Comm_dir`` (``from pyMPI_Comm_dir import *``), from pgas.ppython.pmpi."""
from pgas.ppython.pmpi import pyMPI_Comm_dir

__all__ = ["pyMPI_Comm_dir"]
