"""pPython's top-level module ``transpose_grid`` (``from transpose_grid import *``), from pgas.ppython.utils."""
from pgas.ppython.utils import transpose_grid

__all__ = ["transpose_grid"]
