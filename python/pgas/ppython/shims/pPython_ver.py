"""pPython's top-level module ``pPython_ver`` (``from pPython_ver import *``), from pgas.ppython."""
from pgas.ppython import pPython_ver

__all__ = ["pPython_ver"]
