"""Slurm mode: submit the sbatch script, follow the job, return its exit status."""
from __future__ import annotations

import os
import sys
import time
from typing import Optional

from .output_follower import OutputFollower
from .request import LaunchRequest
from .sbatch_script import sbatch_script
from .signals import StopRequest, catching_stop_signals
from .slurm_job import JobRecord, SlurmError, cancel, query_job, submit

POLL_SECONDS = 0.5
# After scancel, how long to keep following the job for its last output before giving up.
CANCEL_WAIT_SECONDS = 30.0


def note(message: str) -> None:
    print(f"pgas-launch: {message}", file=sys.stderr, flush=True)


def _make_output_directory(output: str) -> None:
    """Slurm does not create the output file's directory; without it the job fails silently."""
    directory = os.path.dirname(output)
    if directory and "%" not in directory:
        os.makedirs(directory, exist_ok=True)


def run_slurm(request: LaunchRequest, *, wait: bool) -> int:
    assert request.slurm is not None
    _make_output_directory(request.slurm.output)
    with catching_stop_signals() as stop:
        job_id = submit(sbatch_script(request))
        if not wait:
            print(job_id, flush=True)  # just the id, for scripts: pgas-launch --attach "$id"
            return 0
        note(f"submitted job {job_id}")
        return _follow(job_id, stop)


def attach(job_id: str) -> int:
    """Follow a job submitted earlier (e.g. with --no-wait) to its end; its exit status."""
    if not job_id.isdigit():
        raise SlurmError(f"'{job_id}' is not a Slurm job id")
    with catching_stop_signals() as stop:
        return _follow(job_id, stop)


def _follow(job_id: str, stop: StopRequest) -> int:
    """Stream the job's output until it ends. Ctrl-C / SIGTERM cancels the job (Slurm kills every
    rank), and pgas-launch keeps streaming until the job is gone, so the user sees how it ended."""
    follower: Optional[OutputFollower] = None
    record: Optional[JobRecord] = None
    cancelled_at: Optional[float] = None
    last_pending_note = ""  # not repeated every poll
    try:
        while True:
            if stop.requested and cancelled_at is None:
                note(f"cancelling job {job_id}")
                try:
                    cancel(job_id)
                except SlurmError as error:  # e.g. it ended a moment ago: its record still tells how
                    note(str(error))
                cancelled_at = time.monotonic()
            record = query_job(job_id)
            if record is None:
                note(
                    f"error: Slurm no longer knows job {job_id} (records are kept MinJobAge seconds "
                    "after the end, and there is no accounting database): its exit status is unknown"
                )
                return 1
            if follower is None and record.stdout_path:
                follower = OutputFollower(record.stdout_path)
            if follower is not None:
                follower.pump()
            if record.finished:
                break
            # A job waits a moment for the scheduler anyway; say so only when Slurm gives a reason.
            pending_note = f"PENDING {record.reason}"
            if record.state == "PENDING" and record.reason != "None" and pending_note != last_pending_note:
                note(f"job {job_id} is pending ({record.reason})")
                last_pending_note = pending_note
            if cancelled_at is not None and time.monotonic() - cancelled_at > CANCEL_WAIT_SECONDS:
                note(f"job {job_id} still {record.state} {CANCEL_WAIT_SECONDS:.0f} s after scancel; giving up")
                return stop.exit_status()
            time.sleep(POLL_SECONDS)
        if follower is not None:
            follower.drain()
    finally:
        if follower is not None:
            follower.close()
    status = record.exit_status()
    if status != 0:
        note(f"job {job_id} ended {record.state} with exit status {status}")
    if stop.requested:
        return stop.exit_status()
    return status
