"""pPython's top-level module ``cos`` (``from cos import *``), from pgas.ppython.dmat."""
from pgas.ppython.dmat import cos

__all__ = ["cos"]
