"""The date slot: the date an event's own clause gives, else the sentence's nearest, else
the article's recent date or its publication date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from spacy.tokens import Token

from transforms.dates import DateMention
from transforms.extraction.records import Candidate, Context, Mentions
from transforms.extraction.syntax import clause_head, is_nominal


def date_candidate(
    cand: Candidate, mentions: Mentions, context: Context, heads: Sequence[Token]
) -> None:
    """The date said of this trigger; else today's news for present tense; else the narrative's
    date (also in a page with no publication date, whose story still dates its sentences).

    A date in the trigger's own subtree (and not under another trigger there) is
    its date: in "Palmyra, captured by ISIS in May 2015, fell to Assad's forces on
    March 26th", 'fell' gets March 26th although May 2015 is nearer in words. A noun's
    happening takes the date of the verb it is said with: in "the capture of Ahras on
    Sunday brought the army to Tal Rifaat", Sunday.
    """
    head = cand.match.head
    dates = [(d, span) for d, span in mentions.dates if not in_another_clause(span.root, head)]
    if dates:
        d = (
            own_date(head, dates, heads)
            or (own_date(clause_head(head), dates, heads) if is_nominal(head) else None)
            or nearest_date(head, dates, heads)
        )
        cand.date, cand.precision, cand.date_source = d.date, d.precision, "explicit"
        return
    named = referenced_happening_date(head, cand.sent_index, context)
    if named is not None:
        # told as the earlier mention's happening: merged as a restatement of it, as an
        # undated follow-up would be, but dated as the text dated it
        cand.date, cand.precision = named
        cand.date_source = "narrative"
        return
    if context.published is not None and is_present_report(head):
        cand.date, cand.precision, cand.date_source = context.published, 2, "published"
        return
    if context.last_dates:
        d = context.last_dates[-1]
        cand.date, cand.precision, cand.date_source = d.date, max(d.precision, 2), "narrative"
    elif context.story_date is not None and cand.place is not None and cand.place.precision < 3:
        # a report's other undated happenings share its lead's day ('In Mombasa, supporters marched')
        cand.date, cand.precision, cand.date_source = context.story_date, 2, "story"
    elif context.recent_date is not None:
        # the story's last day or week named before this sentence ('The only serious fighting
        # came south of the city', after 'On 16 October, ...')
        d = context.recent_date
        cand.date, cand.precision, cand.date_source = d.date, max(d.precision, 2), "narrative"
    elif context.published is not None:
        # nothing in the report dates it: news reports the days before it, as ACLED assumes
        cand.date, cand.precision, cand.date_source = context.published, 2, "published"


YEAR_ONLY = 4  # the contract's time_precision for a date known only to its year


def dated_only_to_a_year(cand: Candidate) -> bool:
    """A happening its own words date only to a year ('abducted in 2014', 'when the FARC
    demobilised in 2017') is background or a year's aggregate: ACLED codes no event it cannot
    date at least to a month, and neither does sitrep."""
    return cand.date_source == "explicit" and cand.precision == YEAR_ONLY


def in_another_clause(tok: Token, head: Token) -> bool:
    """Whether `tok` sits in a relative clause that does not hold the trigger: in
    'retook Bashiqa, which ISIS had held since 2014', 2014 dates the holding."""
    cur = tok
    for _ in range(12):
        if cur.i == head.i or cur.head.i == cur.i:
            return False
        if cur.dep_ == "relcl" and cur.lemma_ != "be" and not cur.is_ancestor(head):
            return True  # ('offensives, which were the capture of Ramadi last May': the same)
        cur = cur.head
    return False


def own_date(head: Token, dates, heads: Sequence[Token]) -> DateMention | None:
    inner = [
        h for h in heads if h.i != head.i and h.is_ancestor(head) is False and head.is_ancestor(h)
    ]
    mine = []
    for d, span in dates:
        root = span.root
        if not (head.is_ancestor(root) or root.i == head.i):
            continue
        if any(h.is_ancestor(root) for h in inner):
            continue
        mine.append((abs(root.i - head.i), d))
    return min(mine, key=lambda x: x[0])[1] if mine else None


def nearest_date(head: Token, dates, heads: Sequence[Token]) -> DateMention:
    """The nearest date that no other trigger claims by syntax; else simply the nearest."""
    others = [h for h in heads if h.i != head.i]
    free = [
        (d, s)
        for d, s in dates
        if not any(h.is_ancestor(s.root) and not h.is_ancestor(head) for h in others)
    ]
    pool = free or list(dates)
    return min(pool, key=lambda ds: abs(ds[1].root.i - head.i))[0]


def is_present_report(head: Token) -> bool:
    """'has seized', 'is retaking', 'are battering': news of the day, dated by publication."""
    verb = clause_head(head) if is_nominal(head) else head
    for tok in (verb, *[c for c in verb.children if c.dep_ in ("aux", "auxpass")]):
        if tok.tag_ in ("VBZ", "VBP"):
            return True
    return False


# How many sentences back 'that attack' may find the attack the text dated.
REFERENCE_REACH = 6
DEFINITE = frozenset({"the", "this", "these"})  # the story's happening: its first dated mention
DEMONSTRATIVE = frozenset({"that", "those"})  # the happening just named: its last one


def dated_happening_noun(span) -> Token | None:
    """The noun a date is said of, when it names a happening: 'the Paris attacks of 13
    November', 'January's attack', 'the January attack', 'the attack on Saturday'."""
    root = span.root
    if root.dep_ in ("poss", "compound", "nmod", "npadvmod") and root.head.pos_ == "NOUN":
        return root.head
    prep = root.head
    if root.dep_ == "pobj" and prep.lower_ in ("of", "on", "in") and prep.head.pos_ == "NOUN":
        return prep.head
    return None


def referenced_happening_date(
    head: Token, sent_index: int, context: Context
) -> tuple[dt.date, int | None] | None:
    """The date of a happening the sentence refers back to with a definite noun ('In that
    attack, gunmen killed four'; 'The attacks on the Stade de France killed 130'), when the
    text dated a happening of that name a few sentences before: 'that' points to the last
    one named, 'the' to the first (the story's own, before any compared with it)."""
    for noun in head.sent:
        if noun.pos_ != "NOUN" or not (noun.i <= head.i or head.is_ancestor(noun)):
            continue
        dets = {c.lower_ for c in noun.children if c.dep_ == "det"}
        named = context.dated_happenings.get(noun.lemma_.lower(), [])
        if not named or not dets & (DEFINITE | DEMONSTRATIVE):
            continue
        index, date, precision = named[-1] if dets & DEMONSTRATIVE else named[0]
        if 0 < sent_index - index <= REFERENCE_REACH:
            return date, precision
    return None
