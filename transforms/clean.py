"""Cleaning a scraped article: keep the body, drop the page around it, find the metadata.

`clean_document` is the one entry point. It reads plain text, whole HTML pages
(`transforms.html` picks the article out first) and JSON-lines records whose
text may be either. The steps, each a small function below:

1. normalise the characters (NFC, straight quotes, no control or zero-width
   characters, one kind of space; a menu bar's wide gaps become " | ") and
   cut the photo credit closing a caption ("REUTERS/Name", "(AFP Photo/Name)");
2. find the page furniture line by line: sign-in and comment forms, menu
   bars ("Home | News | Sport", "MENU News Opinion Video"), share widgets,
   banners, cookie and newsletter boxes, tweets' embed trailers, leftover
   code, reader comments in their usual shapes ("Name | date", "Name, date -
   text", and "Name - text" under a comments heading), and the tail sections
   that follow an article (comments, "Elsewhere on ...", "Latest Posts",
   "About This Blog", an unnamed list of headlines ending the page) up to
   where article prose resumes, if it does;
3. read the metadata from what is left (`transforms.metadata`): the headline,
   dateline and byline lines are metadata, not body, and so is a closing note
   on the author ("Name is a senior fellow ...");
4. render the body: repeated captions once, hyphenated names rejoined, one
   blank line between paragraphs and single line breaks where the source had them.

The headline is NOT kept in `clean_text`: it lives in `Article.title`. Headlines
restate (or overstate, "ISIS hit by twin offensives") an event the body
reports, so keeping them would make extraction report events twice.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence

from transforms.html import extract_html, looks_like_html
from transforms.metadata import TWEET_TRAILER_RE, find_metadata, is_prose, is_section_words
from transforms.models import Article, RawDocument

_TAG_START_RE = re.compile(r"<[a-zA-Z!/]")
MAX_INPUT_CHARS = 2_000_000  # a news article is far smaller; beyond this is a dump, not a page

# ---------------------------------------------------------------------------
# 1. Characters
# ---------------------------------------------------------------------------

_CHARACTER_MAP = {
    **dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032"), "'"),
    **dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f\u2033"), '"'),
    **dict.fromkeys(
        map(
            ord,
            "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t",
        ),
        " ",
    ),
    # Zero-width spaces, word joiner, BOM, soft hyphen and bidi controls carry no text.
    **dict.fromkeys(
        map(
            ord,
            "\u200b\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c",
        ),
        None,
    ),
    **dict.fromkeys(map(ord, "\r\u2028\u2029\u0085\x0b\x0c"), "\n"),
}
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufff9-\ufffb\ufffe\uffff]")
# ZWJ/ZWNJ shape Persian and Kurdish words; elsewhere they only break words apart.
_STRAY_JOINER_RE = re.compile(
    r"[\u200c\u200d](?![\u0600-\u06ff])|(?<![\u0600-\u06ff])[\u200c\u200d]"
)
_ENTITY_RE = re.compile(r"&(?:#\d{2,7}|#[xX][0-9a-fA-F]{2,6}|[a-zA-Z]{2,8});")
_SPACES_RE = re.compile(r" {2,}")
_BLANK_RUN_RE = re.compile(r"\n{3,}")  # one blank line says "new paragraph" as well as ten


def normalise_text(text: str) -> str:
    """NFC text with straight quotes, plain spaces, '\\n' line ends and no control characters."""
    text = text.replace("\r\n", "\n")
    if _ENTITY_RE.search(text):
        text = html.unescape(text)
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_CHARACTER_MAP)
    text = _CONTROL_RE.sub("", text)
    if "\u200c" in text or "\u200d" in text:
        text = _STRAY_JOINER_RE.sub("", text)
    text = "\n".join(_normalise_line(line) for line in text.split("\n"))
    return _BLANK_RUN_RE.sub("\n\n", text)


# Items of a menu bar: wide gaps (two spaces or more), pipes, bullets or " / " between them.
_MENU_GAP_RE = re.compile(r" {2,}|\s*[|\u2022\u00b7]\s*|\s+/\s+")


def _normalise_line(line: str) -> str:
    """One line with its spaces collapsed; a menu bar's wide gaps become " | " first.

    Collapsing "Home  News  Sport" to "Home News Sport" would hide that it is a
    row of links; as "Home | News | Sport" the furniture rules still see it.
    """
    line = line.strip()
    if "  " in line:
        items = [item for item in _MENU_GAP_RE.split(line) if item]
        if len(items) >= 2 and menu_items(items):
            return " | ".join(_SPACES_RE.sub(" ", item) for item in items)
    return _SPACES_RE.sub(" ", line)


# ---------------------------------------------------------------------------
# 2. Furniture
# ---------------------------------------------------------------------------


def _full_line(*patterns: str) -> re.Pattern[str]:
    """One case-insensitive pattern matching a whole line that is any of `patterns`."""
    return re.compile(r"(?:" + "|".join(patterns) + r")[\s.:!|>»›-]*", re.IGNORECASE)


# Lines that are never article text, wherever they stand.
FURNITURE_LINE_RE = _full_line(
    # sign-in, sign-up and comment forms
    r"sign ?in(?: / ?up)?|sign ?up|log ?in|log ?out|register|subscribe(?: now)?|forgot (?:your )?password\??",
    r"not a member.*|or connect using.*|(?:add contribution|comment|post) as a guest",
    r"your email(?: address)? will not be (?:displayed|published|shared).*",
    r"benefit of signing.*|required fields are marked.*|you must be logged in.*",
    r"(?:post|submit|add|write) (?:a |your )?comment|log in to (?:comment|reply).*",
    # menus and page chrome
    r"accessibility links|skip to (?:main )?(?:content|navigation)|skip navigation|jump to.{0,30}",
    r"select page|breaking news|main menu|menu|home|search|close|toggle navigation|back to top",
    r"advertisement|advertising|sponsored|ad|loading\W*|continue reading(?: the main story)?",
    r"story continues below.{0,20}|scroll to continue.{0,20}|click to (?:expand|enlarge)",
    r"(?:toggle|hide|show) caption|enlarge this image|image copyright.*|media playback is unsupported.*",
    r"listen to this article.*|\d+ min(?:ute)?s? read|reuse this content|print this (?:article|page)",
    r"media id: ?\d+|page (?:generated|loaded|rendered) in .*|\d+(?:\.\d+)? ?(?:seconds?|secs?|ms)",
    r"(?:load|show|see|view) more(?: comments| stories| articles)?",
    r"please enable javascript.*|your browser does not support.*|we use cookies.*|accept (?:all )?cookies",
    r"(?:this|our) (?:site|website) uses cookies.*|by (?:continuing|using) (?:to (?:use|browse) )?(?:this|our) (?:site|website).{0,200}",
    r"(?:sign up|subscribe|get|receive|enter your e-?mail)\b.{0,80}\b(?:newsletters?|inbox|briefing|e-?mail updates?)\b.{0,80}",
    r"(?:privacy|cookie) policy|terms (?:of|and) (?:use|service|conditions)|contact us|about us",
    # share widgets
    r"share(?: this)?(?: article| story| post| page)?(?: (?:on|via|with) (?:facebook|twitter|whatsapp|telegram|e-?mail|messenger|linkedin|reddit))?",
    r"(?:tweet|email|print|copy link|facebook|twitter|whatsapp|telegram|linkedin|reddit|pinterest)",
    r"follow (?:us|\w+) on .{1,60}|join (?:us on|our) (?:telegram|whatsapp|facebook).*",
    # calls to action and disclaimers
    r"be part of your [\w&.\- ]{1,40}!?|share your (?:stories|photos|videos|news).*",
    r"(?:sign up|subscribe) (?:for|to) (?:our|the) .{1,80}|download (?:our|the) app.*",
    r"the (?:views|opinions) expressed (?:in|here|by).{0,200}",
    r"are you a (?:dedicated|regular|loyal) reader.{0,400}",
    r"(?:please )?(?:support|donate to) (?:our|us|independent) (?:journalism|reporting|work|newsroom).{0,300}",
    r"from the section .{1,40}|source: .{1,40}(?:and|news) agencies",
    r"views expressed (?:here )?are (?:the author's|those of the author).{0,120}",
    # footers and credits
    r"(?:©|\(c\)|copyright\b).{0,200}|.{0,160}\ball rights reserved.{0,80}",
    r"\(?(?:additional )?(?:reporting|writing|editing|compiled|translated) by .{1,200}",
    r"our standards:.{0,80}|(?:tags|topics|filed under|categories|posted in)\s*:.{0,300}",
    r"\(?(?:photo(?:graph)?s?|pictures?|images?|(?:photo |image )?credits?)\s*(?::|\||/)\s*[^.]{1,80}\)?",
    r"(?:next|previous|prev) (?:article|post|story)|read next|up next",
    r"(?:read (?:more|also|next)|see also|related|more on this|watch|listen)\s*:\s*.{1,200}",
    r"(?:reuters|afp|ap|epa|getty images)(?: photo)?/.{1,60}",
    r"https?://\S+|www\.\S+",
)

# Headings that open the readers' comments: "Comments", "Reader comments (2)", "3 comments".
COMMENTS_HEADING = (
    r"what you say|(?:\d+ )?(?:reader'?s?'? |user |your |visitor )?comments?(?: \(\d+\))?"
    r"|(?:leave|post|add) (?:a |your )?(?:comment|reply)|join the (?:conversation|discussion)"
    r"|show (?:all )?comments|(?:\d+ )?(?:responses?|replies)(?: \(\d+\))?|have your say"
)
COMMENTS_HEADING_RE = _full_line(COMMENTS_HEADING)

# Headings after which the rest of the page is not the article (until article prose resumes).
TAIL_MARKER_RE = _full_line(
    COMMENTS_HEADING,
    r"elsewhere on .{1,40}|more from .{1,40}|also on .{1,40}|more (?:stories|news|articles|videos)(?: from .{1,40})?",
    r"latest(?: (?:posts|news|stories|articles|videos|headlines))?",
    r"most (?:popular|read|viewed|shared|commented|watched|recent)(?: (?:stories|articles|posts|now))?",
    r"popular(?: (?:posts|stories|now|articles))?|recent (?:posts|stories|articles)|archives?|categories",
    r"related(?: (?:articles?|stories|posts|news|content|coverage|topics|links|reading|items|videos))?(?: to this (?:story|article))?",
    r"read (?:more|also)|see also|more on this(?: story| topic)?|explore more on these topics",
    r"you (?:may|might) (?:also )?(?:like|enjoy|be interested in)|recommended(?: for you| stories| reading| articles)?",
    r"trending(?: now| stories| topics)?|top (?:stories|news|headlines)|editor'?s? (?:picks?|choice)|in other news|from around the web",
    r"sponsored (?:content|stories|links)|about (?:this blog|the authors?|the blog)|load more|show more",
)

# "name | date" above a reader comment; also "| date | (replies)" under a related headline.
_WHEN = (
    r"(?:\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?)?"
    r"|(?:yesterday|today)(?: at \d{1,2}:\d{2})?|\d+\s+(?:seconds?|minutes?|mins?|hours?|days?|weeks?|months?)\s+ago"
    r"|(?:[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}|\d{1,2} [A-Z][a-z]{2,8}\.? \d{4})(?:,? (?:at )?\d{1,2}:\d{2}\s*(?:[ap]m)?)?)"
)
COMMENT_HEADER_RE = re.compile(r"^[^|]{1,60}?\s\|\s" + _WHEN + r"(?:\s*\|.*)?$", re.IGNORECASE)
# "Abu Omar, 16/02/2016 11:02 - They took my village": a signed, dated comment on one line.
# The name must have a small letter: "BAGHDAD, May 15, 2016 - " is a wire dateline.
COMMENT_LINE_RE = re.compile(
    r"^(?=[^,]*(?-i:[a-z]))[^\W\d][\w.'\- ]{0,40}?,\s+" + _WHEN + r"\s*[-\u2013\u2014:]\s+\S",
    re.IGNORECASE,
)
# Inside a comments section, "Sami H. - They shelled ...", "JW: Excellent piece", "ad.dawah: ...".
_SIGNED_COMMENT_RE = re.compile(
    r"^(?:[A-Z][\w'.\-]*(?: [A-Z][\w'.\-]*){0,2}|[\w.\-]{2,25})"
    r"\s*(?:[-\u2013\u2014:]|says:|said:|wrote:)\s+\S"
)
LIST_ITEM_META_RE = re.compile(
    r"^\|.{0,60}$|.{0,200}\s" + _WHEN + r"\s*\|(?:\s*\(\d+\))?$|.{0,200}\|\s*\(\d+\)$",
    re.IGNORECASE,
)
_TWEET_LINK_RE = re.compile(r"pic\.twitter\.com/\w+|https?://t\.co/\w+", re.IGNORECASE)
_CODE_RE = re.compile(
    r"\bfunction\s*\(|\b(?:var|let|const)\s+\w+\s*=|=>|\bdocument\.\w+|\bwindow\.\w+|\$\(|"
    r"googletag|adsbygoogle|\bjQuery\b|@media\b|!important|\{\s*[\w\-]+\s*:\s*[^}]*;|\}\s*\)|"
    r"^\s*[.#]?[\w\-]+(?:[\s>.#:,\w\-\[\]=\"']*)\{|</?[a-zA-Z][\w\-]*(?:\s[^>]*)?>|^\s*[{}\[\]();]+\s*$"
)
_CODE_HINT_RE = re.compile(r"[{};=<>$\[\]]")  # no code without one of these
_CODE_SYMBOLS_RE = re.compile(r"[{}();=<>$\[\]]")
_SHARE_WORDS = frozenset(
    """share shares tweet email print facebook twitter whatsapp telegram linkedin reddit
    pinterest messenger copy link comment comments save google vk ok""".split()  # noqa: SIM905
)
_LETTER_RE = re.compile(r"[^\W\d_]")


@functools.lru_cache(maxsize=16384)  # sites repeat their chrome on every page
def is_furniture_line(line: str) -> bool:
    """A line that is page chrome wherever it stands (menu, form, widget, credit, code)."""
    stripped = line.strip()
    if not stripped:
        return False
    if not _LETTER_RE.search(stripped):
        return True
    if len(stripped) <= 400 and FURNITURE_LINE_RE.fullmatch(stripped):
        return True
    if _TWEET_LINK_RE.search(stripped) or TWEET_TRAILER_RE.match(stripped):
        return True
    words = stripped.casefold().replace("|", " ").split()
    if words and len(words) <= 8 and all(w.strip(":,.") in _SHARE_WORDS for w in words):
        return True
    return is_menu_line(stripped) or is_code(stripped)


# -- menus ------------------------------------------------------------------

_MENU_SEPARATOR_RE = re.compile(r"\s*[|\u2022\u00b7]\s*|\s+/\s+")
_MENU_DATE_RE = re.compile(r"\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}|(?<!\d)(?:19|20)\d{2}(?!\d)")
_NAV_ITEM_RE = re.compile(r"[^\W\d_][\w'&+.\-]*(?: [\w'&+.\-]+){0,2}")
# A menu written with single spaces opens with one of these ("MENU News Opinion Video").
_MENU_LEAD_RE = re.compile(
    r"^(?:menu|home|sign in|log ?in|skip to \w+|sections|navigation)\b", re.I
)
_NAV_WORD_RE = re.compile(r"[A-Z][\w'&+\-]*|[a-z]+[A-Z][\w\-]*|&")


def is_menu_line(line: str) -> bool:
    """A row of navigation links: "Home | News | Sport", "Sign in / Register", "MENU News Opinion Video".

    Items are separated by pipes, bullets or " / " (a wide gap in the page
    becomes a pipe when the text is normalised). The row is a menu when every
    item is page chrome (sign-in, share, section names), or when it has three
    items or more and each is a short capitalised label with no date in it.
    A single-spaced row counts only when it opens with "Menu", "Home" or
    "Sign in" and its other words are capitalised, half of them section names.
    """
    stripped = line.strip()
    if len(stripped) > 300:
        return False
    items = [item for item in _MENU_SEPARATOR_RE.split(stripped) if item]
    if len(items) >= 2:
        return menu_items(items)
    return _single_spaced_menu(stripped)


def menu_items(items: Sequence[str]) -> bool:
    """True when the items of a row (already split at the separators) are navigation links."""
    if any(len(item) > 40 or _MENU_DATE_RE.search(item) for item in items):
        return False
    chrome = [_is_chrome_item(item) for item in items]
    if all(chrome):
        return True
    if len(items) < 3:
        return False
    return all(
        is_chrome or _is_nav_item(item) for item, is_chrome in zip(items, chrome, strict=True)
    )


def _is_chrome_item(item: str) -> bool:
    """One link of a menu that is chrome on its own: "Sign in", "Share", "Comments (3)", "World"."""
    words = item.casefold().split()
    return bool(
        FURNITURE_LINE_RE.fullmatch(item)
        or TAIL_MARKER_RE.fullmatch(item)
        or (words and all(w.strip(":,.") in _SHARE_WORDS for w in words))
        or is_section_words(item)
    )


def _is_nav_item(item: str) -> bool:
    """A short capitalised label ("Top News", "iPlayer", "E-PAPER", "Google+"), not a sentence."""
    if not _NAV_ITEM_RE.fullmatch(item) or item.endswith((".", ",", ";", "!", "?")):
        return False
    first = item.split()[0]
    return first[0].isupper() or any(ch.isupper() for ch in first)


def _single_spaced_menu(line: str) -> bool:
    lead = _MENU_LEAD_RE.match(line)
    if not lead:
        return False
    rest = line[lead.end() :].split()
    if not 3 <= len(rest) <= 14 or not all(_NAV_WORD_RE.fullmatch(w) for w in rest):
        return False
    sections = sum(1 for w in rest if is_section_words(w))
    return sections * 2 >= len(rest)


def is_code(line: str) -> bool:
    """Leftover JavaScript or CSS: code tokens in a line dense with code punctuation."""
    if not _CODE_HINT_RE.search(line) or not _CODE_RE.search(line):
        return False
    density = len(_CODE_SYMBOLS_RE.findall(line)) / max(len(line), 1)
    return density >= 0.03 or len(line) < 40


def is_tail_marker(line: str) -> bool:
    """A heading that opens comments, related stories or a sidebar."""
    stripped = line.strip()
    return 0 < len(stripped) <= 80 and bool(TAIL_MARKER_RE.fullmatch(stripped))


def find_furniture(lines: Sequence[str]) -> set[int]:
    """Indices of the lines that are page furniture (blank lines are never in it)."""
    furniture: set[int] = set()
    body_started = False
    prose_after_list = 0  # where prose was last found to resume after a list of headlines
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line:
            index += 1
            continue
        opens_tail = body_started and (is_tail_marker(line) or is_comment_header(line))
        if is_furniture_line(line) and not opens_tail:
            furniture.add(index)
            if TWEET_TRAILER_RE.match(line):
                furniture.update(_tweet_text_above(lines, index, furniture))
        elif opens_tail:
            comments = is_comment_header(line) or is_comments_heading(line)
            resume = _where_prose_resumes(lines, index + 1, comments=comments)
            furniture.update(i for i in range(index, resume) if lines[i])
            index = resume
            continue
        elif body_started and index >= prose_after_list and _heads_link_list(lines, index):
            # A list of headlines ends the page unless article prose comes back after it.
            prose_after_list = _where_prose_resumes(lines, index + 1)
            if prose_after_list == len(lines):
                furniture.update(i for i in range(index, len(lines)) if lines[i])
                break
        elif is_tail_marker(line):
            furniture.add(index)
        elif body_started and _is_list_item_meta(line):
            furniture.add(index)
            furniture.update(_headline_above(lines, index))
        elif body_started and is_stray_label(line):
            furniture.add(index)
        elif is_prose(line):
            body_started = True
        index += 1
    return furniture


_LIST_ITEM_RE = re.compile(r"^(?:[-*\u2022\u2013\u25aa\u25cf]|\d{1,2}[.)])\s+(?P<text>\S.*)$")


def _heads_link_list(lines: Sequence[str], index: int) -> bool:
    """An unnamed heading ("Don't miss") over two bulleted or numbered headlines or more.

    `find_furniture` drops it with its list only when no article prose comes
    after them: a list inside the article stays.
    """
    heading = lines[index].strip()
    if (
        len(heading) > 60
        or len(heading.split()) > 8
        or heading.endswith((".", ",", ";", ":", "!", "?"))
        or _LIST_ITEM_RE.match(heading)
    ):
        return False
    items = 0
    for line in lines[index + 1 :]:
        if not line:
            continue
        item = _LIST_ITEM_RE.match(line)
        if item is None:
            break
        text = item["text"]
        if not 3 <= len(text.split()) <= 25 or text.rstrip().endswith("."):
            return False
        items += 1
    return items >= 2


def is_comment_header(line: str) -> bool:
    """ "name | date" above a reader comment, or "name, date - comment" on one line.

    "By name | date" is a byline, not a comment.
    """
    if line.startswith(("By ", "BY ", "by ")):
        return False
    return bool(COMMENT_HEADER_RE.match(line) or COMMENT_LINE_RE.match(line))


def is_comments_heading(line: str) -> bool:
    """ "Comments", "Reader comments (2)", "3 comments", "What You Say": readers follow."""
    stripped = line.strip()
    return 0 < len(stripped) <= 80 and bool(COMMENTS_HEADING_RE.fullmatch(stripped))


def is_stray_label(line: str) -> bool:
    """Within the body, a line of one or two words that does not end a sentence or open a quote.

    Such lines are widget labels ("Share", "Поделиться", "Advertisement" in any
    language) or bare subheads; neither reports anything.
    """
    stripped = line.strip()
    return len(stripped.split()) <= 2 and not stripped.endswith((".", "!", "?", ":", '"', "'", ")"))


def _is_list_item_meta(line: str) -> bool:
    """ "| yesterday at 10:20 | (1)" or "Headline 20 hours ago |": a related list's item."""
    return len(line) <= 260 and bool(LIST_ITEM_META_RE.fullmatch(line.strip()))


