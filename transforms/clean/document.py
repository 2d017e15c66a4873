"""`clean_document`, the one entry point: the page's text (HTML reduced to its article) and
metadata, its furniture and header dropped, the body rendered; a page that is all header
keeps its headline as its body.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence

from transforms.clean.body import drop_author_note, drop_repeats, render_body, strip_photo_credit
from transforms.clean.characters import normalise_text
from transforms.clean.chrome import is_furniture_line
from transforms.clean.day_marks import find_day_marks, published_by_headings
from transforms.clean.furniture import find_furniture
from transforms.html import extract_html, looks_like_html
from transforms.metadata import find_metadata
from transforms.models import Article, RawDocument

_TAG_START_RE = re.compile(r"<[a-zA-Z!/]")
MAX_INPUT_CHARS = 2_000_000  # a news article is far smaller; beyond this is a dump, not a page


def clean_document(raw: RawDocument) -> Article:
    """The article body of a scraped page, with its title, outlet, author and publication date."""
    text, meta = page_text_and_meta(raw)
    lines = [strip_photo_credit(line) for line in normalise_text(text).split("\n")]
    furniture = find_furniture(lines)
    page = find_metadata(lines, meta, furniture=furniture)
    body = [
        i
        for i, line in enumerate(lines)
        if line and i not in furniture and i not in page.header_lines
    ]
    body = drop_author_note(lines, body, page.author)
    body = drop_repeats(lines, body, page.title)
    if not body:
        body = headline_as_body(lines, page.header_lines, page.title)
    clean_text = render_body(lines, body)
    marks = find_day_marks(lines, set(body), clean_text)
    published = published_by_headings(page.published_date, marks)
    return Article(
        doc_id=raw.doc_id,
        file_name=raw.file_name,
        clean_text=clean_text,
        source_record=raw.source_record,
        title=page.title,
        outlet=page.outlet,
        author=page.author,
        url=page.url,
        published_date=published,
        published_date_source=page.published_date_source
        if published == page.published_date
        else "text",
        day_marks=marks,
    )


def headline_as_body(lines: Sequence[str], header: Collection[int], title: str | None) -> list[int]:
    """A page that is all header ("Car bomb kills 12 in Mogadishu market", "Troops
    retook Kidal.") is a headline-only item or a one-line snippet: its headline, or its
    header lines that read as sentences, are what it reports."""

    def reports(line: str) -> bool:
        words = len(line.split())
        if is_furniture_line(line) or words < 3:
            return False
        return (line == (title or "").strip() and words >= 4) or line.endswith((".", "!"))

    return [i for i in sorted(header) if reports(lines[i].strip())]


def page_text_and_meta(raw: RawDocument) -> tuple[str, dict[str, str]]:
    """The page's text (HTML reduced to its article) and its metadata, the scraper's winning."""
    text = raw.text if isinstance(raw.text, str) else str(raw.text or "")
    text = text[:MAX_INPUT_CHARS]
    meta = _string_meta(raw.meta)
    if looks_like_html(text) or (raw.fmt == "html" and _TAG_START_RE.search(text)):
        page = extract_html(text)
        return page.text, {**page.meta, **meta}
    return text, meta


def _string_meta(meta: Mapping[str, object] | None) -> dict[str, str]:
    """The non-empty string values of the scraper's metadata."""
    if not meta:
        return {}
    return {str(k): str(v).strip() for k, v in meta.items() if v is not None and str(v).strip()}
