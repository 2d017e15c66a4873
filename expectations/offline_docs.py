"""Data Docs that open with no network: local copies of what GX's pages fetch from CDNs.

Great Expectations writes pages that load Bootstrap, jQuery, bootstrap-table and Font
Awesome from CDNs and its logo from S3. Offline (an analyst's laptop on a plane, an
air-gapped network) the index then shows two links and two buttons, the validation
pages are unstyled and their Status column is empty (its icons are Font Awesome). So
after every build the site gets `static/vendor/` (Bootstrap, jQuery, Font Awesome and
the date picker from their XStatic packages, bootstrap-table from
`expectations/data_docs_assets/`), each page's CDN tags point
there, and what has no local copy (the logo, Vega, the dark theme, none of which
sitrep's pages use) is dropped. Rewriting is idempotent: a page already
rewritten is left as it is.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

ASSETS = Path(__file__).resolve().parent / "data_docs_assets"
VENDOR = Path("static") / "vendor"


@dataclass(frozen=True)
class Asset:
    """One file a page needs: where GX fetches it from, and where the local copy goes."""

    url: str  # a regex matching the CDN URL
    local: str | None  # path under static/vendor/, or None: the tag is dropped


# In the order GX's templates load them. Popper comes with Bootstrap's bundle.
PAGE_ASSETS = (
    Asset(r"https://code\.jquery\.com/jquery-[\d.]+\.min\.js", "jquery/jquery.min.js"),
    Asset(r"https://cdnjs\.cloudflare\.com/ajax/libs/popper\.js/[^\"']+", None),
    Asset(
        r"https://stackpath\.bootstrapcdn\.com/bootstrap/[\d.]+/js/bootstrap\.min\.js",
        "bootstrap/js/bootstrap.bundle.min.js",
    ),
    Asset(
        r"https://maxcdn\.bootstrapcdn\.com/bootstrap/[\d.]+/css/bootstrap\.min\.css",
        "bootstrap/css/bootstrap.min.css",
    ),
    Asset(
        r"https://cdnjs\.cloudflare\.com/ajax/libs/font-awesome/[\d.]+/css/all\.min\.css",
        "font-awesome/css/all.min.css",
    ),
    Asset(
        r"https://unpkg\.com/bootstrap-table@[\d.]+/dist/bootstrap-table\.min\.(?P<ext>js|css)",
        "bootstrap-table/bootstrap-table.min.{ext}",
    ),
    Asset(
        r"https://unpkg\.com/bootstrap-table@[\d.]+/dist/extensions/filter-control/"
        r"bootstrap-table-filter-control(?:\.min)?\.(?P<ext>js|css)",
        "bootstrap-table/bootstrap-table-filter-control.min.{ext}",
    ),
    # The index filters its Run Time column with a date picker: without it, the
    # filter-control extension throws and the table stays empty.
    Asset(
        r"https://cdnjs\.cloudflare\.com/ajax/libs/bootstrap-datepicker/[\d.]+/js/"
        r"bootstrap-datepicker\.min\.js",
        "bootstrap-datepicker/bootstrap-datepicker.js",
    ),
    Asset(
        r"https://cdnjs\.cloudflare\.com/ajax/libs/bootstrap-datepicker/[\d.]+/css/"
        r"bootstrap-datepicker\.min\.css",
        "bootstrap-datepicker/bootstrap-datepicker3.standalone.css",
    ),
)
SCRIPT_TAG = re.compile(r"<script\b[^>]*\bsrc=\"(?P<url>https?://[^\"]+)\"[^>]*>\s*</script>", re.S)
LINK_TAG = re.compile(r"<link\b[^>]*\bhref=\"(?P<url>https?://[^\"]+)\"[^>]*/?>", re.S)
IMAGE_TAG = re.compile(r"<img\b[^>]*\bsrc=\"(?P<url>https?://[^\"]+)\"[^>]*/?>", re.S)
CSS_REMOTE_URL = re.compile(r"url\(\s*['\"]?https?://[^)]*\)")
# GX links the favicon of a validation page one folder too high (outside the site).
STATIC_IMAGE = re.compile(r"(?<=href=\")(?:\./|(?:\.\./)+)static/images/")


def vendor_files() -> dict[str, Path]:
    """Each file under static/vendor/ and where it comes from (XStatic packages, assets)."""
    import xstatic.pkg.bootstrap
    import xstatic.pkg.bootstrap_datepicker
    import xstatic.pkg.font_awesome
    import xstatic.pkg.jquery

    bootstrap = Path(xstatic.pkg.bootstrap.BASE_DIR)
    awesome = Path(xstatic.pkg.font_awesome.BASE_DIR)
    datepicker = Path(xstatic.pkg.bootstrap_datepicker.BASE_DIR)
    files = {
        "jquery/jquery.min.js": Path(xstatic.pkg.jquery.BASE_DIR) / "jquery.min.js",
        "bootstrap-datepicker/bootstrap-datepicker.js": datepicker / "bootstrap-datepicker.js",
        "bootstrap-datepicker/bootstrap-datepicker3.standalone.css": (
            datepicker / "bootstrap-datepicker3.standalone.css"
        ),
        "bootstrap/css/bootstrap.min.css": bootstrap / "css" / "bootstrap.min.css",
        "bootstrap/js/bootstrap.bundle.min.js": bootstrap / "js" / "bootstrap.bundle.min.js",
        "font-awesome/css/all.min.css": awesome / "css" / "all.min.css",
        "font-awesome/LICENSE.txt": awesome / "LICENSE.txt",
    }
    for font in sorted((awesome / "webfonts").iterdir()):
        files[f"font-awesome/webfonts/{font.name}"] = font
    for path in sorted((ASSETS / "bootstrap-table").iterdir()):
        files[f"bootstrap-table/{path.name}"] = path
    return files


def copy_vendor_files(docs_dir: Path) -> None:
    """Copy the assets into the site (only those missing or of another size)."""
    for relative, source in vendor_files().items():
        target = docs_dir / VENDOR / relative
        if target.exists() and target.stat().st_size == source.stat().st_size:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def local_asset(url: str) -> str | None:
    """The static/vendor/ path for a CDN URL; None when it has no local copy."""
    for asset in PAGE_ASSETS:
        match = re.fullmatch(asset.url, url)
        if match and asset.local is not None:
            return asset.local.format(**match.groupdict())
    return None


def rewrite_page(html: str, page: Path, docs_dir: Path) -> str:
    """The page with its CDN tags pointing at static/vendor/ and every other remote tag gone.

    The new tags carry no `integrity` or `crossorigin`: those name the CDN's bytes, and
    a local copy of another patch version would be refused by the browser.
    """
    to_vendor = Path(os.path.relpath(docs_dir / VENDOR, page.parent)).as_posix()
    to_images = Path(os.path.relpath(docs_dir / "static" / "images", page.parent)).as_posix()

    def script(match: re.Match) -> str:
        local = local_asset(match["url"])
        return f'<script src="{to_vendor}/{local}"></script>' if local else ""

    def link(match: re.Match) -> str:
        local = local_asset(match["url"])
        if local is None or not local.endswith(".css"):
            return ""  # a remote stylesheet without a local copy, or a remote link of another kind
        return f'<link rel="stylesheet" href="{to_vendor}/{local}">'

    html = STATIC_IMAGE.sub(f"{to_images}/", html)
    html = SCRIPT_TAG.sub(script, html)
    html = LINK_TAG.sub(link, html)
    return IMAGE_TAG.sub("", html)  # GX's logo, fetched from S3 with a tracking query


def make_offline(docs_dir: Path) -> int:
    """Rewrite every page and stylesheet of the site to need nothing remote; return pages changed."""
    docs_dir = Path(docs_dir)
    copy_vendor_files(docs_dir)
    changed = 0
    for page in docs_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        offline = rewrite_page(html, page, docs_dir)
        if offline != html:
            page.write_text(offline, encoding="utf-8")
            changed += 1
    for sheet in (docs_dir / "static" / "styles").glob("*.css"):
        css = sheet.read_text(encoding="utf-8")
        offline = CSS_REMOTE_URL.sub("none", css)  # the navbar logo, a background from S3
        if offline != css:
            sheet.write_text(offline, encoding="utf-8")
    return changed
