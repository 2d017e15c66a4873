"""Finding the page furniture: chrome lines plus reader comments in their usual shapes and
the tail sections that follow an article (comments, related stories, a list of headlines)
up to where article prose resumes, if it does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from transforms.clean.chrome import (
    _SIGNED_COMMENT_RE,
    COMMENT_HEADER_RE,
    COMMENT_LINE_RE,
    COMMENTS_HEADING_RE,
    LIST_ITEM_META_RE,
    is_furniture_line,
    is_tail_marker,
)
from transforms.metadata import TWEET_TRAILER_RE, is_prose
from transforms.metadata.date_strings import _TIME_RE


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


def is_time_stamp(line: str) -> bool:
    """A live blog entry's stamp on a line of its own: "16:05", "22 Oct 09:10", "Tue 14.02 BST"."""
    stripped = line.strip()
    return len(stripped) <= 30 and len(stripped.split()) <= 4 and bool(_TIME_RE.search(stripped))


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
        if is_time_stamp(line):
            continue  # a live blog's "22 Oct 09:10" between its entries breaks no run
        if in_comment or is_furniture_line(line) or not is_prose(line):
            run = []
            continue
        run.append(index)
        words = sum(len(lines[i].split()) for i in run)
        if len(run) >= 3 or (len(run) == 2 and words >= 80):
            return run[0]
    return len(lines)
