"""pPython's top-level module ``synch`` (``from synch import *``), from pgas.ppython.dmat."""
from pgas.ppython.dmat import synch

__all__ = ["synch"]
