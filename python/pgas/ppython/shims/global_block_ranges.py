"""pPython's top-level module ``global_block_ranges`` (``from global_block_ranges import *``), from pgas.ppython.dmat."""
from pgas.ppython.dmat import global_block_ranges

__all__ = ["global_block_ranges"]
