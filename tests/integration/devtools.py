"""A small Chrome DevTools Protocol client over `--remote-debugging-pipe` (not a test).

A pipe, not a port: Chromium can then run in a network namespace of its own
(`unshare --net`, loopback only), where no port of ours could reach it, and the test
still sees every request the page makes (Network.requestWillBeSent), can ask the page
for computed styles (Runtime.evaluate) and take a screenshot (Page.captureScreenshot).
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # no name resolves, even with a network
]


def network_isolation() -> list[str]:
    """`unshare --net` when it works here (root, or user namespaces): no route anywhere."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "--net", "true"], check=False).returncode == 0:
        return [unshare, "--net"]
    return []


class DevTools:
    """One headless Chromium driven over the DevTools pipe; use as a context manager."""

    def __init__(self, chromium: Path, profile: Path, window: tuple[int, int]) -> None:
        to_browser, self._commands = os.pipe()
        self._replies, from_browser = os.pipe()
        flags = [*FLAGS, f"--user-data-dir={profile}", f"--window-size={window[0]},{window[1]}"]
        # The browser reads commands on fd 3 and writes replies on fd 4.
        script = f'exec "$@" --remote-debugging-pipe 3<&{to_browser} 4>&{from_browser}'
        self.isolated = bool(network_isolation())
        self.process = subprocess.Popen(
            [*network_isolation(), "bash", "-c", script, "chromium", str(chromium), *flags],
            pass_fds=(to_browser, from_browser),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self.session: str | None = None

    def __enter__(self) -> DevTools:
        target = self.send("Target.createTarget", url="about:blank", session=False)["targetId"]
        self.session = self.send(
            "Target.attachToTarget", targetId=target, flatten=True, session=False
        )["sessionId"]
        self.send("Network.enable")
        self.send("Page.enable")
        return self

    def __exit__(self, *exc: object) -> None:
        with contextlib.suppress(Exception):  # closing anyway
            self.send("Browser.close", session=False, timeout=10)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        os.close(self._commands)
        os.close(self._replies)

    # ------------------------------------------------------------------ protocol

    def send(
        self, method: str, session: bool = True, timeout: float = 60, **params: Any
    ) -> dict[str, Any]:
        """Send one command and wait for its reply; events that arrive meanwhile are kept."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._receive(timeout)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def wait_for(self, event: str, timeout: float = 60) -> dict[str, Any]:
        """The first not yet seen event of this name (waiting for it if needed)."""
        for seen in self.events:
            if seen["method"] == event and not seen.get("_taken"):
                seen["_taken"] = True
                return seen
        deadline = time.monotonic() + timeout
        while True:
            message = self._receive(max(0.1, deadline - time.monotonic()))
            if message.get("method") == event:
                message["_taken"] = True
                return message

    def _receive(self, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._replies], [], [], max(0.0, left))
            if not ready:
                raise TimeoutError("no answer from Chromium")
            chunk = os.read(self._replies, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message = json.loads(raw)
        if "method" in message:
            self.events.append(message)
        return message

    # ------------------------------------------------------------------ page helpers

    def open(self, url: str, settle_seconds: float = 1.0) -> None:
        """Navigate and wait for the load event, then let the page's scripts run."""
        self.send("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")
        time.sleep(settle_seconds)

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (promises awaited)."""
        result = self.send(
            "Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"page script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def requested_urls(self) -> list[str]:
        return [
            e["params"]["request"]["url"]
            for e in self.events
            if e["method"] == "Network.requestWillBeSent"
        ]

    def failed_requests(self) -> list[str]:
        ids = {
            e["params"]["requestId"]: e["params"]["request"]["url"]
            for e in self.events
            if e["method"] == "Network.requestWillBeSent"
        }
        return [
            f"{ids.get(e['params']['requestId'], '?')}: {e['params'].get('errorText')}"
            for e in self.events
            if e["method"] == "Network.loadingFailed"
        ]

    def screenshot(self, path: Path) -> Path:
        data = self.send("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))
        return path
