"""The Parquet lake: a local folder or any fsspec URL, written and cleaned up per run."""

from __future__ import annotations

import pandas as pd
import pytest

from flows.lake import Lake


@pytest.fixture(params=["local", "memory", "file-url"])
def lake(request, tmp_path) -> Lake:
    if request.param == "local":
        return Lake.at(tmp_path / "lake with space")
    if request.param == "memory":
        return Lake.at(f"memory://lake-{tmp_path.name}")
    return Lake.at(f"file://{tmp_path}/lake")


def documents_frame() -> pd.DataFrame:
    return pd.DataFrame({"doc_id": ["a" * 64], "title": ["A title"], "clean_text": ["Body."]})


def test_a_run_is_written_under_table_and_run_id(lake):
    paths = lake.write_run("r1", {"documents": documents_frame()})
    assert paths["documents"].endswith("/documents/run_id=r1/part-0.parquet")
    table = lake.read(paths["documents"])
    assert table.column("title").to_pylist() == ["A title"]
    assert lake.run_ids() == {"r1"}


def test_removing_a_run_leaves_the_others(lake):
    lake.write_run("r1", {"documents": documents_frame()})
    lake.write_run("r2", {"documents": documents_frame()})
    lake.remove_run("r1")
    assert lake.run_ids() == {"r2"}


def test_only_a_local_folder_counts_as_local(tmp_path):
    assert Lake.at(tmp_path).is_local
    assert Lake.at(f"file://{tmp_path}").is_local
    assert not Lake.at("memory://elsewhere").is_local
