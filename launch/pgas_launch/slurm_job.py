"""What Slurm knows about one job: its state, exit code and output file.

There may be no accounting database (the test cluster has none), so the live record comes from
``scontrol show job``, which Slurm keeps for MinJobAge seconds (default 300) after the job ends;
``sacct`` is only the fallback for a record that is already gone.
"""
from __future__ import annotations

import dataclasses
import re
import subprocess
from typing import Dict, Optional

# States after which a job never runs again (squeue(1), "JOB STATE CODES").
TERMINAL_STATES = frozenset(
    {
        "BOOT_FAIL", "CANCELLED", "COMPLETED", "DEADLINE", "FAILED", "NODE_FAIL",
        "OUT_OF_MEMORY", "PREEMPTED", "REVOKED", "SPECIAL_EXIT", "TIMEOUT",
    }
)
SLURM_COMMAND_TIMEOUT = 30.0


class SlurmError(RuntimeError):
    """A Slurm command failed; the message carries its own error text."""


@dataclasses.dataclass(frozen=True)
class JobRecord:
    job_id: str
    state: str
    exit_code: int  # of the batch script
    exit_signal: int  # that killed the batch script, 0 if none
    stdout_path: Optional[str]
    reason: str = "None"

    @property
    def finished(self) -> bool:
        return self.state in TERMINAL_STATES

    def exit_status(self) -> int:
        """The job's status as a shell would report it for a local process."""
        if self.exit_signal:
            return 128 + self.exit_signal
        if self.exit_code:
            return self.exit_code
        # Cancelled before it ran, timed out, node failure: no code, but certainly no success.
        return 0 if self.state == "COMPLETED" else 1


def run_slurm_command(*argv: str, input_text: Optional[str] = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(
            list(argv), input=input_text, capture_output=True, text=True, timeout=SLURM_COMMAND_TIMEOUT
        )
    except FileNotFoundError:
        raise SlurmError(f"{argv[0]} not found on PATH: is this a Slurm login node?") from None
    except subprocess.TimeoutExpired:
        raise SlurmError(f"{argv[0]} did not answer within {SLURM_COMMAND_TIMEOUT:.0f} s") from None


def _parse_fields(line: str) -> Dict[str, str]:
    return dict(re.findall(r"(?:^|\s)([A-Za-z/:]+)=(\S*)", line))


def _split_exit_code(text: str) -> tuple:
    code, _, sig = text.partition(":")
    return int(code or 0), int(sig or 0)


def query_job(job_id: str) -> Optional[JobRecord]:
    """The job's record, or None when Slurm no longer knows the job."""
    result = run_slurm_command("scontrol", "show", "job", "--oneliner", job_id)
    if result.returncode == 0 and "JobState=" in result.stdout:
        fields = _parse_fields(result.stdout.splitlines()[0])
        code, sig = _split_exit_code(fields.get("ExitCode", "0:0"))
        return JobRecord(
            job_id=job_id,
            state=fields.get("JobState", "UNKNOWN"),
            exit_code=code,
            exit_signal=sig,
            stdout_path=fields.get("StdOut") or None,
            reason=fields.get("Reason", "None"),
        )
    if "Invalid job id" not in result.stderr:
        raise SlurmError(f"scontrol show job {job_id} failed: {result.stderr.strip()}")
    return _query_accounting(job_id)


def _query_accounting(job_id: str) -> Optional[JobRecord]:
    """Ask sacct, which works only where the site runs slurmdbd."""
    try:
        result = run_slurm_command("sacct", "-j", job_id, "-X", "-n", "-P", "-o", "State,ExitCode")
    except SlurmError:
        return None
    line = result.stdout.strip().splitlines()[0] if result.returncode == 0 and result.stdout.strip() else ""
    if "|" not in line:
        return None
    state, exit_code = line.split("|", 1)
    code, sig = _split_exit_code(exit_code)
    return JobRecord(job_id=job_id, state=state.split()[0], exit_code=code, exit_signal=sig, stdout_path=None)


def submit(script: str) -> str:
    """sbatch the script (read from stdin, so the job runs in the current directory); its job id."""
    result = run_slurm_command("sbatch", "--parsable", input_text=script)
    if result.returncode != 0:
        raise SlurmError(f"sbatch refused the job: {result.stderr.strip() or result.stdout.strip()}")
    job_id = result.stdout.strip().split(";")[0]  # --parsable prints "id" or "id;cluster"
    if not job_id.isdigit():
        raise SlurmError(f"sbatch printed no job id: {result.stdout.strip()!r}")
    return job_id


def cancel(job_id: str) -> None:
    result = run_slurm_command("scancel", job_id)
    if result.returncode != 0:
        raise SlurmError(f"scancel {job_id} failed: {result.stderr.strip()}")
