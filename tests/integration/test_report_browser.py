"""The report as a person sees it: rendered by headless Chromium, offline, with no errors.

The map is measured where it is drawn: each event's marker lies whole inside the map
frame and clear of the keys, the size key's markers are as big as the map's for the same
toll, and the Data Docs link opens from the report's folder wherever it is copied.

Chromium comes from Debian's `chromium` package. When it is missing and the tests run as
root (as on the project's machines and in CI), the session fixture installs it; otherwise
these tests skip and say why.
"""

from __future__ import annotations

import math
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
from flows.report.map_layout import marker_area
from tests.flows.test_report import make_world_warehouse
from tests.flows.test_views import make_sample_warehouse
from tests.integration.devtools import FLAGS, DevTools  # headless, no network, no name resolves

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


# --------------------------------------------------------------------------- the map, measured

# Each marker's and key's box on screen, the map frame's box, and where the Data Docs
# link leads: read from the page Chromium laid out.
MAP_FACTS = """
(() => {
  const box = el => {
    const r = el.getBoundingClientRect();
    return {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
  };
  const map = document.querySelector('#map svg');
  const viewBox = map.viewBox.baseVal;
  return {
    px_per_pt: map.getBoundingClientRect().width / viewBox.width,
    frame: box(map.querySelector('#map-frame')),
    keys: [...map.querySelectorAll('#map-key, #map-legend-types')].map(box),
    markers: [...map.querySelectorAll('.event-marker')].map(g => ({
      events: g.dataset.eventIds.split(' '),
      fatalities: Number(g.dataset.fatalities),
      box: box(g),
    })),
    size_key: [...map.querySelectorAll('.size-key-marker')].map(g => ({
      fatalities: Number(g.dataset.fatalities),
      box: box(g),
    })),
    data_docs: [...document.querySelectorAll('#quality a.data-docs')].map(a => a.href),
  };
})()
"""


@pytest.fixture(scope="module")
def world_report(tmp_path_factory) -> tuple[Path, set[str]]:
    """A report on events in five countries, Santiago at the map's south-west corner, with
    Data Docs beside it; the report's folder is moved after it is written, as a reader
    would copy it, and the ids of the events that have coordinates."""
    folder = tmp_path_factory.mktemp("world")
    make_world_warehouse(folder / "w.duckdb")
    built = folder / "built"
    docs = built / "data_docs" / "index.html"
    docs.parent.mkdir(parents=True)
    docs.write_text("<!DOCTYPE html><title>Data Docs</title><h1>Data Docs</h1>")
    con = wh.connect_reader(folder / "w.duckdb")
    report.build_report(con, built, quality_summary(con, built))
    located = {
        event_id
        for (event_id,) in con.execute(
            "SELECT event_id FROM events WHERE latitude IS NOT NULL AND longitude IS NOT NULL"
        ).fetchall()
    }
    con.close()
    moved = built.rename(folder / "copied elsewhere")
    return moved / report.REPORT_FILE, located


@pytest.fixture(scope="module")
def map_facts(chromium, world_report, tmp_path_factory) -> dict:  # noqa: F811
    page, _ = world_report
    profile = tmp_path_factory.mktemp("map-profile")
    with DevTools(chromium, profile, WINDOW) as browser:
        browser.open(page.as_uri())
        facts = browser.evaluate(MAP_FACTS)
        # Follow the Data Docs link as a reader would, from the moved folder on disk.
        browser.evaluate("document.querySelector('#quality a.data-docs').click()")
        browser.wait_for("Page.loadEventFired")
        facts["followed"] = browser.evaluate("[location.href, document.title]")
    assert browser.failed_requests() == []
    outside = [u for u in browser.requested_urls() if not u.startswith(("file:", "data:"))]
    assert outside == [], f"the page reached out: {outside}"
    return facts


def inside(inner: dict, outer: dict, slack: float = 0.5) -> bool:
    return (
        inner["left"] >= outer["left"] - slack
        and inner["right"] <= outer["right"] + slack
        and inner["top"] >= outer["top"] - slack
        and inner["bottom"] <= outer["bottom"] + slack
    )


def overlap(a: dict, b: dict) -> bool:
    across = min(a["right"], b["right"]) - max(a["left"], b["left"])
    down = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    return across > 0 and down > 0


def width(box: dict) -> float:
    return box["right"] - box["left"]


def test_every_event_with_coordinates_is_drawn_whole_inside_the_map_frame(map_facts, world_report):
    _, located = world_report
    markers = map_facts["markers"]
    drawn = [event for m in markers for event in m["events"]]
    assert sorted(drawn) == sorted(located)  # each event on exactly one marker
    scale = map_facts["px_per_pt"]
    for m in markers:
        assert inside(m["box"], map_facts["frame"]), m
        # Whole, not cut by the frame: as wide and as tall as its toll makes it (the box
        # of a circle's fill; its white edge lies outside it).
        expected = math.sqrt(marker_area(m["fatalities"])) * scale
        assert width(m["box"]) == pytest.approx(expected, abs=0.5), m
        assert m["box"]["bottom"] - m["box"]["top"] == pytest.approx(expected, abs=0.5), m
    # Each marker is where its events are: Santiago lies furthest west and south, Kabul
    # furthest east (the markers' tags follow the drawing order).
    middle = {
        m["events"][0]: ((m["box"]["left"] + m["box"]["right"]) / 2, m["box"]["bottom"])
        for m in markers
    }
    assert min(middle, key=lambda e: middle[e][0]) == "w1"
    assert max(middle, key=lambda e: middle[e][1]) == "w1"  # screen y grows downwards
    assert max(middle, key=lambda e: middle[e][0]) == "w3"


def test_no_marker_is_covered_by_a_key(map_facts):
    assert len(map_facts["keys"]) == 2  # the key column and the event-type key in it
    for key in map_facts["keys"]:
        covered = [m["events"] for m in map_facts["markers"] if overlap(m["box"], key)]
        assert covered == [], f"under a key: {covered}"
        assert not overlap(key, map_facts["frame"])  # nor over a place where events could be


def test_the_size_key_draws_1_10_and_100_killed_at_the_maps_scale(map_facts):
    key = {k["fatalities"]: width(k["box"]) for k in map_facts["size_key"]}
    assert sorted(key) == [1, 10, 100]
    assert key[1] < key[10] < key[100]
    on_map = {m["fatalities"]: width(m["box"]) for m in map_facts["markers"]}
    for fatalities in (1, 10, 100):  # Kabul, Abidjan and Santiago
        assert on_map[fatalities] == pytest.approx(key[fatalities], abs=0.5)


def test_the_data_docs_link_opens_them_from_the_copied_folder(map_facts, world_report):
    page, _ = world_report
    index = page.parent / "data_docs" / "index.html"
    assert map_facts["data_docs"] == [index.as_uri()]
    assert map_facts["followed"] == [index.as_uri(), "Data Docs"]
