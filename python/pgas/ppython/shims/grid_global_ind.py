"""pPython's top-level module ``grid_global_ind`` (``from grid_global_ind import *``), from pgas.ppython.dmat."""
from pgas.ppython.dmat import grid_global_ind

__all__ = ["grid_global_ind"]
