"""Event frames from one parsed sentence: triggers, realis checks, and roles.

A trigger is a word or phrase of `seeds/reference/triggers.csv` (lemma + part of
speech). Its *frame* says how the roles are read from the dependency parse:

- `gain`: the subject (or the `by` agent, or a possessor) takes the object place
  ("X captured Y", "Y was retaken by X", "X's capture of Y", "Y, captured by X");
- `fall`: the subject place falls `to` an actor ("Y fell to X", "the fall of Y");
- `loss`: the subject loses the object place ("ISIS lost Tikrit", "losses of Y");
- `attack`: the subject attacks the object or an `on`/`against` target;
- `withdraw`, `protest`, `riot`, `arrest`, `agreement`, `declare`: one actor acts.

Whether a territorial event is "Government regains territory" or "Non-state actor
overtakes territory" is decided later from the actors' state/non-state flag.
Hypotheticals, plans, negations and habits are filtered here, from the parse.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

MODALS = {"may", "might", "could", "would", "should", "will", "can", "must", "shall", "'ll", "wo"}
RELATIVE_PRONOUNS = {"which", "that", "who", "whom", "whose"}
LOCATIVE_PREPS = {
    "in",
    "near",
    "at",
    "around",
    "outside",
    "across",
    "inside",
    "on",
    "into",
    "within",
    "throughout",
    "along",
}
TERRITORY_FRAMES = {"gain", "fall", "loss"}


@dataclass(frozen=True)
class Trigger:
    """One row of the trigger lexicon."""

    phrase: tuple[str, ...]
    pos: str
    frame: str
    event_type: str
    sub_event_type: str
    priority: int
    needs: str


@dataclass
class TriggerMatch:
    """A trigger found in a sentence: the lexicon row and the tokens it covers."""

    trigger: Trigger
    tokens: list[Token]

    @property
    def head(self) -> Token:
        """The syntactic head of the matched phrase (the token roles hang from)."""
        ids = {t.i for t in self.tokens}
        for tok in self.tokens:
            if tok.head.i not in ids or tok.head.i == tok.i:
                return tok
        return self.tokens[0]


@dataclass
class Roles:
    """Tokens that fill a frame's slots; mentions are matched against their subtrees."""

    agent: list[Token] = field(default_factory=list)  # who acts
    patient: list[Token] = field(default_factory=list)  # what is taken / who is attacked
    source: list[Token] = field(default_factory=list)  # 'from X' / 'to X' holders
    locative: list[Token] = field(default_factory=list)  # 'in X', 'near X'
    agent_is_anaphor: bool = False


@dataclass(frozen=True)
class Lexicon:
    """Triggers and the word lists the frame reader uses (all from seeds/reference)."""

    triggers: tuple[Trigger, ...]
    words: dict[str, frozenset[str]]
    forms: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_frames(cls, triggers: pd.DataFrame, lexicon: pd.DataFrame) -> Lexicon:
        rows = []
        for r in triggers.itertuples(index=False):
            rows.append(
                Trigger(
                    phrase=tuple(r.phrase.lower().split()),
                    pos=r.pos,
                    frame=r.frame,
                    event_type=r.event_type,
                    sub_event_type=r.sub_event_type,
                    priority=int(r.priority),
                    needs=r.needs,
                )
            )
        words: dict[str, set[str]] = {}
        forms = []
        for r in lexicon.itertuples(index=False):
            if r.category == "irregular_form":
                forms.append((r.phrase.lower(), r.note.lower()))
            else:
                words.setdefault(r.category, set()).add(r.phrase.lower())
        # longest phrases first so "suicide car bomb" wins over "car bomb"
        rows.sort(key=lambda t: -len(t.phrase))
        return cls(tuple(rows), {k: frozenset(v) for k, v in words.items()}, tuple(forms))

    def word_set(self, category: str) -> frozenset[str]:
        return self.words.get(category, frozenset())

    def by_first_lemma(self) -> dict[str, list[Trigger]]:
        """Triggers by their first word, also under irregular forms the lemmatizer misses ('retook')."""
        index: dict[str, list[Trigger]] = {}
        for trig in self.triggers:
            index.setdefault(trig.phrase[0], []).append(trig)
        forms = self.irregular_forms()
        for form, lemma in forms.items():
            if lemma in index:
                index.setdefault(form, []).extend(
                    t for t in index[lemma] if t not in index.get(form, [])
                )
        return index

    def irregular_forms(self) -> dict[str, str]:
        return dict(self.forms)


