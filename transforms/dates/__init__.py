"""Find the dates a news sentence talks about and resolve them to calendar days.

News prose dates events loosely: "on Saturday", "last December", "in late March",
"just days ago". ACLED codes an event by the *first day* of the period the text
allows plus a `time_precision` saying how wide that period is:

    1  an exact day                 "June 10, 2014", "yesterday", "on Saturday"
    2  within a week / a stated range or part of a month
                                    "last week", "in late March", "June 10-12"
    3  a month only                 "in June 2014", "last May", "a year ago"
    4  a year only                  "in 2014", "since 2015", "late 2016"

Anything without a year of its own ("March 26th", "last May", "on Saturday") is
resolved against the article's publication date; without one it resolves to
nothing. A resolved date is never after publication: a partial date that would
fall after it is moved back a year, and an explicit one is dropped.

Choices for ambiguous cases (documented here because the lead's code and the
scorer depend on them):

* "last May" means the previous occurrence strictly before the current month
  (written in May 2016: May 2015); "in May" is the most recent May not after
  publication (written in May 2016: May 2016). "next May" / "later this month"
  are future and resolve to nothing.
* A weekday ("on Saturday") is the most recent such day on or before
  publication, so a Saturday report about "Saturday" means that same day;
  "last Saturday" is strictly before publication.
* Parts of a month start on the 1st (early, beginning, start), the 11th (mid,
  middle) or the 21st (late, end), precision 2. Parts of a year ("late 2016")
  keep precision 4 but start at the first day of their third of the year:
  Jan 1 (early), May 1 (mid), Sep 1 (late / end), Jul 1 (second half).
* Seasons start in March (spring), June (summer), September (autumn / fall)
  and, for "the winter of 2015", January of that year; precision 3.
* Precision 3 dates are the first of their month and precision 4 dates the
  first of their year (or of their part of the year, above).
* Counting back from publication: "N days ago" is exact (precision 1), a
  vague "days ago" / "a few days ago" is three days back (precision 2); weeks
  ago and "over the last two weeks" are precision 2 (a vague "weeks ago": the
  month three weeks back, precision 3); months and years ago give the month
  (precision 3). "this week" is the publication day and "last week" seven days
  before it, both precision 2. Vague "months ago" / "years ago" give nothing.
* All-numeric dates need a four-digit year; "01/04/2016" is read day-first
  (the outlets covering Syria and Iraq mostly write it so) unless only the
  month-first reading is possible, matches a stated weekday, or is the only
  one not after publication.
* A bare four-digit year is taken when a preposition introduces it ("in 2014")
  or when it is not followed by a lowercase word, so "the 2014 ISIS blitzkrieg"
  is a year but "2000 troops" is not; after "the" or a possessive a number
  that is not round stays a year ("the 2003 invasion", "Iraq's 2005 vote").
* Anaphoric offsets ("a day earlier", "two days later", "the previous day", "a
  week before") count from another date of the story, not from publication:
  `find_date_offsets` finds them and `resolve_offset` applies them to the anchor
  the caller chooses (a date earlier in the sentence, else the previous
  sentence's). Day offsets keep the anchor's precision; week offsets are at best
  precision 2. A result after publication is dropped.
* Day-month-year forms in other languages ("7 апреля 2016") go to `dateparser`,
  only when the month word has non-ASCII letters, so the fast path stays regex.

The package, by concern: `vocabulary` (month, weekday and number words, the regex
building blocks), `calendar_math` (counting from publication, reading matched pieces),
`explicit` (expressions that state their place in the calendar: "June 10, 2014",
"late March", "in 2014"), `relative` (expressions counted from publication: "last
week", "two days ago", "on Saturday"), `patterns` (the table of patterns and their
cues), `mentions` (`find_date_mentions`, `resolve_relative`) and `offsets`
(anaphoric offsets: "two days later").
"""

from transforms.dates.mentions import DateMention, find_date_mentions, resolve_relative
from transforms.dates.offsets import DateOffset, find_date_offsets, resolve_offset
from transforms.dates.vocabulary import MONTH_ABBREVIATIONS, MONTHS

__all__ = [
    "DateMention",
    "DateOffset",
    "MONTHS",
    "MONTH_ABBREVIATIONS",
    "find_date_mentions",
    "find_date_offsets",
    "resolve_offset",
    "resolve_relative",
]
