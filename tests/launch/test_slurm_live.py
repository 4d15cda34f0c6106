"""pgas-launch --slurm against a real Slurm: the single-node cluster of scripts/slurm-cluster.sh.

The cluster is started here if it is not up yet (and then stopped again at the end); `make
test-launch` starts it before and stops it after. Jobs run in pytest's temporary directories.
"""
from __future__ import annotations

import getpass
import re
import signal
import subprocess
import time

import pytest

from conftest import CLUSTER_SCRIPT, PROGRAMS, launcher_argv, launcher_env, run_launcher, wait_for_text, wait_until_gone


@pytest.fixture(scope="module", autouse=True)
def slurm_cluster():
    status = subprocess.run(["bash", str(CLUSTER_SCRIPT), "status"], capture_output=True, text=True, timeout=60)
    started_here = status.returncode != 0
    if started_here:
        up = subprocess.run(["bash", str(CLUSTER_SCRIPT), "up"], capture_output=True, text=True, timeout=600)
        if up.returncode != 0:
            pytest.fail(f"the Slurm test cluster did not start:\n{up.stdout}{up.stderr}", pytrace=False)
    yield
    if started_here:
        subprocess.run(["bash", str(CLUSTER_SCRIPT), "down"], capture_output=True, text=True, timeout=120)


@pytest.fixture(autouse=True)
def no_job_left_running():
    """A failed test must not leave a job holding the node's 2 cores while the next test waits."""
    yield
    subprocess.run(["scancel", "--quiet", f"--user={getpass.getuser()}"], capture_output=True, timeout=30)


def job_id_of(result) -> str:
    found = re.search(r"pgas-launch: submitted job (\d+)", result.stderr)
    assert found, result.output
    return found.group(1)


def job_state(job_id: str) -> str:
    out = subprocess.run(["scontrol", "show", "job", "-o", job_id], capture_output=True, text=True, timeout=30)
    found = re.search(r"JobState=(\S+)", out.stdout)
    assert found, out.stdout + out.stderr
    return found.group(1)


def slurm(*args: str, cwd, timeout: float = 90, **env):
    return run_launcher("--slurm", "--time", "5", *args, cwd=cwd, timeout=timeout, **env)


@pytest.mark.parametrize("launcher", ["auto", "mpirun"])
def test_two_rank_pgas_job_streams_output_and_succeeds(launcher, marker, tmp_path):
    # auto picks srun --mpi=pmix on this cluster; mpirun is the path for sites without PMIx.
    env = {} if launcher == "auto" else {"PGAS_LAUNCHER": launcher}
    result = slurm("-n", "2", str(PROGRAMS / "hello.py"), marker, cwd=tmp_path, **env)
    assert result.returncode == 0, result.output
    job = job_id_of(result)
    expected_launcher = "srun" if launcher == "auto" else "mpirun"
    assert f"pgas-launch: job {job} starts 2 rank(s) with {expected_launcher}" in result.stdout
    saved = (tmp_path / f"hello-{job}.out").read_text()
    for rank in range(2):
        line = f"hello from rank {rank} of 2 threads=1,1,1 {marker}"
        assert line in result.stdout, "not streamed to pgas-launch's output"
        assert line in saved, "not in the job's output file"
    assert job_state(job) == "COMPLETED"


def test_threads_job_name_and_output_reach_the_job(marker, tmp_path):
    result = slurm(
        "-n", "1", "--threads", "2", "--job-name", "thr", "--output", "logs/%x-%j.txt",
        str(PROGRAMS / "hello.py"), marker, cwd=tmp_path,
    )
    assert result.returncode == 0, result.output
    assert f"hello from rank 0 of 1 threads=2,2,2 {marker}" in result.stdout
    # logs/ did not exist: pgas-launch must create it, or Slurm cannot write the output.
    saved = tmp_path / "logs" / f"thr-{job_id_of(result)}.txt"
    assert f"threads=2,2,2 {marker}" in saved.read_text()


