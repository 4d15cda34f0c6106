"""pPython's top-level module ``mtimes`` (``from mtimes import *``), from pgas.ppython.dmat."""
from pgas.ppython.dmat import mtimes

__all__ = ["mtimes"]
