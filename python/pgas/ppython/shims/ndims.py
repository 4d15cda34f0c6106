"""pPython's top-level module ``ndims`` (``from ndims import *``), from pgas.ppython.dmat."""
from pgas.ppython.dmat import ndims

__all__ = ["ndims"]
