"""pPython's top-level module ``local`` (``from local import *``), from pgas.ppython.dmat."""
from pgas.ppython.dmat import local

__all__ = ["local"]
