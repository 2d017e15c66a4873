"""Find article files, hash them, and decide what a run must (re)process.

Each input file is tracked by its path relative to the input folder and by the
sha256 of its bytes. A file whose size and modification time match what the
warehouse recorded is not even read, so a no-op re-run over a large archive stays
fast. A file that cannot be read or decoded becomes a rejection with a reason; it
never stops the batch.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISLNK

from flows.outputs import is_warehouse_file, skipped_folders
from flows.regular_files import (
    FileTooLarge,
    NotRegularFile,
    is_regular,
    kind_of,
    read_regular_file,
    text_name,
)
from transforms.decode import (
    META_ALIASES,
    META_KEYS,
    TEXT_SUFFIXES,
    Rejected,
    decode_bytes,
    is_clean_decoding,
    jsonl_documents,
    read_sidecar,
    sha256_hex,
    sniff_format,
)
from transforms.models import RawDocument

SIDECAR_SUFFIX = ".meta.json"


@dataclass(frozen=True)
class KnownFile:
    """What the warehouse remembers of an input file."""

    file_hash: str
    size_bytes: int
    mtime_ns: int
    doc_ids: tuple[str, ...]
    status: str = "loaded"


@dataclass(frozen=True)
class FileRecord:
    """A file as seen by this run, to be stored in `source_files`."""

    source_path: str
    file_hash: str
    size_bytes: int
    mtime_ns: int
    doc_ids: tuple[str, ...]
    status: str = "loaded"  # loaded | rejected


@dataclass(frozen=True)
class Rejection:
    source_path: str
    reason: str
    file_hash: str | None = None


@dataclass
class Discovery:
    """The outcome of looking at the input folder against the warehouse's memory."""

    documents: list[RawDocument] = field(default_factory=list)
    files: list[FileRecord] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    still_rejected: list[str] = field(default_factory=list)
    stale_doc_ids: set[str] = field(default_factory=set)
    provided_doc_ids: set[str] = field(default_factory=set)  # what the files present yield
    notes: list[tuple[str, str]] = field(default_factory=list)  # (path, what to know of it)

    def pruned_doc_ids(self, known: Mapping[str, KnownFile]) -> set[str]:
        """The documents `--prune` removes: those of the files that disappeared, except any
        that a file still present provides (a renamed file, the other of two identical
        copies, a record repeated in another JSON-lines file)."""
        gone = {d for rel in self.missing for d in known[rel].doc_ids}
        return gone - self.provided_doc_ids

    @property
    def seen(self) -> int:
        files = {r.source_path.split("#", 1)[0] for r in self.rejected}
        files |= set(self.new) | set(self.changed) | set(self.unchanged) | set(self.still_rejected)
        return len(files)


def input_files(input_dir: Path, skip: Collection[Path] = ()) -> Iterator[tuple[str, Path]]:
    """(relative path, path) of every candidate article file below `input_dir`, sorted.

    Hidden files and sidecars are skipped; symbolic links are never followed, so a link
    pointing outside the folder cannot pull outside files in. Neither are sitrep's own
    files read back: the paths in `skip` (resolved), every warehouse file and every
    sitrep outputs folder (flows/outputs.py), so a warehouse kept inside the input
    folder never ingests its own Data Docs. The relative path is `text_name`'s safe
    text, whatever bytes the name holds.
    """
    root = Path(input_dir)
    skip = {Path(p).resolve() for p in skip}
    skip_names = {p.name for p in skip}  # resolve() only files that may be one of them
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        outputs = skipped_folders(here, dirnames, filenames)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".")
            and d not in outputs
            and not (d in skip_names and (here / d).resolve() in skip)
        )
        for name in sorted(filenames):
            if name.startswith(".") or name.endswith(SIDECAR_SUFFIX) or is_warehouse_file(name):
                continue
            path = here / name
            if name in skip_names and path.resolve() in skip:
                continue
            yield text_name(path.relative_to(root).as_posix()), path


