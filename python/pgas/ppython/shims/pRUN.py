"""pPython's top-level module ``pRUN`` (``from pRUN import *``), from pgas_launch.prun."""
from pgas_launch.prun import pRUN

__all__ = ["pRUN"]
