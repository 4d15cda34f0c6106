"""pPython's top-level module ``SendMsg`` (``from SendMsg import *``), from pgas.ppython.messages."""
from pgas.ppython.messages import SendMsg

__all__ = ["SendMsg"]