def _previous_text_line(lines: Sequence[str], index: int) -> int | None:
    for before in range(index - 1, max(-1, index - 3), -1):
        if lines[before]:
            return before
    return None


def _tweet_text_above(lines: Sequence[str], index: int, furniture: set[int]) -> list[int]:
    """The embedded tweet's own text, on the line just above its trailer."""
    before = _previous_text_line(lines, index)
    if before is None or before in furniture or len(lines[before]) > 320:
        return []
    return [before]


def _headline_above(lines: Sequence[str], index: int) -> list[int]:
    """The related story's headline above its "| date | (n)" line."""
    before = _previous_text_line(lines, index)
    if before is None or is_prose(lines[before]) or len(lines[before]) > 200:
        return []
    return [before]


def _where_prose_resumes(lines: Sequence[str], start: int, *, comments: bool = False) -> int:
    """First line of a run of article prose after `start`, or len(lines) when none comes back.

    A run is three prose lines in a row (blank lines aside), or two making 80
    words or more. Text under a "name | date" comment header never counts, nor,
    in a comments section (`comments`, or after a "Comments" heading), a line
    signed like a comment ("Tony - Where is the UN ...", "JW: Excellent piece").
    """
    run: list[int] = []
    in_comment = False
    for index in range(start, len(lines)):
        line = lines[index]
        if not line:
            in_comment = False
            continue
        if is_comment_header(line) or is_tail_marker(line):
            in_comment = is_comment_header(line)
            comments = in_comment or is_comments_heading(line)
            run = []
            continue
        if comments and _SIGNED_COMMENT_RE.match(line):
            run = []
            continue
        if in_comment or is_furniture_line(line) or not is_prose(line):
            run = []
            continue
        run.append(index)
        words = sum(len(lines[i].split()) for i in run)
        if len(run) >= 3 or (len(run) == 2 and words >= 80):
            return run[0]
    return len(lines)


