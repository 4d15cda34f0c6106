"""pPython's top-level module ``uint32`` (``from uint32 import *``), from pgas.ppython.dmat."""
from pgas.ppython.dmat import uint32

__all__ = ["uint32"]