def token_key(tok: Token) -> str:
    """The lemma used for lexicon lookups (lower case; nouns in plural fold to singular)."""
    return tok.lemma_.lower()


def pos_matches(tok: Token, pos: str) -> bool:
    if pos == "VERB":
        return tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")
    if pos == "NOUN":
        return tok.pos_ in ("NOUN", "PROPN") or tok.tag_.startswith("NN")
    return True


def find_triggers(sent: SpacySpan, index: dict[str, list[Trigger]]) -> list[TriggerMatch]:
    """All trigger phrases of the sentence, longest first, without overlaps."""
    toks = [t for t in sent]
    taken: set[int] = set()
    found: list[TriggerMatch] = []
    for pos_in_sent, tok in enumerate(toks):
        if tok.dep_ in ("amod", "compound") and tok.tag_ in ("VBN", "VBD", "JJ"):
            continue  # 'looted antiquities', 'stolen oil fields': a description, not a report
        for trig in index.get(token_key(tok), ()) or index.get(tok.lower_, ()):
            span = match_phrase(toks, pos_in_sent, trig)
            if span is None or any(t.i in taken for t in span):
                continue
            if not pos_matches(span[-1] if trig.pos == "NOUN" else span[0], trig.pos):
                continue
            found.append(TriggerMatch(trig, span))
            taken.update(t.i for t in span)
            break
    found.sort(key=lambda m: m.tokens[0].i)
    return found


def match_phrase(toks: Sequence[Token], start: int, trig: Trigger) -> list[Token] | None:
    """Match a multi-word phrase; a particle may sit after an object ("drove ISIS out")."""
    words = trig.phrase
    if len(words) == 1:
        return [toks[start]]
    span = [toks[start]]
    j = start + 1
    for word in words[1:]:
        # allow up to 4 tokens between a verb and its particle / object noun
        limit = j + (4 if trig.pos == "VERB" else 1)
        while j < len(toks) and j < limit and token_key(toks[j]) != word and toks[j].lower_ != word:
            j += 1
        if j >= len(toks) or j >= limit:
            return None
        span.append(toks[j])
        j += 1
    return span


# --------------------------------------------------------------------------- realis


def doc_text(doc) -> str:
    """doc.text, built once per document (spaCy rebuilds the string on every access)."""
    text = doc.user_data.get("sitrep_text")
    if text is None:
        text = doc.user_data["sitrep_text"] = doc.text
    return text


def is_quoted(tok: Token) -> bool:
    """True when the token sits inside quotation marks opened earlier in its paragraph.

    A quotation often runs over several sentences ("It is a tough fight. In the
    past they fought hard..."): opinions and forecasts, not reports.
    """
    text = doc_text(tok.doc)
    start = text.rfind("\n", 0, tok.idx) + 1
    return text.count('"', start, tok.idx) % 2 == 1


def clause_chain(tok: Token, limit: int = 8) -> list[Token]:
    """The token and its heads up to the verb that heads its clause (or `limit` steps).

    Climbing through prepositions, nouns and non-finite verbs reaches the verb whose
    modals, negation or conditions govern the trigger: in "the jihadists may strike
    back with a broadside of attacks", 'attacks' is governed by 'may strike'.

    A relative clause keeps its own mood: in "the assault on Mosul, which fell to ISIS
    in 2014, is expected to ...", the fall is a fact although the assault is a forecast.
    """
    chain = [tok]
    cur = tok
    while cur.head.i != cur.i and len(chain) < limit:
        if cur is not tok and is_clause_head(cur):
            break
        if cur.dep_ == "relcl":
            break
        cur = cur.head
        chain.append(cur)
    return chain


def is_clause_head(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") and tok.dep_ not in (
        "xcomp",
        "ccomp",
        "conj",
        "acl",
        "advcl",
        "pcomp",
        "prep",
        "pobj",
        "dobj",
        "amod",
        "compound",
    )


