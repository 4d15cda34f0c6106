"""pPython's top-level module ``find`` (``from find import *``), from pgas.ppython.dmat."""
from pgas.ppython.dmat import find

__all__ = ["find"]
