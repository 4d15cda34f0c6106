"""pPython's top-level module ``agg_by_topology`` (``from agg_by_topology import *``), from pgas.ppython.dmat."""
from pgas.ppython.dmat import agg_by_topology

__all__ = ["agg_by_topology"]