def sidecar_of(path: Path) -> Path:
    return path.with_name(path.name.rsplit(".", 1)[0] + SIDECAR_SUFFIX)


def discover(
    input_dir: Path,
    known: Mapping[str, KnownFile],
    known_doc_ids: set[str],
    max_file_bytes: int,
    skip: Collection[Path] = (),
) -> Discovery:
    """Classify every input file as new, changed, unchanged or rejected, and read what is needed.

    `skip`: paths never to read (the warehouse and its outputs; see input_files).
    """
    found = Discovery()
    present: set[str] = set()
    claimed = set(known_doc_ids)  # documents that already exist or are claimed by this run
    for rel, path in input_files(input_dir, skip):
        present.add(rel)
        previous = known.get(rel)
        try:
            outcome = read_file(rel, path, previous, max_file_bytes)
        except FileRejected as err:
            found.rejected.append(
                Rejection(rel, str(err), err.record.file_hash if err.record else None)
            )
            if err.record is not None:
                found.files.append(err.record)  # remembered, so it is not re-read until it changes
            continue
        if outcome is None:
            still_bad = previous is not None and previous.status == "rejected"
            (found.still_rejected if still_bad else found.unchanged).append(rel)
            continue
        record, docs, problems, note = outcome
        if note:
            found.notes.append((rel, note))
        if previous is not None and previous.file_hash == record.file_hash:
            found.unchanged.append(rel)
            found.files.append(record)  # refresh size/mtime so the next run skips reading it
            continue
        (found.changed if previous is not None else found.new).append(rel)
        found.files.append(record)
        for problem in problems:
            found.rejected.append(
                Rejection(f"{rel}#{problem.line}", problem.reason, record.file_hash)
            )
        new_ids = set(record.doc_ids)
        if previous is not None:
            found.stale_doc_ids |= set(previous.doc_ids) - new_ids
        for doc in docs:
            if doc.doc_id in claimed:
                continue  # unchanged record of a changed file, or the same bytes under another name
            claimed.add(doc.doc_id)
            found.documents.append(doc)
    found.missing = sorted(set(known) - present)
    refreshed = {f.source_path: f.doc_ids for f in found.files}
    still_used = {
        d for rel in present for d in refreshed.get(rel, known[rel].doc_ids if rel in known else ())
    }
    found.stale_doc_ids -= still_used
    found.provided_doc_ids = still_used
    return found


class FileRejected(Rejected):
    """A rejection that knows the file's hash, size and time when it could read them."""

    def __init__(self, reason: str, record: FileRecord | None = None) -> None:
        super().__init__(reason)
        self.record = record