def test_exit_status_of_the_job_is_returned(tmp_path):
    result = slurm("-n", "2", str(PROGRAMS / "exit_status.py"), "7", "1", cwd=tmp_path)
    assert result.returncode == 7, result.output
    assert job_state(job_id_of(result)) == "FAILED"


@pytest.mark.parametrize("launcher", ["auto", "mpirun"])
def test_failing_rank_fails_the_job_within_10_s_with_its_traceback(launcher, marker, tmp_path):
    env = {} if launcher == "auto" else {"PGAS_LAUNCHER": launcher}
    result = slurm("-n", "2", str(PROGRAMS / "fail_rank1.py"), marker, cwd=tmp_path, timeout=120, **env)
    ended = time.time()
    assert result.returncode != 0, result.output
    assert "[rank 1] Traceback (most recent call last):" in result.stdout
    assert f"[rank 1] RuntimeError: rank 1 fails on purpose {marker}" in result.stdout
    assert "the failure was not handled" not in result.stdout
    failed_at = float(re.search(rf"rank 1 fails at (\S+) {marker}", result.stdout).group(1))
    assert ended - failed_at < 10, f"pgas-launch returned {ended - failed_at:.1f} s after rank 1 failed"
    assert job_state(job_id_of(result)) == "FAILED"
    assert wait_until_gone(marker, 5) == []


def test_no_wait_prints_the_job_id_and_attach_follows_it(marker, tmp_path):
    submitted = slurm("-n", "2", "--no-wait", str(PROGRAMS / "sleep_forever.py"), marker, "4", cwd=tmp_path)
    assert submitted.returncode == 0, submitted.output
    job = submitted.stdout.strip()
    assert job.isdigit(), f"--no-wait should print only the job id, printed {submitted.stdout!r}"
    assert job_state(job) in ("PENDING", "CONFIGURING", "RUNNING"), "--no-wait waited for the job"
    attached = run_launcher("--attach", job, cwd=tmp_path, timeout=90)
    assert attached.returncode == 0, attached.output
    for rank in range(2):
        assert f"ready rank {rank} {marker}" in attached.stdout
        assert f"done rank {rank} {marker}" in attached.stdout
    assert job_state(job) == "COMPLETED"


def test_attach_returns_the_status_of_a_failed_job(marker, tmp_path):
    submitted = slurm("-n", "2", "--no-wait", str(PROGRAMS / "fail_rank1.py"), marker, cwd=tmp_path)
    job = submitted.stdout.strip()
    assert submitted.returncode == 0 and job.isdigit(), submitted.output
    attached = run_launcher("--attach", job, cwd=tmp_path, timeout=90)
    assert attached.returncode != 0, attached.output
    assert f"[rank 1] RuntimeError: rank 1 fails on purpose {marker}" in attached.stdout


def test_attach_to_an_unknown_job_is_an_error(tmp_path):
    result = run_launcher("--attach", "987654", cwd=tmp_path)
    assert result.returncode == 1
    assert "pgas-launch: error: Slurm no longer knows job 987654" in result.stderr


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signal_cancels_the_job_and_leaves_no_rank(sig, marker, tmp_path):
    log = tmp_path / "launcher.txt"
    with open(log, "w") as out:
        launcher = subprocess.Popen(
            launcher_argv("--slurm", "--time", "5", "-n", "2", str(PROGRAMS / "sleep_forever.py"), marker),
            cwd=tmp_path, env=launcher_env(), stdout=out, stderr=subprocess.STDOUT,
        )
        try:
            text = wait_for_text(log, [f"ready rank 0 {marker}", f"ready rank 1 {marker}"], 60)
            assert f"ready rank 0 {marker}" in text and f"ready rank 1 {marker}" in text, text
            launcher.send_signal(sig)
            status = launcher.wait(timeout=40)
        finally:
            if launcher.poll() is None:
                launcher.kill()
    text = log.read_text()
    assert status == 128 + sig, text
    job = re.search(r"submitted job (\d+)", text).group(1)
    assert f"cancelling job {job}" in text
    assert job_state(job) == "CANCELLED"
    assert wait_until_gone(marker, 15) == [], "ranks outlived the cancelled job"
