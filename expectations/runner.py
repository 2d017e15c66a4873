"""Validate one run's frames: good rows, quarantined rows, quality results, Data Docs.

The pipeline calls `validate_run` between extraction and loading; `sitrep validate`
calls it on the warehouse as it stands. Every table present in `frames` is validated
with its suite (see the table modules), and each failure does what its severity
(expectations/severities.toml) says: a row that fails a `quarantine` expectation is
held back in `quarantine` with the names of the expectations it failed, and the rest
is returned in `good`; an `error` is returned as a readable line in `table_failures`
(the run must stop: the contract is broken or sitrep has a bug); a `warn` is a
readable line in `warnings`, and the run loads.

Great Expectations takes seconds to import, so it is imported on the first call,
not when the pipeline imports this module.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

import expectations  # noqa: F401  (switches GX usage statistics off before GX is imported)
from expectations.context import ROW_KEY, Lookups, ValidationContext

if TYPE_CHECKING:
    from expectations.checks import Check, TableSuite
    from expectations.gx_project import GxProject
    from expectations.severity import SeverityPolicy

__all__ = [
    "Failure",
    "ValidationContext",
    "ValidationOutcome",
    "preload_in_background",
    "validate_run",
]

DOCS_FOLDER = "data_docs"
DOCUMENT_QUARANTINED = "document quarantined"
QUARANTINE_COLUMNS = [
    "run_id",
    "table_name",
    "row_key",
    "row_json",
    "failed_expectations",
    "quarantined_at",
]
RESULT_COLUMNS = [
    "run_id",
    "suite",
    "expectation",
    "column_name",
    "success",
    "observed_value",
    "unexpected_count",
    "element_count",
    "checked_at",
    "severity",
]
SAMPLE_SIZE = 5  # unexpected values shown in quality_results.observed_value for a row-level failure


@dataclass(frozen=True)
class Failure:
    """One failed expectation: where, how bad, and what happened in one readable line."""

    suite: str  # events, events_schema, documents, ...
    expectation: str  # the check name
    severity: str  # error | quarantine | warn
    what: str  # 'share of events with a date is 0.139, expected >= 0.2', '2 rows fail: [...]'

    def line(self) -> str:
        return f"{self.severity:<10} {self.suite}.{self.expectation}: {self.what}"


@dataclass
class ValidationOutcome:
    """What a run may load, what it holds back, and what it learned about its data."""

    good: dict[str, pd.DataFrame]  # each table's rows that passed every row-level expectation
    quarantine: pd.DataFrame  # rows for the quarantine table
    results: pd.DataFrame  # rows for quality_results
    table_failures: list[str]  # one readable line per error-level failure: the run must stop
    docs_index: Path | None  # Data Docs index.html, when built
    warnings: list[str] = field(default_factory=list)  # failed warn-level expectations
    failures: list[Failure] = field(default_factory=list)  # every failed expectation


def validate_run(
    frames: dict[str, pd.DataFrame],
    context: ValidationContext,
    run_id: str,
    reports_dir: Path | None,
    gx_root: Path,
) -> ValidationOutcome:
    """Validate every table of `frames` that has a suite; tables not given are skipped."""
    from expectations.gx_project import GxProject, run_identifier

    docs_dir = Path(reports_dir) / DOCS_FOLDER if reports_dir is not None else None
    project = GxProject.open(Path(gx_root), docs_dir)
    lookups = Lookups.build(frames, context)
    report = RunReport(run_id)
    run = run_identifier(run_id)
    for suite in table_suites():
        if frames.get(suite.table) is None:
            continue
        if suite.table == "event_clusters":
            lookups.event_ids |= report.good_keys("events", "event_id")
        table = validate_table(project, suite, frames[suite.table], lookups, run)
        if suite.table == "events":
            table.fail_events_of(report.quarantined_keys("documents", "doc_id"))
        report.add(table)
    project.prune()
    return report.outcome(project.build_docs(run))


def preload_in_background() -> threading.Thread:
    """Import Great Expectations in a daemon thread, so that validate_run need not wait for it.

    The import takes 3-4 seconds; a pipeline that calls this when extraction starts
    has it done by the time it validates. Optional: validate_run imports it anyway.
    """
    thread = threading.Thread(target=_import_gx, name="gx-preload", daemon=True)
    thread.start()
    return thread


def _import_gx() -> None:
    import expectations.gx_project  # noqa: F401


def table_suites() -> list[TableSuite]:
    """Every suite, in the order the cross-table checks need: reference, documents, events, clusters."""
    from expectations import documents, event_clusters, events, reference

    return [*reference.SUITES, documents.SUITE, events.SUITE, event_clusters.SUITE]


def validate_table(
    project: GxProject, suite: TableSuite, frame: pd.DataFrame, lookups: Lookups, run: Any
) -> TableValidation:
    """Run the table's contract-type suite and its own suite, and read which rows failed what.

    A column of the wrong type is reported once, by the type check; the row checks
    on it are left out rather than failing with a type error each.
    """
    from expectations.checks import schema_frame, types_match

    frame = frame.reset_index(drop=True)
    table = TableValidation(suite, frame)
    mistyped: set[str] = set()
    if suite.contract:
        schema = schema_frame(frame, suite.contract)
        mistyped = set(schema.loc[~schema["type_matches_contract"], "column"])
        suite_name = f"{suite.table}_schema"
        checks = with_severities(suite_name, [types_match()], lookups.severities)
        table.read(suite_name, checks, project.validate(suite_name, schema, checks, run), schema)
    batch = suite.prepare(frame, lookups)
    checks = runnable(suite.checks(batch, lookups), batch, mistyped)
    checks = with_severities(suite.table, checks, lookups.severities)
    table.read(suite.table, checks, project.validate(suite.table, batch, checks, run), batch)
    return table


def with_severities(
    suite_name: str, checks: Sequence[Check], policy: SeverityPolicy
) -> list[Check]:
    """Each plain check with the severity the file gives it (measures carry their rule)."""
    from dataclasses import replace

    return [
        check
        if check.rule is not None
        else replace(check, severity=policy.severity(suite_name, check.name, check.row_level))
        for check in checks
    ]


def runnable(checks: Sequence[Check], batch: pd.DataFrame, mistyped: set[str]) -> list[Check]:
    """The checks whose columns are in the batch with their contract type.

    A missing column is reported once, by columns_present; a mistyped one by the type check.
    """
    usable = set(batch.columns) - mistyped
    return [check for check in checks if set(check.columns) <= usable]


@dataclass
class TableValidation:
    """One table's validation: which rows failed which checks, results, table-level failures."""

    suite: TableSuite
    frame: pd.DataFrame
    failures: dict[int, list[str]] = field(default_factory=dict)
    results: list[dict[str, Any]] = field(default_factory=list)
    table_failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)  # every failed expectation

    @property
    def name(self) -> str:
        return self.suite.table

    def read(
        self, suite_name: str, checks: Sequence[Check], results: Iterable[Any], batch: pd.DataFrame
    ) -> None:
        """Turn GX results into failed rows, quality_results rows, error and warning lines."""
        from expectations.severity import Severity

        by_name = {check.name: check for check in checks}
        for result in results:
            check = by_name[result.expectation_config.meta["check"]]
            detail = dict(result.result or {})
            severity = check.level if result.success else check.failure_severity(detail, batch)
            if raised(result):
                severity = Severity.ERROR
            row = self.result_row(suite_name, check, result.success, detail, batch)
            self.results.append(row | {"severity": str(severity)})
            if result.success:
                continue
            if raised(result):
                what = f"could not be checked: {raised(result)}"
            else:
                what = self.failure_text(check, detail, batch)
            self.failed.append(Failure(suite_name, check.name, str(severity), what))
            # A table-level line names its measure; a row-level one, its check.
            line = f"{self.name}: {what if not check.row_level else f'{check.name} {what}'}"
            if raised(result):
                self.table_failures.append(f"{self.name}: {check.name} {what}")
            elif severity is Severity.QUARANTINE and check.row_level:
                self.fail_rows(failed_rows(detail), check.name)
            elif severity is Severity.WARN:
                self.warnings.append(line)
            else:
                self.table_failures.append(line)

    def failure_text(self, check: Check, detail: dict[str, Any], batch: pd.DataFrame) -> str:
        """What failed, readably: the measure and its bound, or how many rows and a sample."""
        if not check.row_level:
            return check.describe_failure(detail, batch)
        count = detail.get("unexpected_count") or len(failed_rows(detail))
        sample = self.observed_text(check, detail, batch)
        return f"fails on {count} row{'s' if count != 1 else ''}" + (
            f": {sample}" if sample else ""
        )

    def result_row(
        self, suite: str, check: Check, success: bool, detail: dict[str, Any], batch: pd.DataFrame
    ) -> dict[str, Any]:
        """One quality_results row (run_id and checked_at are added by the report)."""
        return {
            "suite": suite,
            "expectation": check.name,
            "column_name": check.column_name,
            "success": bool(success),
            "observed_value": self.observed_text(check, detail, batch),
            "unexpected_count": detail.get("unexpected_count"),
            "element_count": detail.get("element_count", len(batch)),
        }

    def observed_text(
        self, check: Check, detail: dict[str, Any], batch: pd.DataFrame
    ) -> str | None:
        """What GX observed, as people read it; for a failed row check, a sample of what failed.

        A helper-column check's own values (False) say nothing, so its sample shows the
        values of the column it is about ("Foo Brigade"), or the failing rows' keys when
        it is about several columns.
        """
        if check.observe is not None:
            value = check.observe(detail, batch)
        elif "observed_value" in detail:
            value = detail["observed_value"]
        elif check.subject is None:
            value = (detail.get("partial_unexpected_list") or [])[:SAMPLE_SIZE] or None
        else:
            value = self.sample(check.subject, failed_rows(detail)[:SAMPLE_SIZE]) or None
        if value is None or isinstance(value, str):
            return value
        return json.dumps(plain(value), default=str, ensure_ascii=False)

    def sample(self, subject: str, rows: Sequence[int]) -> list[Any]:
        if subject in self.frame.columns:
            return [self.frame[subject].iloc[row] for row in rows]
        return [row_key(self.frame.iloc[row].to_dict(), self.suite.key, row) for row in rows]

    def fail_rows(self, rows: Iterable[int], reason: str) -> None:
        for row in rows:
            reasons = self.failures.setdefault(int(row), [])
            if reason not in reasons:
                reasons.append(reason)

    def fail_events_of(self, quarantined_doc_ids: set[str]) -> None:
        """An event of a quarantined document is quarantined too: it would point at nothing."""
        if not quarantined_doc_ids or "doc_id" not in self.frame.columns:
            return
        doc_ids = self.frame["doc_id"].astype(object)
        rows = [
            row
            for row, doc_id in enumerate(doc_ids)
            if pd.notna(doc_id) and str(doc_id) in quarantined_doc_ids
        ]
        self.fail_rows(rows, DOCUMENT_QUARANTINED)

    def good(self) -> pd.DataFrame:
        return self.frame.drop(index=list(self.failures)).reset_index(drop=True)

    def keys(self, column: str, rows: Iterable[int]) -> set[str]:
        if column not in self.frame.columns:
            return set()
        values = self.frame[column].astype(object)
        return {str(values[row]) for row in rows if pd.notna(values[row])}

    def quarantine_rows(self, run_id: str, at: dt.datetime) -> list[dict[str, Any]]:
        records = self.frame.iloc[sorted(self.failures)].to_dict("records")
        return [
            {
                "run_id": run_id,
                "table_name": self.name,
                "row_key": row_key(record, self.suite.key, row),
                "row_json": row_json(record),
                "failed_expectations": self.failures[row],
                "quarantined_at": at,
            }
            for row, record in zip(sorted(self.failures), records, strict=True)
        ]


