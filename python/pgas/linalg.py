"""pgas.linalg: numpy.linalg on distributed arrays, computed by ScaLAPACK (SPEC §4).

Every function is collective: all ranks call it with the same arguments. Operands of any map
are redistributed to a 2-D block-cyclic layout and the results back: matrices come back as
darrays on the first operand's map (``solve``/``lstsq``: on ``b``'s map), vectors and scalars
as NumPy values on every rank. Operands already block-cyclic with square blocks are used in
place. dtypes: float64, float32, complex128, complex64; integer and bool operands are computed
in float64, mixed operands in their common type (numpy's promotion).

Errors, raised alike on every rank: ``numpy.linalg.LinAlgError`` when the matrix cannot be
factored (singular, not positive definite), ``ValueError`` for shapes (non-square where square
is needed, mismatched inner dimensions). ``LinAlgError`` is a ``ValueError`` subclass, as in
NumPy. See docs/linalg.md.
"""
from __future__ import annotations

from typing import Any, Optional, Tuple

import numpy as np

from . import _core
from .darray import _register_ufunc, darray

__all__ = ["matmul", "solve", "lstsq", "inv", "det", "cholesky", "qr", "svd", "eigh",
           "eigvalsh", "norm", "tsqr", "LinAlgError", "block_size", "set_block_size"]

LinAlgError = np.linalg.LinAlgError

_COMPUTE = (np.dtype(np.float32), np.dtype(np.float64), np.dtype(np.complex64),
            np.dtype(np.complex128))


def _compute_dtype(*arrays: darray) -> np.dtype:
    dt = np.result_type(*[a.dtype for a in arrays])
    return dt if dt in _COMPUTE else np.dtype(np.float64)


def _operands(*arrays: Any) -> Tuple[darray, ...]:
    for a in arrays:
        if not isinstance(a, darray):
            raise TypeError(f"pgas.linalg works on pgas darrays, got {type(a).__name__} "
                            "(make one with pg.from_numpy)")
    dt = _compute_dtype(*arrays)
    return tuple(a if a.dtype == dt else a.astype(dt) for a in arrays)


def _wrap(impl: Any) -> Optional[darray]:
    return None if impl is None else darray._wrap(impl)


def block_size() -> int:
    """Block size for operands not already block-cyclic (local)."""
    return _core.linalg.block_size()


def set_block_size(nb: int) -> None:
    """Sets it; call alike on every rank (local)."""
    _core.linalg.set_block_size(int(nb))


def matmul(a: darray, b: darray) -> darray:
    """``a @ b`` (pdgemm). Shapes as numpy.matmul for 1-d and 2-d operands; two 1-d operands
    give their inner product as a NumPy scalar."""
    a, b = _operands(a, b)
    if a.ndim == 1 and b.ndim == 1:
        if a.shape != b.shape:
            raise ValueError(f"matmul: shapes {a.shape} and {b.shape} not aligned")
        return (a * b).sum()
    return darray._wrap(_core.linalg.matmul(a._impl, b._impl))


def solve(a: darray, b: darray) -> darray:
    """x with ``a @ x = b`` (pdgetrf + pdgetrs); b of shape (n,) or (n, k); x on b's map."""
    a, b = _operands(a, b)
    return darray._wrap(_core.linalg.solve(a._impl, b._impl))


def inv(a: darray) -> darray:
    """Inverse of a square matrix (pdgetrf + pdgetri), on a's map."""
    (a,) = _operands(a)
    return darray._wrap(_core.linalg.inv(a._impl))


def det(a: darray) -> Any:
    """Determinant (from the LU factors) as a NumPy scalar on every rank; 0 if singular."""
    (a,) = _operands(a)
    return a.dtype.type(_core.linalg.det(a._impl))


def cholesky(a: darray) -> darray:
    """Lower-triangular L with ``a = L @ L.conj().T`` (pdpotrf); reads a's lower triangle."""
    (a,) = _operands(a)
    return darray._wrap(_core.linalg.cholesky(a._impl))