def read_file(
    rel: str, path: Path, previous: KnownFile | None, max_file_bytes: int
) -> tuple[FileRecord, list[RawDocument], list, str | None] | None:
    """Read and decode one file; None when size and time show it has not changed.

    Returns the file's record, its documents, the JSON-lines records it skipped, and a
    note when its text was decoded by a guess or repaired (so the run says so).

    Raises FileRejected with the reason when the file cannot become articles. Only
    regular files are read (flows/regular_files.py). A rejection that read no bytes (a
    link, a pipe, a device, a file that cannot be opened) is remembered with the file's
    size and its change time (ctime, which a chmod moves too, in the mtime_ns column) so
    that it is reported once, not on every run, and read again once it changes.
    """
    try:
        stat = path.lstat()
    except OSError as err:
        raise FileRejected(f"cannot stat file: {err.strerror}") from err
    sidecar = sidecar_of(path)
    side_stat = regular_stat(sidecar)
    size = stat.st_size + (side_stat.st_size if side_stat else 0)
    mtime = max(stat.st_mtime_ns, side_stat.st_mtime_ns if side_stat else 0)
    unread = FileRecord(rel, "", size, max(mtime, stat.st_ctime_ns), (), status="rejected")
    was_unread = previous is not None and previous.status == "rejected" and not previous.file_hash
    stamp = unread.mtime_ns if was_unread else mtime
    if previous is not None and previous.size_bytes == size and previous.mtime_ns == stamp:
        return None
    if S_ISLNK(stat.st_mode):
        raise FileRejected("symbolic link: not followed", unread)
    if not is_regular(stat.st_mode):
        raise FileRejected(f"not a regular file: {kind_of(stat.st_mode)}, never read", unread)
    suffix_format = TEXT_SUFFIXES.get(path.suffix.lower())
    if suffix_format is None:
        raise FileRejected(
            f"unsupported file type '{text_name(path.suffix) or '(none)'}': "
            "expected .txt, .html, .htm or .jsonl",
            unread,
        )
    try:
        data = read_regular_file(path, max_file_bytes)
        side_bytes = read_regular_file(sidecar, max_file_bytes) if side_stat else b""
    except (NotRegularFile, FileTooLarge) as err:
        raise FileRejected(str(err), restamped(unread, path, side_stat)) from err
    except OSError as err:
        gone = err.errno == errno.ENOENT  # vanished since it was listed: nothing to remember
        record = None if gone else restamped(unread, path, side_stat)
        raise FileRejected(f"cannot read file: {err.strerror}", record) from err
    file_hash = sha256_hex(data + side_bytes)
    name = text_name(path.name)
    note = None
    try:
        sidecar_data = read_sidecar(side_bytes.decode("utf-8-sig")) if side_bytes else None
        meta = sidecar_data.meta if sidecar_data else {}
        if sidecar_data and sidecar_data.unknown_keys:
            note = unknown_keys_note(sidecar.name, sidecar_data.unknown_keys)
        if suffix_format == "jsonl":
            docs, problems = jsonl_documents(data, name, meta)
            if not docs:
                reasons = "; ".join(p.reason for p in problems[:3]) or "no records"
                raise Rejected(f"no usable JSON-lines record ({reasons})")
        else:
            text, encoding = decode_bytes(data)
            docs = [
                RawDocument(
                    doc_id=sha256_hex(data),
                    file_name=name,
                    text=text,
                    fmt=sniff_format(text, suffix_format),
                    meta=meta,
                )
            ]
            problems = []
            if not is_clean_decoding(encoding):
                note = "; ".join(filter(None, [note, f"decoded as {encoding}: check its text"]))
    except (Rejected, UnicodeDecodeError) as err:
        bad = FileRecord(rel, file_hash, size, mtime, (), status="rejected")
        raise FileRejected(str(err), bad) from err
    record = FileRecord(rel, file_hash, size, mtime, tuple(d.doc_id for d in docs))
    return record, docs, problems, note


def unknown_keys_note(sidecar_name: str, keys: tuple[str, ...]) -> str:
    """What a run logs as a warning for a sidecar's keys that sitrep does not read."""
    known = ", ".join((*META_KEYS, *META_ALIASES))
    named = ", ".join(repr(k) for k in keys)
    key = "key" if len(keys) == 1 else "keys"
    return (
        f"sidecar {text_name(sidecar_name)}: unknown {key} {named} ignored (sitrep reads {known})"
    )


def restamped(unread: FileRecord, path: Path, side_stat: os.stat_result | None) -> FileRecord:
    """An unread rejection stamped with the file as it is now: it may have been swapped
    (for a pipe, say) since it was listed, and the next run compares with what it finds."""
    try:
        info = path.lstat()
    except OSError:
        return unread
    size = info.st_size + (side_stat.st_size if side_stat else 0)
    changed = max(info.st_mtime_ns, info.st_ctime_ns, side_stat.st_mtime_ns if side_stat else 0)
    return FileRecord(unread.source_path, "", size, changed, (), status="rejected")


def regular_stat(path: Path) -> os.stat_result | None:
    """The stat of `path` if it is a regular file (not a link, pipe or device), else None."""
    try:
        info = path.lstat()
    except OSError:
        return None
    return info if is_regular(info.st_mode) else None
