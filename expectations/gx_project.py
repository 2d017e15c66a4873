"""The project's Great Expectations file context: suites, validation runs and Data Docs.

Everything GX keeps lives under `<gx_root>/gx/` (the project folder by default,
never the home directory) and the Data Docs site under `<reports_dir>/data_docs/`.
The suites are rebuilt from Python on every run, so the JSON files GX writes under
`gx/` are outputs, not sources. The site is made to work offline after each build
(expectations/offline_docs.py). Old validation results are pruned so that the
result store, and with it the Data Docs index build, stays small.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import great_expectations as gx
import pandas as pd
from great_expectations.core.expectation_validation_result import ExpectationValidationResult
from great_expectations.core.run_identifier import RunIdentifier
from great_expectations.data_context.types.base import ProgressBarsConfig
from great_expectations.data_context.types.resource_identifiers import (
    ExpectationSuiteIdentifier,
    ValidationResultIdentifier,
)
from great_expectations.exceptions import DataContextError

from expectations.checks import ROW_KEY, Check
from expectations.offline_docs import make_offline

DATASOURCE = "sitrep"
BATCH_DEFINITION = "whole_frame"
DOCS_SITE = "sitrep"
GX_DEFAULT_SITE = "local_site"  # GX's own site under gx/uncommitted; we build ours in reports_dir
# Runs whose validation results (and Data Docs pages) are kept; older ones are deleted,
# since every Data Docs index build reads every kept result.
KEEP_RUNS = 20
RESULT_FORMAT: dict[str, Any] = {
    # COMPLETE lists every failing row; keyed by `_row` so a NULL or duplicated key is still found.
    "result_format": "COMPLETE",
    "unexpected_index_column_names": [ROW_KEY],
    "partial_unexpected_count": 20,
}


class GxProject:
    """One opened GX file context, used for the validations of one run."""

    def __init__(self, context: Any, docs_dir: Path | None) -> None:
        self.context = context
        self.docs_dir = docs_dir
        self.suites_run: list[str] = []

    @classmethod
    def open(cls, gx_root: Path, docs_dir: Path | None) -> GxProject:
        gx_root = Path(gx_root).resolve()
        gx_root.mkdir(parents=True, exist_ok=True)
        context = gx.get_context(mode="file", project_root_dir=str(gx_root))
        keep_quiet(context)
        keep_only_our_docs_site(context, docs_dir)
        return cls(context, docs_dir)

    def validate(
        self, suite_name: str, batch: pd.DataFrame, checks: Sequence[Check], run: RunIdentifier
    ) -> list[ExpectationValidationResult]:
        """Save the suite, run it on the batch, return one result per expectation."""
        suite = self.save_suite(
            gx.ExpectationSuite(
                name=suite_name, expectations=[check.expectation for check in checks]
            )
        )
        definition = self.save_validation_definition(
            gx.ValidationDefinition(
                name=suite_name, data=self.batch_definition(suite_name), suite=suite
            )
        )
        outcome = definition.run(
            batch_parameters={"dataframe": batch}, result_format=RESULT_FORMAT, run_id=run
        )
        self.suites_run.append(suite_name)
        return list(outcome.results)

    def save_suite(self, suite: Any) -> Any:
        """Replace the stored suite by this run's.

        Not `suites.add_or_update`: it matches every new expectation against every
        stored one to keep ids stable (a second per run here), and the ids mean
        nothing to us since the suite is rebuilt from code on every run.
        """
        with contextlib.suppress(DataContextError):  # first run: nothing stored yet
            self.context.suites.delete(suite.name)
        return self.context.suites.add(suite)

    def save_validation_definition(self, definition: Any) -> Any:
        """Replace the stored validation definition (same reason as `save_suite`)."""
        with contextlib.suppress(DataContextError):
            self.context.validation_definitions.delete(definition.name)
        return self.context.validation_definitions.add(definition)

    def batch_definition(self, asset_name: str) -> Any:
        """The whole-dataframe batch definition of the asset (created on first use)."""
        source = self.datasource()
        try:
            asset = source.get_asset(asset_name)
        except LookupError:
            asset = source.add_dataframe_asset(asset_name)
        try:
            return asset.get_batch_definition(BATCH_DEFINITION)
        except KeyError:
            return asset.add_batch_definition_whole_dataframe(BATCH_DEFINITION)

    def datasource(self) -> Any:
        try:
            return self.context.data_sources.get(DATASOURCE)
        except KeyError:
            return self.context.data_sources.add_pandas(DATASOURCE)

    def prune(self, keep_runs: int = KEEP_RUNS) -> int:
        """Delete the validation results of all but the newest `keep_runs` runs; return how many went."""
        store = self.context.validation_results_store
        keys: list[ValidationResultIdentifier] = store.list_keys()
        newest: dict[str, Any] = {}
        for key in keys:
            name, time = key.run_id.run_name, key.run_id.run_time
            newest[name] = max(newest.get(name, time), time)
        kept = set(sorted(newest, key=newest.__getitem__, reverse=True)[:keep_runs])
        stale = [key for key in keys if key.run_id.run_name not in kept]
        for key in stale:
            store.remove_key(key)
        remove_empty_folders(Path(store.store_backend.full_base_directory))
        return len(stale)

    def build_docs(self, run: RunIdentifier) -> Path | None:
        """Render this run's validation pages and the suites into the Data Docs site; rebuild the index.

        Only this run's pages are rendered (older ones are already there); the index
        lists every kept run and drops pages whose results were pruned.
        """
        if self.docs_dir is None:
            return None
        this_run = [
            key
            for key in self.context.validation_results_store.list_keys()
            if key.run_id.run_name == run.run_name
        ]
        suites = [ExpectationSuiteIdentifier(name=name) for name in self.suites_run]
        self.context.build_data_docs(
            site_names=[DOCS_SITE], resource_identifiers=[*this_run, *suites]
        )
        make_offline(self.docs_dir)  # local copies of the CDN assets; no remote logo
        index = self.docs_dir / "index.html"
        return index if index.exists() else None


def remove_empty_folders(root: Path) -> None:
    """Delete the folders a pruned result leaves empty (GX removes only the file)."""
    for folder in sorted(
        (p for p in root.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True
    ):
        if not any(folder.iterdir()):
            folder.rmdir()


def keep_quiet(context: Any) -> None:
    """No usage statistics, no progress bars on the pipeline's console (saved once, then a no-op)."""
    changed = False
    if context.config.analytics_enabled is not False:
        context.config.analytics_enabled = False
        changed = True
    bars = context.variables.progress_bars
    if not bars or bars.get("globally") is not False:
        context.variables.progress_bars = ProgressBarsConfig(
            globally=False, metric_calculations=False
        )
        changed = True
    if changed:
        context.variables.save()


def keep_only_our_docs_site(context: Any, docs_dir: Path | None) -> None:
    """Point the sitrep Data Docs site at `docs_dir`; drop GX's default site inside gx/."""
    sites = dict(context.list_data_docs_sites())
    if GX_DEFAULT_SITE in sites:
        context.delete_data_docs_site(GX_DEFAULT_SITE)
    if docs_dir is None:
        return
    wanted = docs_site_config(docs_dir)
    if DOCS_SITE not in sites:
        context.add_data_docs_site(site_name=DOCS_SITE, site_config=wanted)
    elif sites[DOCS_SITE] != wanted:
        context.update_data_docs_site(site_name=DOCS_SITE, site_config=wanted)


def docs_site_config(docs_dir: Path) -> dict[str, Any]:
    return {
        "class_name": "SiteBuilder",
        "show_how_to_buttons": False,
        "store_backend": {
            "class_name": "TupleFilesystemStoreBackend",
            "base_directory": str(Path(docs_dir).resolve()),
        },
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    }


def run_identifier(run_id: str) -> RunIdentifier:
    """The GX run of a sitrep run: named by its run_id so Data Docs list runs by our ids."""
    return RunIdentifier(run_name=run_id)
