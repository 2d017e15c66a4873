"""The report as a person sees it: rendered by headless Chromium, offline, with no errors.

Chromium comes from Debian's `chromium` package. When it is missing and the tests run as
root (as on the project's machines and in CI), the session fixture installs it; otherwise
these tests skip and say why.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from flows import report
from flows import warehouse as wh
from flows.quality import quality_summary
from tests.flows.test_views import make_sample_warehouse
from tests.integration.devtools import FLAGS  # headless, no network, no name resolves

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
WINDOW = (1280, 2000)


def apt_get(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    return subprocess.run(
        ["apt-get", *args], capture_output=True, text=True, env=env, timeout=900, check=False
    )


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's Chromium, installed on first use when we are root."""
    if CHROMIUM.exists():
        return CHROMIUM
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        pytest.skip("chromium is not installed and cannot be (needs root and apt-get)")
    done = apt_get("install", "-y", "chromium")
    if done.returncode != 0:  # a fresh machine has no package lists yet
        apt_get("update")
        done = apt_get("install", "-y", "chromium")
    if done.returncode != 0 or not CHROMIUM.exists():
        pytest.skip(f"apt-get install chromium failed: {done.stderr.strip()[-400:]}")
    return CHROMIUM


@pytest.fixture(scope="module")
def report_file(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("browser")
    make_sample_warehouse(folder / "w.duckdb").close()
    con = wh.connect_reader(folder / "w.duckdb")
    quality = quality_summary(con)
    path = report.build_report(con, folder / "out", quality)
    con.close()
    return path


def run_chromium(chromium: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    return subprocess.run(
        [
            str(chromium),
            *FLAGS,
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def console_problems(stderr: str) -> list[str]:
    """Lines where the page itself complained: console messages, uncaught errors, failed loads.

    Chromium's own start-up chatter (D-Bus, GPU) is not the page's doing and is ignored.
    """
    signs = (":CONSOLE", "Uncaught", "Failed to load resource", "net::ERR_")
    return [line for line in stderr.splitlines() if any(s in line for s in signs)]


def screenshot(chromium: Path, tmp_path: Path, url: str, name: str) -> np.ndarray:
    png = tmp_path / name
    done = run_chromium(
        chromium,
        tmp_path,
        f"--screenshot={png}",
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
        url,
    )
    assert png.exists(), f"no screenshot: {done.stderr[-1000:]}"
    assert console_problems(done.stderr) == []
    return np.asarray(Image.open(png).convert("L"), dtype=float)


def test_the_dom_holds_the_charts_and_the_console_stays_quiet(chromium, report_file, tmp_path):
    done = run_chromium(chromium, tmp_path, "--dump-dom", report_file.as_uri())
    assert done.returncode == 0, done.stderr[-1000:]
    dom = done.stdout
    assert dom.count("<svg") == 3
    assert "Situation report" in dom and "Who held what, and when" in dom
    assert console_problems(done.stderr) == []


def test_the_page_renders_something_to_read(chromium, report_file, tmp_path):
    pixels = screenshot(chromium, tmp_path, report_file.as_uri(), "page.png")
    assert pixels.shape == (WINDOW[1], WINDOW[0])
    assert pixels.std() > 20, "the screenshot is (nearly) blank"
    assert (pixels < 100).mean() > 0.005, "hardly any dark ink: text or charts are missing"


def test_an_article_link_opens_the_article_over_the_page(chromium, report_file, tmp_path):
    doc_id = "d1"
    page = screenshot(chromium, tmp_path, report_file.as_uri(), "page.png")
    opened = screenshot(chromium, tmp_path, f"{report_file.as_uri()}#doc-{doc_id}", "doc.png")
    # The article panel dims everything around it: the page's margins turn grey.
    margin = (slice(100, 1900), slice(0, 40))
    assert page[margin].mean() > 240
    assert opened[margin].mean() < 200