@dataclass
class RunReport:
    """The tables validated so far, and the outcome they add up to."""

    run_id: str
    at: dt.datetime = field(default_factory=lambda: utcnow())
    tables: dict[str, TableValidation] = field(default_factory=dict)

    def add(self, table: TableValidation) -> None:
        self.tables[table.name] = table

    def good_keys(self, table: str, column: str) -> set[str]:
        found = self.tables.get(table)
        if found is None:
            return set()
        return found.keys(
            column, (row for row in range(len(found.frame)) if row not in found.failures)
        )

    def quarantined_keys(self, table: str, column: str) -> set[str]:
        found = self.tables.get(table)
        return found.keys(column, found.failures) if found is not None else set()

    def outcome(self, docs_index: Path | None) -> ValidationOutcome:
        quarantine = [
            row for t in self.tables.values() for row in t.quarantine_rows(self.run_id, self.at)
        ]
        results = [
            dict(row, run_id=self.run_id, checked_at=self.at)
            for t in self.tables.values()
            for row in t.results
        ]
        return ValidationOutcome(
            good={name: table.good() for name, table in self.tables.items()},
            quarantine=pd.DataFrame(quarantine, columns=QUARANTINE_COLUMNS),
            results=results_frame(results),
            table_failures=[line for t in self.tables.values() for line in t.table_failures],
            docs_index=docs_index,
            warnings=[line for t in self.tables.values() for line in t.warnings],
            failures=[failure for t in self.tables.values() for failure in t.failed],
        )