def is_irrealis(match: TriggerMatch, lex: Lexicon) -> str | None:
    """Why the trigger does not report a real, single, past-or-present event (None if it does)."""
    head = match.head
    irrealis_verbs = lex.word_set("irrealis_verb")
    markers = lex.word_set("irrealis_marker")
    habitual = lex.word_set("habitual_marker")
    if is_quoted(head):
        return "quoted speech"
    if head.sent.text.rstrip().endswith("?"):
        return "a question"
    for child in head.children:
        if child.dep_ == "neg" or child.lower_ in ("never", "no"):
            return "negated"
    for subject in (
        c for v in (head, head.head) for c in v.children if c.dep_ in ("nsubj", "nsubjpass")
    ):
        if any(d.lower_ in ("neither", "no", "none", "nobody") for d in subject.subtree):
            return "negated subject"  # 'Neither side has withdrawn its forces'
    for verb in clause_chain(head):
        for child in verb.children:
            if child.dep_ in ("aux", "auxpass") and child.lower_ in MODALS:
                return f"modal '{child.text}'"
            if child.dep_ == "neg" and verb.pos_ in ("VERB", "AUX"):
                return "negated"
            if child.dep_ == "mark" and child.lower_ in markers:
                return f"condition '{child.text}'"
            if child.dep_ == "advmod" and child.lower_ in markers:
                return f"hedge '{child.text}'"
        if verb is not head and token_key(verb) in irrealis_verbs:
            return f"governed by '{verb.lemma_}'"
        if verb is not head and is_infinitive_aim(verb) and not is_realised_aim(verb, lex):
            return "an aim ('to confront the offensive')"
        if verb.dep_ in ("csubj", "csubjpass") or (
            verb.tag_ == "VBG" and verb.dep_ in ("nsubj", "csubj")
        ):
            return "generic gerund subject"
        if (
            verb is head
            and verb.tag_ == "VBG"
            and verb.dep_ in ("pobj", "pcomp")
            and not subject_of(verb)
        ):
            return "generic activity"  # 'little to do with fighting terrorism'
        if verb.dep_ == "xcomp" and verb.head.lemma_ == "be":
            return "statement of purpose"  # 'the mission of this coalition is to fight terrorists'
    for child in head.children:
        if child.lower_ in habitual and child.dep_ in (
            "amod",
            "advmod",
            "det",
            "nummod",
            "quantmod",
            "predet",
        ):
            return f"habitual/aggregate '{child.text}'"
    for verb in clause_chain(head)[1:3]:
        if token_key(verb) in habitual and verb.pos_ == "VERB":
            return f"habitual '{verb.lemma_}'"
    if head.tag_ == "VBG" and head.dep_ == "acl" and head.head.pos_ in ("NOUN", "PROPN"):
        return "a description ('an Indonesian militant fighting with IS in Syria')"
    if is_ongoing_since(head):
        return "ongoing or cumulative since a date"
    if is_plural_aggregate(head, habitual):
        return "aggregate count"
    if is_generic_plural(head):
        return "generic plural"
    return None


def is_ongoing_since(head: Token) -> bool:
    """'Forces have been pressing an offensive since late April', 'attacks have fallen by
    80 per cent since 2017': a perfect tense with 'since' reports a campaign or a tally
    over a period, not one happening. A plain perfect with a singular event ('have
    retaken Bashiqa since Monday') is left to stand."""
    for verb in clause_chain(head)[:4]:
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        children = list(verb.children)
        if not any(c.dep_ == "prep" and c.lower_ == "since" for c in children):
            continue
        perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in children)
        progressive = verb.tag_ == "VBG" and any(c.lower_ == "been" for c in children)
        plural_trigger = head.tag_ in ("NNS", "NNPS")
        if perfect and (progressive or plural_trigger):
            return True
    return False


def is_plural_aggregate(head: Token, habitual: frozenset[str] = frozenset()) -> bool:
    """'nearly 10,000 airstrikes', 'a number of field losses': counts of events, not one event."""
    if head.dep_ == "pobj" and head.head.lower_ == "of" and token_key(head.head.head) in habitual:
        return True
    for child in head.children:
        if child.dep_ == "nummod" and child.like_num:
            return True
    if head.dep_ in ("dobj", "nsubj", "nsubjpass"):
        for child in head.children:
            if child.dep_ == "nummod":
                return True
    return False


def is_generic_plural(head: Token) -> bool:
    """'terrorist attacks in Europe', 'air strikes': a plural noun with no determiner is a kind of event.

    A plural that a clause places and dates ('during clashes in eastern Mosul') is
    still read: the caller keeps it when the trigger's own subtree names a town.
    """
    if head.tag_ != "NNS":
        return False  # a proper plural ('the Houthis') names a group, not a kind of event
    return not any(c.dep_ in ("det", "poss", "nummod") for c in head.children)


