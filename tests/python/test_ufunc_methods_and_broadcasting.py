"""Ufunc methods (reduce; the others raise), NumPy broadcasting between darrays and with NumPy
operands, pg.init(comm=...) with a split communicator, and the constructors' two signature
styles: against NumPy on every rank, for several maps, uneven sizes and proc subsets."""
import numpy as np
import pytest
from mpi4py import MPI

import pgas as pg

from conftest import all_ranks_agree

P = pg.Np


def maps_2d():
    """2-d maps for the rank count at hand (the same list on every rank)."""
    out = [pg.dmap([P, 1]), pg.dmap([1, P], "c"), pg.dmap([P, 1], ("bc", 2)),
           pg.dmap([P, 1], overlap=[1, 0]), pg.dmap([1, 1], procs=[P - 1])]
    if P >= 2:
        out.append(pg.dmap([2, P // 2], ["c", ("bc", 3)], list(reversed(range(2 * (P // 2))))))
        out.append(pg.dmap([1, P - 1], ("bc", 2), procs=list(range(1, P))))  # rank 0 left out
    return out


def maps_1d():
    out = [pg.dmap([P]), pg.dmap([P], "c"), pg.dmap([1], procs=[P - 1])]
    if P >= 2:
        out.append(pg.dmap([P - 1], ("bc", 2), procs=list(range(1, P))))
    return out


def numpy_rand(shape, seed):
    return pg.rand(*shape, seed=seed)  # no map: the same counter-based values, plain NumPy


def darray_like(values, m):
    return pg.from_numpy(values, m)


def same_everywhere(got, want, rtol=1e-12):
    """got (darray or NumPy value) equals want on every rank, dtype included."""
    if isinstance(got, pg.darray):
        got_np = pg.agg_all(got)
    else:
        got_np = np.asarray(got)
    ok = got_np.shape == np.shape(want) and got_np.dtype == np.asarray(want).dtype and \
        np.allclose(got_np, want, rtol=rtol, atol=1e-12)
    return all_ranks_agree(ok)


# ---- ufunc.reduce -----------------------------------------------------------------------------

REDUCING = [np.add, np.multiply, np.minimum, np.maximum, np.logical_and, np.logical_or]


@pytest.mark.parametrize("ufunc", REDUCING, ids=lambda u: u.__name__)
def test_reduce_matches_numpy_for_every_map(ufunc):
    shape = (7, 5)
    ref = numpy_rand(shape, 6) - 0.3
    if ufunc in (np.logical_and, np.logical_or):
        ref = ref > -0.2
    for m in maps_2d():
        a = darray_like(ref, m)
        for kwargs in [{}, {"axis": None}, {"axis": 0}, {"axis": 1}, {"axis": -1},
                       {"axis": (0,)}, {"axis": (0, 1)}]:
            got = ufunc.reduce(a, **kwargs)
            want = ufunc.reduce(ref, **kwargs)
            assert same_everywhere(got, want), (ufunc.__name__, m, kwargs)
            if np.ndim(want) == 0:
                assert not isinstance(got, pg.darray) and isinstance(got, np.generic)


def test_reduce_default_axis_is_zero_not_none():
    ref = numpy_rand((6, 4), 2)
    a = darray_like(ref, pg.dmap([P, 1], "c"))
    got = np.add.reduce(a)
    assert isinstance(got, pg.darray) and got.shape == (4,)
    assert same_everywhere(got, np.add.reduce(ref))
    v = darray_like(ref[:, 0], pg.dmap([P], ("bc", 2)))
    assert same_everywhere(np.maximum.reduce(v), np.maximum.reduce(ref[:, 0]))  # a scalar


@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.float32, np.bool_, np.complex128])
def test_reduce_result_dtypes_follow_numpy(dtype):
    ref = (np.arange(1, 22).reshape(7, 3) % 4).astype(dtype)
    a = darray_like(ref, pg.dmap([P, 1]))
    ufuncs = [np.add, np.multiply, np.logical_and, np.logical_or]
    if np.dtype(dtype).kind != "c":
        ufuncs += [np.minimum, np.maximum]
    for ufunc in ufuncs:
        for axis in (None, 0, 1):
            assert same_everywhere(ufunc.reduce(a, axis=axis), ufunc.reduce(ref, axis=axis)), \
                (ufunc.__name__, axis)
    for want_dtype in (np.float64, np.int64):
        if np.dtype(dtype).kind == "c":
            continue
        for axis in (None, 1):
            assert same_everywhere(np.add.reduce(a, axis=axis, dtype=want_dtype),
                                   np.add.reduce(ref, axis=axis, dtype=want_dtype))


def test_reduce_with_float32_accumulates_in_the_requested_dtype():
    ref = numpy_rand((9, 4), 3).astype(np.float32)
    a = darray_like(ref, pg.dmap([1, P], "c"))
    got = np.add.reduce(a, axis=None, dtype=np.float64)
    assert got.dtype == np.float64
    assert all_ranks_agree(abs(got - np.add.reduce(ref, axis=None, dtype=np.float64)) < 1e-9)


def test_np_sum_and_friends_still_use_the_methods():
    ref = numpy_rand((5, 6), 9)
    a = darray_like(ref, pg.dmap([P, 1], ("bc", 2)))
    assert same_everywhere(np.sum(a), np.sum(ref))
    assert same_everywhere(np.max(a, axis=1), np.max(ref, axis=1))


@pytest.mark.parametrize("call, text", [
    (lambda a, v: np.add.accumulate(a), r"add\.accumulate"),
    (lambda a, v: np.multiply.outer(v, v), r"multiply\.outer"),
    (lambda a, v: np.add.at(a, (0, 0), 1.0), r"add\.at"),
    (lambda a, v: np.add.reduceat(v, [0, 2]), r"add\.reduceat"),
    (lambda a, v: np.subtract.reduce(a), r"subtract\.reduce"),
    (lambda a, v: np.hypot.reduce(a, axis=None), r"hypot\.reduce"),
    (lambda a, v: np.add.reduce(a, keepdims=True), r"add\.reduce.*keepdims"),
    (lambda a, v: np.add.reduce(a, initial=1.0), r"add\.reduce.*initial"),
    (lambda a, v: np.add.reduce(a, where=np.ones((4, 3), bool)), r"add\.reduce.*where"),
    (lambda a, v: np.minimum.reduce(a, out=(v,)), r"minimum\.reduce.*out"),
    (lambda a, v: np.add.reduce(pg.zeros((2, 2, 2), map=pg.dmap([P, 1, 1])), axis=(0, 1)),
     r"add\.reduce.*axis"),
])
def test_unsupported_ufunc_methods_raise_clearly_on_every_rank(call, text):
    a = pg.ones((4, 3), map=pg.dmap([P, 1]))
    v = pg.ones(3, map=pg.dmap([P]))
    with pytest.raises(NotImplementedError, match=text):
        call(a, v)


def test_reduce_bad_axis_raises_like_numpy():
    a = pg.ones((4, 3), map=pg.dmap([P, 1]))
    with pytest.raises(np.exceptions.AxisError):
        np.add.reduce(a, axis=2)
    with pytest.raises(ValueError, match="duplicate"):
        np.add.reduce(a, axis=(1, 1))


# ---- broadcasting ----------------------------------------------------------------------------

PAIRS = [((5, 1), (5, 3)), ((5, 3), (5, 1)), ((3,), (4, 3)), ((4, 3), (3,)), ((1, 3), (4, 1)),
         ((4, 1), (1, 3)), ((1, 1), (7, 6)), ((7, 6), (1, 6)), ((1,), (6, 5)), ((9, 1), (1,))]


def some_map(shape, i):
    ms = maps_1d() if len(shape) == 1 else maps_2d()
    return ms[i % len(ms)]


def expected_map(a, b, shape):
    """The documented rule: the first operand whose shape is the result's, else the left
    operand's map on the result's shape (leading unsplit dimensions added if it has fewer)."""
    for x in (a, b):
        if x.shape == shape:
            return x.map
    m = a.map
    k = len(shape) - a.ndim
    return pg.dmap([1] * k + list(m.grid), ["b"] * k + list(m.dist), m.procs,
                   [0] * k + list(m.overlap))


@pytest.mark.parametrize("sa, sb", PAIRS)
def test_darray_darray_broadcasting_matches_numpy(sa, sb):
    x = numpy_rand(sa, 1) + 0.5
    y = numpy_rand(sb, 2) + 0.5
    for i in range(len(maps_2d())):
        for j in (0, 1, 3):
            a = darray_like(x, some_map(sa, i))
            b = darray_like(y, some_map(sb, i + j))
            shape = np.broadcast_shapes(sa, sb)
            for got, want in [(a + b, x + y), (a - b, x - y), (a * b, x * y), (a / b, x / y),
                              (np.maximum(a, b), np.maximum(x, y)),
                              (np.arctan2(a, b), np.arctan2(x, y)), (a < b, x < y),
                              (a ** b, x ** y), (np.divmod(a, b)[1], np.divmod(x, y)[1])]:
                assert got.shape == shape
                assert got.map == expected_map(a, b, shape), (got.map, a.map, b.map)
                assert same_everywhere(got, want), (sa, sb, a.map, b.map)


def test_broadcasting_with_mixed_dtypes_and_the_cpp_kernels_untouched():
    x = np.arange(5, dtype=np.int32).reshape(5, 1)
    y = numpy_rand((5, 3), 4)
    a = darray_like(x, pg.dmap([P, 1], "c"))
    b = darray_like(y, pg.dmap([1, P], ("bc", 2)))
    assert same_everywhere(a + b, x + y)
    assert same_everywhere(a * 2 + b, x * 2 + y)
    assert same_everywhere(a // 2, x // 2)
    assert same_everywhere(b + b, y + y)  # same shapes: the C++ kernel path


def test_broadcast_operand_on_maps_with_many_positions_along_the_broadcast_dim():
    # The result's map splits the broadcast dimension over every rank (the doubling copies).
    x = numpy_rand((1, 11), 5)
    y = numpy_rand((13, 11), 6)
    for mb in [pg.dmap([P, 1]), pg.dmap([P, 1], "c"), pg.dmap([P, 1], overlap=[2, 0])]:
        for ma in maps_2d():
            a = darray_like(x, ma)
            b = darray_like(y, mb)
            got = b - a
            assert got.map == mb
            assert same_everywhere(got, y - x)
            assert all_ranks_agree(np.allclose(got.local, (y - x)[np.ix_(*got.global_ind())])), \
                "overlap cells hold the right values too"


def test_three_dimensional_broadcasting():
    x = numpy_rand((2, 1, 4), 7)
    y = numpy_rand((3, 4), 8)
    a = darray_like(x, pg.dmap([1, 1, P], "c"))
    b = darray_like(y, pg.dmap([P, 1]))
    assert same_everywhere(a * b, x * y)
    assert same_everywhere(b * a, y * x)
    assert (a * b).map == a.map  # neither has the shape (2,3,4): the left one's map
    assert (b * a).map == pg.dmap([1, P, 1])  # b's, with a leading unsplit dimension


def test_inplace_broadcasting_and_out():
    x = numpy_rand((6, 4), 1)
    v = numpy_rand((4,), 2)
    a = darray_like(x, pg.dmap([P, 1], ("bc", 2)))
    b = darray_like(v, pg.dmap([P], "c"))
    a += b
    assert same_everywhere(a, x + v)
    a *= darray_like(v[None, :], pg.dmap([1, P]))
    assert same_everywhere(a, (x + v) * v)
    with pytest.raises(ValueError, match=r"non-broadcastable output operand with shape \(4,\) "
                                         r"doesn't match the broadcast shape \(6,4\)"):
        b += a
    out = pg.zeros((6, 4), map=pg.dmap([1, P], "c"))
    col = darray_like(x[:, :1], pg.dmap([P, 1]))
    r = np.add(col, b, out=out)
    assert r is out and same_everywhere(out, x[:, :1] + v)
    q, rem = pg.zeros((6, 4), map=pg.dmap([P, 1])), pg.zeros((6, 4), map=pg.dmap([1, P], "c"))
    np.divmod(col, b + 1, out=(q, rem))
    assert same_everywhere(q, np.divmod(x[:, :1], v + 1)[0])
    assert same_everywhere(rem, np.divmod(x[:, :1], v + 1)[1])


def test_numpy_operands_broadcast_both_ways():
    x = numpy_rand((5, 3), 3)
    a = darray_like(x, pg.dmap([P, 1], "c"))
    assert same_everywhere(a + np.arange(3), x + np.arange(3))
    assert same_everywhere(np.arange(5.0)[:, None] * a, np.arange(5.0)[:, None] * x)
    # A NumPy operand with more dimensions: the result is bigger than the darray.
    v = numpy_rand((3,), 4)
    b = darray_like(v, pg.dmap([P], ("bc", 2)))
    got = b + x
    assert got.shape == (5, 3) and got.map == pg.dmap([1, P], ["b", ("bc", 2)])
    assert same_everywhere(got, v + x)
    big = numpy_rand((2, 5, 3), 5)
    assert same_everywhere(a * big, x * big)
    assert same_everywhere(np.hypot(big, a), np.hypot(big, x))
    col = darray_like(x[:, :1], pg.dmap([P, 1]))
    assert same_everywhere(col - big, x[:, :1] - big)


def test_broadcasting_on_empty_and_single_cell_results():
    e = pg.zeros((0, 3), map=pg.dmap([P, 1]))
    r = pg.ones((1, 3), map=pg.dmap([1, P], "c"))
    assert same_everywhere(e + r, np.zeros((0, 3)) + np.ones((1, 3)))
    one = pg.full((1,), 2.0, map=pg.dmap([P]))
    assert same_everywhere(one * r, 2.0 * np.ones((1, 3)))


def test_shape_mismatch_raises_numpys_message_on_every_rank():
    m = pg.dmap([P, 1])
    cases = [((4, 5), (5, 4)), ((3,), (4,)), ((2, 3), (3, 3, 1)), ((5, 2), (3,))]
    for sa, sb in cases:
        try:
            np.zeros(sa) + np.zeros(sb)
        except ValueError as e:
            want = str(e)
        a = pg.zeros(sa, map=m if len(sa) == 2 else pg.dmap([P]))
        b = pg.zeros(sb, map=pg.dmap([P] + [1] * (len(sb) - 1)))
        for other in (b, np.zeros(sb)):
            with pytest.raises(ValueError) as info:
                a + other
            assert str(info.value) == want
    with pytest.raises(ValueError, match="broadcast"):
        np.maximum(pg.zeros((4, 5), map=m), pg.zeros((4,), map=pg.dmap([P])))


def test_operands_on_different_communicators_raise():
    sub = MPI.COMM_WORLD.Split(0, pg.Pid)
    a = pg.zeros((4, 3), map=pg.dmap([P, 1]))
    b = pg.zeros((4, 1), map=pg.dmap([P, 1]), comm=sub)
    with pytest.raises(ValueError, match="communicators"):
        a + b


# ---- pg.init with a sub-communicator -----------------------------------------------------------

def test_init_with_a_split_communicator_makes_it_the_default():
    world = MPI.COMM_WORLD
    color = pg.Pid % 2 if P >= 2 else 0
    sub = world.Split(color, pg.Pid)
    try:
        pg.init(comm=sub)
        assert pg.comm() is sub and pg.size() == sub.Get_size() and pg.rank() == sub.Get_rank()
        n = sub.Get_size()
        maps = [pg.dmap([n, 1]), pg.dmap([1, n], "c"), pg.dmap([n, 1], ("bc", 2))]
        x = numpy_rand((7, 5), 11)
        v = numpy_rand((5,), 12)
        for m in maps:
            a = pg.rand(7, 5, map=m, seed=11)  # lives on sub, as the default says
            assert a._impl.context.user_handle == pg._context.context_for(sub).user_handle
            assert same_everywhere(a, x)
            b = pg.from_numpy(v, pg.dmap([n], "c"))
            assert same_everywhere(a * b, x * v)
            assert same_everywhere(np.add.reduce(a), np.add.reduce(x))
            assert same_everywhere(np.minimum.reduce(a, axis=None), np.minimum.reduce(x, axis=None))
            assert same_everywhere(np.logical_or.reduce(a > 0.9, axis=1),
                                   np.logical_or.reduce(x > 0.9, axis=1))
        # values are the same whatever the communicator (counter-based random numbers)
        c = pg.rand((7, 5), map=pg.dmap([n, 1]), seed=11)
        assert same_everywhere(c, x)
        with pytest.raises(ValueError, match="communicators"):
            c + pg.zeros((7, 5), map=pg.dmap([P, 1]), comm=world)
    finally:
        pg.init(comm=world)
    assert pg.comm() is world
    assert pg.zeros((3,), map=pg.dmap([P]))._impl.context.user_handle == \
        pg._context.context_for(world).user_handle


# ---- constructors: pPython style against tuple style ------------------------------------------

def test_constructor_styles_agree():
    for m in maps_2d():
        M, N = 7, 5
        assert same_everywhere(pg.rand(M, N, map=m, seed=4), pg.agg_all(pg.rand((M, N), map=m,
                                                                               seed=4)))
        assert same_everywhere(pg.randn(M, N, map=m, seed=4),
                               pg.agg_all(pg.randn((M, N), map=m, seed=4)))
        assert same_everywhere(pg.rand(M, N, map=m, seed=4), numpy_rand((M, N), 4))
        assert same_everywhere(pg.randn(M, N, map=m, seed=4), pg.randn(M, N, seed=4))
        for make in (pg.zeros, pg.ones):
            assert same_everywhere(make(M, N, map=m), pg.agg_all(make((M, N), map=m)))
        e1, e2 = pg.empty(M, N, map=m), pg.empty((M, N), map=m, dtype=np.int32)
        assert e1.shape == e2.shape == (M, N) and e1.map == e2.map == m
        assert e1.dtype == np.float64 and e2.dtype == np.int32
        assert e1.local_shape == m.local_shape((M, N))
        # full takes NumPy's (shape, fill_value): a tuple, or an int for 1-d
        assert same_everywhere(pg.full((M, N), 2.5, map=m), np.full((M, N), 2.5))
    assert same_everywhere(pg.full(6, 3, map=pg.dmap([P], "c")), np.full(6, 3))
    assert same_everywhere(pg.full((6,), True, map=pg.dmap([P])), np.full(6, True))


def test_constructor_bad_inputs_raise_on_every_rank():
    m = pg.dmap([P, 1])
    bad = [(lambda: pg.rand(-1, 3, map=m), ValueError),
           (lambda: pg.randn(3.5, 2, map=m), TypeError),
           (lambda: pg.empty(3, 4, map="rows"), TypeError),
           (lambda: pg.zeros(3, 4, map=m, dtype=np.float16), TypeError),
           (lambda: pg.rand(3, 4, map=m, dtype=np.int32), TypeError),
           (lambda: pg.rand(3, 4, map=m, seed=-2), ValueError),
           (lambda: pg.full((3, 4), 1.0, map=m, dtype=np.int16), TypeError),
           (lambda: pg.dmap([P, 1], dist="bc"), ValueError)]
    for make, error in bad:
        raised = None
        try:
            make()
        except Exception as e:  # noqa: BLE001 - the type is checked right below
            raised = type(e)
        assert all_ranks_agree(raised is not None and issubclass(raised, error)), (make, raised)


@pytest.mark.parametrize("m", maps_2d(), ids=repr)
def test_where_masks_like_numpy(m):
    """where= as a darray on any map, a NumPy mask that broadcasts, or a scalar: cells where it
    is False keep out's values, as in NumPy."""
    x, y = numpy_rand((7, 5), 3), numpy_rand((7, 5), 4)
    mask = x > 0.5
    a, b = darray_like(x, m), darray_like(y, pg.dmap([1, P], "c"))
    for where, where_np in ((darray_like(mask, pg.dmap([P, 1], ("bc", 2))), mask),
                            (mask[0], mask[0]), (False, False)):
        out = darray_like(np.full((7, 5), -1.0), m)
        want = np.full((7, 5), -1.0)
        np.add(x, y, out=want, where=where_np)
        np.add(a, b, out=out, where=where)
        assert same_everywhere(out, want)


@pytest.mark.parametrize("m", maps_2d(), ids=repr)
def test_slice_assignment_broadcasts_a_darray_value_like_numpy(m):
    """B[...] = v with a darray v whose shape only broadcasts to the target, as NumPy allows."""
    want = numpy_rand((7, 5), 5)
    B = darray_like(want, m)
    row = numpy_rand((5,), 6)
    col = numpy_rand((3, 1), 7)
    B[:, :] = darray_like(row, pg.dmap([P], "c"))
    want[:, :] = row
    assert same_everywhere(B, want)
    B[1:4, ::2] = darray_like(col, pg.dmap([P, 1]))
    want[1:4, ::2] = col
    assert same_everywhere(B, want)
    B[6] = darray_like(row[:1], pg.dmap([1], procs=[P - 1]))
    want[6] = row[:1]
    assert same_everywhere(B, want)
    with pytest.raises(ValueError, match=r"could not broadcast input array from shape \(4,\) "
                                         r"into shape \(7, 5\)"):
        B[:, :] = darray_like(numpy_rand((4,), 8), pg.dmap([P]))
