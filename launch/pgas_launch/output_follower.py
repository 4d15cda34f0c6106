"""Copy a job's output file to our stdout as it grows (``tail -f`` that knows when to stop)."""
from __future__ import annotations

import os
import sys
import time
from typing import BinaryIO, Optional


class OutputFollower:
    def __init__(self, path: str, sink: Optional[BinaryIO] = None) -> None:
        self.path = path
        self.sink = sink if sink is not None else sys.stdout.buffer
        self._file: Optional[BinaryIO] = None

    def pump(self) -> int:
        """Copy whatever was appended since the last call; the number of bytes copied."""
        if self._file is None:
            if not os.path.exists(self.path):
                return 0  # the job has not started yet, or the file is on a node we cannot see
            self._file = open(self.path, "rb")
        data = self._file.read()
        if data:
            self.sink.write(data)
            self.sink.flush()
        return len(data)

    def drain(self, settle_seconds: float = 0.3, max_seconds: float = 3.0) -> None:
        """After the job ended: copy until the file has stopped growing (shared file systems lag)."""
        deadline = time.monotonic() + max_seconds
        quiet_since = time.monotonic()
        while time.monotonic() < deadline:
            if self.pump():
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since >= settle_seconds:
                break
            time.sleep(0.05)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
