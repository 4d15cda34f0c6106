"""A box blur with a halo, in pPython's style (pBlurimage): the image is split in block rows
with n_filter - 1 rows of overlap; each pass filters the local part and synch refreshes the
halo from the neighbours. Validated against the same passes on one NumPy image.

    mpirun -n 4 python examples/ppython/pBlurimage.py [Nx] [Ny] [n_filter] [passes]
"""
import sys

import numpy as np

import pgas.ppython as GPC
from pgas.ppython.dmat import agg, global_ind, local, put_local, synch
from pgas.ppython.map import Dmap, zeros

Np, Pid = GPC.Np, GPC.Pid
n_image_x = int(sys.argv[1]) if len(sys.argv) > 1 else 16 * Np
n_image_y = int(sys.argv[2]) if len(sys.argv) > 2 else 24
n_filter = int(sys.argv[3]) if len(sys.argv) > 3 else 3
n_passes = int(sys.argv[4]) if len(sys.argv) > 4 else 3

mapImOv = Dmap([Np, 1], {}, range(Np), [n_filter - 1, 0])
imOv = zeros(n_image_x, n_image_y, map=mapImOv)
[myI, myJ] = global_ind(imOv)
imOv = put_local(imOv, np.sin(0.3 * np.add.outer(myI, 2 * np.asarray(myJ))))
imOv = synch(imOv)

kernel = np.ones((n_filter, n_filter)) / n_filter**2


def blur_forward(im):
    """Each cell takes the mean of the n_filter x n_filter box below and right of it."""
    win = np.lib.stride_tricks.sliding_window_view(im, kernel.shape)
    im[: win.shape[0], : win.shape[1]] = (win * kernel).sum(axis=(-2, -1))


for _ in range(n_passes):
    imLoc = local(imOv)
    blur_forward(imLoc)              # in place on the array's own storage
    imOv = synch(imOv)               # the halo rows take their owners' new values

final = agg(imOv)
ok = True
if Pid == 0:
    im = np.sin(0.3 * np.add.outer(np.arange(n_image_x), 2 * np.arange(n_image_y)))
    for _ in range(n_passes):
        blur_forward(im)
    ok = bool(np.allclose(final, im, rtol=1e-13, atol=1e-13))
    print("Validation Passed" if ok else "Validation Failed")
[ok] = GPC.BcastMsg(0, 1, ok)
sys.exit(0 if ok else 1)