# ---------------------------------------------------------------------------
# 3-4. Body
# ---------------------------------------------------------------------------

_CREDIT_RE = re.compile(
    r"\s*(?:\(?(?:[A-Z][\w/&]*\s){0,3}(?i:photo|photograph|picture|image|file photo)s?\)?\.?"
    r"|(?i:photo|photograph|picture|image)(?i: credit)?\s*:\s*[^.]{1,60}\.?)$"
)
_WORDS_RE = re.compile(r"\w+")
# "Deir ez- Zor", "Al- Hashimi": a short particle, a hyphen, a stray space, a capitalised name.
_STRAY_HYPHEN_SPACE_RE = re.compile(r"(?<![\w-])([^\W\d_]{1,4})- (?=[A-Z][a-z])")


def close_stray_hyphen_spaces(line: str) -> str:
    """ "Deir ez- Zor" → "Deir ez-Zor", but not after an acronym ("ISIS- The group" is a dash)."""

    def close(match: re.Match[str]) -> str:
        particle = match.group(1)
        if len(particle) >= 3 and particle.isupper():
            return match.group(0)
        return particle + "-"

    return _STRAY_HYPHEN_SPACE_RE.sub(close, line) if "- " in line else line


# A photo credit closing a caption, after the caption's last sentence: "Photo: AFP",
# "PHOTO | FILE", "Photograph: Name/AFP/Getty Images", "AP photo", "REUTERS/Alaa al-Marjani";
# or in brackets wherever the caption stops: "(AFP Photo/Abdulaziz Ketaz)", "(Reuters)".
_AGENCY = (
    r"(?:REUTERS|Reuters|AFP|AP|EPA|EPA-EFE|Getty Images|Getty|Anadolu(?: Agency)?|"
    r"SANA|Xinhua|UPI|DPA|dpa|ANHA|IRNA|TASS)"
)
_SLASH_CREDIT = (
    r"(?:" + _AGENCY + r"|[A-Z]{2,}(?:-[A-Z]{2,})?)(?: (?i:photo|pool|file))?"
    r"/[A-Z][^().!?/]{0,50}(?:/[^().!?/]{1,30}){0,2}"
)
_CREDIT_AFTER_SENTENCE_RE = re.compile(
    r"(?<=[.!?\"')\]])\s+(?:"
    r"\(?(?i:photo(?:graph)?s?|pictures?|images?|(?:photo |image )?credits?)\s*[:|]\s*[^().!?]{1,60}\)?"
    r"|\(?(?:[A-Z][\w&\-]*\s){1,3}(?i:photo(?:graph)?|picture|file photo|pool photo)s?\)?"
    r"|" + _SLASH_CREDIT + r")\.?$"
)
_CREDIT_ANYWHERE_RE = re.compile(
    r"\s+\((?:"
    + _SLASH_CREDIT
    + r"|"
    + _AGENCY
    + r"(?: (?i:photo))?|(?i:photo|picture|image)s?\s*(?::|/|by)\s*[^()]{1,60})\)\.?$"
)


