"""Cleaning a scraped article: keep the body, drop the page around it, find the metadata.

`clean_document` is the one entry point. It reads plain text, whole HTML pages
(`transforms.html` picks the article out first) and JSON-lines records whose
text may be either. The steps, each a small function of the modules listed at the end:

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

The package, by step: `characters` (1: normalising the characters of the text),
`chrome` (2: the lines that are page chrome wherever they stand: menus, forms, widgets,
code), `furniture` (2: `find_furniture`, adding reader comments and the tail sections
after the article), `body` (1 and 4: photo credits, repeats, the author's note, rendering)
and `document` (`clean_document`, the entry point, and a headline-only page).
"""

from transforms.clean.body import (
    close_stray_hyphen_spaces,
    drop_author_note,
    drop_repeats,
    render_body,
    strip_photo_credit,
)
from transforms.clean.characters import normalise_text
from transforms.clean.chrome import (
    COMMENT_HEADER_RE,
    COMMENT_LINE_RE,
    COMMENTS_HEADING,
    COMMENTS_HEADING_RE,
    FURNITURE_LINE_RE,
    LIST_ITEM_META_RE,
    TAIL_MARKER_RE,
    is_code,
    is_furniture_line,
    is_menu_line,
    is_tail_marker,
    menu_items,
)
from transforms.clean.document import (
    MAX_INPUT_CHARS,
    clean_document,
    headline_as_body,
    page_text_and_meta,
)
from transforms.clean.furniture import (
    find_furniture,
    is_comment_header,
    is_comments_heading,
    is_stray_label,
)

__all__ = [
    "COMMENTS_HEADING",
    "COMMENTS_HEADING_RE",
    "COMMENT_HEADER_RE",
    "COMMENT_LINE_RE",
    "FURNITURE_LINE_RE",
    "LIST_ITEM_META_RE",
    "MAX_INPUT_CHARS",
    "TAIL_MARKER_RE",
    "clean_document",
    "close_stray_hyphen_spaces",
    "drop_author_note",
    "drop_repeats",
    "find_furniture",
    "headline_as_body",
    "is_code",
    "is_comment_header",
    "is_comments_heading",
    "is_furniture_line",
    "is_menu_line",
    "is_stray_label",
    "is_tail_marker",
    "menu_items",
    "normalise_text",
    "page_text_and_meta",
    "render_body",
    "strip_photo_credit",
]
