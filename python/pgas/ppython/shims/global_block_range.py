"""pPython's top-level module ``global_block_range`` (``from global_block_range import *``), from pgas.ppython.dmat."""
from pgas.ppython.dmat import global_block_range

__all__ = ["global_block_range"]
