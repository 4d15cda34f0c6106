"""pPython's top-level module ``ones`` (``from ones import *``), from pgas.ppython.map."""
from pgas.ppython.map import ones

__all__ = ["ones"]