def strip_photo_credit(line: str) -> str:
    """A caption without the credit that closes it; the line itself when it has none.

    Only the last 200 characters are searched: a credit ends the line.
    """
    if (
        "/" not in line[-200:]
        and "(" not in line[-200:]
        and not _CREDIT_HINT_RE.search(line[-200:])
    ):
        return line
    head, tail = line[:-200], line[-200:]
    for pattern in (_CREDIT_AFTER_SENTENCE_RE, _CREDIT_ANYWHERE_RE):
        found = pattern.search(tail)
        if found and (head or found.start() > 0):
            return (head + tail[: found.start()]).rstrip()
    return line


_CREDIT_HINT_RE = re.compile(r"photo|picture|image|credit", re.IGNORECASE)

_IMAGE_CAPTION_PREFIX_RE = re.compile(r"^(?:image|photo|media) caption\s+", re.IGNORECASE)


def _comparable(line: str) -> str:
    """A line reduced for duplicate tests: no photo credit, words only, case-folded."""
    folded = line.casefold()
    if "photo" in folded or "picture" in folded or "image" in folded:
        head, tail = line[:-120], line[-120:]  # a credit ends the line
        folded = (head + _CREDIT_RE.sub("", tail)).casefold()
    return " ".join(_WORDS_RE.findall(folded))


