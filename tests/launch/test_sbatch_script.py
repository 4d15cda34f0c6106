"""The generated sbatch script, compared with golden files in golden/.

After an intended change of the script, regenerate them with
    PGAS_UPDATE_GOLDEN=1 python3 -m pytest tests/launch/test_sbatch_script.py
and review the diff like code.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import run_launcher

GOLDEN = Path(__file__).resolve().parent / "golden"

CASES = {
    # --python python3 keeps the machine's interpreter path out of the golden files.
    "minimal": ["--slurm", "--python", "python3", "hello.py"],
    "two_ranks": ["--slurm", "-n", "2", "--python", "python3", "hello.py", "marker"],
    "full": [
        "--slurm", "--nodes", "2", "--ntasks-per-node", "4", "--time", "00:10:00", "--partition", "debug",
        "--account", "proj42", "--job-name", "big-run", "--output", "logs/run-%j.txt", "--threads", "2",
        "--python", "/opt/py/bin/python3", "hello.py", "--size", "1 000", "it's",
    ],
    "nodes_and_count": ["--slurm", "-n", "6", "--nodes", "3", "--time", "1-00:00:00", "--python", "python3", "hello.py"],
    "executable": ["--slurm", "-n", "4", "--ntasks-per-node", "2", "true", "--flag"],
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_script_matches_golden_file(case):
    result = run_launcher(*_with_dry_run(CASES[case]))
    assert result.returncode == 0, result.output
    golden = GOLDEN / f"{case}.sbatch"
    if os.environ.get("PGAS_UPDATE_GOLDEN"):
        golden.write_text(result.stdout)
    assert golden.exists(), f"no golden file {golden.name}: run with PGAS_UPDATE_GOLDEN=1 once"
    assert result.stdout == golden.read_text()


def _with_dry_run(args):
    # --dry-run goes before the program: everything after the program belongs to the program.
    return ["--dry-run", *args]


@pytest.mark.parametrize("case", sorted(CASES))
def test_script_is_valid_bash(case):
    result = run_launcher(*_with_dry_run(CASES[case]))
    check = subprocess.run(["bash", "-n"], input=result.stdout, capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, check.stderr


def test_program_arguments_survive_the_shell_unchanged(tmp_path):
    # Run the script's rank_command line through bash and look at the argv it produces.
    script = run_launcher(*_with_dry_run(CASES["full"])).stdout
    line = next(l for l in script.splitlines() if l.startswith("rank_command="))
    probe = subprocess.run(
        ["bash", "-c", line + '\nprintf "%s\\n" "${rank_command[@]}"'], capture_output=True, text=True, timeout=30
    )
    assert probe.stdout.splitlines() == ["/opt/py/bin/python3", "hello.py", "--size", "1 000", "it's"]


def test_dry_run_submits_nothing(tmp_path):
    # A fake sbatch on PATH records any call; --dry-run must not make one.
    fake = tmp_path / "bin"
    fake.mkdir()
    calls = tmp_path / "calls"
    (fake / "sbatch").write_text(f"#!/bin/sh\necho called >> {calls}\necho 1\n")
    (fake / "sbatch").chmod(0o755)
    path = f"{fake}{os.pathsep}{os.environ['PATH']}"
    result = run_launcher("--dry-run", "--slurm", "-n", "2", "hello.py", PATH=path)
    assert result.returncode == 0 and result.stdout.startswith("#!/bin/bash\n")
    assert not calls.exists()


def test_default_python_is_the_launchers_interpreter():
    import sys

    script = run_launcher("--dry-run", "--slurm", "hello.py").stdout
    assert f"rank_command=({sys.executable} hello.py)" in script or f"rank_command=('{sys.executable}' hello.py)" in script
