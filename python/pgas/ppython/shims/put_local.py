"""pPython's top-level module ``put_local`` (``from put_local import *``), from pgas.ppython.dmat."""
from pgas.ppython.dmat import put_local

__all__ = ["put_local"]