def is_infinitive_aim(verb: Token) -> bool:
    """'...for its army to deploy', '...to confront the offensive': what is meant to happen."""
    has_to = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    return has_to and verb.dep_ in ("acl", "advcl", "relcl")


def is_purpose_clause(tok: Token) -> bool:
    """'to recapture X' hanging from a noun or verb: an aim, unless launched (see is_realised_aim)."""
    has_to = any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
    return has_to and tok.dep_ in ("acl", "xcomp", "advcl", "relcl", "ccomp")


def is_realised_aim(tok: Token, lex: Lexicon) -> bool:
    """True when the aim hangs from an operation that was launched / was under way.

    "IS launched an operation to recapture Palmyra" reports the operation;
    "an effort aimed at eventually recapturing Palmyra" does not.
    """
    launch = lex.word_set("realis_launch")
    noun = tok.head
    if noun.pos_ not in ("NOUN", "PROPN"):
        return False
    gov = noun.head
    if token_key(gov) in launch or gov.lower_ in launch:
        return not any(c.lower_ in lex.word_set("irrealis_marker") for c in tok.subtree)
    return False


# --------------------------------------------------------------------------- roles


def nearest_subject(verb: Token, subjects: list[Token]) -> Token:
    """Of two subjects (a misparse: 'Kabul - The Taliban attacked', the dateline read as a
    subject), the one nearest before the verb is the verb's."""
    before = [c for c in subjects if c.i < verb.i]
    return before[-1] if before else subjects[0]


def subject_of(verb: Token) -> list[Token]:
    """Active subjects of a verb, inherited through conjunction and control ('and is retaking')."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if subjects:
        return [nearest_subject(verb, subjects)]
    if verb.dep_ in ("conj", "xcomp", "acomp") and verb.head.i != verb.i:
        return subject_of(verb.head)  # 'it was able to launch ...': the subject of 'was'
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head.i != verb.i:
        return subject_of(verb.head)  # "..., killing 30 soldiers": the main clause's subject
    if (
        verb.dep_ == "acl"
        and verb.tag_ in ("VBD", "VBN")
        and any(c.dep_ == "dobj" for c in verb.children)
    ):
        return [verb.head]  # 'Gunmen on motorcycles killed 45 people', parsed as a noun phrase
    return []


def passive_subject(verb: Token) -> list[Token]:
    for child in verb.children:
        if child.dep_ == "nsubjpass":
            return [child]
    if verb.dep_ == "conj" and verb.head.i != verb.i:
        return passive_subject(verb.head)
    return []


def prep_objects(tok: Token, preps: set[str]) -> list[Token]:
    """Objects of the given prepositions under `tok` ('to X', 'from X', 'by X', 'out of X')."""
    found = []
    for child in tok.children:
        if child.lower_ == "out" and "out" in preps:  # 'drove the group out of Deir ez-Zor'
            found.extend(
                g
                for c in child.children
                if c.lower_ == "of"
                for g in c.children
                if g.dep_ == "pobj"
            )
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ in preps:
            found.extend(c for c in child.children if c.dep_ in ("pobj", "pcomp"))
        elif child.dep_ == "agent":
            found.extend(c for c in child.children if c.dep_ == "pobj")
    return found


def objects_of(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in ("dobj", "attr", "oprd")]


def relative_antecedent(tok: Token) -> Token | None:
    """'Mosul, which ISIS stormed': the noun a relative clause hangs from."""
    cur = tok
    while cur.dep_ not in ("relcl", "acl") and cur.head.i != cur.i and cur.dep_ in ("conj",):
        cur = cur.head
    if cur.dep_ in ("relcl", "acl"):
        return cur.head
    return None


def read_roles(match: TriggerMatch) -> Roles:
    """Fill agent / patient / source / locative tokens for the trigger's frame."""
    head = match.head
    frame = match.trigger.frame
    roles = Roles()
    if head.pos_ in ("NOUN", "PROPN") or head.tag_.startswith("NN"):
        read_nominal_roles(head, frame, roles)
    else:
        read_verbal_roles(head, frame, roles)
    roles.locative.extend(prep_objects(head, LOCATIVE_PREPS))
    return roles


