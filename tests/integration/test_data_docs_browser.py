"""Data Docs as a person opens them offline: real headless Chromium, no network at all.

Chromium runs in a network namespace of its own (loopback only) and is driven over the
DevTools pipe (tests/integration/devtools.py), so the test sees every request a page
makes, asks the page for computed styles, and takes a screenshot.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from expectations.runner import validate_run
from tests.expectations import synthetic
from tests.integration.devtools import DevTools
from tests.integration.test_report_browser import chromium  # noqa: F401  (the fixture)
from transforms.frames import frame_from_rows

pytestmark = pytest.mark.slow
WINDOW = (1280, 900)
# What a page tells about itself: styles from Bootstrap, the index table drawn by
# bootstrap-table, and the Font Awesome status icons with their glyphs and font.
PAGE_FACTS = """
document.fonts.ready.then(() => {
  const icons = [...document.querySelectorAll('i.fa-check-circle, i.fa-times')];
  const shown = icons.filter(i => i.getBoundingClientRect().width > 0
    && getComputedStyle(i, '::before').content !== 'none');
  const navbar = document.querySelector('.navbar');
  return {
    navbar_display: navbar ? getComputedStyle(navbar).display : null,
    row_display: getComputedStyle(document.querySelector('.row')).display,
    passed_icons: shown.filter(i => i.classList.contains('fa-check-circle')).length,
    failed_icons: shown.filter(i => i.classList.contains('fa-times')).length,
    icon_font: document.fonts.check('900 16px "Font Awesome 6 Free"'),
    table_rows: document.querySelectorAll('.bootstrap-table tbody tr').length,
    remote_images: [...document.images].filter(i => !i.src.startsWith('file:')).length,
  };
})
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """Data Docs of a run whose documents pass and whose events fail one check."""
    root = tmp_path_factory.mktemp("docs")
    frames = synthetic.frames(2, 2)
    frames["events"] = frame_from_rows(
        "events",
        [*synthetic.event_rows(2, 2), synthetic.event(event_id="bad", actor1="Foo Brigade")],
    )
    outcome = validate_run(frames, synthetic.context(), "run-offline", root / "reports", root)
    assert outcome.docs_index is not None
    return outcome.docs_index.parent


def look_at(
    browser_path: Path, tmp_path: Path, page: Path, name: str
) -> tuple[dict, DevTools, Path]:
    with DevTools(browser_path, tmp_path / f"profile-{name}", WINDOW) as browser:
        browser.open(page.as_uri())
        facts = browser.evaluate(PAGE_FACTS)
        shot = browser.screenshot(tmp_path / f"{name}.png")
    return facts, browser, shot


def assert_offline(browser: DevTools, site: Path) -> None:
    inside = site.resolve().as_uri() + "/"
    outside = [
        url
        for url in browser.requested_urls()
        if not url.startswith((inside, "data:"))  # data: URLs are inline, not requests
    ]
    assert outside == [], f"requested outside the site folder: {outside}"
    assert browser.failed_requests() == []


def colour_share(png: Path, rgb: tuple[int, int, int]) -> float:
    pixels = np.asarray(Image.open(png).convert("RGB"), dtype=int)
    return float((np.abs(pixels - np.array(rgb)).sum(axis=2) < 60).mean())


def test_the_index_is_styled_and_shows_pass_and_fail_icons_offline(chromium, site, tmp_path):  # noqa: F811
    facts, browser, shot = look_at(chromium, tmp_path, site / "index.html", "index")
    assert browser.isolated or pytest.skip("no network namespace here")
    assert_offline(browser, site)
    assert facts["navbar_display"] == "flex" and facts["row_display"] == "flex"  # Bootstrap
    assert facts["table_rows"] >= 2  # drawn by bootstrap-table from the page's data
    assert facts["passed_icons"] >= 1 and facts["failed_icons"] >= 1 and facts["icon_font"]
    assert facts["remote_images"] == 0
    assert colour_share(shot, (40, 167, 69)) > 0.00001  # Bootstrap's green check
    assert colour_share(shot, (220, 53, 69)) > 0.00001  # and red cross


def test_a_validation_page_is_styled_with_its_status_icons_offline(chromium, site, tmp_path):  # noqa: F811
    page = next((site / "validations" / "events").rglob("*.html"))
    facts, browser, shot = look_at(chromium, tmp_path, page, "validation")
    assert_offline(browser, site)
    assert facts["row_display"] == "flex"
    # 30 passing expectations; one cross for the failing one and one for the page's status
    assert facts["passed_icons"] >= 10 and facts["failed_icons"] == 2 and facts["icon_font"]
    assert facts["remote_images"] == 0
    assert colour_share(shot, (220, 53, 69)) > 0.00001
