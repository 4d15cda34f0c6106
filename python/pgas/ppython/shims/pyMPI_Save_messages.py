"""pPython's top-level module ``pyMPI_Save_messages`` (``from pyMPI_Save_messages import *``), from pgas.ppython.pmpi."""
from pgas.ppython.pmpi import pyMPI_Save_messages

__all__ = ["pyMPI_Save_messages"]
