"""Every rank takes part in a barrier, then `rank` (argv[2], or every rank for "all") exits with
status argv[1] while the others exit 0: the launcher must report that status."""
import sys

import pgas as pg

status, who = int(sys.argv[1]), sys.argv[2]
pg.comm().Barrier()
sys.exit(status if who == "all" or int(who) == pg.Pid else 0)
