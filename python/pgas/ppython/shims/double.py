"""pPython's top-level module ``double`` (``from double import *``), from pgas.ppython.dmat."""
from pgas.ppython.dmat import double

__all__ = ["double"]
