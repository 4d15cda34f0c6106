"""pPython's top-level module ``rand`` (``from rand import *``), from pgas.ppython.map."""
from pgas.ppython.map import rand

__all__ = ["rand"]
