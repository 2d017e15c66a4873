"""From a whole HTML page to its article text and the metadata it declares.

Built on the standard library's forgiving `html.parser` so that any markup,
however broken, gives some text and never an exception. The article is the
`itemprop=articleBody` element, else the largest <article>, else an element
whose class names an article body, else <main>, else the element whose direct
paragraphs hold the most text. Navigation, headers, footers, asides, forms,
scripts, styles and anything whose class or id says comments, sidebar, share,
related, newsletter or advert are left out. Block elements become paragraphs
(separated by a blank line) so that the text cleaner can read the result like
any scraped page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

_VOID = frozenset(
    """area base br col embed hr img input link meta param source track wbr""".split()  # noqa: SIM905
)
_DROPPED = frozenset(
    """script style noscript template svg iframe object canvas nav footer aside form button
    select textarea input dialog menu""".split()  # noqa: SIM905
)
_BLOCK = frozenset(
    """address article blockquote body dd details div dl dt fieldset figcaption figure h1 h2 h3
    h4 h5 h6 header hr li main ol p pre section summary table tbody thead tfoot tr ul caption""".split()  # noqa: SIM905
)
_AUTO_CLOSED = {"p": {"p"}, "li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "tr": {"tr"}}
_FURNITURE_PARTS = frozenset(
    """comment comments commentlist sidebar share sharing sharer social related newsletter
    subscribe subscription advert advertisement advertising ads ad promo promoted breadcrumb
    breadcrumbs cookie cookies consent popup modal menu nav navbar navigation footer widget
    recommended popular trending outbrain taboola disqus signin login signup tags tagcloud
    masthead byline-social""".split()  # noqa: SIM905
)
_BODY_CLASS_RE = re.compile(
    r"(?:article|story|entry|post|news|content|main)[-_]?(?:body|content|text|detail)|articlebody",
    re.IGNORECASE,
)
_HTML_TAG_RE = re.compile(
    r"<(?:/?(?:p|div|br|html|body|head|article|section|span|a|h[1-6]|li|ul|ol|script|style|table|td|tr|em|strong|b|i|img|meta|figure|figcaption|blockquote)\b[^>]*|!DOCTYPE\s+html[^>]*)>",
    re.IGNORECASE,
)


def looks_like_html(text: str) -> bool:
    """True when a string is markup rather than text: a doctype or a few common tags."""
    tags = _HTML_TAG_RE.finditer(text[:20000])
    return next(tags, None) is not None and next(tags, None) is not None


@dataclass
class Node:
    """One element of the parsed page: its tag, attributes and children (nodes or text)."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)
    parent: Node | None = None

    def elements(self) -> Iterator[Node]:
        """This node and every element below it, in document order."""
        stack: list[Node] = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed([c for c in node.children if isinstance(c, Node)]))

    def text(self) -> str:
        """All text below this node, whitespace collapsed."""
        parts: list[str] = []
        stack: list[Node | str] = [self]
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                parts.append(item)
            elif item.tag not in ("script", "style", "template"):
                stack.extend(reversed(item.children))
        return re.sub(r"\s+", " ", " ".join(parts)).strip()


