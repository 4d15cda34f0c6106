"""pPython's top-level module ``uint64`` (``from uint64 import *``), from pgas.ppython.dmat."""
from pgas.ppython.dmat import uint64

__all__ = ["uint64"]
