"""pPython's top-level module ``n_dim_find`` (``from n_dim_find import *``), from pgas.ppython.utils."""
from pgas.ppython.utils import n_dim_find

__all__ = ["n_dim_find"]
