"""Turn ``prog.py args`` (or ``./exe args``) into the command line every rank runs."""
from __future__ import annotations

import os
import shutil
from typing import List, Sequence


class ProgramError(ValueError):
    """The program to launch does not exist or cannot be run."""


def rank_command(program: str, args: Sequence[str], python: str) -> List[str]:
    """The argv of one rank.

    A ``.py`` file runs under ``python`` (by default the interpreter running pgas-launch, so the
    ranks see the same installed pgas). Anything else must be an executable file or a command on
    PATH, e.g. a C++ pgas program.
    """
    if program.endswith(".py"):
        if not os.path.isfile(program):
            raise ProgramError(f"program '{program}' not found")
        return [python, program, *args]
    if os.sep in program:
        if not (os.path.isfile(program) and os.access(program, os.X_OK)):
            raise ProgramError(f"program '{program}' not found or not executable")
        return [program, *args]
    if shutil.which(program) is None:
        raise ProgramError(f"program '{program}' is neither a .py file nor a command on PATH")
    return [program, *args]
