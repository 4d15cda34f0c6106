"""pPython's top-level module ``fft`` (``from fft import *``), from pgas.ppython.dmat."""
from pgas.ppython.dmat import fft

__all__ = ["fft"]
