"""pPython's top-level module ``display`` (``from display import *``), from pgas.ppython.dmat."""
from pgas.ppython.dmat import display

__all__ = ["display"]