class _TreeBuilder(HTMLParser):
    """A tolerant tree builder: unknown end tags are ignored, unclosed ones closed by their parent's end."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.stack: list[Node] = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        closes = _AUTO_CLOSED.get(tag)
        if closes and self.stack[-1].tag in closes:
            self.stack.pop()
        node = Node(tag, {k.lower(): (v or "") for k, v in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k.lower(): (v or "") for k, v in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(node)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(markup: str) -> Node:
    """The page as a tree; never raises (what cannot be parsed is left out)."""
    builder = _TreeBuilder()
    try:
        builder.feed(markup)
        builder.close()
    except Exception:  # html.parser can still trip on pathological input; keep what was read
        pass
    return builder.root


@dataclass(frozen=True)
class HtmlPage:
    """The article text of a page (paragraphs separated by blank lines) and its declared metadata."""

    text: str
    meta: dict[str, str]


def extract_html(markup: str) -> HtmlPage:
    """Article text and metadata (title, outlet, published, author, url) of one HTML page."""
    root = parse_html(markup)
    meta = page_metadata(root)
    body = main_content(root)
    return HtmlPage(text=render_blocks(body), meta=meta)


# -- metadata ---------------------------------------------------------------

_META_KEYS = {
    "published": (
        "article:published_time",
        "og:published_time",
        "published_time",
        "datepublished",
        "pubdate",
        "publishdate",
        "publish-date",
        "publish_date",
        "date",
        "dc.date.issued",
        "dc.date",
        "dcterms.created",
        "sailthru.date",
        "parsely-pub-date",
        "article.published",
    ),
    "outlet": ("og:site_name", "application-name", "publisher", "twitter:site"),
    "title": ("og:title", "twitter:title", "headline", "dc.title"),
    "author": ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author"),
    "url": ("og:url",),
}


def page_metadata(root: Node) -> dict[str, str]:
    """Metadata the page declares: <meta> tags, JSON-LD, <time datetime>, <h1> and <title>."""
    tags: dict[str, str] = {}
    page_title = h1 = time_value = canonical = ""
    for node in root.elements():
        if node.tag == "meta":
            key = (
                node.attrs.get("property")
                or node.attrs.get("name")
                or node.attrs.get("itemprop")
                or ""
            ).lower()
            value = node.attrs.get("content", "").strip()
            if key and value and key not in tags:
                tags[key] = value
        elif node.tag == "title" and not page_title:
            page_title = node.text()
        elif node.tag == "h1" and not h1 and not _in_furniture(node):
            h1 = node.text()
        elif node.tag == "time" and not time_value and not _in_furniture(node):
            time_value = node.attrs.get("datetime", "").strip()
        elif node.tag == "link" and "canonical" in node.attrs.get("rel", "").lower():
            canonical = node.attrs.get("href", "").strip()
    found: dict[str, str] = {}
    for key, names in _META_KEYS.items():
        for name in names:
            value = tags.get(name, "")
            if value and not (key == "author" and value.startswith("http")):
                found[key] = value
                break
    for key, value in _json_ld(root).items():
        found.setdefault(key, value)
    if time_value:
        found.setdefault("published", time_value)
    if canonical:
        found.setdefault("url", canonical)
    title = h1 or found.get("title") or page_title
    if title:
        found["title"] = strip_site_from_title(title, found.get("outlet"))
    if found.get("outlet", "").startswith("@"):
        found["outlet"] = found["outlet"][1:]
    return {k: v for k, v in found.items() if v}


def strip_site_from_title(title: str, outlet: str | None) -> str:
    """ "Headline | Outlet" or "Headline - Outlet" → "Headline" when the tail names the outlet."""
    parts = re.split(r"\s+(?:\||-|\u2013|\u2014|::|»)\s+", title.strip())
    if len(parts) > 1 and outlet:
        folded = outlet.casefold()
        kept = [p for p in parts if folded not in p.casefold() and p.casefold() not in folded]
        if kept:
            return " - ".join(kept)
    if len(parts) > 1 and " | " in title:
        return max(title.split(" | "), key=len).strip()
    return title.strip()


def _json_ld(root: Node) -> dict[str, str]:
    """datePublished, headline, author and publisher from JSON-LD blocks (articles preferred)."""
    found: dict[str, str] = {}
    for node in root.elements():
        if node.tag != "script" or "ld+json" not in node.attrs.get("type", "").lower():
            continue
        raw = "".join(c for c in node.children if isinstance(c, str))
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            continue
        for item in _json_objects(data):
            _take_json_ld_fields(item, found)
    return found


def _json_objects(data: object, depth: int = 0) -> Iterator[dict]:
    if depth > 6:
        return
    if isinstance(data, dict):
        yield data
        for value in data.values():
            if isinstance(value, dict | list):
                yield from _json_objects(value, depth + 1)
    elif isinstance(data, list):
        for value in data[:200]:
            yield from _json_objects(value, depth + 1)


def _take_json_ld_fields(item: dict, found: dict[str, str]) -> None:
    def name_of(value: object) -> str:
        if isinstance(value, list) and value:
            value = value[0]
        if isinstance(value, dict):
            value = value.get("name", "")
        return value.strip() if isinstance(value, str) else ""

    if isinstance(item.get("datePublished"), str):
        found.setdefault("published", item["datePublished"])
    if isinstance(item.get("headline"), str):
        found.setdefault("title", item["headline"])
    if item.get("author") and name_of(item["author"]):
        found.setdefault("author", name_of(item["author"]))
    if item.get("publisher") and name_of(item["publisher"]):
        found.setdefault("outlet", name_of(item["publisher"]))


# -- main content -----------------------------------------------------------


def _is_furniture(node: Node) -> bool:
    """An element that is page furniture by its tag, role, or class/id words."""
    if node.tag in _DROPPED:
        return True
    if node.tag == "header" and not _inside(node, "article"):
        return True
    if node.tag in ("html", "body", "main", "article"):
        return False
    role = node.attrs.get("role", "").lower()
    if role in ("navigation", "banner", "contentinfo", "complementary", "search", "dialog"):
        return True
    if "hidden" in node.attrs or node.attrs.get("aria-hidden") == "true":
        return True
    names = f"{node.attrs.get('class', '')} {node.attrs.get('id', '')}".lower()
    for token in names.split():
        if token.startswith(("has-", "with-", "no-", "is-")):
            continue
        if any(part in _FURNITURE_PARTS for part in re.split(r"[-_]", token)):
            return True
    return False


def _in_furniture(node: Node) -> bool:
    """True when the node or an element around it is furniture (a related card's <time>, say)."""
    current: Node | None = node
    while current is not None:
        if _is_furniture(current):
            return True
        current = current.parent
    return False


def _inside(node: Node, tag: str) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag == tag:
            return True
        parent = parent.parent
    return False


def main_content(root: Node) -> Node:
    """The element holding the article body (see the module docstring for the order of choices)."""
    elements = [n for n in root.elements() if isinstance(n, Node)]
    for node in elements:
        if node.attrs.get("itemprop", "").lower() == "articlebody":
            return node
    articles = [n for n in elements if n.tag == "article"]
    if articles:
        best = max(articles, key=_paragraph_text_length)
        if _paragraph_text_length(best) >= 200:
            return best
    bodies = [
        n
        for n in elements
        if _BODY_CLASS_RE.search(f"{n.attrs.get('class', '')} {n.attrs.get('id', '')}")
        and not _is_furniture(n)
    ]
    if bodies:
        best = max(bodies, key=_paragraph_text_length)
        if _paragraph_text_length(best) >= 200:
            return best
    mains = [n for n in elements if n.tag == "main" or n.attrs.get("role", "").lower() == "main"]
    if mains:
        return max(mains, key=_paragraph_text_length)
    return _densest(elements) or next((n for n in elements if n.tag == "body"), root)


def _paragraph_text_length(node: Node) -> int:
    """Text inside <p> elements below a node (furniture excluded): a measure of article prose."""
    total = 0
    stack = [node]
    while stack:
        item = stack.pop()
        if item is not node and _is_furniture(item):
            continue
        if item.tag == "p":
            total += len(item.text())
            continue
        stack.extend(c for c in item.children if isinstance(c, Node))
    return total


def _densest(elements: list[Node]) -> Node | None:
    """The element whose paragraphs hold the most text (half credit to the grandparent)."""
    scores: dict[int, float] = {}
    by_id: dict[int, Node] = {}
    for node in elements:
        if node.tag != "p" or node.parent is None:
            continue
        length = len(node.text())
        if length < 25:
            continue
        parent = node.parent
        scores[id(parent)] = scores.get(id(parent), 0) + length
        by_id[id(parent)] = parent
        if parent.parent is not None:
            grand = parent.parent
            scores[id(grand)] = scores.get(id(grand), 0) + length / 2
            by_id[id(grand)] = grand
    candidates = [k for k in scores if not _is_furniture(by_id[k])]
    if not candidates:
        return None
    return by_id[max(candidates, key=lambda k: scores[k])]


# -- rendering --------------------------------------------------------------


def visible_text(markup: str) -> str:
    """Every text a reader sees on the page, furniture too (for checks that quote a page:
    a gold event's evidence, a corpus line that must not repeat it)."""
    return render_blocks(parse_html(markup), keep_furniture=True)


def render_blocks(node: Node, keep_furniture: bool = False) -> str:
    """The text of an element with block elements as paragraphs and <br> as line breaks.

    Walks with an explicit stack, so deeply nested markup cannot exhaust recursion.
    """
    blocks: list[str] = []
    current: list[str] = []
    _BLOCK_END = object()
    stack: list[object] = [node]
    while stack:
        item = stack.pop()
        if item is _BLOCK_END:
            _flush(current, blocks)
        elif isinstance(item, str):
            current.append(item.replace("\n", " "))
        elif isinstance(item, Node):
            if item is not node and not keep_furniture and _is_furniture(item):
                continue
            if item.tag in ("script", "style", "template", "head", "title"):
                continue
            if item.tag == "br":
                current.append("\n")
                continue
            if item.tag in ("td", "th"):
                current.append(" ")
            if item.tag in _BLOCK:
                _flush(current, blocks)
                stack.append(_BLOCK_END)
            stack.extend(reversed(item.children))
    _flush(current, blocks)
    return "\n\n".join(blocks)


def _flush(current: list[str], blocks: list[str]) -> None:
    """Close the paragraph being built: tidy its spaces and keep it if it has text."""
    text = "".join(current)
    text = "\n".join(re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n"))
    text = text.strip()
    if text:
        blocks.append(text)
    current.clear()
