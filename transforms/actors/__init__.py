"""The actor dictionary: who is named in a sentence, by canonical ACLED-style actor.

Two reference tables drive it, so that an alias, a leader or a force noun is a
CSV line and never code:

- `actors.csv` (`actor,inter_code,aliases,country,state`): canonical actors and
  their surface forms. A country's *government* is the first state actor listed
  for it (Iraqi Government before Kurdish Peshmerga).
- `actor_patterns.csv` (`category,phrase,actor,context_country,noun_class,note`):
  the words patterns are made of — force nouns and their class, descriptive
  words, context-dependent modifiers ("Kurdish" is the YPG in Syria and the
  Peshmerga in Iraq), leaders, proxies, guard words.

`countries.csv` gives demonyms ("Turkish" -> Turkey) and country names.

Mentions are found by three families of patterns, each one regular expression
compiled once:

1. names: actor aliases, leaders' names, and the names of foreign states;
2. force phrases: `[modifier (and modifier)*] [descriptor]{0,2} noun`, where a
   modifier is a demonym, an actor name, a leader form ("Assad's", "pro-Assad")
   or a pattern modifier, and the noun's class decides what the modifier means
   ("Indian troops" -> Military Forces of India, "ISIS militants" -> Islamic
   State, "French fighters" -> nobody); with no modifier at all ("the army",
   "troops") the article's country decides;
3. led phrases: "Saudi-led coalition" -> Saudi Arabia.

Backers named inside the phrase ("Turkish-backed", "pro-Turkish", "backed by
the coalition") widen a mention and fill `ActorMention.backers`. Coordinated
modifiers ("Syrian and Russian forces", "a Syrian-Russian operation") give one
mention per actor. Overlaps are settled longest first; at equal length a reading
that used the article's country beats a plain alias, which beats a pattern.

The package, by concern: `records` (actors, mentions and the lookup entries),
`surfaces` (folding surface forms and compiling them into regexes), `tables` (loading
actors.csv, actor_patterns.csv and countries.csv into lookup tables), `phrases` (the
words around a candidate: coordination, neighbours, overlaps) and `dictionary`
(the `ActorDictionary` that matches the three families of patterns).
"""

from transforms.actors.dictionary import ActorDictionary
from transforms.actors.records import (
    COUNTRY_SLOT,
    GENERIC_INTERS,
    GOVERNMENT,
    PATTERN_COLUMNS,
    RANK_CONTEXT,
    RANK_NAME,
    RANK_PATTERN,
    STATE_CLASSES,
    WORD_LISTS,
    Actor,
    ActorMention,
)
from transforms.actors.surfaces import alternation, phrase_key, strip_article

__all__ = [
    "Actor",
    "ActorDictionary",
    "ActorMention",
    "COUNTRY_SLOT",
    "GENERIC_INTERS",
    "GOVERNMENT",
    "PATTERN_COLUMNS",
    "RANK_CONTEXT",
    "RANK_NAME",
    "RANK_PATTERN",
    "STATE_CLASSES",
    "WORD_LISTS",
    "alternation",
    "phrase_key",
    "strip_article",
]
