"""pPython's top-level module ``uint16`` (``from uint16 import *``), from pgas.ppython.dmat."""
from pgas.ppython.dmat import uint16

__all__ = ["uint16"]
