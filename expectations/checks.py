"""The building block of every suite: a named check around one GX expectation.

A `Check` says what one expectation means for sitrep: its short name (what the
quarantine and `quality_results` tables show), whether it judges rows (row level) or
the table, what a failure does (its severity, from expectations/severities.toml), and
how to say a failure in one readable line. The helpers below build the common checks so that a suite
module reads as a list of sentences: `not_null("doc_id")`, `between("latitude", -90, 90)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import great_expectations.expectations as gxe
import pandas as pd
import pyarrow as pa

from expectations.context import ROW_KEY
from expectations.severity import Rule, Severity

if TYPE_CHECKING:
    from expectations.context import Lookups


# A table-level failure as one line, from the GX result dict and the validated batch.
Explain = Callable[[Mapping[str, Any], pd.DataFrame], str]


@dataclass(frozen=True)
class Check:
    """One expectation with the meaning sitrep gives it."""

    name: str
    expectation: gxe.Expectation
    row_level: bool = True
    # What a failure does; None until the runner applies the severities file (then the
    # kind's default: row-level checks quarantine, table-level ones are errors).
    severity: Severity | None = None
    # A measure of the batch (a share, a mean): its warn_if / error_if thresholds decide
    # the severity of a failure from the measured value.
    rule: Rule | None = None
    label: str = ""  # what a table-level check measures, for its failure line
    explain: Explain | None = None  # a custom failure line
    subject: str | None = None  # the contract column(s) a helper-column check is about
    # The observed value as people read it (default: GX's observed_value).
    observe: Callable[[Mapping[str, Any], pd.DataFrame], object] | None = None

    @property
    def column_name(self) -> str | None:
        """What quality_results.column_name shows: the contract column(s) the check is about."""
        return self.subject or ",".join(self.columns) or None

    @property
    def columns(self) -> list[str]:
        """The batch columns the expectation reads (a check on a missing column is not run)."""
        config = self.expectation.configuration.kwargs
        found = [config[key] for key in ("column", "column_A", "column_B") if config.get(key)]
        found.extend(config.get("column_list") or [])
        return found

    @property
    def level(self) -> Severity:
        """The severity a failure has at least (a measure may escalate to error)."""
        if self.rule is not None and self.rule.is_measure:
            return self.rule.level
        if self.severity is not None:
            return self.severity
        return Severity.QUARANTINE if self.row_level else Severity.ERROR

    def measured(self, result: Mapping[str, Any], batch: pd.DataFrame) -> object:
        """The observed value as people read it (a mean, not GX's inverted share)."""
        if self.observe is not None:
            return self.observe(result, batch)
        return result.get("observed_value")

    def failure_severity(self, result: Mapping[str, Any], batch: pd.DataFrame) -> Severity:
        """What this failure does: a measure's thresholds decide from the measured value."""
        if self.rule is not None and self.rule.is_measure:
            value = self.measured(result, batch)
            return self.rule.severity_of(value if isinstance(value, int | float) else None)
        return self.level

    def describe_failure(self, result: Mapping[str, Any], batch: pd.DataFrame) -> str:
        """The readable line for a failed table-level check (without the table name)."""
        if self.explain is not None:
            return self.explain(result, batch)
        value = self.measured(result, batch)
        if self.rule is not None and self.rule.is_measure:
            number = value if isinstance(value, int | float) else None
            shown = "undefined" if number is None else format_value(number)
            return f"{self.label or self.name} is {shown}, expected {self.rule.expected(number)}"
        return f"{self.label or self.name} is {format_value(value)}, expected {self.bounds()}"

    def bounds(self) -> str:
        """'>= 0.2', '<= 50' or 'between 1 and 8', from the expectation's min/max values."""
        kwargs = self.expectation.configuration.kwargs
        low, high = kwargs.get("min_value"), kwargs.get("max_value")
        if low is not None and high is not None:
            return f"between {format_value(low)} and {format_value(high)}"
        if low is not None:
            return f">= {format_value(low)}"
        return f"<= {format_value(high)}"


@dataclass(frozen=True)
class TableSuite:
    """How one table is validated: its key, how its batch is prepared, and its checks.

    `prepare` returns the batch GX sees: the frame plus `_row` (its position, the
    key GX reports failing rows by, even when the natural key is NULL or
    duplicated) and any `_helper` columns. `contract`, when given, maps contract
    columns to SQL types for a sibling `<table>_schema` suite.
    """

    table: str
    key: tuple[str, ...]
    prepare: Callable[[pd.DataFrame, Lookups], pd.DataFrame]
    checks: Callable[[pd.DataFrame, Lookups], list[Check]]
    contract: Mapping[str, str] | None = None


def format_value(value: object) -> str:
    """Numbers rounded for people (0.05, not 0.050000000001); anything else as str."""
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


def with_meta(expectation: gxe.Expectation, name: str, description: str | None) -> gxe.Expectation:
    """Tag the expectation with its check name (to find it in results) and a description for Data Docs."""
    expectation.meta = {"check": name}
    if description:
        expectation.description = description
    return expectation


# --------------------------------------------------------------------------- row-level checks


def row_check(
    name: str,
    expectation: gxe.Expectation,
    description: str | None = None,
    subject: str | None = None,
) -> Check:
    """A check whose failing rows are quarantined."""
    return Check(name, with_meta(expectation, name, description), subject=subject)


def not_null(column: str) -> Check:
    return row_check(f"{column}_not_null", gxe.ExpectColumnValuesToNotBeNull(column=column))


def unique(column: str) -> Check:
    """No two rows share the value (every row of a duplicate is quarantined: which is right is unknown)."""
    return row_check(f"{column}_unique", gxe.ExpectColumnValuesToBeUnique(column=column))


def in_set(column: str, values: Iterable[object], name: str | None = None) -> Check:
    """The column's value is one of `values` (NULL passes: a separate not_null says if it may)."""
    expectation = gxe.ExpectColumnValuesToBeInSet(column=column, value_set=list(values))
    return row_check(name or f"{column}_valid", expectation)


def between(column: str, low: object = None, high: object = None, name: str | None = None) -> Check:
    """low <= value <= high (NULL passes)."""
    expectation = gxe.ExpectColumnValuesToBeBetween(column=column, min_value=low, max_value=high)
    return row_check(name or f"{column}_in_range", expectation)


def holds(flag_column: str, name: str, description: str, subject: str | None = None) -> Check:
    """A helper column computed before validation is True (NULL: could not be judged, passes).

    Cross-table and derived rules (offsets against the document text, a point inside
    its country) are computed in DuckDB or pandas into a boolean column; expecting
    that column with GX keeps the rule visible in Data Docs and in quality_results.
    """
    expectation = gxe.ExpectColumnValuesToBeInSet(column=flag_column, value_set=[True])
    return row_check(name, expectation, description, subject)


def compound_unique(columns: Sequence[str], name: str) -> Check:
    return row_check(name, gxe.ExpectCompoundColumnsToBeUnique(column_list=list(columns)))


def a_not_below_b(column_a: str, column_b: str, name: str) -> Check:
    """column_a >= column_b on every row where both are given."""
    expectation = gxe.ExpectColumnPairValuesAToBeGreaterThanB(
        column_A=column_a, column_B=column_b, or_equal=True, ignore_row_if="either_value_is_missing"
    )
    return row_check(name, expectation)


# --------------------------------------------------------------------------- table-level checks


def columns_present(columns: Sequence[str]) -> Check:
    """Every contract column is in the frame (extra columns are fine)."""
    name = "contract_columns_present"
    expectation = gxe.ExpectTableColumnsToMatchSet(column_set=list(columns), exact_match=False)
    return Check(
        name,
        with_meta(expectation, name, None),
        row_level=False,
        explain=lambda result, batch: (
            f"contract columns missing: {', '.join(missing_columns(result))}"
        ),
        observe=lambda result, batch: missing_columns(result),
    )


def missing_columns(result: Mapping[str, Any]) -> list[str]:
    return sorted((result.get("details") or {}).get("mismatched", {}).get("missing") or [])


def measure(
    check_name: str,
    rule: Rule,
    expectation: Callable[..., gxe.Expectation],
    label: str,
    description: str,
    inverted: bool = False,
) -> Check:
    """A measure of the whole batch, judged by the thresholds of its rule.

    GX checks the first threshold crossed (warn_if when there is one); the runner
    compares the measured value with error_if to tell a warning from an error.
    `expectation(**bounds)` builds the GX expectation; `inverted` when GX measures
    1/value (events per document is taken as distinct documents / events).
    """
    threshold = rule.first_breach.reciprocal() if inverted else rule.first_breach
    return Check(
        check_name,
        with_meta(expectation(**threshold.bounds()), check_name, description),
        row_level=False,
        rule=rule,
        label=label,
    )


# --------------------------------------------------------------------------- contract types

# Arrow type kinds each contract SQL type accepts. An all-NULL column (Arrow `null`)
# fits any type: pandas cannot tell the type of a column that holds no value.
_KINDS: dict[str, Callable[[pa.DataType], bool]] = {
    "VARCHAR": lambda t: pa.types.is_string(t) or pa.types.is_large_string(t),
    "DATE": lambda t: pa.types.is_date(t) or pa.types.is_timestamp(t),
    "SMALLINT": pa.types.is_integer,
    "INTEGER": pa.types.is_integer,
    "BIGINT": pa.types.is_integer,
    "DOUBLE": lambda t: pa.types.is_floating(t) or pa.types.is_integer(t),
    "BOOLEAN": pa.types.is_boolean,
}


def arrow_type(series: pd.Series) -> pa.DataType | None:
    """The Arrow type of a column as it would be loaded (ArrowDtype as is, else inferred).

    None when the values mix kinds Arrow cannot put in one column.
    """
    if isinstance(series.dtype, pd.ArrowDtype):
        return series.dtype.pyarrow_dtype
    try:
        return pa.Array.from_pandas(series).type
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None


def type_name(observed: pa.DataType | None) -> str:
    """'string' for both Arrow string types (pandas' own str dtype is large_string)."""
    if observed is None:
        return "mixed values"
    return "string" if pa.types.is_large_string(observed) else str(observed)


def fits_contract_type(observed: pa.DataType | None, sql_type: str) -> bool:
    return observed is not None and (pa.types.is_null(observed) or _KINDS[sql_type](observed))


def schema_frame(frame: pd.DataFrame, contract: Mapping[str, str]) -> pd.DataFrame:
    """One row per contract column present in `frame`: its contract type, Arrow type, and a match flag.

    GX's own type expectation cannot read pandas Arrow-backed dtypes, which is what the
    pipeline's frames use, so the comparison is made here and expected with GX.
    """
    rows = []
    for column, sql_type in contract.items():
        if column in frame.columns:
            observed = arrow_type(frame[column])
            rows.append(
                {
                    "column": column,
                    "contract_type": sql_type,
                    "observed_type": type_name(observed),
                    "type_matches_contract": fits_contract_type(observed, sql_type),
                }
            )
    schema = pd.DataFrame(
        rows, columns=["column", "contract_type", "observed_type", "type_matches_contract"]
    )
    schema[ROW_KEY] = range(len(schema))
    return schema


def types_match() -> Check:
    """Every present contract column has its contract type (a failure stops the run)."""
    name = "contract_types_match"
    expectation = gxe.ExpectColumnValuesToBeInSet(column="type_matches_contract", value_set=[True])
    description = "Each contract column holds values of its contract type (docs/contract.md)."
    return Check(
        name,
        with_meta(expectation, name, description),
        row_level=False,
        explain=lambda result, batch: (
            "column types differ from the contract: " + "; ".join(wrong_types(result, batch))
        ),
        observe=lambda result, batch: wrong_types(result, batch),
    )


def wrong_types(result: Mapping[str, Any], batch: pd.DataFrame) -> list[str]:
    """'latitude is string, expected DOUBLE' for each schema row GX found unexpected."""
    rows = [entry[ROW_KEY] for entry in result.get("unexpected_index_list") or []]
    wrong = batch.set_index(ROW_KEY).loc[rows]
    return [
        f"{r.column} is {r.observed_type}, expected {r.contract_type}" for r in wrong.itertuples()
    ]


def as_arrow_dates(values: pd.Series) -> pd.Series:
    """The column as Arrow dates, so GX compares it with a date bound whatever it arrived as.

    Only the validation batch is converted; the contract type check runs on the frame
    as given, so a column of text dates still stops the run there.
    """
    if isinstance(values.dtype, pd.ArrowDtype) and pa.types.is_date32(values.dtype.pyarrow_dtype):
        return values
    return pd.to_datetime(values, errors="coerce", format="mixed").astype("date32[pyarrow]")
