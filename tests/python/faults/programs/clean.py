"""Every rank ends cleanly, some a little later than others: the job's status must be 0 (or the
status given on the command line, on every rank)."""
import sys
import time

import pgas as pg

status = int(sys.argv[1]) if len(sys.argv) > 1 else 0
A = pg.ones((100,), map=pg.dmap([pg.Np]))
A.sum()
time.sleep(0.5 * pg.Pid)  # the ranks reach their end at different times
if status:
    sys.exit(status)
