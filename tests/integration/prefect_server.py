"""A real `prefect server start` for integration tests, and the process helpers around it.

Each server gets a free 127.0.0.1 port, its own PREFECT_HOME and SQLite database, and is
stopped with its whole process group, so a test leaves nothing running behind it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from tests.conftest import ROOT

BIN = Path(sys.executable).parent
PREFECT = BIN / "prefect"
SITREP = BIN / "sitrep"
SERVER_START_TIMEOUT = 90


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthy(api_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=2) as reply:
            return reply.status == 200
    except OSError:
        return False


def tail(path: Path, lines: int = 40) -> str:
    return (
        "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""
    )


def stop(process: subprocess.Popen, timeout: float = 20) -> None:
    """Terminate the process group we started, wait, then kill whatever is left of it."""
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with suppress(subprocess.TimeoutExpired):
        process.wait(timeout=timeout)
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=timeout)


def spawn(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    with open(log, "wb") as out:
        return subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True
        )


@contextmanager
def prefect_server(
    tmp_path: Path, services: bool = False
) -> Iterator[tuple[str, dict[str, str], Path]]:
    """A `prefect server start` of our own; yields (api url, env for clients, its log).

    `services=False` starts the API alone (`--no-services`): no scheduler, so nothing runs
    unless a test triggers it. `services=True` runs the scheduler as a user's server does.
    """
    api_url = f"http://127.0.0.1:{free_port()}/api"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env |= {
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_API_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{tmp_path / 'prefect.db'}",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_UI_ENABLED": "false",
    }
    log = tmp_path / "server.log"
    port = api_url.rsplit(":", 1)[1].split("/")[0]
    command = [str(PREFECT), "server", "start", "--host", "127.0.0.1", "--port", port]
    server = spawn(command if services else [*command, "--no-services"], env, log)
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while not healthy(api_url):
            assert server.poll() is None, f"prefect server exited:\n{tail(log)}"
            assert time.monotonic() < deadline, f"prefect server did not start:\n{tail(log)}"
            time.sleep(0.5)
        yield api_url, env | {"PREFECT_API_URL": api_url}, log
    finally:
        stop(server)


@contextmanager
def api_client(api_url: str):
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: api_url}), get_client(sync_client=True) as c:
        yield c


def wait_for_deployment(client, name: str, serve: subprocess.Popen, log: Path):
    deadline = time.monotonic() + 60
    while True:
        try:
            return client.read_deployment_by_name(name)
        except Exception:
            assert serve.poll() is None, f"sitrep serve exited:\n{tail(log)}"
            assert time.monotonic() < deadline, f"no deployment {name}:\n{tail(log)}"
            time.sleep(0.5)