def drop_repeats(lines: Sequence[str], indices: Sequence[int], title: str | None) -> list[int]:
    """Keep each caption or paragraph once: a line repeating an earlier one (credit aside) goes.

    Short lines are only dropped when they repeat the line just before; long
    ones (40+ characters) wherever the repeat stands, since a page prints a
    caption twice but a writer does not write the same paragraph twice.
    """
    kept: list[int] = []
    seen: set[str] = set()
    if title:
        seen.add(_comparable(title))
    previous = ""
    for index in indices:
        key = _comparable(lines[index])
        if key and (
            key == previous or (key in seen and len(key) >= 40) or key == _comparable(title or "")
        ):
            continue
        kept.append(index)
        seen.add(key)
        previous = key
    return kept


def drop_author_note(lines: Sequence[str], indices: Sequence[int], author: str | None) -> list[int]:
    """Without the note on the author closing the article ("Lina Haddad is a senior fellow ...").

    Only one of the last three body lines that opens with the byline's name and
    "is", "was" or "has" goes: it describes the writer, it reports nothing.
    """
    if not author or len(author.split()) < 2 or not indices:
        return list(indices)
    note = re.compile(re.escape(author) + r",? (?:is|was|has|works|writes)\b")
    kept = list(indices)
    for index in reversed(kept[-3:]):
        if note.match(lines[index]) and len(lines[index]) <= 400:
            kept.remove(index)
            break
    return kept


