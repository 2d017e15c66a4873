"""Lines that are page chrome wherever they stand: sign-in and comment forms, menu bars,
share widgets, banners, credits, tweets' embed trailers and leftover code.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from transforms.metadata import TWEET_TRAILER_RE, is_section_words


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
    r"^\|.{0,60}$|.{0,200}\s" + _WHEN + r"\s*\|(?:\s*\(\d+\))?$|.{0,200}\|\s*\(\d+\)$"
    # a listed headline with its kind and date: "Sudan: alarm at reports of a mass grave
    # (press release, 13 July 2023)"
    r"|[^.]{10,200}\s\((?:[^(),]{1,40},\s*)?" + _WHEN + r"\)$",
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
    if (len(stripped) <= 400 and FURNITURE_LINE_RE.fullmatch(stripped)) or is_item_link(stripped):
        return True
    if _TWEET_LINK_RE.search(stripped) or TWEET_TRAILER_RE.match(stripped):
        return True
    words = stripped.casefold().replace("|", " ").split()
    if words and len(words) <= 8 and all(w.strip(":,.") in _SHARE_WORDS for w in words):
        return True
    return is_menu_line(stripped) or is_code(stripped)


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
    """A heading that opens comments, related stories or a sidebar; not a link that closes
    one item's extract ("Read more >" under each story of an aggregator's cluster)."""
    stripped = line.strip()
    return (
        0 < len(stripped) <= 80
        and bool(TAIL_MARKER_RE.fullmatch(stripped))
        and not is_item_link(stripped)
    )


# "Read more >", "Continue reading on The Courier »", "Full story ->": a link to the rest
# of one item, printed under its extract.
_ITEM_LINK_RE = re.compile(
    r"(?:read (?:more|the full (?:story|article|report))|continue reading|full (?:story|article)"
    r"|more)(?: (?:on|at|from) .{1,40})?\s*(?:>|»|›|→|->)",
    re.IGNORECASE,
)


def is_item_link(line: str) -> bool:
    """A link under one item's extract, pointing to the rest of that item."""
    return bool(_ITEM_LINK_RE.fullmatch(line.strip()))
