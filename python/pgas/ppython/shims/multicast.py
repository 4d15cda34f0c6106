"""pPython's top-level module ``multicast`` (``from multicast import *``), from pgas.ppython.messages."""
from pgas.ppython.messages import multicast

__all__ = ["multicast"]
