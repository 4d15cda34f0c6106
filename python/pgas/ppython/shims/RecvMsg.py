"""pPython's top-level module ``RecvMsg`` (``from RecvMsg import *``), from pgas.ppython.messages."""
from pgas.ppython.messages import RecvMsg

__all__ = ["RecvMsg"]
