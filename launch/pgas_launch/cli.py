"""Command line of pgas-launch (SPEC §7)."""
from __future__ import annotations

import argparse
import re
import shlex
import sys
from pathlib import Path
from typing import Optional, Sequence

from . import __version__
from .local import LauncherNotFound, local_command, run_local
from .program import ProgramError, rank_command
from .request import LaunchRequest, SlurmOptions
from .sbatch_script import sbatch_script
from .slurm import attach, run_slurm
from .slurm_job import SlurmError

DESCRIPTION = """\
Run an SPMD pgas program on N ranks: on this machine through mpirun, or as a Slurm job.
The exit status is the program's (locally) or the job's (--slurm). Ctrl-C or SIGTERM stops
every rank (locally) or cancels the job (--slurm)."""

EPILOG = """\
examples:
  pgas-launch -n 4 prog.py --size 100
  pgas-launch --slurm --nodes 2 --ntasks-per-node 16 --time 00:30:00 prog.py
  id=$(pgas-launch --slurm -n 8 --no-wait prog.py); pgas-launch --attach "$id"
  pgas-launch --slurm -n 8 --dry-run prog.py > job.sh     # the script, to read or submit by hand

see docs/launching.md"""

# Slurm accepts minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM and D-HH:MM:SS (sbatch(1), --time).
_SLURM_TIME = re.compile(r"^(\d+-)?\d+(:\d+){0,2}$")
_SLURM_ONLY = ("nodes", "ntasks_per_node", "time", "partition", "account", "job_name", "output")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _slurm_time(text: str) -> str:
    if not _SLURM_TIME.match(text):
        raise argparse.ArgumentTypeError(f"'{text}' is not a Slurm time (minutes, HH:MM:SS or D-HH:MM:SS)")
    return text


def _single_word(text: str) -> str:
    # #SBATCH lines end at whitespace; a value with a space would be cut silently.
    if not text or any(c.isspace() for c in text):
        raise argparse.ArgumentTypeError(f"'{text}' must be non-empty and contain no whitespace")
    return text


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pgas-launch",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add = parser.add_argument
    add("-n", "--ntasks", type=_positive, metavar="N", help="number of ranks (default 1, or nodes x ntasks-per-node)")
    add("--threads", type=_positive, default=1, metavar="T",
        help="threads per rank: sets OMP_NUM_THREADS, OPENBLAS_NUM_THREADS, MKL_NUM_THREADS (default 1)")
    add("--dry-run", action="store_true", help="print the mpirun command (or the sbatch script) and run nothing")
    add("--python", default=sys.executable, metavar="PY",
        help="interpreter for .py programs (default: the one running pgas-launch)")
    add("--version", action="version", version=f"pgas-launch {__version__}")

    slurm = parser.add_argument_group("Slurm")
    sadd = slurm.add_argument
    sadd("--slurm", action="store_true", help="submit a Slurm batch job instead of running locally")
    sadd("--nodes", type=_positive, metavar="K", help="#SBATCH --nodes")
    sadd("--ntasks-per-node", type=_positive, metavar="M", help="#SBATCH --ntasks-per-node")
    sadd("--time", type=_slurm_time, metavar="T", help="#SBATCH --time, e.g. 30 or 01:00:00")
    sadd("--partition", type=_single_word, metavar="P", help="#SBATCH --partition")
    sadd("--account", type=_single_word, metavar="A", help="#SBATCH --account")
    sadd("--job-name", type=_single_word, metavar="NAME", help="#SBATCH --job-name (default: the program's name)")
    sadd("--output", type=_single_word, metavar="FILE",
         help="#SBATCH --output, stdout and stderr of all ranks (default: NAME-%%j.out, %%j = job id)")
    sadd("--no-wait", action="store_true", help="print the job id and return at once instead of following the job")
    sadd("--attach", metavar="JOBID", help="follow an already submitted job: stream its output, return its status")

    add("program", nargs="?", help="a .py file, or an executable")
    add("args", nargs=argparse.REMAINDER, help="arguments of the program")
    return parser


def _request(parser: argparse.ArgumentParser, options: argparse.Namespace) -> LaunchRequest:
    per_node = None
    if options.nodes is not None and options.ntasks_per_node is not None:
        per_node = options.nodes * options.ntasks_per_node
    if options.ntasks is not None and per_node is not None and options.ntasks != per_node:
        parser.error(
            f"-n {options.ntasks} contradicts --nodes {options.nodes} x --ntasks-per-node "
            f"{options.ntasks_per_node} = {per_node}"
        )
    ranks = options.ntasks or per_node or options.ntasks_per_node or 1
    try:
        program = rank_command(options.program, options.args, options.python)
    except ProgramError as error:
        parser.error(str(error))
    slurm = None
    if options.slurm:
        name = options.job_name or re.sub(r"[^A-Za-z0-9_.-]", "_", Path(options.program).stem) or "pgas"
        slurm = SlurmOptions(
            nodes=options.nodes,
            ntasks_per_node=options.ntasks_per_node,
            time=options.time,
            partition=options.partition,
            account=options.account,
            job_name=name,
            output=options.output or f"{name}-%j.out",
        )
    return LaunchRequest(ranks=ranks, threads=options.threads, program=program, slurm=slurm)


def _check_combinations(parser: argparse.ArgumentParser, options: argparse.Namespace) -> None:
    if options.attach is not None:
        if options.program is not None or options.dry_run or options.no_wait:
            parser.error("--attach JOBID takes no program, --dry-run or --no-wait")
        return
    if options.program is None:
        parser.error("no program given (usage: pgas-launch [options] [--] prog.py [args])")
    if not options.slurm:
        given = [f"--{name.replace('_', '-')}" for name in _SLURM_ONLY if getattr(options, name) is not None]
        given += ["--no-wait"] if options.no_wait else []
        if given:
            parser.error(f"{', '.join(given)} only make(s) sense with --slurm")
    if options.no_wait and options.dry_run:
        parser.error("--no-wait and --dry-run exclude each other")


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    options = parser.parse_args(argv)
    _check_combinations(parser, options)
    try:
        if options.attach is not None:
            return attach(options.attach)
        request = _request(parser, options)
        if options.dry_run:
            if request.slurm:
                sys.stdout.write(sbatch_script(request))
            else:
                print(shlex.join(local_command(request)))  # quoted: it can be pasted into a shell
            return 0
        if request.slurm:
            return run_slurm(request, wait=not options.no_wait)
        return run_local(request)
    except LauncherNotFound as error:
        print(f"pgas-launch: error: {error}", file=sys.stderr)
        return 127
    except SlurmError as error:
        print(f"pgas-launch: error: {error}", file=sys.stderr)
        return 1
