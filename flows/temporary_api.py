"""The temporary Prefect API of an ad-hoc `sitrep run` dies with the run.

Without PREFECT_API_URL, Prefect starts a temporary API server (uvicorn, about 220 MB)
as a child process and stops it when the process exits normally. A run killed with
SIGKILL never gets to stop it, and the server stays up as an orphan. So sitrep starts
that server itself, from the main thread, before the flow: on Linux the child is asked
to receive SIGTERM when its parent dies (prctl PR_SET_PDEATHSIG, set between fork and
exec, and tied to the thread that forked, hence the main thread). Prefect keeps one
server per process, so every later Prefect call uses this one.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import signal
import subprocess
import sys

PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Run in the server's process between fork and exec: SIGTERM when `parent` dies."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)


def start_temporary_api() -> None:
    """Start Prefect's temporary API now as a child that ends with this process; nothing
    to do when PREFECT_API_URL names a server or temporary servers are off."""
    from prefect.settings import PREFECT_API_URL, PREFECT_SERVER_EPHEMERAL_ENABLED

    if PREFECT_API_URL.value() or not PREFECT_SERVER_EPHEMERAL_ENABLED.value():
        return
    if not sys.platform.startswith("linux"):
        return
    from prefect.server.api import server as api_server

    instance = api_server.SubprocessASGIServer()
    if instance.running:
        return
    popen = subprocess.Popen
    # Prefect's start() calls subprocess.Popen itself: for that one call (this thread, at
    # start-up, before any other thread runs), every new process gets the death signal.
    subprocess.Popen = functools.partial(
        popen, preexec_fn=functools.partial(die_with_parent, os.getpid())
    )
    try:
        instance.start()
    finally:
        subprocess.Popen = popen
