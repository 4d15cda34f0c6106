"""pPython's top-level module ``sin`` (``from sin import *``), from pgas.ppython.dmat."""
from pgas.ppython.dmat import sin

__all__ = ["sin"]
