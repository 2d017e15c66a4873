"""The documents suite: the contract of `documents` (docs/contract.md) as expectations.

A document that fails a row-level check is quarantined together with its events
(the runner adds "document quarantined" to them): events of an article we do not
load would point at nothing.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from expectations.checks import (
    ROW_KEY,
    Check,
    TableSuite,
    as_arrow_dates,
    between,
    columns_present,
    holds,
    in_set,
    not_null,
    unique,
)
from expectations.context import Lookups

TABLE = "documents"
KEY = ("doc_id",)

CONTRACT: dict[str, str] = {
    "doc_id": "VARCHAR",
    "file_name": "VARCHAR",
    "source_record": "VARCHAR",
    "title": "VARCHAR",
    "outlet": "VARCHAR",
    "published_date": "DATE",
    "published_date_source": "VARCHAR",
    "clean_text": "VARCHAR",
}
DATE_SOURCES = ["metadata", "text", "inferred"]
EARLIEST_PUBLICATION = dt.date(
    1990, 1, 1
)  # before the web archives we ingest; an earlier date is misparsed
# One day of slack past today: a publication stamped in a timezone ahead of ours is not from the future.
PUBLICATION_SLACK = dt.timedelta(days=1)


def prepare(frame: pd.DataFrame, lookups: Lookups) -> pd.DataFrame:
    """The batch GX validates: the run's documents plus `_row` and the helper column."""
    batch = frame.copy()
    batch[ROW_KEY] = range(len(batch))
    if "published_date" in batch.columns:
        batch["published_date"] = as_arrow_dates(batch["published_date"])
        if "published_date_source" in batch.columns:
            batch["_date_iff_source"] = (
                batch["published_date"].isna() == batch["published_date_source"].isna()
            )
    return batch


def checks(batch: pd.DataFrame, lookups: Lookups) -> list[Check]:
    return [
        columns_present(list(CONTRACT)),
        not_null("doc_id"),
        unique("doc_id"),
        not_null("file_name"),
        not_null("clean_text"),
        in_set("published_date_source", DATE_SOURCES),
        holds(
            "_date_iff_source",
            "published_date_null_iff_source_null",
            "published_date is NULL exactly when published_date_source is NULL.",
            subject="published_date,published_date_source",
        ),
        between(
            "published_date",
            EARLIEST_PUBLICATION,
            lookups.today + PUBLICATION_SLACK,
            name="published_date_in_range",
        ),
    ]


SUITE = TableSuite(TABLE, KEY, prepare, checks, CONTRACT)
