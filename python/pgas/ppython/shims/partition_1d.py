"""pPython's top-level module ``partition_1d`` (``from partition_1d import *``), from pgas.ppython.utils."""
from pgas.ppython.utils import partition_1d

__all__ = ["partition_1d"]
