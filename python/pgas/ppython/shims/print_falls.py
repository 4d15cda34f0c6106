"""pPython's top-level module ``print_falls`` (``from print_falls import *``), from pgas.ppython.dmat."""
from pgas.ppython.dmat import print_falls

__all__ = ["print_falls"]
