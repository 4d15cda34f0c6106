"""A parameter sweep in pPython's style (Param_Sweep): the parameter list is a distributed
vector; each rank evaluates the parameters global_ind gives it (here: the period of a damped
pendulum by direct integration), the results go back into a distributed array and agg brings
them to the leader. Validated against the same sweep done serially.

    mpirun -n 4 python examples/ppython/pParamSweep.py [n_params]
"""
import sys

import numpy as np

import pgas.ppython as GPC
from pgas.ppython.dmat import agg, global_ind, put_local
from pgas.ppython.map import Dmap, zeros
from pgas.ppython.utils import BcastMsg

Np, Pid = GPC.Np, GPC.Pid
n_params = int(sys.argv[1]) if len(sys.argv) > 1 else 10 * Np
angles = np.linspace(0.1, 3.0, n_params)           # the swept parameter: starting angle


def first_return_time(theta0: float, dt: float = 1e-3) -> float:
    """Time for a pendulum released at theta0 to first swing back through zero, x4."""
    theta, omega, t = theta0, 0.0, 0.0
    while theta > 0:
        omega -= np.sin(theta) * dt                # semi-implicit Euler
        theta += omega * dt
        t += dt
    return 4 * t


pmap = Dmap([Np, 1], {}, range(Np))
results = zeros(n_params, 1, map=pmap)
myI = global_ind(results, 0)[0]                    # the parameters this rank sweeps
results = put_local(results, [first_return_time(a) for a in angles[myI]])
periods = agg(results)

ok = True
if Pid == 0:
    serial = np.array([first_return_time(a) for a in angles])
    ok = bool(np.array_equal(periods[:, 0], serial)
              and abs(serial[0] - 2 * np.pi) < 0.02)   # small angle: 2 pi
    print(f"{n_params} parameters: period {serial[0]:.3f} .. {serial[-1]:.3f}: "
          f"{'Validation Passed' if ok else 'Validation Failed'}")
[ok] = BcastMsg(0, "sweep-ok", ok)
sys.exit(0 if ok else 1)
