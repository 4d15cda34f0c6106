"""pPython's top-level module ``ProbeMsg`` (``from ProbeMsg import *``), from pgas.ppython.messages."""
from pgas.ppython.messages import ProbeMsg

__all__ = ["ProbeMsg"]
