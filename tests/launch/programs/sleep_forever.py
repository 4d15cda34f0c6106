"""Every rank says it is ready, then sleeps (up to 5 minutes, so a broken test cannot leave it
forever). The tests stop it with a signal and then look for argv[1] in `ps`."""
import sys
import time

import pgas as pg

marker = sys.argv[1]
print(f"ready rank {pg.Pid} {marker}", flush=True)
time.sleep(300)
