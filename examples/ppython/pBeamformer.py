"""A frequency-domain beamformer in pPython's style (Beamformer): sensor time series are FFT'd,
the frequency bins are distributed over the ranks (a corner turn from a time-distributed to a
frequency-distributed map), and each rank forms every beam for its bins with steering
vectors. Validated against the same beams formed serially, and by the beam that points at the
simulated source being the strongest.

    mpirun -n 4 python examples/ppython/pBeamformer.py [n_sensors] [n_samples] [n_beams]
"""
import sys

import numpy as np

import pgas.ppython as GPC
from pgas.ppython.dmat import agg, dcomplex, global_ind, local, put_local
from pgas.ppython.map import Dmap, rand, zeros
from pgas.ppython.utils import BcastMsg, remap

Np, Pid = GPC.Np, GPC.Pid
n_sensors = int(sys.argv[1]) if len(sys.argv) > 1 else 16
n_samples = int(sys.argv[2]) if len(sys.argv) > 2 else 32 * Np
n_beams = int(sys.argv[3]) if len(sys.argv) > 3 else 9
spacing = 0.5                                        # half a wavelength at the top bin
source_angle = np.deg2rad(20.0)
source_bin = n_samples // 8
angles = np.linspace(-np.pi / 3, np.pi / 3, n_beams)


def signals(sensor_idx: np.ndarray, time_idx: np.ndarray) -> np.ndarray:
    """A plane wave from source_angle at source_bin's frequency f (cycles per sample): sensor
    s sees it delayed by the phase 2 pi s spacing sin(angle) (f / 0.5)."""
    f = source_bin / n_samples
    phase = 2 * np.pi * np.asarray(sensor_idx)[:, None] * spacing * np.sin(source_angle) * 2 * f
    return np.cos(2 * np.pi * f * np.asarray(time_idx)[None, :] - phase)


# Sensor data, split over time samples (as it arrives), plus a little noise.
Xt = rand(n_sensors, n_samples, map=Dmap([1, Np], {}, range(Np)), seed=5) * 0.01
[myS, myT] = global_ind(Xt)
Xt = put_local(Xt, local(Xt) + signals(myS, myT))

# Frequency bins need whole time series: redistribute so each rank holds all samples of a few
# sensors, FFT, then redistribute to bins.
Xs = remap(Xt, Dmap([Np, 1], {}, range(Np)))
Xf = dcomplex(zeros(n_sensors, n_samples, map=Xs.map), zeros(n_sensors, n_samples, map=Xs.map))
Xf = put_local(Xf, np.fft.fft(local(Xs), axis=1))
Xf = remap(Xf, Dmap([1, Np], {}, range(Np)))        # bins local now

[_, myBins] = global_ind(Xf)
freq = np.minimum(np.asarray(myBins), n_samples - np.asarray(myBins)) / n_samples
steer = np.exp(-2j * np.pi * np.arange(n_sensors)[None, :, None] * spacing *
               np.sin(angles)[:, None, None] * 2 * freq[None, None, :])   # beam, sensor, bin
Bloc = np.einsum("bsf,sf->bf", steer.conj(), local(Xf)) / n_sensors
B = dcomplex(zeros(n_beams, n_samples, map=Xf.map), zeros(n_beams, n_samples, map=Xf.map))
B = put_local(B, Bloc)
beams = agg(B)

ok = True
if Pid == 0:
    x = rand(n_sensors, n_samples, map=1, seed=5) * 0.01 + signals(np.arange(n_sensors),
                                                                   np.arange(n_samples))
    Xw = np.fft.fft(x, axis=1)
    fr = np.minimum(np.arange(n_samples), n_samples - np.arange(n_samples)) / n_samples
    st = np.exp(-2j * np.pi * np.arange(n_sensors)[None, :, None] * spacing *
                np.sin(angles)[:, None, None] * 2 * fr[None, None, :])
    serial = np.einsum("bsf,sf->bf", st.conj(), Xw) / n_sensors
    strongest = int(np.argmax(np.abs(beams[:, source_bin])))
    ok = bool(np.allclose(beams, serial, rtol=1e-10, atol=1e-10)
              and abs(angles[strongest] - source_angle) <= (angles[1] - angles[0]))
    print(f"{n_sensors} sensors, {n_samples} samples: strongest beam "
          f"{np.rad2deg(angles[strongest]):.1f} deg: "
          f"{'Validation Passed' if ok else 'Validation Failed'}")
[ok] = BcastMsg(0, "beam-ok", ok)
sys.exit(0 if ok else 1)
