"""pPython's top-level module ``inmap`` (``from inmap import *``), from pgas.ppython.map."""
from pgas.ppython.map import inmap

__all__ = ["inmap"]
