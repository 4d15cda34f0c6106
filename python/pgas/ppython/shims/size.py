"""pPython's top-level module ``size`` (``from size import *``), from pgas.ppython.dmat."""
from pgas.ppython.dmat import size

__all__ = ["size"]
