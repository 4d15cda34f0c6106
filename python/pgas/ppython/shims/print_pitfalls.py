"""pPython's top-level module ``print_pitfalls`` (``from print_pitfalls import *``), from pgas.ppython.dmat."""
from pgas.ppython.dmat import print_pitfalls

__all__ = ["print_pitfalls"]
