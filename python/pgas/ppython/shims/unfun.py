"""pPython's top-level module ``unfun`` (``from unfun import *``), from pgas.ppython.dmat."""
from pgas.ppython.dmat import unfun

__all__ = ["unfun"]
