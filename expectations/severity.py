"""What a failed expectation does: stop the run, quarantine rows, or only warn.

The answers live in one declarative file, `expectations/severities.toml`, so that a
user changes a threshold or a severity by editing a line, not the suites; this module
reads it. No Great Expectations import here: the pipeline loads the policy before GX.
"""

from __future__ import annotations

import operator
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

DEFAULT_FILE = Path(__file__).resolve().parent / "severities.toml"


class Severity(StrEnum):
    """dbt's severities, plus the row-level one dbt lacks."""

    ERROR = "error"  # stop the run, load nothing
    QUARANTINE = "quarantine"  # hold back the failing rows, load the rest
    WARN = "warn"  # record and report, load everything


_COMPARISONS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_OPPOSITE = {"<": ">=", "<=": ">", ">": "<=", ">=": "<"}
_MIRRORED = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
_THRESHOLD = re.compile(r"^\s*(<=|>=|<|>)\s*(-?\d+(?:\.\d*)?(?:[eE]-?\d+)?)\s*$")


@dataclass(frozen=True)
class Threshold:
    """A comparison that, when the measured value meets it, is breached: `< 0.2`."""

    op: str
    value: float

    @classmethod
    def parse(cls, text: str) -> Threshold:
        match = _THRESHOLD.match(str(text))
        if match is None:
            raise ValueError(f"threshold {text!r} is not '<', '<=', '>' or '>=' and a number")
        return cls(match[1], float(match[2]))

    def breached(self, measured: float) -> bool:
        return _COMPARISONS[self.op](measured, self.value)

    def expected(self) -> str:
        """What passing means, as the failure line says it: '< 0.2' passes at '>= 0.2'."""
        return f"{_OPPOSITE[self.op]} {_number(self.value)}"

    def bounds(self) -> dict[str, Any]:
        """The GX min/max keyword arguments under which a value passes (breaches fail)."""
        strict = self.op in ("<=", ">=")
        if self.op.startswith("<"):
            return {"min_value": self.value, "strict_min": strict}
        return {"max_value": self.value, "strict_max": strict}

    def reciprocal(self) -> Threshold:
        """The same threshold on 1/value (for a measure GX can only take inverted)."""
        return Threshold(_MIRRORED[self.op], 1 / self.value)

    def __str__(self) -> str:
        return f"{self.op} {_number(self.value)}"


@dataclass(frozen=True)
class Rule:
    """One check's line of the file: a severity, or the thresholds of a measure."""

    severity: Severity | None = None
    warn_if: Threshold | None = None
    error_if: Threshold | None = None
    min_rows: int = 0

    @property
    def is_measure(self) -> bool:
        return self.warn_if is not None or self.error_if is not None

    @property
    def first_breach(self) -> Threshold:
        """The threshold GX checks: the warning's when there is one (it is crossed first)."""
        threshold = self.warn_if or self.error_if
        if threshold is None:
            raise ValueError("a measure needs warn_if or error_if")
        return threshold

    @property
    def level(self) -> Severity:
        """The severity a failure of this measure has at least."""
        return Severity.WARN if self.warn_if is not None else Severity.ERROR

    def severity_of(self, measured: float | None) -> Severity:
        """A failed measure's severity: error past error_if, else its level."""
        if self.error_if is not None and (measured is None or self.error_if.breached(measured)):
            return Severity.ERROR
        return self.level

    def describe(self) -> str:
        """'warn if < 0.2, error if < 0.05; expectations/severities.toml' for Data Docs."""
        parts = [
            f"{name} {value}"
            for name, value in (("warn if", self.warn_if), ("error if", self.error_if))
            if value
        ]
        return ", ".join(parts) + "; expectations/severities.toml"

    def expected(self, measured: float | None) -> str:
        """What the failure line says was expected, for the threshold that was crossed."""
        crossed = self.error_if if self.severity_of(measured) is Severity.ERROR else None
        return (crossed or self.first_breach).expected()


@dataclass(frozen=True)
class SeverityPolicy:
    """Every rule of a severities file, and the defaults for the checks it does not name."""

    rules: Mapping[tuple[str, str], Rule] = field(default_factory=dict)
    row_default: Severity = Severity.QUARANTINE
    table_default: Severity = Severity.ERROR
    source: str = "(built in)"

    @classmethod
    def load(cls, path: Path | str = DEFAULT_FILE) -> SeverityPolicy:
        """Read a severities file; a mistake in it is a ValueError naming the file and line."""
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as err:
            raise ValueError(f"cannot read the severities file {path}: {err}") from err
        defaults = data.pop("defaults", {})
        rules = {}
        for suite, checks in data.items():
            for check, entry in checks.items():
                rules[(suite, check)] = parse_rule(entry, f"{path}: [{suite}.{check}]")
        return cls(
            rules=rules,
            row_default=_severity(defaults.get("row", "quarantine"), f"{path}: defaults.row"),
            table_default=_severity(defaults.get("table", "error"), f"{path}: defaults.table"),
            source=str(path),
        )

    def rule(self, suite: str, check: str) -> Rule | None:
        return self.rules.get((suite, check))

    def measure(self, suite: str, check: str) -> Rule:
        """The thresholds of a measure; a measure the file leaves out is not taken."""
        found = self.rule(suite, check)
        return found if found is not None and found.is_measure else Rule()

    def severity(self, suite: str, check: str, row_level: bool) -> Severity:
        """The severity of a plain (non-measure) check.

        A table-level check has no rows to hold back: `quarantine` there means error.
        """
        found = self.rule(suite, check)
        if found is not None and found.severity is not None:
            chosen = found.severity
        else:
            chosen = self.row_default if row_level else self.table_default
        if not row_level and chosen is Severity.QUARANTINE:
            return Severity.ERROR
        return chosen


def parse_rule(entry: Mapping[str, Any], where: str) -> Rule:
    unknown = set(entry) - {"severity", "warn_if", "error_if", "min_rows"}
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    rule = Rule(
        severity=_severity(entry["severity"], where) if "severity" in entry else None,
        warn_if=Threshold.parse(entry["warn_if"]) if "warn_if" in entry else None,
        error_if=Threshold.parse(entry["error_if"]) if "error_if" in entry else None,
        min_rows=int(entry.get("min_rows", 0)),
    )
    if rule.severity is not None and rule.is_measure:
        raise ValueError(f"{where}: give a severity or thresholds, not both")
    return rule


def _severity(value: object, where: str) -> Severity:
    try:
        return Severity(str(value))
    except ValueError:
        raise ValueError(
            f"{where}: severity {value!r} is not one of error, quarantine, warn"
        ) from None


def _number(value: float) -> str:
    return f"{value:.3g}"
