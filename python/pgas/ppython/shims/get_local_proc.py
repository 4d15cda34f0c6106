"""pPython's top-level module ``get_local_proc`` (``from get_local_proc import *``), from pgas.ppython.utils."""
from pgas.ppython.utils import get_local_proc

__all__ = ["get_local_proc"]