# --------------------------------------------------------------------------- reading GX results


def raised(result: Any) -> str | None:
    """The exception message when GX could not evaluate the expectation, else None."""
    info = result.exception_info or {}
    entries = info.values() if all(isinstance(v, dict) for v in info.values()) and info else [info]
    for entry in entries:
        if entry.get("raised_exception"):
            return str(entry.get("exception_message") or "unknown error")
    return None


def failed_rows(detail: dict[str, Any]) -> list[int]:
    return [entry[ROW_KEY] for entry in detail.get("unexpected_index_list") or []]


def results_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=RESULT_COLUMNS)
    return frame.astype({"success": "bool", "unexpected_count": "Int64", "element_count": "Int64"})


# --------------------------------------------------------------------------- quarantined rows


def row_key(record: dict[str, Any], key: Sequence[str], row: int) -> str:
    """The row's natural key ('a|b' for compound keys), or its position when the key is missing."""
    values = [record.get(column) for column in key]
    if any(value is None or value == "" or _missing(value) for value in values):
        return f"{ROW_KEY}={row}"
    return "|".join(str(value) for value in values)


def row_json(record: dict[str, Any]) -> str:
    """The row as given to validate_run, as JSON (dates ISO, NULLs null)."""
    return json.dumps(
        {name: plain(value) for name, value in record.items()}, default=str, ensure_ascii=False
    )


def plain(value: Any) -> Any:
    """A JSON-friendly Python value: NA as None, dates as ISO text, numpy scalars as Python ones."""
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if value is None or _missing(value):
        return None
    if isinstance(value, dt.date | dt.datetime | pd.Timestamp):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


def _missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def utcnow() -> dt.datetime:
    """Naive UTC, like every timestamp of the warehouse."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
