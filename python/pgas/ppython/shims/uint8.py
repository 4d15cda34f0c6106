"""pPython's top-level module ``uint8`` (``from uint8 import *``), from pgas.ppython.dmat."""
from pgas.ppython.dmat import uint8

__all__ = ["uint8"]
