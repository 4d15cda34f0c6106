"""pPython's top-level module ``remap`` (``from remap import *``), from pgas.ppython.utils."""
from pgas.ppython.utils import remap

__all__ = ["remap"]
