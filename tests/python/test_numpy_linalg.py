"""numpy.linalg's functions on darrays reach pgas.linalg (ScaLAPACK) and match NumPy on
well-conditioned matrices, on several maps, with NumPy and darray right-hand sides. pgas.linalg
itself is checked in depth by test_linalg.py. Every rank asserts."""
import numpy as np

import pgas as pg
from conftest import all_ranks_agree
from numpy_cases import P, close

MAPS = [pg.dmap([P, 1]), pg.dmap([1, P], "c"), pg.dmap([P, 1], ("bc", 2))]


def _spd(n, seed):
    rng = np.random.default_rng(seed)
    m = rng.standard_normal((n, n))
    return m @ m.T + n * np.eye(n)


def test_numpy_linalg_dispatches_to_pgas_linalg():
    bad = []
    x = _spd(6, 1)
    rhs = np.random.default_rng(2).standard_normal(6)
    tall = np.random.default_rng(3).standard_normal((7, 4))
    for m in MAPS:
        a = pg.from_numpy(x, m)
        t = pg.from_numpy(tall, m)
        b = pg.from_numpy(rhs, pg.dmap([P]))
        pairs = [(np.linalg.solve(a, b), np.linalg.solve(x, rhs)),
                 (np.linalg.inv(a), np.linalg.inv(x)), (np.linalg.det(a), np.linalg.det(x)),
                 (np.linalg.cholesky(a), np.linalg.cholesky(x)),
                 (np.linalg.cholesky(a, upper=True), np.linalg.cholesky(x, upper=True)),
                 (np.linalg.eigvalsh(a), np.linalg.eigvalsh(x)),
                 (np.linalg.eigh(a)[0], np.linalg.eigh(x)[0]),
                 (np.linalg.svd(t, compute_uv=False), np.linalg.svd(tall, compute_uv=False)),
                 (np.linalg.norm(a), np.linalg.norm(x)), (np.linalg.norm(a, 1), np.linalg.norm(x, 1)),
                 (np.linalg.lstsq(t, tall[:, 0], rcond=None)[0],
                  np.linalg.lstsq(tall, tall[:, 0], rcond=None)[0]),
                 (np.linalg.matmul(a, a), x @ x), (np.linalg.matrix_transpose(t), tall.T),
                 (np.linalg.outer(b, b), np.outer(rhs, rhs))]
        for got, want in pairs:
            if not close(got, want):
                bad.append((m, np.shape(want)))
        q, r = np.linalg.qr(t)
        if not close(q @ r, tall) or not close(np.abs(pg.agg_all(r)), np.abs(np.linalg.qr(tall)[1])):
            bad.append(("qr", m))
    assert all_ranks_agree(not bad), bad[:5]
