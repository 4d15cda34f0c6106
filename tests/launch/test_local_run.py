"""Local mode for real: mpirun starts pgas programs; statuses, failures and signals are checked
against what actually happened (exit codes, output, processes left in `ps`)."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import time

import pytest

from conftest import PROGRAMS, launcher_argv, launcher_env, run_launcher, wait_for_text, wait_until_gone
from pgas_launch.machine import usable_cores


def test_two_ranks_run_and_succeed(marker):
    result = run_launcher("-n", "2", "hello.py", marker)
    assert result.returncode == 0, result.output
    for rank in range(2):
        assert f"hello from rank {rank} of 2 threads=1,1,1 {marker}" in result.stdout
    assert wait_until_gone(marker, 5) == []


def test_more_ranks_than_cores_are_oversubscribed(marker):
    # The test environment holds no OMPI_MCA_rmaps_base_oversubscribe: only the launcher's flag helps.
    ranks = usable_cores() + 2
    result = run_launcher("-n", str(ranks), "hello.py", marker, timeout=120)
    assert result.returncode == 0, result.output
    # Ranks' lines may interleave mid-line in mpirun's output, so match the words, not the lines.
    reported = re.findall(rf"hello from rank (\d+) of {ranks} threads=1,1,1 {marker}", result.stdout)
    assert sorted(map(int, reported)) == list(range(ranks)), result.output


def test_threads_reach_every_rank(marker):
    result = run_launcher("-n", "2", "--threads", "3", "hello.py", marker)
    assert result.returncode == 0, result.output
    assert result.stdout.count(f"threads=3,3,3 {marker}") == 2


@pytest.mark.parametrize("who", ["0", "1", "all"])
def test_exit_status_of_the_program_is_returned(who):
    result = run_launcher("-n", "2", "exit_status.py", "7", who)
    assert result.returncode == 7, result.output


def test_zero_status_is_returned_as_zero():
    assert run_launcher("-n", "2", "exit_status.py", "0", "all").returncode == 0


def test_failing_rank_ends_the_job_within_10_s_with_its_traceback(marker):
    started = time.monotonic()
    result = run_launcher("-n", "2", "fail_rank1.py", marker, timeout=60)
    ended = time.time()
    assert result.returncode != 0, result.output
    assert "[rank 1] Traceback (most recent call last):" in result.stderr
    assert f"[rank 1] RuntimeError: rank 1 fails on purpose {marker}" in result.stderr
    assert "the failure was not handled" not in result.output
    failed_at = float(next(l for l in result.stdout.splitlines() if "rank 1 fails at" in l).split()[4])
    assert ended - failed_at < 10, f"the job ended {ended - failed_at:.1f} s after rank 1 failed"
    assert time.monotonic() - started < 30
    assert wait_until_gone(marker, 5) == [], "ranks outlived the failed job"


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signal_stops_every_rank_and_leaves_no_process(sig, marker, tmp_path):
    log = tmp_path / "out.txt"
    with open(log, "w") as out:
        launcher = subprocess.Popen(
            launcher_argv("-n", "2", str(PROGRAMS / "sleep_forever.py"), marker),
            cwd=tmp_path, env=launcher_env(), stdout=out, stderr=subprocess.STDOUT,
        )
        try:
            text = wait_for_text(log, [f"ready rank 0 {marker}", f"ready rank 1 {marker}"], 60)
            assert f"ready rank 1 {marker}" in text and f"ready rank 0 {marker}" in text, text
            ranks = [p for p in wait_until_gone(marker, 0) if p != launcher.pid]
            assert len(ranks) >= 3, "expected mpirun and two ranks carrying the marker"
            launcher.send_signal(sig)
            status = launcher.wait(timeout=20)
        finally:
            if launcher.poll() is None:
                launcher.kill()
    assert status == 128 + sig, log.read_text()
    assert wait_until_gone(marker, 5) == [], "processes outlived pgas-launch"


def test_killed_launcher_still_takes_its_ranks_along(marker, tmp_path):
    # SIGKILL cannot be caught: the kernel's parent-death signal to mpirun must do the work.
    log = tmp_path / "out.txt"
    with open(log, "w") as out:
        launcher = subprocess.Popen(
            launcher_argv("-n", "2", str(PROGRAMS / "sleep_forever.py"), marker),
            cwd=tmp_path, env=launcher_env(), stdout=out, stderr=subprocess.STDOUT,
        )
        text = wait_for_text(log, [f"ready rank 0 {marker}", f"ready rank 1 {marker}"], 60)
        assert f"ready rank 1 {marker}" in text, text
        os.kill(launcher.pid, signal.SIGKILL)
        launcher.wait(timeout=10)
    assert wait_until_gone(marker, 10) == [], "ranks outlived a SIGKILLed pgas-launch"
