"""A batch function for the Dask fault test: the worker process handed the chosen release dies (SIGKILL) the
first time, as a machine lost mid-run would; every other batch runs as normal. The marker file, named by
PRESSROOM_TEST_KILL_MARKER, records the kill so that the batch run again on another worker succeeds.
Workers import this module by name: a LocalCluster's processes start with the test's sys.path."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from lib import cluster

REAL = cluster.batch_rows


def rows_or_die(chunk):
    marker = Path(os.environ["PRESSROOM_TEST_KILL_MARKER"])
    victim = os.environ["PRESSROOM_TEST_KILL_RELEASE"]
    if any(rid == victim for rid, *_ in chunk):
        try:
            with marker.open("x") as f:  # only the first worker handed the release creates it
                f.write(str(os.getpid()))
        except FileExistsError:
            return REAL(chunk)
        os.kill(os.getpid(), signal.SIGKILL)
    return REAL(chunk)