def qr(a: darray, mode: str = "reduced"):
    """``(Q, R)`` as numpy.linalg.qr for mode 'reduced' or 'complete'; R alone for 'r'."""
    if mode not in ("reduced", "complete", "r"):
        raise ValueError(f"Unrecognized mode '{mode}' (use 'reduced', 'complete' or 'r')")
    (a,) = _operands(a)
    q, r = _core.linalg.qr(a._impl, mode)
    return darray._wrap(r) if mode == "r" else (darray._wrap(q), darray._wrap(r))


def tsqr(a: darray):
    """Reduced QR of a tall-skinny matrix (m >= n), ``(Q, R)``, by a TSQR reduction tree: a
    local LAPACK QR of each rank's rows, the R factors combined pairwise up a binary tree over
    the ranks (docs/linalg.md). Q (m, n) and R (n, n) are darrays on a's map; signs may differ
    from numpy's. ``qr`` (modes 'reduced', 'r'), ``svd`` (reduced or values only) and
    ``lstsq`` use it themselves when 1 <= n <= 256 and m >= 4 * n * ranks. ValueError
    unless a is 2-d with m >= n."""
    (a,) = _operands(a)
    q, r = _core.linalg.tsqr(a._impl)
    return darray._wrap(q), darray._wrap(r)


def svd(a: darray, full_matrices: bool = True, compute_uv: bool = True, hermitian: bool = False):
    """``(U, S, Vh)`` as numpy.linalg.svd (pdgesvd), any shape; S (NumPy, descending) alone
    without compute_uv. ``hermitian`` is accepted and ignored (the general SVD is used)."""
    (a,) = _operands(a)
    u, s, vh = _core.linalg.svd(a._impl, bool(full_matrices), bool(compute_uv))
    if not compute_uv:
        return s
    return darray._wrap(u), s, darray._wrap(vh)


def eigh(a: darray, UPLO: str = "L"):
    """``(w, v)`` of a symmetric / Hermitian matrix (pdsyevd / pzheevd): w ascending (NumPy,
    every rank), v a darray on a's map. Reads the ``UPLO`` triangle only."""
    (a,) = _operands(a)
    w, v = _core.linalg.eigh(a._impl, str(UPLO), True)
    return w, darray._wrap(v)


def eigvalsh(a: darray, UPLO: str = "L") -> np.ndarray:
    """Eigenvalues of a symmetric / Hermitian matrix, ascending, NumPy on every rank."""
    (a,) = _operands(a)
    w, _ = _core.linalg.eigh(a._impl, str(UPLO), False)
    return w


def lstsq(a: darray, b: darray, rcond: Optional[float] = None):
    """``(x, residuals, rank, s)`` as numpy.linalg.lstsq, through the SVD (rank-deficient a
    handled as numpy does). x is a darray on b's map; the rest NumPy on every rank."""
    a, b = _operands(a, b)
    x, res, rank, s = _core.linalg.lstsq(a._impl, b._impl, -1.0 if rcond is None else float(rcond))
    return darray._wrap(x), res, int(rank), s


_ORDS = {None: "fro", "fro": "fro", 1: "1", np.inf: "inf", 2: "2"}


def norm(x: darray, ord: Any = None, axis: Any = None, keepdims: bool = False) -> Any:
    """numpy.linalg.norm for ord None, 'fro', 1, inf, 2 over the whole array (axis=None),
    for 1-d and 2-d darrays; a NumPy scalar on every rank."""
    if axis is not None or keepdims:
        raise NotImplementedError("pgas.linalg.norm: only axis=None, keepdims=False")
    if ord not in _ORDS or (ord == "fro" and x.ndim != 2):
        raise ValueError(f"Invalid norm order '{ord}' for this array "
                         "(pgas supports None, 'fro', 1, inf, 2)")
    if x.ndim not in (1, 2):
        raise ValueError("Improper number of dimensions to norm.")
    (x,) = _operands(x)
    key = _ORDS[ord]
    if x.ndim == 1 and key == "fro":
        key = "2"
    value = _core.linalg.norm(x._impl, key)
    return np.dtype(x.dtype).type(0).real.dtype.type(value)


_register_ufunc(np.matmul, matmul)
