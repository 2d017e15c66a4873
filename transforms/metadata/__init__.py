"""Finding an article's title, outlet, author and publication date.

Everything here is a pure function of the page's lines and the scraper's
metadata. The rules are general page-reading rules (a headline is a short line
that is not a sentence and sits above the body; a dateline is a short line that
is mostly a date), not rules that match particular files.

Day/month order of numeric dates ("01/04/2016"): a weekday written beside the
date settles it ("Friday 01/04/2016" is 1 April 2016, a Friday, not 4 January,
a Monday); otherwise a number above 12 does; otherwise the page's own
unambiguous numeric dates (passed as `text_hint`) show its convention; and
otherwise the date is read day-first, because the outlets this project reads
(Middle Eastern, European and Kurdish ones) write dates day-first.

Publication dates are only read where an editor puts them: metadata, the
header above the body (dateline, byline, a date standing alone on its line), a
leading wire-style dateline in the first paragraph, or a "Published on ..." line. A comment's date, a related-story
list's date and dates inside the story are never the publication date. When
nothing says it, the date stays None; `infer_publication_date` may give an
'inferred' date from evidence that bounds it (embedded tweets' dates, "As we
enter 2017" together with the January dates the story reports).

The outlet is the best-supported site name: banners, mastheads (a site word,
"The Jakarta Post", or a short name in capitals alone above the headline,
"MIDDLE EAST EYE"), copyright lines and calls to action; more weakly the
first link of a menu bar ("Rudaw | Kurdistan | Iraq") or the "Site" of a
"Site | Section" banner; then the URL's domain; and last the wire service of
a dateline ("ADEN (Reuters) -" gives Reuters, "(AP) —" the Associated Press).

The package, by concern: `date_strings` (reading one written date), `header` (telling
the header's lines apart: prose, chrome, bare dates, names), `outlet` (the site's name),
`title` (headline and byline), `published` (the publication date from the page, or
inferred from its evidence) and `page` (`find_metadata`, which puts them together).
"""

from transforms.metadata.date_strings import (
    MAX_YEAR,
    MIN_YEAR,
    MONTH_NUMBERS,
    WEEKDAYS,
    date_from_url,
    parse_publication_date,
)
from transforms.metadata.header import (
    TWEET_TRAILER_RE,
    is_bare_date,
    is_capitals_name,
    is_header_chrome,
    is_prose,
    is_section_words,
)
from transforms.metadata.outlet import display_outlet_name, wire_agency
from transforms.metadata.page import PageMetadata, find_metadata
from transforms.metadata.published import infer_publication_date

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "MONTH_NUMBERS",
    "PageMetadata",
    "TWEET_TRAILER_RE",
    "WEEKDAYS",
    "date_from_url",
    "display_outlet_name",
    "find_metadata",
    "infer_publication_date",
    "is_bare_date",
    "is_capitals_name",
    "is_header_chrome",
    "is_prose",
    "is_section_words",
    "parse_publication_date",
    "wire_agency",
]
