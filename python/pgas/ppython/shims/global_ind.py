"""pPython's top-level module ``global_ind`` (``from global_ind import *``), from pgas.ppython.dmat."""
from pgas.ppython.dmat import global_ind

__all__ = ["global_ind"]
