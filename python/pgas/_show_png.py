"""The PNG picture of a map (optional: needs matplotlib)."""
from __future__ import annotations

from typing import Sequence

import numpy as np


def write_png(m, shape: Sequence[int], path: str, max_cells: int = 256) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:  # a clear message rather than a bare ModuleNotFoundError
        raise ImportError("dmap.show(png=...) needs matplotlib: pip install matplotlib") from exc
    rows = shape[0] if len(shape) > 1 else 1
    cols = shape[1] if len(shape) > 1 else shape[0]
    r_idx = np.unique(np.linspace(0, max(rows - 1, 0), min(rows, max_cells)).astype(int))
    c_idx = np.unique(np.linspace(0, max(cols - 1, 0), min(cols, max_cells)).astype(int))
    owners = np.zeros((len(r_idx), len(c_idx)), dtype=int)
    for i, r in enumerate(r_idx):
        for j, c in enumerate(c_idx):
            index = [c] if len(shape) == 1 else [r, c] + [0] * (len(shape) - 2)
            owners[i, j] = m.owner(shape, index)[0]
    fig, ax = plt.subplots(figsize=(6, 6 * len(r_idx) / max(len(c_idx), 1) + 0.5))
    image = ax.imshow(owners, cmap="tab20", interpolation="nearest", aspect="auto")
    fig.colorbar(image, ax=ax, label="owning rank")
    ax.set_title(repr(m), fontsize=7)
    fig.savefig(path, dpi=100)
    plt.close(fig)
