"""Putting it together: `find_metadata` reads a page's title, outlet, author and publication date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from transforms.metadata.header import _header_indices, _same_text, _tidy, is_header_chrome
from transforms.metadata.outlet import (
    _banner_site_heads,
    _banner_site_names,
    _mastheads,
    _menu_brands,
    _outlet_from_lines,
    _outlet_from_url,
    wire_agency,
)
from transforms.metadata.published import _dateline_zone, _find_published, is_copy_stamp
from transforms.metadata.title import _find_byline, _find_title


@dataclass(frozen=True)
class PageMetadata:
    """What a page says about itself, and which of its lines said it.

    `header_lines` are the indices of lines that carried metadata (headline,
    dateline, byline, site banner): they are not article body.
    """

    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    published_date: dt.date | None = None
    published_date_source: str | None = None
    header_lines: frozenset[int] = field(default_factory=frozenset)


def find_metadata(
    lines: Sequence[str],
    meta: Mapping[str, str],
    *,
    furniture: Collection[int] = (),
) -> PageMetadata:
    """Title, outlet, author and publication date of a page, scraper metadata first.

    `lines` are the page's normalised lines (blank ones included); `furniture`
    holds the indices the cleaner found to be page furniture (menus, forms,
    comments, related lists). Furniture never gives a title, author or date,
    but it is where a page names its own site ("Elsewhere on Rudaw").
    """
    meta = {k: (v.strip() if isinstance(v, str) else "") for k, v in (meta or {}).items()}
    header = _header_indices(lines, furniture)
    banners = [i for i in header if " | " in lines[i]]
    site_names = _banner_site_names([lines[i] for i in banners])

    byline_index, author = _find_byline(lines, _dateline_zone(lines, header, furniture))
    author = meta.get("author") or author
    skip = {byline_index} if byline_index is not None else set()
    # "Site | Section" banners: the site is no headline, unless no other line can be one.
    banner_heads = _banner_site_heads([lines[i] for i in banners])
    title_index, title = _find_title(lines, header, site_names + banner_heads, skip)
    if title is None and banner_heads:
        title_index, title = _find_title(lines, header, site_names, skip)
    title = meta.get("title") or title
    mastheads = _mastheads(lines, header, title_index)

    site_names += [lines[i] for i in mastheads]
    weak_names = [name for name in banner_heads if not _same_text(name, title or "")]
    weak_names += _menu_brands(lines, furniture)
    outlet = (
        meta.get("outlet")
        or _outlet_from_lines(lines, site_names, weak_names)
        or _outlet_from_url(meta.get("url"))
        or wire_agency(lines, furniture, header)
    )

    consumed = set(banners) | set(mastheads)
    for index in (title_index, byline_index):
        if index is not None:
            consumed.add(index)
    if meta.get("title"):
        consumed.update(i for i in header if _same_text(lines[i], meta["title"]))
    consumed.update(i for i in header if is_header_chrome(lines[i]) or is_copy_stamp(lines[i]))

    published, source, date_lines = _find_published(lines, header, furniture, meta, title_index)
    consumed.update(date_lines)
    return PageMetadata(
        title=_tidy(title),
        outlet=_tidy(outlet),
        author=_tidy(author),
        url=meta.get("url") or None,
        published_date=published,
        published_date_source=source if published else None,
        header_lines=frozenset(consumed),
    )
