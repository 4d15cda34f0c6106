"""Shared helpers of the pgas-launch tests.

These tests run once, as a plain `python3 -m pytest tests/launch`, never under mpirun: they start
pgas-launch the way a user does and judge it by its exit status, its output and the processes it
leaves behind.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Dict, List, Sequence

import pytest

REPO = Path(__file__).resolve().parents[2]
PROGRAMS = Path(__file__).resolve().parent / "programs"
CLUSTER_SCRIPT = REPO / "scripts" / "slurm-cluster.sh"

# The tests import pgas_launch of this source tree, even where an older one is installed.
sys.path.insert(0, str(REPO / "launch"))

# Variables that would do pgas-launch's job for it (the Makefile exports some of them): removed,
# so the tests see only the flags and variables the launcher itself provides.
_HELPFUL_VARIABLES = (
    "OMPI_ALLOW_RUN_AS_ROOT",
    "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM",
    "OMPI_MCA_rmaps_base_oversubscribe",
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "PGAS_LAUNCHER",
)


def launcher_env(**extra: str) -> Dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _HELPFUL_VARIABLES}
    # The launcher of this source tree, even where an older one is installed.
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO / "launch"), env.get("PYTHONPATH")) if p)
    env.update(extra)
    return env


def launcher_argv(*args: str) -> List[str]:
    return [sys.executable, "-m", "pgas_launch", *args]


def run_launcher(*args: str, cwd: Path = PROGRAMS, timeout: float = 90, **extra_env: str) -> subprocess.CompletedProcess:
    """pgas-launch ARGS, to the end; stdout and stderr are kept apart (result.output joins them)."""
    result = subprocess.run(
        launcher_argv(*args), cwd=cwd, env=launcher_env(**extra_env), capture_output=True, text=True, timeout=timeout
    )
    result.output = result.stdout + result.stderr  # type: ignore[attr-defined]
    return result


def unique_marker() -> str:
    return f"pgas-test-{uuid.uuid4().hex[:12]}"


def processes_with(marker: str) -> List[int]:
    """Live (non-zombie) processes whose command line contains the marker."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmdline = f.read().replace(b"\0", b" ").decode(errors="replace")
            with open(f"/proc/{entry}/stat") as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if marker in cmdline and state != "Z":
            found.append(int(entry))
    return found


def wait_until_gone(marker: str, seconds: float) -> List[int]:
    """Wait for every process carrying the marker to end; the ones still alive after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        left = processes_with(marker)
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.1)


def wait_for_text(path: Path, needles: Sequence[str], seconds: float) -> str:
    """Wait until the file contains every needle; its text (the caller asserts on it)."""
    deadline = time.monotonic() + seconds
    text = ""
    while time.monotonic() < deadline:
        text = path.read_text(errors="replace") if path.exists() else ""
        if all(n in text for n in needles):
            break
        time.sleep(0.1)
    return text


def kill_leftovers(marker: str) -> None:
    """Test hygiene only: whatever a failed test left behind must not disturb the next one."""
    import signal

    for pid in processes_with(marker):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@pytest.fixture
def marker():
    value = unique_marker()
    yield value
    kill_leftovers(value)
