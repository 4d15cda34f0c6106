"""pPython's top-level module ``Dmap`` (``from Dmap import *``), from pgas.ppython.map."""
from pgas.ppython.map import Dmap

__all__ = ["Dmap"]
