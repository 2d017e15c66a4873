"""The event_clusters suite: one row per (cluster, event) of reports of the same event.

The pipeline owns this table's shape; the suite checks only what any clustering
must satisfy and tolerates every other column. A cluster row must point at an
event that is loaded: one of this run's good events or one already in the
warehouse (`ValidationContext.known_event_ids`), never a quarantined one.
"""

from __future__ import annotations

import pandas as pd

from expectations.checks import (
    ROW_KEY,
    Check,
    TableSuite,
    a_not_below_b,
    between,
    columns_present,
    holds,
    not_null,
)
from expectations.context import Lookups

TABLE = "event_clusters"
KEY = ("cluster_id", "event_id")

CHECKED_COLUMNS = ["cluster_id", "event_id", "n_articles", "n_outlets"]


def prepare(frame: pd.DataFrame, lookups: Lookups) -> pd.DataFrame:
    batch = frame.copy()
    batch[ROW_KEY] = range(len(batch))
    if "event_id" in batch.columns:
        batch["_event_known"] = [
            pd.notna(event_id) and str(event_id) in lookups.event_ids
            for event_id in batch["event_id"]
        ]
    return batch


def checks(batch: pd.DataFrame, lookups: Lookups) -> list[Check]:
    return [
        columns_present(CHECKED_COLUMNS),
        not_null("cluster_id"),
        between("n_articles", 1, None),
        between("n_outlets", 0, None),
        a_not_below_b("n_articles", "n_outlets", "n_outlets_not_above_n_articles"),
        holds(
            "_event_known",
            "event_id_known",
            "event_id is an event loaded by this run (not quarantined) or already in the warehouse.",
            subject="event_id",
        ),
    ]


SUITE = TableSuite(TABLE, KEY, prepare, checks)  # no type check: the pipeline owns the columns
