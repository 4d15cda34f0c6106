"""A per-test time limit for tests that could hang (a lost message): after ``seconds`` the rank
dumps its stack and exits, and mpirun ends the whole job with a failure."""
import contextlib
import faulthandler
import sys
from typing import Iterator


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    faulthandler.dump_traceback_later(seconds, exit=True, file=sys.__stderr__)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()
