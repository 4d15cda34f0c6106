"""pPython's top-level module ``agg`` (``from agg import *``), from pgas.ppython.dmat."""
from pgas.ppython.dmat import agg

__all__ = ["agg"]
