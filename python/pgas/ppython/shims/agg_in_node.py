"""pPython's top-level module ``agg_in_node`` (``from agg_in_node import *``), from pgas.ppython.dmat."""
from pgas.ppython.dmat import agg_in_node

__all__ = ["agg_in_node"]
