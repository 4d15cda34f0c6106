"""Every rank says it is ready, sleeps argv[2] seconds (default 5 minutes, so a broken test cannot
leave it forever), then says it is done. The tests stop it with a signal and then look for the
marker argv[1] in `ps`."""
import sys
import time

import pgas as pg

marker = sys.argv[1]
print(f"ready rank {pg.Pid} {marker}", flush=True)
time.sleep(float(sys.argv[2]) if len(sys.argv) > 2 else 300)
print(f"done rank {pg.Pid} {marker}", flush=True)