def read_verbal_roles(verb: Token, frame: str, roles: Roles) -> None:
    subj = subject_of(verb)
    subj_pass = passive_subject(verb)
    objs = objects_of(verb)
    agents = prep_objects(verb, {"by"})
    antecedent = relative_antecedent(verb)
    if objs and objs[0].lower_ in RELATIVE_PRONOUNS and antecedent is not None:
        objs = [antecedent]
    if subj and subj[0].lower_ in RELATIVE_PRONOUNS and antecedent is not None:
        subj = [antecedent]
    if not (subj or subj_pass) and verb.dep_ in ("oprd", "acomp", "xcomp") and verb.tag_ == "VBN":
        subj_pass = passive_subject(verb.head)  # 'Mosul was declared liberated'
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and antecedent is not None:
        subj_pass = subj_pass or [antecedent]  # "Palmyra, captured by ISIS in May 2015"
    if frame == "fall":
        roles.patient = subj or subj_pass
        roles.agent = prep_objects(verb, {"to"})
        return
    if frame == "loss":
        roles.source = subj  # the loser
        roles.patient = objs + prep_objects(verb, {"of", "over"})
        return
    if subj_pass:
        roles.patient = subj_pass
        roles.agent = agents
    else:
        roles.agent = subj
        roles.patient = objs
    roles.source = prep_objects(verb, {"from", "out"})
    for patient in roles.patient:  # "capture Aleppo from anti-Assad rebels"
        roles.source += prep_objects(patient, {"from"})
    if not roles.agent and is_purpose_of_noun(verb):
        roles.agent = purpose_agent(verb.head)
    if frame == "attack":
        roles.patient = roles.patient + prep_objects(
            verb, {"on", "against", "at", "toward", "towards"}
        )


def read_nominal_roles(noun: Token, frame: str, roles: Roles) -> None:
    """'X's capture of Y', 'the capture of Y by X', 'an attack on Y in Z', 'Russian air strikes'."""
    of_objs = prep_objects(noun, {"of", "for"})
    possessors = [c for c in noun.children if c.dep_ == "poss"]
    # 'Russian air strikes', 'U.S. and coalition air strikes' name the agent; 'risky' does not
    modifiers = [
        c
        for c in noun.children
        if c.dep_ in ("amod", "compound", "nmod")
        and (c.pos_ == "PROPN" or c.text[:1].isupper() or c.lower_ == "coalition")
    ]
    by_agents = prep_objects(noun, {"by"})
    if frame == "fall":
        roles.patient = of_objs
        roles.agent = prep_objects(noun, {"to"})
        return
    if frame == "loss":
        roles.patient = of_objs
        roles.source = possessors
        return
    roles.agent = by_agents or possessors or modifiers
    if frame in TERRITORY_FRAMES or frame == "gain":
        roles.patient = of_objs
    else:
        roles.patient = prep_objects(noun, {"on", "against", "at", "toward", "towards"}) + of_objs
    roles.source = prep_objects(noun, {"from"})
    gov = noun.head
    if noun.dep_ in ("dobj", "nsubjpass") and gov.pos_ in ("VERB", "AUX") and not roles.agent:
        roles.agent = subject_of(gov)  # "ISIS launched a car bombing", "IS mounted an attack"
    if noun.dep_ == "pobj" and gov.head.pos_ in ("VERB", "AUX") and not roles.agent:
        roles.agent = subject_of(gov.head)  # "...began with an attack on the Peshmerga"


def is_purpose_of_noun(verb: Token) -> bool:
    """'campaign to capture X', 'an operation to recapture X'."""
    return verb.dep_ in ("acl", "relcl") and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in verb.children
    )


def purpose_agent(noun: Token) -> list[Token]:
    """Who runs the operation: its possessor ('the coalition's campaign') or the launcher's subject."""
    owners = [c for c in noun.children if c.dep_ == "poss"]
    if owners:
        return owners
    gov = noun.head
    if noun.dep_ == "pobj":
        gov = gov.head
    return subject_of(gov) if gov.pos_ in ("VERB", "AUX") else []


def governing_verb(tok: Token) -> Token:
    """For a purpose clause, the verb that launched the operation; else the token itself."""
    if is_purpose_of_noun(tok):
        noun = tok.head
        return noun.head if noun.head.pos_ in ("VERB", "AUX") else tok
    return tok


def purpose_verb(noun: Token) -> Token | None:
    """The verb of 'effort/operation to VERB ...' hanging from `noun`, if any."""
    for child in noun.children:
        if child.dep_ in ("acl", "relcl") and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in child.children
        ):
            return child
    return None