def render_body(lines: Sequence[str], indices: Sequence[int]) -> str:
    """Join kept lines: a blank line where the source had one between them, else a line break.

    A line ending in a letter and a hyphen joins the next line with no space
    ("Deir ez-" + "Zor" → "Deir ez-Zor").
    """
    out: list[str] = []
    previous: int | None = None
    for index in indices:
        line = _IMAGE_CAPTION_PREFIX_RE.sub("", lines[index])
        line = close_stray_hyphen_spaces(line)
        if previous is not None:
            paragraph_break = any(not lines[i] for i in range(previous + 1, index))
            if not paragraph_break and _ends_with_word_hyphen(out[-1]) and line[:1].isalpha():
                out[-1] += line
                previous = index
                continue
            out.append("\n\n" if paragraph_break else "\n")
        out.append(line)
        previous = index
    return "".join(out).strip()


def _ends_with_word_hyphen(text: str) -> bool:
    return len(text) >= 2 and text.endswith("-") and text[-2].isalpha()


# ---------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------


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
    return Article(
        doc_id=raw.doc_id,
        file_name=raw.file_name,
        clean_text=render_body(lines, body),
        source_record=raw.source_record,
        title=page.title,
        outlet=page.outlet,
        author=page.author,
        url=page.url,
        published_date=page.published_date,
        published_date_source=page.published_date_source,
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
