"""`sitrep validate`: every suite on the warehouse as it stands, like `dbt test`.

A run validates the batch it loads; this validates what the warehouse holds now, after
a change of the reference data, of the suites or of the severities file, or after rows
were loaded by hand. It prints one line per failing expectation and exits 0 (all
passed), 1 (warnings only) or 2 (errors). In a warehouse a row that breaks a
quarantine-level expectation is an error too: such rows should never have loaded.

The results are recorded like a run's: a `runs` row with status `validated` (so
`sitrep report quality` shows them) and one `quality_results` row per expectation,
and the Data Docs get a page for it. Nothing else is changed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from flows import warehouse as wh
from flows.settings import Settings

# The tables the suites know, as the warehouse holds them (documents and events first:
# the cluster and reference checks do not depend on them, but the events' do).
VALIDATED_TABLES = (
    "documents",
    "events",
    "event_clusters",
    "actors",
    "places",
    "countries",
    "taxonomy",
)
EXIT_PASSED, EXIT_WARNINGS, EXIT_ERRORS = 0, 1, 2
BLOCKING = ("error", "quarantine")  # what makes `sitrep validate` exit 2


@dataclass(frozen=True)
class WarehouseValidation:
    """What `sitrep validate` found, and the exit code that says it."""

    run_id: str
    checked: int
    lines: list[str]
    errors: int
    warnings: int
    seconds: float

    @property
    def exit_code(self) -> int:
        if self.errors:
            return EXIT_ERRORS
        return EXIT_WARNINGS if self.warnings else EXIT_PASSED

    def summary(self) -> str:
        verdict = {EXIT_PASSED: "passed", EXIT_WARNINGS: "warnings", EXIT_ERRORS: "errors"}
        return (
            f"validate {self.run_id}: {verdict[self.exit_code]}: {self.checked} expectations, "
            f"{self.errors} failing with errors, {self.warnings} with warnings "
            f"({self.seconds:.1f} s; recorded in quality_results)"
        )


def read_tables(con) -> dict[str, pd.DataFrame]:
    """Each validated table present in the warehouse, with its types as loaded (Arrow)."""
    present = set(wh.table_names(con))
    return {
        table: con.sql(f'SELECT * FROM "{table}"')
        .to_arrow_table()
        .to_pandas(types_mapper=pd.ArrowDtype)
        for table in VALIDATED_TABLES
        if table in present
    }


def validate_warehouse(settings: Settings) -> WarehouseValidation:
    """Validate the warehouse's tables with every suite and record the results."""
    from expectations.runner import validate_run
    from flows.pipeline import new_run_id

    if not Path(settings.warehouse).exists():
        raise wh.WarehouseMissing(f"no warehouse at {settings.warehouse}: run `sitrep run` first")
    started = time.perf_counter()
    run_id = "validate-" + new_run_id()
    with wh.writer_lock(settings.warehouse, settings.lock_wait_seconds, settings.lock_file):
        with wh.connect_writer_ctx(
            settings.warehouse, settings.schema_dir, settings.views_dir
        ) as con:
            frames = read_tables(con)
        # The connection is closed while GX works, so readers are not kept waiting.
        outcome = validate_run(
            frames, context_for(frames, settings), run_id, settings.reports, settings.gx_dir
        )
        failures = sorted(outcome.failures, key=lambda f: (f.severity, f.suite, f.expectation))
        errors = sum(f.severity in BLOCKING for f in failures)
        result = WarehouseValidation(
            run_id=run_id,
            checked=len(outcome.results),
            lines=[f.line() for f in failures],
            errors=errors,
            warnings=len(failures) - errors,
            seconds=time.perf_counter() - started,
        )
        with wh.connect_writer_ctx(
            settings.warehouse, settings.schema_dir, settings.views_dir
        ) as con:
            record(con, result, outcome.results)
    return result


def context_for(frames: dict[str, pd.DataFrame], settings: Settings):
    """What the suites join against: the warehouse's own reference tables and documents."""
    from expectations.runner import ValidationContext
    from expectations.severity import SeverityPolicy

    def table(name: str, *columns: str) -> pd.DataFrame:
        return frames.get(name, pd.DataFrame(columns=list(columns)))

    return ValidationContext(
        taxonomy=table("taxonomy", "event_type", "sub_event_type"),
        actors=table("actors", "actor"),
        countries=table("countries", "country"),
        documents=table("documents", "doc_id").reindex(
            columns=["doc_id", "published_date", "clean_text"]
        ),
        known_event_ids=table("events", "event_id")["event_id"],
        severities=SeverityPolicy.load(settings.severities),
    )


def record(con, result: WarehouseValidation, results: pd.DataFrame) -> None:
    """The validation as a `runs` row (status validated) and its quality_results, at once."""
    from flows.load import insert_frame
    from flows.pipeline import SITREP_VERSION

    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            "INSERT INTO runs (run_id, started_at, ended_at, status, documents_loaded, "
            "events_loaded, seconds, message, sitrep_version) "
            "VALUES (?, ?, ?, 'validated', 0, 0, ?, ?, ?)",
            [
                result.run_id,
                wh.utcnow(),
                wh.utcnow(),
                round(result.seconds, 3),
                result.summary(),
                SITREP_VERSION,
            ],
        )
        insert_frame(con, "quality_results", results)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
