"""pPython's top-level module ``oagg`` (``from oagg import *``), from pgas.ppython.dmat."""
from pgas.ppython.dmat import oagg

__all__ = ["oagg"]
