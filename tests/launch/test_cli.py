"""pgas-launch's command line: --dry-run, usage errors (exit 2, 'pgas-launch: error: ...')."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from conftest import PROGRAMS, launcher_env, run_launcher


def test_dry_run_prints_the_mpirun_command_and_runs_nothing(tmp_path):
    witness = tmp_path / "ran"
    program = tmp_path / "touch.py"
    program.write_text(f"open({str(witness)!r}, 'w').close()\n")
    result = run_launcher("-n", "64", "--threads", "3", "--dry-run", str(program), "a b", cwd=tmp_path)
    assert result.returncode == 0, result.output
    line = result.stdout.strip()
    assert line.startswith("mpirun -n 64 --oversubscribe ")  # 64 ranks exceed the cores of any test machine
    assert ("--allow-run-as-root" in line) == (os.geteuid() == 0)
    assert "-x OMP_NUM_THREADS=3 -x OPENBLAS_NUM_THREADS=3 -x MKL_NUM_THREADS=3" in line
    assert line.endswith(f"{program} 'a b'")  # quoted so it can be pasted into a shell
    assert not witness.exists()


def test_dry_run_with_one_rank_does_not_oversubscribe():
    result = run_launcher("--dry-run", "hello.py")
    assert result.returncode == 0, result.output
    assert result.stdout.startswith("mpirun -n 1 ")
    assert "--oversubscribe" not in result.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        ([], "no program given"),
        (["-n", "0", "hello.py"], "must be at least 1"),
        (["-n", "two", "hello.py"], "is not a whole number"),
        (["missing.py"], "program 'missing.py' not found"),
        (["--nodes", "2", "hello.py"], "only make(s) sense with --slurm"),
        (["--no-wait", "hello.py"], "only make(s) sense with --slurm"),
        (["--slurm", "--time", "10m", "hello.py"], "is not a Slurm time"),
        (["--slurm", "--job-name", "a b", "hello.py"], "contain no whitespace"),
        (["--slurm", "-n", "3", "--nodes", "2", "--ntasks-per-node", "2", "hello.py"], "contradicts"),
        (["--slurm", "--no-wait", "--dry-run", "hello.py"], "exclude each other"),
        (["--attach", "12", "hello.py"], "takes no program"),
    ],
)
def test_usage_errors_exit_2_with_a_clear_message(args, message):
    result = run_launcher(*args)
    assert result.returncode == 2, result.output
    assert "pgas-launch: error:" in result.stderr
    assert message in result.stderr


def test_program_arguments_are_not_taken_as_launcher_options():
    result = run_launcher("--dry-run", "hello.py", "-n", "5", "--slurm")
    assert result.returncode == 0, result.output
    assert result.stdout.startswith("mpirun -n 1 ")
    assert result.stdout.rstrip().endswith("hello.py -n 5 --slurm")


def test_missing_mpirun_is_reported_not_a_traceback(tmp_path):
    env = launcher_env()
    env["PATH"] = str(tmp_path)  # an empty directory: no mpirun on PATH
    result = subprocess.run(
        [sys.executable, "-m", "pgas_launch", "-n", "2", "hello.py"],
        cwd=PROGRAMS, env=env, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 127
    assert "pgas-launch: error: mpirun not found on PATH" in result.stderr
    assert "Traceback" not in result.stderr


def test_pgas_launch_command_is_installed():
    path = shutil.which("pgas-launch")
    assert path, "the pgas-launch entry point is not on PATH: run `make python` (pip install .)"
    result = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("pgas-launch ")
