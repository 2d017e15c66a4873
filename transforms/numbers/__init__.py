"""Read fatality and injury counts out of news sentences.

Two layers:

* `parse_number` reads the quantity at the start of a phrase: digits ("1,200"),
  words ("twenty-five", "a hundred", "two dozen"), vague plurals ("dozens"),
  approximations ("at least 93", "more than 30") and a lone article ("a soldier").
* `find_casualties` finds killed / injured counts tied to a casualty word:
  a verb ("killed", "wounded", "died", "lost their lives"), an adjective or noun
  ("dead", "deaths", "injuries") or a death toll.

Choices, following ACLED's conservative coding of reported numbers:

* Approximations keep the stated number: "at least 93", "more than 30",
  "nearly 40", "up to 50" are 93, 30, 40, 50; a range "30 to 40" is 30.
* Vague plurals count one unit of what they name: "dozens" 12, "scores" 20,
  "tens" 10, "hundreds" 100, "thousands" 1000, "tens of thousands" 10000.
  ACLED's default for an unnumbered plural is 10: "several", "many",
  "multiple", "numerous", "a number of", "some" are 10; "a few" and
  "a handful" are 3, "a couple" and "both" 2, "half a dozen" 6.
* A singular victim ("a soldier", "an American Navy SEAL", "one") is 1, and
  "no one" / "nobody" / "none" / "no civilians" are 0: a stated zero is a count.
* Coordinated victims of one verb are summed: "Scores of Peshmerga and an
  American Navy SEAL ... were killed" is 20 + 1 = 21; "killing 3 soldiers and
  2 civilians" is 5. Separate verbs give separate mentions: "killed 12
  civilians and wounded 40 others" is 12 killed and 40 injured.
* The attacker is not a victim: "a suicide bomber killed himself" gives
  nothing, "killing himself and 5 others" gives 5.
* "casualties" mixes dead and wounded, so it is never counted, and neither is
  "killed or wounded" / "dead and wounded" (no split is stated); but "no
  casualties" is a stated zero of both, "no deaths" of the dead and "no
  injuries" of the wounded.
* Numbers that measure something else are skipped: a quantity followed by a
  unit or a non-human noun ("30 km", "10,000 airstrikes", "a 200-man force"),
  a year after a preposition ("in 2014"), a day next to a month, a clock time.

The package, by concern: `vocabulary` (the casualty words and the tokenizer),
`quantities` (`parse_number`: digits, number words, vague plurals, approximations),
`reading` (a sentence as tokens with its quantities), `victims` (the counted noun
phrases before or after a casualty word) and `casualties` (`find_casualties`: reading
each casualty word as active, passive or a toll).
"""

from transforms.numbers.casualties import CasualtyMention, find_casualties
from transforms.numbers.quantities import parse_number

__all__ = ["CasualtyMention", "find_casualties", "parse_number"]
