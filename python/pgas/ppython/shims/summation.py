"""pPython's top-level module ``summation`` (``from summation import *``), from pgas.ppython.dmat."""
from pgas.ppython.dmat import summation

__all__ = ["summation"]
