"""Zooming into an image in pPython's style (ZoomImage): the frames of the zoom sequence are a
distributed 3-d array, split over the frame dimension; each rank renders its frames (each a
bilinear resampling of the reference image at its own scale) and agg gathers the movie.
Validated against the frames rendered serially.

    mpirun -n 4 python examples/ppython/pZoomImage.py [n_frames] [size]
"""
import sys

import numpy as np

import pgas.ppython as GPC
from pgas.ppython.dmat import agg, global_ind, local, put_local
from pgas.ppython.map import Dmap, zeros
from pgas.ppython.utils import BcastMsg

Np, Pid = GPC.Np, GPC.Pid
n_frames = int(sys.argv[1]) if len(sys.argv) > 1 else 4 * Np
n = int(sys.argv[2]) if len(sys.argv) > 2 else 32
scale_max = 8.0

y, x = np.mgrid[0:n, 0:n] / (n - 1.0)
reference = np.sin(12 * x) * np.cos(9 * y) + x * y


def zoom(image: np.ndarray, scale: float) -> np.ndarray:
    """Bilinear resampling of the central 1/scale of ``image`` back to full size."""
    size = image.shape[0]
    half = (size - 1) / (2.0 * scale)
    coords = (size - 1) / 2.0 + np.linspace(-half, half, size)
    i0 = np.clip(np.floor(coords).astype(int), 0, size - 2)
    f = coords - i0
    rows = image[i0] * (1 - f)[:, None] + image[i0 + 1] * f[:, None]
    return rows[:, i0] * (1 - f)[None, :] + rows[:, i0 + 1] * f[None, :]


scales = np.geomspace(1.0, scale_max, n_frames)
frames = zeros(n_frames, n, n, map=Dmap([Np, 1, 1], {}, range(Np)))
myFrames = global_ind(frames, 0)[0]
framesLoc = local(frames)
for k, frame in enumerate(myFrames):
    framesLoc[k] = zoom(reference, scales[frame])
frames = put_local(frames, framesLoc)
movie = agg(frames)

ok = True
if Pid == 0:
    serial = np.stack([zoom(reference, s) for s in scales])
    ok = bool(np.allclose(movie, serial, rtol=0, atol=1e-14)
              and np.allclose(movie[0], reference, atol=1e-12))
    print(f"{n_frames} frames of {n}x{n}: {'Validation Passed' if ok else 'Validation Failed'}")
[ok] = BcastMsg(0, "zoom-ok", ok)
sys.exit(0 if ok else 1)
