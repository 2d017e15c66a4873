"""Test hooks at named points of a run: pause there (to be killed) or fail on purpose.

tests/integration/test_crash.py kills a run at every point of KILL_POINTS and checks that
the warehouse ends equal to one clean run; tests/integration/test_pipeline.py injects
faults to prove that a failed run changes nothing.
"""

from __future__ import annotations

import os
import time

from flows.settings import Settings

PAUSE_SECONDS = 60.0


KILL_POINTS = (
    "locked",  # the writer lock held, nothing written yet
    "begun",  # the run's row written ('running'), its first transaction closed
    "ingest",  # the input read and hashed
    "extract",  # clean and extract done, before validation
    "validate",  # validated (Data Docs written), before the Parquet
    "lake",  # the Parquet written, before the load transaction
    "load",  # inside the load transaction: the rows loaded
    "status",  # inside the load transaction: the outcome written, before COMMIT
    "committed",  # after COMMIT, before the connection closes
    "finished",  # the outcome recorded, before the writer lock is released
)


def checkpoint(settings: Settings, name: str) -> None:
    """Test hook: pause here when `settings.pause_at` names this point, so a test can kill
    the run or act while it waits.

    The points are KILL_POINTS, in the order a run passes them; `pause_at` holds one point
    or several separated by commas. Writes `settings.pause_file` ("PID POINT", the marker
    the test waits for) and sleeps up to PAUSE_SECONDS, or until the test deletes the
    marker.
    """
    if name not in (settings.pause_at or "").split(","):
        return
    marker = settings.pause_file
    if marker is not None:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(f"{os.getpid()} {name}\n", encoding="utf-8")
    deadline = time.monotonic() + PAUSE_SECONDS
    while time.monotonic() < deadline and (marker is None or marker.exists()):
        time.sleep(0.1)


def raise_fault(point: str) -> None:
    """Test hook: fail on purpose at a named point, to prove a failed run changes nothing."""
    raise RuntimeError(f"injected fault at {point}")
