"""Catching Ctrl-C / SIGTERM / SIGHUP so pgas-launch can stop the job before it exits itself."""
from __future__ import annotations

import contextlib
import signal
from typing import Iterator, List, Optional

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class StopRequest:
    """Remembers the first stop signal received; the wait loops poll it."""

    def __init__(self) -> None:
        self.signal: Optional[int] = None
        self.count = 0

    def _handle(self, signum: int, _frame: object) -> None:
        if self.signal is None:
            self.signal = signum
        self.count += 1

    @property
    def requested(self) -> bool:
        return self.signal is not None

    def exit_status(self) -> int:
        """What a shell reports for a process killed by this signal: 128 + its number."""
        assert self.signal is not None
        return 128 + self.signal


@contextlib.contextmanager
def catching_stop_signals() -> Iterator[StopRequest]:
    request = StopRequest()
    previous: List[tuple] = []
    for sig in STOP_SIGNALS:
        previous.append((sig, signal.signal(sig, request._handle)))
    try:
        yield request
    finally:
        for sig, handler in previous:
            signal.signal(sig, handler)
