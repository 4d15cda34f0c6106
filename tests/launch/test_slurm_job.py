"""Reading a job's state and exit status from Slurm's answers (no Slurm needed)."""
from __future__ import annotations

import pytest

from pgas_launch import slurm_job
from pgas_launch.slurm_job import JobRecord

SCONTROL_LINE = (
    "JobId=42 JobName=hello UserId=root(0) GroupId=root(0) JobState={state} Reason=None "
    "Dependency=(null) ExitCode={code} RunTime=00:00:02 WorkDir=/tmp/w StdErr=/tmp/w/hello-42.out "
    "StdIn=/dev/null StdOut=/tmp/w/hello-42.out Power="
)


class FakeResult:
    def __init__(self, returncode: int, stdout: str = "", stderr: str = "") -> None:
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


@pytest.fixture
def slurm_answers(monkeypatch):
    """Replace the Slurm commands by canned answers, keyed by command name."""
    answers = {}
    monkeypatch.setattr(slurm_job, "run_slurm_command", lambda *argv, input_text=None: answers[argv[0]])
    return answers


@pytest.mark.parametrize(
    "state, code, finished, status",
    [
        ("COMPLETED", "0:0", True, 0),
        ("FAILED", "3:0", True, 3),
        ("FAILED", "0:9", True, 137),  # killed by SIGKILL: 128 + 9, as a shell would say
        ("CANCELLED", "0:15", True, 143),
        ("CANCELLED", "0:0", True, 1),  # cancelled before it started: no code, still a failure
        ("TIMEOUT", "0:0", True, 1),
        ("RUNNING", "0:0", False, 0),
        ("PENDING", "0:0", False, 0),
    ],
)
def test_scontrol_record_gives_state_and_exit_status(slurm_answers, state, code, finished, status):
    slurm_answers["scontrol"] = FakeResult(0, SCONTROL_LINE.format(state=state, code=code) + "\n")
    record = slurm_job.query_job("42")
    assert record.state == state
    assert record.finished is finished
    assert record.stdout_path == "/tmp/w/hello-42.out"
    if finished:
        assert record.exit_status() == status


def test_purged_record_falls_back_to_accounting(slurm_answers):
    slurm_answers["scontrol"] = FakeResult(1, "", "slurm_load_jobs error: Invalid job id specified\n")
    slurm_answers["sacct"] = FakeResult(0, "FAILED|2:0\n")
    record = slurm_job.query_job("42")
    assert (record.state, record.exit_status()) == ("FAILED", 2)


def test_purged_record_without_accounting_is_unknown(slurm_answers):
    slurm_answers["scontrol"] = FakeResult(1, "", "slurm_load_jobs error: Invalid job id specified\n")
    slurm_answers["sacct"] = FakeResult(1, "", "sacct: error: Problem talking to the database\n")
    assert slurm_job.query_job("42") is None


def test_other_scontrol_errors_are_raised(slurm_answers):
    slurm_answers["scontrol"] = FakeResult(1, "", "slurm_load_jobs error: Unable to contact slurm controller\n")
    with pytest.raises(slurm_job.SlurmError, match="Unable to contact slurm controller"):
        slurm_job.query_job("42")


@pytest.mark.parametrize("answer, job_id", [("17\n", "17"), ("17;cluster\n", "17")])
def test_submit_reads_the_parsable_job_id(slurm_answers, answer, job_id):
    slurm_answers["sbatch"] = FakeResult(0, answer)
    assert slurm_job.submit("#!/bin/bash\n") == job_id


def test_submit_reports_sbatchs_refusal(slurm_answers):
    slurm_answers["sbatch"] = FakeResult(1, "", "sbatch: error: invalid partition specified: nope\n")
    with pytest.raises(slurm_job.SlurmError, match="invalid partition specified: nope"):
        slurm_job.submit("#!/bin/bash\n")


def test_record_exit_status_prefers_the_signal():
    assert JobRecord("1", "FAILED", exit_code=1, exit_signal=6, stdout_path=None).exit_status() == 134
