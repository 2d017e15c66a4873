"""One folder of outputs per warehouse: where it is, how it is recognised, the move into it.

`PATH.duckdb` owns `PATH.sitrep/` beside it (the `outputs_dir` setting moves it):
`lake/` (the run's Parquet), `reports/` (the HTML report, exports, Data Docs), `gx/`
(Great Expectations' own files) and `lock` (the writer lock). Deriving the folder from
the warehouse's own name is what keeps two warehouses in one folder apart: before, both
wrote to the folder's single `lake/`, `reports/` and `gx/`.

Every outputs folder holds a marker file, so that input discovery skips it whatever it
is called, and a warehouse kept inside the input folder never reads its own Data Docs
back as articles. Warehouse files themselves are skipped by name.

The layout before this one (`lake/`, `reports/`, `gx/` and `PATH.duckdb.lock` in the
warehouse's folder) is moved in place by the next run: the lake's runs that this
warehouse recorded, and the reports and GX files when no other warehouse shared them.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterable
from pathlib import Path

SUFFIX = ".sitrep"
MARKER = ".sitrep-outputs"
MARKER_TEXT = (
    "This folder holds what sitrep made for the warehouse beside it (lake/, reports/, gx/,\n"
    "the writer lock). sitrep never reads an article from a folder holding this file.\n"
)
# Names a warehouse's files have: the database, DuckDB's write-ahead log, the old lock.
WAREHOUSE_FILE_ENDINGS = (".duckdb", ".duckdb.wal", ".duckdb.lock")
OLD_FOLDERS = ("lake", "reports", "gx")  # the shared layout, beside the warehouse


def outputs_folder_of(warehouse: Path) -> Path:
    """`PATH.sitrep` for `PATH.duckdb` (a file without the suffix gets `.sitrep` appended)."""
    warehouse = Path(warehouse)
    folder = warehouse.with_suffix(SUFFIX)
    return folder if folder != warehouse else warehouse.with_name(warehouse.name + SUFFIX)


def mark(folder: Path) -> Path:
    """Create the outputs folder with its marker (idempotent); return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / MARKER
    if not marker.exists():
        marker.write_text(MARKER_TEXT, encoding="utf-8")
    return folder


def is_outputs_folder(folder: Path) -> bool:
    return folder.name.endswith(SUFFIX) or (folder / MARKER).is_file()


def is_warehouse_file(name: str) -> bool:
    return name.endswith(WAREHOUSE_FILE_ENDINGS)


def skipped_folders(dirpath: Path, dirnames: Iterable[str], filenames: Iterable[str]) -> set[str]:
    """The subfolders of `dirpath` that input discovery must not enter: outputs folders,
    and the old layout's lake/, reports/ and gx/ beside a warehouse file."""
    beside_warehouse = any(name.endswith(".duckdb") for name in filenames)
    return {
        name
        for name in dirnames
        if is_outputs_folder(dirpath / name) or (beside_warehouse and name in OLD_FOLDERS)
    }


def migrate_old_layout(
    warehouse: Path,
    outputs: Path,
    run_ids: Iterable[str],
    lake: Path | None,
    reports: Path | None,
) -> list[str]:
    """Move the old shared layout's parts that belong to this warehouse into `outputs`.

    `lake` and `reports` are the new locations, or None when a setting put them
    elsewhere on purpose (then the old folders are left alone). The lake's run folders
    are moved one by one, only for runs this warehouse recorded; reports/ and gx/ are
    moved whole, only when no other warehouse file shares the folder (their pages and
    results could not be told apart). Returns what was moved, for the log.
    """
    old_root = Path(warehouse).parent
    moved: list[str] = []
    if lake is not None and (old_root / "lake").is_dir():
        moved += move_lake_runs(old_root / "lake", lake, set(run_ids))
    alone = [p.name for p in old_root.glob("*.duckdb") if p.is_file()] == [Path(warehouse).name]
    targets = {"reports": reports, "gx": outputs / "gx"}
    for name, target in targets.items():
        old = old_root / name
        if alone and target is not None and old.is_dir() and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(old), str(target))
            moved.append(f"{old} -> {target}")
    old_lock = Path(warehouse).with_name(Path(warehouse).name + ".lock")
    with contextlib.suppress(OSError):
        old_lock.unlink()
    return moved


def move_lake_runs(old_lake: Path, lake: Path, run_ids: set[str]) -> list[str]:
    """Move `<old>/<table>/run_id=<id>/` for this warehouse's runs; drop emptied folders."""
    moved = []
    for folder in sorted(old_lake.glob("*/run_id=*")):
        if folder.name.removeprefix("run_id=") not in run_ids:
            continue
        target = lake / folder.parent.name / folder.name
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(folder), str(target))
        moved.append(f"{folder} -> {target}")
    for table in sorted(p for p in old_lake.iterdir() if p.is_dir()):
        with contextlib.suppress(OSError):
            table.rmdir()  # only when empty
    with contextlib.suppress(OSError):
        old_lake.rmdir()
    return moved
