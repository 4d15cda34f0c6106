"""pgas.linalg against numpy.linalg: random, ill-conditioned, tall, wide and uneven matrices on
maps of every kind; reconstruction checks for the factorizations; bad inputs raise the
documented exception on every rank."""
import numpy as np
import pytest

import pgas as pg
from conftest import all_ranks_agree

DTYPES = [np.float64, np.float32, np.complex128, np.complex64]


def maps_2d():
    """2-d maps of every kind for the rank count at hand (same list on every rank)."""
    p = pg.Np
    out = [pg.dmap([p, 1]), pg.dmap([1, p], "c"), pg.dmap([p, 1], ("bc", 2)),
           pg.dmap([p, 1], overlap=[1, 0]), pg.dmap([1, 1], procs=[p - 1])]
    if p >= 2:
        out.append(pg.dmap([2, p // 2], ["c", ("bc", 3)], list(reversed(range(2 * (p // 2))))))
        out.append(pg.dmap([2, p // 2], ("bc", 4)))  # square block-cyclic: used in place
    return out


def vec_map():
    return pg.dmap([pg.Np])


def numpy_matrix(shape, dtype, seed):
    rng = np.random.default_rng(seed)  # same seed on every rank: the same matrix everywhere
    a = rng.standard_normal(shape)
    if np.issubdtype(dtype, np.complexfloating):
        a = a + 1j * rng.standard_normal(shape)
    return a.astype(dtype)


def tol(dtype, scale=1.0):
    return 2e3 * np.finfo(dtype).eps * scale


def close(got, want, dtype, scale=1.0):
    return np.allclose(got, want, rtol=tol(dtype, scale), atol=tol(dtype, scale) * max(1.0, np.abs(want).max(initial=0)))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shapes", [((7, 5), (5, 9)), ((1, 13), (13, 2)), ((17, 17), (17, 17))])
def test_matmul_and_operator_on_every_map(dtype, shapes):
    a = numpy_matrix(shapes[0], dtype, 1)
    b = numpy_matrix(shapes[1], dtype, 2)
    ok = True
    for ma in maps_2d():
        for mb in maps_2d()[:3]:
            A, B = pg.from_numpy(a, ma), pg.from_numpy(b, mb)
            C = A @ B
            ok &= C.map == ma and close(pg.agg_all(C), a @ b, dtype)
            ok &= close(pg.agg_all(pg.linalg.matmul(A, B)), a @ b, dtype)
    assert all_ranks_agree(ok)


def test_matmul_vectors_and_mixed_dtypes():
    a = numpy_matrix((6, 4), np.float64, 3)
    x = numpy_matrix((4,), np.float32, 4)
    y = numpy_matrix((6,), np.complex128, 5)
    A = pg.from_numpy(a, maps_2d()[1])
    X, Y = pg.from_numpy(x, vec_map()), pg.from_numpy(y, vec_map())
    ax, ya = A @ X, Y @ A
    ok = ax.shape == (6,) and ax.dtype == np.float64 and close(pg.agg_all(ax), a @ x, np.float32)
    ok &= ya.dtype == np.complex128 and close(pg.agg_all(ya), y @ a, np.float64)
    ok &= np.isclose(pg.linalg.matmul(X, X), x @ x, rtol=1e-5)
    assert all_ranks_agree(ok)


@pytest.mark.parametrize("dtype", DTYPES)
def test_solve_inv_det_match_numpy(dtype):
    ok = True
    for seed, n in enumerate([1, 6, 13]):
        a = numpy_matrix((n, n), dtype, 10 + seed) + n * np.eye(n, dtype=dtype)
        b1 = numpy_matrix((n,), dtype, 20 + seed)
        b2 = numpy_matrix((n, 3), dtype, 30 + seed)
        for ma in maps_2d():
            A = pg.from_numpy(a, ma)
            x1 = pg.linalg.solve(A, pg.from_numpy(b1, vec_map()))
            x2 = pg.linalg.solve(A, pg.from_numpy(b2, ma))
            ok &= x1.shape == (n,) and close(pg.agg_all(x1), np.linalg.solve(a, b1), dtype)
            ok &= x2.map == ma and close(pg.agg_all(x2), np.linalg.solve(a, b2), dtype)
            ok &= close(pg.agg_all(pg.linalg.inv(A)), np.linalg.inv(a), dtype)
            d = pg.linalg.det(A)
            ok &= isinstance(d, np.generic) and np.isclose(d, np.linalg.det(a), rtol=tol(dtype, 10))
    assert all_ranks_agree(ok)


def test_ill_conditioned_hilbert_solve():
    n = 9
    h = 1.0 / (np.arange(n)[:, None] + np.arange(n)[None, :] + 1)
    b = h @ np.ones(n)
    x = pg.linalg.solve(pg.from_numpy(h, maps_2d()[1]), pg.from_numpy(b, vec_map()))
    # cond(h) ~ 5e11: both pgas and numpy get the exact answer (ones) to ~cond * eps, and a
    # backward-stable residual.
    got = pg.agg_all(x)
    assert all_ranks_agree(np.allclose(got, np.ones(n), atol=1e-3)
                           and np.linalg.norm(h @ got - b) <= 1e-12 * np.linalg.norm(b))


@pytest.mark.parametrize("dtype", DTYPES)
def test_cholesky_reconstructs(dtype):
    ok = True
    for ma in maps_2d():
        m = numpy_matrix((11, 11), dtype, 40)
        a = m @ m.conj().T + 11 * np.eye(11, dtype=dtype)
        L = pg.agg_all(pg.linalg.cholesky(pg.from_numpy(a, ma)))
        ok &= np.allclose(L, np.tril(L)) and close(L, np.linalg.cholesky(a), dtype, 10)
    assert all_ranks_agree(ok)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(12, 5), (5, 12), (9, 9), (40, 3)])
def test_qr_svd_reconstruct_any_shape(dtype, shape):
    a = numpy_matrix(shape, dtype, 50)
    k = min(shape)
    ok = True
    for ma in maps_2d()[::2]:
        A = pg.from_numpy(a, ma)
        for mode in ("reduced", "complete"):
            Q, R = pg.linalg.qr(A, mode=mode)
            q, r = pg.agg_all(Q), pg.agg_all(R)
            qn, rn = np.linalg.qr(a, mode=mode)
            ok &= q.shape == qn.shape and r.shape == rn.shape and np.allclose(r, np.triu(r))
            ok &= close(q @ r, a, dtype, 10) and close(q.conj().T @ q, np.eye(q.shape[1]), dtype, 10)
        ok &= pg.agg_all(pg.linalg.qr(A, mode="r")).shape == (k, shape[1])
        for full in (False, True):
            U, s, Vh = pg.linalg.svd(A, full_matrices=full)
            u, vh = pg.agg_all(U), pg.agg_all(Vh)
            un, sn, vhn = np.linalg.svd(a, full_matrices=full)
            ok &= u.shape == un.shape and vh.shape == vhn.shape and close(s, sn, dtype, 10)
            ok &= close((u[:, :k] * s) @ vh[:k], a, dtype, 10)
            ok &= close(u.conj().T @ u, np.eye(u.shape[1]), dtype, 10)
            ok &= close(vh @ vh.conj().T, np.eye(vh.shape[0]), dtype, 10)
        ok &= close(pg.linalg.svd(A, compute_uv=False), np.linalg.svd(a, compute_uv=False), dtype, 10)
        if shape[0] >= shape[1]:
            Qt, Rt = pg.linalg.tsqr(A)
            ok &= close(pg.agg_all(Qt) @ pg.agg_all(Rt), a, dtype, 10)
    assert all_ranks_agree(ok)


def tsqr_count():
    return pg._core.linalg.tsqr_count()


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(40, 3), (13, 4), (3, 3), (2, 1), (9, 6), (100, 8), (7, 0)])
def test_tsqr_matches_numpy_on_every_map(dtype, shape):
    # Uneven row counts, ranks holding no rows (m < Np, the one-rank map), m < n * Np.
    a = numpy_matrix(shape, dtype, 55)
    n = shape[1]
    rn = np.linalg.qr(a, mode="r")
    ok = True
    for ma in maps_2d():
        Q, R = pg.linalg.tsqr(pg.from_numpy(a, ma))
        q, r = pg.agg_all(Q), pg.agg_all(R)
        ok &= Q.map == ma and R.map == ma and q.shape == shape and r.shape == (n, n)
        ok &= np.array_equal(r, np.triu(r)) and close(q @ r, a, dtype, 10)
        ok &= close(q.conj().T @ q, np.eye(n), dtype, 10)
        ok &= close(np.abs(r), np.abs(rn), dtype, 10)  # R is unique up to row signs/phases
    assert all_ranks_agree(ok)


def test_tsqr_bad_inputs_raise_valueerror_everywhere():
    m = maps_2d()[0]
    assert raises_everywhere(ValueError, lambda: pg.linalg.tsqr(pg.from_numpy(np.ones((2, 3)), m)),
                             "tall")
    assert raises_everywhere(ValueError, lambda: pg.linalg.tsqr(pg.from_numpy(np.ones(4), vec_map())))


@pytest.mark.parametrize("dtype", DTYPES)
def test_tall_skinny_qr_svd_lstsq_take_tsqr_and_match_numpy(dtype):
    n = 4
    shape = (4 * n * pg.Np + 5, n)  # tall enough at every rank count
    assert pg._core.linalg.uses_tsqr(shape[0], n, pg.Np)
    a = numpy_matrix(shape, dtype, 56)
    b1 = numpy_matrix((shape[0],), dtype, 57)
    b2 = numpy_matrix((shape[0], 3), dtype, 58)
    ok = True
    for ma in maps_2d():
        A = pg.from_numpy(a, ma)
        before = tsqr_count()
        Q, R = pg.linalg.qr(A)
        R2 = pg.linalg.qr(A, mode="r")
        U, s, Vh = pg.linalg.svd(A, full_matrices=False)
        s2 = pg.linalg.svd(A, compute_uv=False)
        ok &= tsqr_count() == before + 4
        q, r, u, vh = pg.agg_all(Q), pg.agg_all(R), pg.agg_all(U), pg.agg_all(Vh)
        ok &= Q.map == ma and U.map == ma and q.shape == shape and r.shape == (n, n)
        ok &= close(q @ r, a, dtype, 10) and np.array_equal(pg.agg_all(R2), r)
        ok &= close(np.abs(r), np.abs(np.linalg.qr(a, mode="r")), dtype, 10)
        ok &= close(s, np.linalg.svd(a, compute_uv=False), dtype, 10) and close(s2, s, dtype, 10)
        ok &= close((u * s) @ vh, a, dtype, 10) and close(u.conj().T @ u, np.eye(n), dtype, 10)
        ok &= close(vh @ vh.conj().T, np.eye(n), dtype, 10)
        full = pg.linalg.svd(A)  # full_matrices: the m x m U comes from ScaLAPACK
        ok &= pg.agg_all(full[0]).shape == (shape[0], shape[0])
        for b, mb in ((b1, vec_map()), (b2, maps_2d()[1])):
            before = tsqr_count()
            x, res, rank, sv = pg.linalg.lstsq(A, pg.from_numpy(b, mb))
            ok &= tsqr_count() == before + 1 and x.map == mb
            xn, resn, rankn, svn = np.linalg.lstsq(a, b, rcond=None)
            ok &= close(pg.agg_all(x), xn, dtype, 10) and rank == rankn and close(sv, svn, dtype)
            ok &= res.shape == resn.shape and close(res, resn, dtype, 10)
    # Rank deficient: numpy's minimum-norm answer and no residuals.
    d = a.copy()
    d[:, -1] = d[:, 0]
    x, res, rank, _ = pg.linalg.lstsq(pg.from_numpy(d, maps_2d()[0]), pg.from_numpy(b2, maps_2d()[1]))
    xn, resn, rankn, _ = np.linalg.lstsq(d, b2, rcond=None)
    ok &= rank == rankn == n - 1 and res.shape == resn.shape == (0,)
    ok &= close(pg.agg_all(x), xn, dtype, 100)
    assert all_ranks_agree(ok)


@pytest.mark.parametrize("dtype", DTYPES)
def test_eigh_matches_numpy(dtype):
    m = numpy_matrix((10, 10), dtype, 60)
    a = (m + m.conj().T) / 2
    ok = True
    for ma in maps_2d():
        for uplo in ("L", "U"):
            w, V = pg.linalg.eigh(pg.from_numpy(a, ma), UPLO=uplo)
            v = pg.agg_all(V)
            ok &= V.map == ma and close(w, np.linalg.eigvalsh(a), dtype, 10)
            ok &= close(a @ v, v * w, dtype, 10)
            ok &= close(pg.linalg.eigvalsh(pg.from_numpy(a, ma), UPLO=uplo), w, dtype, 10)
    assert all_ranks_agree(ok)


@pytest.mark.parametrize("dtype", DTYPES)
def test_norms_match_numpy(dtype):
    a = numpy_matrix((9, 4), dtype, 70)
    v = numpy_matrix((11,), dtype, 71)
    ok = True
    for ma in maps_2d():
        A = pg.from_numpy(a, ma)
        for ord in (None, "fro", 1, np.inf, 2):
            ok &= np.isclose(pg.linalg.norm(A, ord), np.linalg.norm(a, ord), rtol=tol(dtype))
    V = pg.from_numpy(v, vec_map())
    for ord in (None, 1, np.inf, 2):
        ok &= np.isclose(pg.linalg.norm(V, ord), np.linalg.norm(v, ord), rtol=tol(dtype))
    assert all_ranks_agree(ok)


@pytest.mark.parametrize("dtype", [np.float64, np.complex128])
@pytest.mark.parametrize("shape", [(15, 4), (4, 9), (6, 6)])
def test_lstsq_matches_numpy(dtype, shape):
    a = numpy_matrix(shape, dtype, 80)
    ok = True
    for b in (numpy_matrix((shape[0],), dtype, 81), numpy_matrix((shape[0], 2), dtype, 82)):
        B = pg.from_numpy(b, vec_map() if b.ndim == 1 else maps_2d()[1])
        x, res, rank, s = pg.linalg.lstsq(pg.from_numpy(a, maps_2d()[0]), B)
        xn, resn, rankn, sn = np.linalg.lstsq(a, b, rcond=None)
        ok &= close(pg.agg_all(x), xn, dtype, 10) and rank == rankn and close(s, sn, dtype)
        ok &= res.shape == resn.shape and close(res, resn, dtype, 10)
    # Rank deficient: numpy's minimum-norm answer.
    d = a.copy()
    d[:, -1] = d[:, 0]
    x, _, rank, _ = pg.linalg.lstsq(pg.from_numpy(d, maps_2d()[1]), pg.from_numpy(b, maps_2d()[1]))
    xn, _, rankn, _ = np.linalg.lstsq(d, b, rcond=None)
    ok &= rank == rankn and close(pg.agg_all(x), xn, dtype, 100)
    assert all_ranks_agree(ok)


def raises_everywhere(exc, fn, match=None):
    try:
        fn()
    except exc as e:
        return all_ranks_agree(match is None or match in str(e))
    except Exception:
        return all_ranks_agree(False)
    return all_ranks_agree(False)


def test_singular_and_indefinite_raise_linalgerror_everywhere():
    s = numpy_matrix((6, 6), np.float64, 90)
    s[3] = 0
    m = maps_2d()[-1]
    S = pg.from_numpy(s, m)
    b = pg.from_numpy(np.ones(6), vec_map())
    assert raises_everywhere(np.linalg.LinAlgError, lambda: pg.linalg.solve(S, b), "Singular matrix")
    assert raises_everywhere(np.linalg.LinAlgError, lambda: pg.linalg.inv(S), "Singular matrix")
    assert all_ranks_agree(pg.linalg.det(S) == 0)
    ind = pg.from_numpy(np.diag([1.0, -1.0, 2.0]), m)
    assert raises_everywhere(np.linalg.LinAlgError, lambda: pg.linalg.cholesky(ind),
                             "not positive definite")


def test_shape_errors_are_valueerrors_everywhere():
    m = maps_2d()[0]
    a23 = pg.from_numpy(np.ones((2, 3)), m)
    v4 = pg.from_numpy(np.ones(4), vec_map())
    assert raises_everywhere(ValueError, lambda: a23 @ a23, "mismatch")
    assert raises_everywhere(ValueError, lambda: pg.linalg.solve(a23, v4), "square")
    assert raises_everywhere(ValueError, lambda: pg.linalg.inv(a23), "square")
    assert raises_everywhere(ValueError, lambda: pg.linalg.eigh(a23), "square")
    assert raises_everywhere(ValueError, lambda: pg.linalg.cholesky(v4))
    assert raises_everywhere(ValueError, lambda: pg.linalg.qr(a23, mode="x"), "mode")
    assert raises_everywhere(ValueError, lambda: pg.linalg.eigh(pg.from_numpy(np.eye(3), m), UPLO="X"))
    assert raises_everywhere(TypeError, lambda: pg.linalg.inv(np.eye(3)))
