"""pgas.ppython's messages behave as pPython's: sends never wait for the receiver (a ring
exchange of any size completes), RecvMsg returns the list of objects, BcastMsg takes a tag,
ProbeMsg lists what waits, multicast reaches every destination, NumPy integers are ranks,
nothing is lost or reordered per (source, tag), and unreceived sends are reported at the end."""
import os
import subprocess
import sys
import time

import numpy as np
import pytest

import pgas as pg
import pgas.ppython as GPC
from pgas.ppython.utils import BcastMsg, ProbeMsg, RecvMsg, SendMsg, multicast

from conftest import all_ranks_agree
from _watchdog import time_limit

Np, Pid = GPC.Np, GPC.Pid


@pytest.mark.parametrize("nbytes", [1 << 10, 64 << 10, 1 << 20, 8 << 20])
def test_ring_exchange_of_any_size_completes(nbytes):
    # pSpeedtest: every rank sends to the next before it receives from the previous. With a
    # blocking send above MPI's eager limit this deadlocks; pPython's sends never block.
    if Np < 2:
        pytest.skip("a ring needs two ranks")
    source, dest = (Pid - 1) % Np, (Pid + 1) % Np
    with time_limit(120):
        for trial, tag in enumerate([8, 9]):
            data = np.zeros((1, nbytes // 8)) + Pid + 10 * trial
            SendMsg(dest, tag, data)
            data[...] = -1                              # the message was taken at the call
            [got] = RecvMsg(source, tag)
            assert all_ranks_agree(got.shape == (1, nbytes // 8)
                                   and np.all(got == source + 10 * trial))


def test_numpy_integer_ranks_string_tags_and_several_objects():
    with time_limit(60):
        dest, source = np.int64((Pid + 1) % Np), np.int32((Pid - 1) % Np)
        SendMsg(dest, "tag-1", {"from": Pid}, [1, 2], "three")
        SendMsg(dest, np.uint8(3), np.arange(4))
        got = RecvMsg(source, "tag-1")
        [arr] = RecvMsg(int(source), 3)
        assert isinstance(got, list) and got == [{"from": int(source)}, [1, 2], "three"]
        assert all_ranks_agree(np.array_equal(arr, np.arange(4)))


def test_order_is_kept_per_source_and_tag_whatever_order_they_are_received_in():
    with time_limit(60):
        dest, source = (Pid + 1) % Np, (Pid - 1) % Np
        for k in range(5):
            SendMsg(dest, 1, ("one", k))
            SendMsg(dest, 2, ("two", k))
        twos = [RecvMsg(source, 2)[0] for _ in range(5)]     # the tag-1 ones wait meanwhile
        ones = [RecvMsg(source, 1)[0] for _ in range(5)]
        assert all_ranks_agree(twos == [("two", k) for k in range(5)]
                               and ones == [("one", k) for k in range(5)])


def test_probe_lists_waiting_messages_without_taking_them():
    with time_limit(60):
        assert ProbeMsg(Pid, 77) == ([], [], [])
        SendMsg(Pid, 77, "a")
        SendMsg(Pid, 77, "b")
        SendMsg(Pid, "x", "c")
        ranks, numeric, strings = ProbeMsg(Pid, 77)
        assert ranks == [Pid, Pid] and numeric == [77, 77] and strings == ["77", "77"]
        ranks, numeric, strings = ProbeMsg("*", "*")
        assert sorted(strings) == ["77", "77", "x"] and ranks == [Pid] * 3
        assert sum(np.isnan(v) for v in numeric) == 1
        assert RecvMsg(Pid, 77) == ["a"] and RecvMsg(Pid, 77) == ["b"]
        assert RecvMsg(Pid, "x") == ["c"]
        assert all_ranks_agree(ProbeMsg("*", "*") == ([], [], []))


def test_bcast_returns_the_list_and_checks_the_tag():
    with time_limit(60):
        root = Np - 1
        got = BcastMsg(root, 5, {"k": root}, "second" if Pid == root else None)
        assert all_ranks_agree(got == [{"k": root}, "second"])
        if Np > 1:
            with pytest.raises(ValueError, match="tag differs"):
                BcastMsg(0, 6 if Pid == 0 else 7, "x")
        assert pg.BcastMsg(0, "one") == "one"             # pgas's own API: one object back


def test_multicast_reaches_every_destination():
    with time_limit(60):
        src = Np - 1
        dsts = [r for r in range(Np) if r != src][: max(Np - 2, 1)] if Np > 1 else []
        payload = {"from": src, "data": np.arange(3)} if Pid == src else None
        got = multicast(src, dsts, payload)
        if Pid == src or Pid in dsts:
            ok = got is not None and got["from"] == src and np.array_equal(got["data"], [0, 1, 2])
        else:
            ok = got is None
        assert all_ranks_agree(ok)
        # Back to back from the same source: each arrives in order.
        seq = [multicast(src, dsts, k if Pid == src else None) for k in range(3)]
        assert all_ranks_agree(seq == [0, 1, 2] or not (Pid == src or Pid in dsts))


def test_bad_ranks_and_tags_raise_clear_errors():
    with pytest.raises(ValueError, match="outside the communicator"):
        SendMsg(Np, 1, "x")
    with pytest.raises(ValueError, match="outside the communicator"):
        RecvMsg(-1, 1)
    with pytest.raises(ValueError, match="tag"):
        SendMsg(0, 1.5, "x")
    with pytest.raises(ValueError, match="distinct"):
        multicast(0, [0], "x")


LEAVES_A_MESSAGE = """
import sys
import pgas.ppython as GPC
from pgas.ppython.utils import SendMsg
if GPC.Pid == 0:
    SendMsg(1, 42, "nobody reads this")
    SendMsg(1, "late", b"x" * (1 << 20))        # above the eager limit: must still finish
open(sys.argv[1] + f".done{GPC.Pid}", "w").close()
"""


def _clean_env():
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("OMPI_COMM", "OMPI_MCA_orte", "PMIX", "OMPI_FILE", "OMPI_APP",
                                "OMPI_UNIVERSE", "OMPI_FIRST", "OMPI_NUM", "OMPI_ARGV",
                                "OMPI_MCA_ess", "OMPI_MCA_pmix", "OMPI_MCA_initial",
                                "OMPI_MCA_shmem", "OMPI_COMMAND"))}
    env.update(OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
               OMPI_MCA_rmaps_base_oversubscribe="1")
    return env


def test_a_job_that_ends_with_unreceived_sends_reports_them(tmp_path):
    if Np != 1:
        pytest.skip("launches its own 2-rank job; run once, from the 1-rank session")
    prog = tmp_path / "leaves_a_message.py"
    prog.write_text(LEAVES_A_MESSAGE)
    start = time.monotonic()
    run = subprocess.run(["mpirun", "-n", "2", "--oversubscribe", sys.executable, str(prog),
                          str(prog)], env=_clean_env(), capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    assert all((tmp_path / f"leaves_a_message.py.done{r}").exists() for r in (0, 1))
    assert "[rank 1] pgas: 2 object message(s) sent to this rank were never received" \
        in run.stderr, run.stderr
    assert "from rank 0 with tag 42" in run.stderr and "tag 'late'" in run.stderr
    assert time.monotonic() - start < 60

