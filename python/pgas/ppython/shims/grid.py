"""pPython's top-level module ``grid`` (``from grid import *``), from pgas.ppython.dmat."""
from pgas.ppython.dmat import grid

__all__ = ["grid"]
