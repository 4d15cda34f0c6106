"""pPython's top-level module ``Dmat`` (``from Dmat import *``), from pgas.ppython.dmat."""
from pgas.ppython.dmat import Dmat

__all__ = ["Dmat"]
