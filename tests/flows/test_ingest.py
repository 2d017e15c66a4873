"""Discovery: new/changed/unchanged/rejected classification and what must be processed."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from flows.ingest import KnownFile, discover

LIMIT = 1_000_000


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def as_known(found) -> dict[str, KnownFile]:
    return {
        f.source_path: KnownFile(f.file_hash, f.size_bytes, f.mtime_ns, f.doc_ids, f.status)
        for f in found.files
    }


def test_first_look_finds_every_supported_file_recursively(tmp_path):
    write(tmp_path / "a.txt", "ISIS captured Palmyra.")
    write(tmp_path / "sub" / "b.html", "<html><body><p>Raqqa</p></body></html>")
    write(
        tmp_path / "c.jsonl",
        json.dumps({"id": "1", "text": "x"}) + "\n" + json.dumps({"id": "2", "text": "y"}),
    )
    write(tmp_path / ".hidden.txt", "skip me")
    found = discover(tmp_path, {}, set(), LIMIT)
    assert sorted(found.new) == ["a.txt", "c.jsonl", "sub/b.html"]
    assert len(found.documents) == 4
    assert {d.fmt for d in found.documents} == {"text", "html", "jsonl"}


def test_second_look_reads_nothing_and_reports_unchanged(tmp_path):
    write(tmp_path / "a.txt", "ISIS captured Palmyra.")
    first = discover(tmp_path, {}, set(), LIMIT)
    ids = {d.doc_id for d in first.documents}
    second = discover(tmp_path, as_known(first), ids, LIMIT)
    assert second.unchanged == ["a.txt"] and not second.documents and not second.new


def test_changed_file_is_reprocessed_and_its_old_document_goes(tmp_path):
    path = write(tmp_path / "a.txt", "ISIS captured Palmyra.")
    first = discover(tmp_path, {}, set(), LIMIT)
    old_id = first.documents[0].doc_id
    write(path, "Syrian forces retook Palmyra.")
    os.utime(path, ns=(1, 1))
    second = discover(tmp_path, as_known(first), {old_id}, LIMIT)
    assert second.changed == ["a.txt"]
    assert len(second.documents) == 1 and second.documents[0].doc_id != old_id
    assert second.stale_doc_ids == {old_id}


def test_touched_but_identical_file_is_unchanged(tmp_path):
    path = write(tmp_path / "a.txt", "same words")
    first = discover(tmp_path, {}, set(), LIMIT)
    os.utime(path, ns=(5, 5))
    second = discover(tmp_path, as_known(first), {d.doc_id for d in first.documents}, LIMIT)
    assert second.unchanged == ["a.txt"] and not second.documents


def test_jsonl_with_one_changed_record_processes_only_that_record(tmp_path):
    rec1, rec2 = {"id": "1", "text": "first"}, {"id": "2", "text": "second"}
    path = write(tmp_path / "feed.jsonl", json.dumps(rec1) + "\n" + json.dumps(rec2) + "\n")
    first = discover(tmp_path, {}, set(), LIMIT)
    ids = {d.doc_id for d in first.documents}
    write(
        path, json.dumps(rec1) + "\n" + json.dumps({"id": "2", "text": "second, corrected"}) + "\n"
    )
    os.utime(path, ns=(9, 9))
    second = discover(tmp_path, as_known(first), ids, LIMIT)
    assert [d.source_record for d in second.documents] == ["2"]
    assert len(second.stale_doc_ids) == 1


def test_bad_files_are_rejected_alone_with_reasons(tmp_path):
    write(tmp_path / "good.txt", "ISIS captured Palmyra.")
    write(tmp_path / "empty.txt", "")
    write(tmp_path / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(200)))
    write(tmp_path / "notes.pdf", b"%PDF-1.4")
    write(tmp_path / "big.txt", "x" * 2000)
    found = discover(tmp_path, {}, set(), max_file_bytes=1000)
    reasons = {r.source_path: r.reason for r in found.rejected}
    assert set(reasons) == {"empty.txt", "image.txt", "notes.pdf", "big.txt"}
    assert "empty" in reasons["empty.txt"] and "binary" in reasons["image.txt"]
    assert "unsupported" in reasons["notes.pdf"] and "too large" in reasons["big.txt"]
    assert [d.file_name for d in found.documents] == ["good.txt"]


def test_rejected_file_is_remembered_until_it_changes(tmp_path):
    path = write(tmp_path / "empty.txt", "")
    first = discover(tmp_path, {}, set(), LIMIT)
    second = discover(tmp_path, as_known(first), set(), LIMIT)
    assert second.still_rejected == ["empty.txt"] and not second.rejected
    write(path, "Now it has words about Mosul.")
    os.utime(path, ns=(7, 7))
    third = discover(tmp_path, as_known(first), set(), LIMIT)
    assert third.changed == ["empty.txt"] and len(third.documents) == 1


def test_symlink_outside_the_folder_is_not_followed(tmp_path):
    outside = write(tmp_path / "outside" / "secret.txt", "top secret")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "link.txt").symlink_to(outside)
    found = discover(inbox, {}, set(), LIMIT)
    assert not found.documents
    assert [r.reason for r in found.rejected] == ["symbolic link: not followed"]


def test_sidecar_metadata_reaches_the_document(tmp_path):
    write(tmp_path / "a.txt", "Body text.")
    write(tmp_path / "a.meta.json", json.dumps({"title": "Headline", "published": "2016-04-01"}))
    found = discover(tmp_path, {}, set(), LIMIT)
    assert found.new == ["a.txt"]
    assert found.documents[0].meta == {"title": "Headline", "published": "2016-04-01"}


def test_missing_files_are_listed_for_pruning(tmp_path):
    path = write(tmp_path / "a.txt", "words")
    first = discover(tmp_path, {}, set(), LIMIT)
    path.unlink()
    second = discover(tmp_path, as_known(first), {d.doc_id for d in first.documents}, LIMIT)
    assert second.missing == ["a.txt"]


ARTICLE = "Islamic State fighters attacked Kobani on Monday."
RECORD = json.dumps({"id": "r1", "text": ARTICLE})


def _rename(folder: Path) -> None:
    (folder / "a.txt").rename(folder / "b.txt")


def _delete_one_copy(folder: Path) -> None:
    (folder / "copy.txt").unlink()


def _move_record_to_another_feed(folder: Path) -> None:
    write(folder / "other.jsonl", RECORD + "\n")
    (folder / "feed.jsonl").unlink()


def _move_into_a_subfolder(folder: Path) -> None:
    (folder / "sub").mkdir()
    (folder / "a.txt").rename(folder / "sub" / "a.txt")


def _delete_outright(folder: Path) -> None:
    (folder / "a.txt").unlink()


@pytest.mark.parametrize(
    ("before", "change", "kept"),
    [
        ({"a.txt": ARTICLE}, _rename, True),
        ({"a.txt": ARTICLE, "copy.txt": ARTICLE}, _delete_one_copy, True),
        ({"feed.jsonl": RECORD + "\n"}, _move_record_to_another_feed, True),
        ({"a.txt": ARTICLE}, _move_into_a_subfolder, True),
        ({"a.txt": ARTICLE}, _delete_outright, False),
    ],
    ids=["renamed", "one-of-two-copies-deleted", "record-moved", "moved-to-subfolder", "deleted"],
)
def test_prune_never_removes_a_document_a_present_file_still_provides(
    tmp_path, before, change, kept
):
    """Issue 18 case 1: --prune drops the documents of files that disappeared, minus those a
    file still in the folder provides; only a document nobody provides any more goes."""
    for name, text in before.items():
        write(tmp_path / name, text)
    first = discover(tmp_path, {}, set(), LIMIT)
    ids = {d.doc_id for d in first.documents}
    change(tmp_path)
    second = discover(tmp_path, as_known(first), ids, LIMIT)
    assert second.missing, "the change made a file disappear"
    assert second.pruned_doc_ids(as_known(first)) == (set() if kept else ids)


def test_a_sidecar_source_is_the_outlet_and_an_unknown_key_is_noted_by_name(tmp_path):
    write(tmp_path / "a.txt", "Body text.")
    write(tmp_path / "a.meta.json", json.dumps({"source": "Reuters", "titel": "Headline"}))
    write(tmp_path / "b.txt", "Other text.")
    write(tmp_path / "b.meta.json", json.dumps({"source": "AFP", "outlet": "Reuters"}))
    found = discover(tmp_path, {}, set(), LIMIT)
    meta = {d.file_name: dict(d.meta) for d in found.documents}
    assert meta == {"a.txt": {"outlet": "Reuters"}, "b.txt": {"outlet": "Reuters"}}
    assert found.notes == [
        (
            "a.txt",
            "sidecar a.meta.json: unknown key 'titel' ignored "
            "(sitrep reads title, outlet, url, published, author, source)",
        )
    ]


def test_a_json_lines_record_takes_source_as_its_outlet_over_the_sidecar(tmp_path):
    records = [{"id": "1", "text": "x", "source": "Rudaw"}, {"id": "2", "text": "y"}]
    write(tmp_path / "feed.jsonl", "\n".join(json.dumps(r) for r in records))
    write(tmp_path / "feed.meta.json", json.dumps({"outlet": "Feed Outlet"}))
    found = discover(tmp_path, {}, set(), LIMIT)
    assert [d.meta["outlet"] for d in found.documents] == ["Rudaw", "Feed Outlet"]
    assert found.notes == []
