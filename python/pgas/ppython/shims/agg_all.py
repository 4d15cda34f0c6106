"""pPython's top-level module ``agg_all`` (``from agg_all import *``), from pgas.ppython.dmat."""
from pgas.ppython.dmat import agg_all

__all__ = ["agg_all"]
