"""pPython's top-level module ``BcastMsg`` (``from BcastMsg import *``), from pgas.ppython.messages."""
from pgas.ppython.messages import BcastMsg

__all__ = ["BcastMsg"]
