"""Extraction: from a cleaned article to coded events, in stages a newcomer can read in order.

1. parse (`parse.py`): split the article into sentences cheaply; the detector's hints
   choose which sentences get a full spaCy parse.
2. context (`context.py`): what the article tells every sentence (publication date,
   countries, main actors, headline places) and what each sentence leaves for the next.
3. mentions (`mentions.py`): per sentence, the actors, places, dates and casualty figures
   the dictionaries, gazetteer, date resolver and number reader find.
4. detect (`detect.py`, `clauses.py`): which sub-event types a sentence (or one of its
   clauses) reports, with the classifier's probability; or the trigger rules, the baseline.
5. roles and slots (`candidates.py`, `trigger_frames.py`, `sides.py`, `places.py`,
   `dating.py`, `casualties.py`): each detection's frame, actors, place, date and counts.
6. coding (`coding.py`): the only place a detected sub-event type may change, by the
   decision table in seeds/reference/coding.csv and the frames' territory and crowd rules.
7. merge (`merge.py`): one event per happening, within a sentence and across restatements.
8. rows (`rows.py`): contract rows with ids, evidence offsets and confidence.

`articles.py` runs them for an article and for a batch. The values passed between
stages are in `records.py`. Nothing here imports Prefect or DuckDB.
"""
