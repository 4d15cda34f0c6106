"""pPython's top-level module ``dcomplex`` (``from dcomplex import *``), from pgas.ppython.dmat."""
from pgas.ppython.dmat import dcomplex

__all__ = ["dcomplex"]
