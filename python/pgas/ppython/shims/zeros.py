"""pPython's top-level module ``zeros`` (``from zeros import *``), from pgas.ppython.map."""
from pgas.ppython.map import zeros

__all__ = ["zeros"]
