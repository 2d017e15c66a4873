"""The Dask runner: the same rows as a local run, whichever worker handled which batch."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import duckdb
import pytest

from flows.pipeline import flow_for, run_pipeline, uses_dask
from flows.settings import Settings
from tests.conftest import SEEDS

LOG = logging.getLogger("sitrep.test")
BATCH = 2  # five seed articles make three batches, so order across workers matters


def rows_without_run_id(warehouse: Path, table: str) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall() if r[0] != "run_id"]
        return sorted(con.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall(), key=repr)
    finally:
        con.close()


def settings_for(root: Path, name: str, **extra) -> Settings:
    articles = root / name / "articles"
    shutil.copytree(SEEDS, articles)
    return Settings(
        input_dir=articles, warehouse=root / name / "sitrep.duckdb", batch_size=BATCH, **extra
    )


@pytest.mark.slow
def test_a_two_worker_cluster_loads_exactly_what_a_local_run_loads(prefect_server, tmp_path):
    local = settings_for(tmp_path, "local")
    on_dask = settings_for(tmp_path, "dask", runner="dask")
    assert run_pipeline(local, LOG).status == "completed"
    summary = flow_for(on_dask)(on_dask)  # what `sitrep run --runner dask` runs
    assert summary["status"] == "completed" and summary["documents_loaded"] == 5
    for table in ("documents", "events"):
        expected = rows_without_run_id(local.warehouse, table)
        assert expected, table
        assert rows_without_run_id(on_dask.warehouse, table) == expected, table


def test_the_runner_setting_chooses_the_flow_task_runner():
    from prefect_dask import DaskTaskRunner

    assert flow_for(Settings(runner="local")).task_runner.__class__.__name__ != "DaskTaskRunner"
    local_cluster = flow_for(Settings(runner="dask")).task_runner
    assert isinstance(local_cluster, DaskTaskRunner)
    assert local_cluster.cluster_kwargs["n_workers"] == 2
    assert local_cluster.cluster_kwargs["threads_per_worker"] == 1
    remote = flow_for(Settings(runner="dask:tcp://127.0.0.1:8786")).task_runner
    assert remote.address == "tcp://127.0.0.1:8786"
    with pytest.raises(ValueError, match="unknown runner"):
        uses_dask(Settings(runner="threads"))
