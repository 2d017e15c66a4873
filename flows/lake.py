"""The Parquet lake: each run's rows as `<lake>/<table>/run_id=<id>/part-0.parquet`.

The lake may be a local folder (the default, `lake/` in the warehouse's outputs folder) or any
fsspec URL (`s3://bucket/sitrep`, `gcs://...`, `memory://...`, `file:///...`): the
files are written through fsspec, so a team can keep the Parquet in object storage
while the DuckDB file stays local. A local lake is loaded with DuckDB's own
`read_parquet`; a remote one is read back through the same fsspec filesystem with
pyarrow, so the warehouse is always loaded from the files the lake holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import fsspec
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from fsspec.implementations.local import LocalFileSystem

from transforms.frames import to_arrow

PART = "part-0.parquet"


@dataclass(frozen=True)
class Lake:
    """A lake location: a filesystem and the root path inside it."""

    fs: fsspec.AbstractFileSystem
    root: str
    url: str

    @classmethod
    def at(cls, location: str | Path) -> Lake:
        """Open a lake at a local path or an fsspec URL (nothing is created yet)."""
        url = str(location)
        fs, root = fsspec.core.url_to_fs(url)
        return cls(fs=fs, root=root.rstrip("/"), url=url)

    @property
    def is_local(self) -> bool:
        return isinstance(self.fs, LocalFileSystem)

    def run_folder(self, table: str, run_id: str) -> str:
        return f"{self.root}/{table}/run_id={run_id}"

    def write_run(self, run_id: str, frames: dict[str, pd.DataFrame]) -> dict[str, str]:
        """Write one run's tables (zstd Parquet); return each table's file path in the lake."""
        written = {}
        for table, frame in frames.items():
            folder = self.run_folder(table, run_id)
            self.fs.makedirs(folder, exist_ok=True)
            path = f"{folder}/{PART}"
            pq.write_table(to_arrow(table, frame), path, compression="zstd", filesystem=self.fs)
            written[table] = path
        return written

    def read(self, path: str) -> pa.Table:
        """Read back one Parquet file of the lake."""
        return pq.read_table(path, filesystem=self.fs)

    def remove_run(self, run_id: str) -> None:
        """Drop a run's Parquet (a failed or killed run) so the lake holds only what loaded."""
        for folder in self.fs.glob(f"{self.root}/*/run_id={run_id}"):
            self.fs.rm(folder, recursive=True)

    def run_ids(self) -> set[str]:
        """The run ids that have Parquet files in the lake."""
        files = self.fs.glob(f"{self.root}/*/run_id=*/*.parquet")
        return {f.rsplit("/", 2)[-2].removeprefix("run_id=") for f in files}
