"""Bad input never stops a run: each bad file is rejected alone with a one-line reason, or
decoded and loaded when it is legitimately text, and a later fixed version loads normally.

Every bad file is generated at test time (nothing binary is committed). A run costs a few
seconds of validation, so all cases share two runs over one input folder, which also
proves they do not disturb one another: `first` is the run over the good seed article plus
every bad file, `second` the run after some of them were fixed. Each test below checks
one case against those runs.
"""

from __future__ import annotations

import json
import logging
import os
import random
import re
import shutil
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from flows.pipeline import MAX_ARTICLE_CHARS, MAX_FILE_BYTES, RunSummary, run_pipeline
from flows.settings import Settings
from tests.conftest import ROOT, SEEDS

pytestmark = pytest.mark.usefixtures("prefect_server")

LOG = logging.getLogger("sitrep.test.bad_input")
GOOD = SEEDS / "002_5222c52d2d6dfa74.txt"  # a news report: events under either detector
CLEAN_FIXTURES = ROOT / "tests" / "fixtures" / "clean"

# Short English articles, each with words the tests look for.
FIXED_EMPTY = (
    "Islamic State militants attacked an Iraqi army checkpoint near Ramadi on Monday, "
    "killing four soldiers, officials said.\n"
)
FIXED_BINARY = (
    "Kurdish Peshmerga forces recaptured the village of Bashiqa from Islamic State "
    "fighters on Sunday, a commander said.\n"
)
FIXED_HUGE = "Syrian government aircraft bombed a market in Idlib on Tuesday, killing 12 people.\n"
FIXED_LINK = "Turkish troops shelled Kurdish YPG positions near Afrin on Wednesday.\n"
VANISHING = "Iraqi troops clashed with Islamic State fighters in Fallujah on Thursday.\n"
CHANGING_V1 = "Gunmen attacked a police station in Baqubah on Friday, wounding three officers.\n"
CHANGING_V2 = (
    "Gunmen attacked a police station in Baqubah on Friday, killing two officers and "
    "wounding five, police said.\n"
)
DAMAGED_UTF8 = (
    "Iraqi forces retook Ramadi on Monday — officials said the café near the "
    "government complex was shelled. “We will rebuild,” the mayor said.\n"
) * 3
ARABIC_CP1256 = (
    "أعلنت القوات العراقية اليوم استعادة السيطرة الكاملة على مدينة الفلوجة بعد معارك "
    "عنيفة مع مسلحي تنظيم داعش استمرت عدة أسابيع. وقال المتحدث باسم قيادة العمليات "
    "المشتركة إن القوات رفعت العلم العراقي فوق المجمع الحكومي.\n"
)
LATIN1 = (
    "Les forces irakiennes ont repris le contrôle de Ramadi après des combats acharnés. "
    "Des réfugiés ont fui vers Bagdad, a déclaré le général.\n"
)
UTF16 = (
    "Syrian government forces shelled rebel positions in eastern Aleppo on Tuesday, "
    "killing at least nine civilians, a monitoring group said.\n"
)
HTML_PAGE = """<!DOCTYPE html>
<html><head><title>Raid near Hit</title><script>var tracker = "<b>x</b>";</script></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Raid near Hit</h1>
<p>Iraqi special forces raided an Islamic State hideout near <b>Hit</b> on Saturday,
killing six militants, the Defence Ministry said.</p>
<p>The operation followed <a href="/x">a week of clashes</a> in Anbar province.</p>
</article><footer>&copy; 2016 Example News</footer></body></html>
"""
ZERO_WIDTH = (
    "Islamic State militants\u200b attacked\u200f an army checkpoint in\u202e Ramadi\u202c "
    "on Monday, killing\u2060 four soldiers.\u200e\n\nThe attack came a day after\u200b "
    "the group seized\ufeff a village near Fallujah, police said.\u2067\n"
)
ODD_NAME = "Mosul \"front\" 'day 2' – naïve report ç\nfinal.txt"
ODD_NAME_TEXT = "Iraqi forces advanced into eastern Mosul on Monday, a general said.\n"

# Every file of the folder the first run sees, for the 'unchanged' count of the second.
INPUT_NAMES = (
    GOOD.name,
    "arabic_cp1256.txt",
    "arabic_news.txt",
    "blank.txt",
    "changing.txt",
    "damaged_utf8.txt",
    "empty.txt",
    "feed.jsonl",
    "huge.txt",
    "latin1.txt",
    "link.txt",
    "noise.txt",
    "one_line.txt",
    "page.txt",
    "photo.txt",
    "russian_news.txt",
    "utf16.txt",
    "vanishing.txt",
    "zero_width.txt",
    ODD_NAME,
)


def png_bytes() -> bytes:
    """A real 32x32 RGB PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    rows = b"".join(
        b"\x00" + b"".join(bytes([x * 8, y * 8, 128]) for x in range(32)) for y in range(32)
    )
    header = struct.pack(">IIBBBBB", 32, 32, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def write(path: Path, data: str | bytes, stamp: int | None = None) -> Path:
    """Write a file and, if asked, give it a distinct modification time."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    if stamp is not None:
        os.utime(path, ns=(stamp, stamp))
    return path


@dataclass
class RunView:
    """What one run did and what the warehouse held right after it."""

    summary: RunSummary
    rejected: dict[str, str]  # rejected_files of this run: source_path -> reason
    documents: dict[str, list[dict]]  # file_name -> its document rows
    events: list[dict]  # every event, with its document's clean_text
    source_files: dict[str, tuple[str, list[str]]]  # source_path -> (status, doc_ids)

    def texts(self, file_name: str) -> list[str]:
        return [d["clean_text"] for d in self.documents.get(file_name, [])]

    def text(self, file_name: str) -> str:
        texts = self.texts(file_name)
        assert len(texts) == 1, f"{file_name!r}: {len(texts)} documents"
        return texts[0]


def view(settings: Settings, summary: RunSummary) -> RunView:
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    try:
        rejected = dict(
            con.execute(
                "SELECT source_path, reason FROM rejected_files WHERE run_id = ?",
                [summary.run_id],
            ).fetchall()
        )
        cur = con.execute(
            "SELECT file_name, source_record, doc_id, source_path, clean_text FROM documents"
        )
        names = [d[0] for d in cur.description]
        documents: dict[str, list[dict]] = {}
        for row in cur.fetchall():
            doc = dict(zip(names, row, strict=True))
            documents.setdefault(doc["file_name"], []).append(doc)
        cur = con.execute(
            "SELECT e.doc_id, e.evidence, e.char_start, e.char_end, e.event_date, "
            "e.fatalities, e.injuries, d.clean_text, d.file_name "
            "FROM events e JOIN documents d USING (doc_id)"
        )
        names = [d[0] for d in cur.description]
        events = [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
        source_files = {
            r[0]: (r[1], list(r[2]))
            for r in con.execute("SELECT source_path, status, doc_ids FROM source_files").fetchall()
        }
    finally:
        con.close()
    return RunView(summary, rejected, documents, events, source_files)


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    """The input folder with the good seed and every bad file, and a folder outside it."""
    root = tmp_path_factory.mktemp("bad_input")
    inbox, outside = root / "inbox", root / "outside"
    inbox.mkdir()
    outside.mkdir()
    shutil.copy(GOOD, inbox / GOOD.name)
    write(inbox / "empty.txt", b"")
    write(inbox / "blank.txt", b"  \n\t\n  ")
    write(inbox / "photo.txt", png_bytes())
    noise = random.Random(7)
    write(inbox / "noise.txt", bytes(noise.randrange(0x80, 0x100) for _ in range(4000)))
    damaged = DAMAGED_UTF8.encode("utf-8")
    write(inbox / "damaged_utf8.txt", damaged[:40] + b"\xff" + damaged[40:-4] + b"\xe2\x80")
    write(inbox / "arabic_cp1256.txt", ARABIC_CP1256.encode("cp1256"))
    write(inbox / "latin1.txt", LATIN1.encode("latin-1"))
    write(inbox / "utf16.txt", UTF16.encode("utf-16"))
    with open(inbox / "huge.txt", "wb") as huge:  # sparse: 50 MB on paper, nothing on disk
        huge.write(b"Words about Mosul. ")
        huge.truncate(50_000_000)
    sentence = "Fighters clashed with Iraqi troops near the town of Hit on Monday. "
    write(inbox / "one_line.txt", (sentence * (5_000_000 // len(sentence) + 1))[:5_000_000])
    write(inbox / "page.txt", HTML_PAGE)
    write(
        inbox / "feed.jsonl",
        "\n".join(
            [
                json.dumps({"id": "r1", "text": FIXED_EMPTY.replace("Monday", "Tuesday")}),
                '{"id": "r2", "text": "broken',
                json.dumps({"id": "r3", "title": "a record without text"}),
                json.dumps(["not", "an", "object"]),
                json.dumps({"id": "r5", "text": "   "}),
                json.dumps({"id": "r6", "text": FIXED_BINARY.replace("Sunday", "Saturday")}),
            ]
        )
        + "\n",
    )
    write(inbox / "zero_width.txt", ZERO_WIDTH)
    shutil.copy(CLEAN_FIXTURES / "arabic_news.txt", inbox / "arabic_news.txt")
    shutil.copy(CLEAN_FIXTURES / "russian_news.txt", inbox / "russian_news.txt")
    write(inbox / ODD_NAME, ODD_NAME_TEXT)
    write(outside / "secret.txt", "Top secret: an outside file that must never be read.\n")
    (inbox / "link.txt").symlink_to(outside / "secret.txt")
    (inbox / "linked_dir").symlink_to(outside, target_is_directory=True)
    write(inbox / "vanishing.txt", VANISHING)
    write(inbox / "changing.txt", CHANGING_V1, stamp=10**18)
    return inbox, outside


@pytest.fixture(scope="module")
def runs(folders, tmp_path_factory):
    """The first run (with a file vanishing and one changing under it), then the second
    after empty, binary, too-large, symlinked and vanished files were fixed."""
    inbox, _ = folders
    settings = Settings(
        input_dir=inbox, warehouse=tmp_path_factory.mktemp("bad_wh") / "sitrep.duckdb"
    )
    read_bytes = Path.read_bytes

    def racing_read_bytes(path: Path) -> bytes:
        if path.name == "vanishing.txt":  # deleted between the run's stat and its read
            path.unlink()
        data = read_bytes(path)
        if path.name == "changing.txt":  # rewritten just after the run read it
            write(path, CHANGING_V2, stamp=2 * 10**18)
        return data

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Path, "read_bytes", racing_read_bytes)
        first = run_pipeline(settings, LOG)
    first_view = view(settings, first)

    write(inbox / "empty.txt", FIXED_EMPTY, stamp=3 * 10**18)
    write(inbox / "photo.txt", FIXED_BINARY, stamp=3 * 10**18)
    write(inbox / "huge.txt", FIXED_HUGE, stamp=3 * 10**18)
    (inbox / "link.txt").unlink()
    write(inbox / "link.txt", FIXED_LINK, stamp=3 * 10**18)
    write(inbox / "vanishing.txt", VANISHING, stamp=3 * 10**18)
    second = run_pipeline(settings, LOG)
    return first_view, view(settings, second)


def assert_rejected(run: RunView, source_path: str, *words: str) -> str:
    """The file is in rejected_files and the run summary, with one clear line of reason."""
    assert source_path in run.rejected, sorted(run.rejected)
    reason = run.rejected[source_path]
    assert (source_path, reason) in run.summary.rejected
    assert "\n" not in reason and 0 < len(reason) <= 300 and "Traceback" not in reason
    for word in words:
        assert word in reason, reason
    assert source_path.split("#")[0] not in run.documents or "#" in source_path
    return reason


def assert_loaded(run: RunView, file_name: str, *words: str) -> str:
    """The file became exactly one document whose clean text holds every word."""
    text = run.text(file_name)
    for word in words:
        assert word in text, (word, text[:300])
    assert not any(path == file_name for path in run.rejected)
    return text


# --------------------------------------------------------------------------- the run itself


def test_the_run_completes_and_loads_the_good_seed_article(runs):
    """Bad files never stop a run: it completes and the good seed article is loaded once."""
    first, _ = runs
    assert first.summary.status == "completed"
    assert len(first.documents[GOOD.name]) == 1
    assert any(e["file_name"] == GOOD.name for e in first.events)
    assert first.summary.files_rejected == len(first.rejected)


def test_every_stored_event_points_at_its_evidence(runs):
    """Whatever the input, each event's offsets cut its evidence out of clean_text."""
    for run in runs:
        for event in run.events:
            start, end = event["char_start"], event["char_end"]
            assert 0 <= start < end <= len(event["clean_text"])
            assert event["clean_text"][start:end] == event["evidence"]


# --------------------------------------------------------------------------- rejected


def test_an_empty_file_is_rejected_then_loads_once_fixed(runs):
    """An empty (or blank) file: 'empty file'; once it holds an article, it loads."""
    first, second = runs
    assert_rejected(first, "empty.txt", "empty file")
    assert_rejected(first, "blank.txt", "empty file")
    assert_loaded(second, "empty.txt", "Ramadi", "four soldiers")
    assert second.source_files["empty.txt"][0] == "loaded"


def test_png_bytes_named_txt_are_rejected_as_binary_then_load_once_fixed(runs):
    """A PNG image renamed .txt: 'binary data'; replaced by text, it loads."""
    first, second = runs
    assert_rejected(first, "photo.txt", "binary data")
    assert_loaded(second, "photo.txt", "Bashiqa")
    assert second.source_files["photo.txt"][0] == "loaded"


def test_random_high_bytes_are_rejected_as_undecodable_and_not_reread(runs):
    """Random bytes 0x80-0xFF are no text in any encoding: rejected as undecodable; the
    unchanged file is remembered as rejected and not read (nor reported) again."""
    first, second = runs
    assert_rejected(first, "noise.txt", "undecodable")
    assert first.source_files["noise.txt"][0] == "rejected"
    assert "noise.txt" not in second.rejected and "noise.txt" not in second.documents


def test_a_file_over_the_size_limit_is_rejected_unread_then_loads_once_fixed(runs):
    """A 50 MB file (the limit is 20 MB): 'file too large', with both sizes in the reason."""
    assert MAX_FILE_BYTES == 20_000_000
    first, second = runs
    assert_rejected(first, "huge.txt", "file too large", "50.0 MB", "20 MB")
    assert_loaded(second, "huge.txt", "Idlib")


def test_a_symlink_out_of_the_folder_is_not_followed_then_a_real_file_loads(runs):
    """A symlink to a file outside the input folder is rejected, never read; a linked
    directory is not walked; a regular file put in the link's place loads."""
    first, second = runs
    assert_rejected(first, "link.txt", "symbolic link", "not followed")
    for run in runs:
        texts = [doc["clean_text"] for docs in run.documents.values() for doc in docs]
        assert texts and not any("Top secret" in text for text in texts)
        assert not any(name.startswith("linked_dir") for name in run.source_files)
        assert "secret.txt" not in run.documents
    assert_loaded(second, "link.txt", "Afrin")


def test_a_five_megabyte_single_line_is_rejected_as_too_long_after_cleaning(runs):
    """5 MB on one line is read and cleaned, then rejected: the article is too long."""
    first, second = runs
    reason = assert_rejected(first, "one_line.txt", "article too long", "after cleaning")
    assert int(re.search(r"([\d,]+) characters", reason)[1].replace(",", "")) > MAX_ARTICLE_CHARS
    assert "one_line.txt" not in first.documents
    assert "one_line.txt" not in second.documents and "one_line.txt" not in second.rejected


def test_a_file_whose_only_document_failed_cleaning_is_recorded_as_rejected(runs):
    """source_files agrees with rejected_files: the too-long file is 'rejected', no doc_id."""
    first, _ = runs
    assert first.source_files["one_line.txt"] == ("rejected", [])


def test_jsonl_good_records_load_and_bad_lines_are_listed_by_number(runs):
    """Broken JSON, records without 'text', non-objects: one rejection per line number;
    the good records load as documents."""
    first, _ = runs
    assert sorted(d["source_record"] for d in first.documents["feed.jsonl"]) == ["r1", "r6"]
    assert_rejected(first, "feed.jsonl#2", "line 2", "not valid JSON")
    assert_rejected(first, "feed.jsonl#3", "line 3", "'text'")
    assert_rejected(first, "feed.jsonl#4", "line 4", "JSON object")
    assert_rejected(first, "feed.jsonl#5", "line 5", "'text'")
    assert not any(
        p.startswith("feed.jsonl#1") or p.startswith("feed.jsonl#6") for p in first.rejected
    )
    assert "feed.jsonl" not in first.rejected


def test_a_file_that_vanishes_between_stat_and_read_is_rejected_then_loads(runs):
    """Deleted after the run listed it: 'cannot read file'; put back, the next run loads it."""
    first, second = runs
    assert_rejected(first, "vanishing.txt", "cannot read file")
    assert "vanishing.txt" not in first.source_files  # nothing remembered of it
    assert_loaded(second, "vanishing.txt", "Fallujah")


def test_a_file_rewritten_while_read_loads_what_was_read_then_the_new_version(runs):
    """The run loads the bytes it read (hash and text agree); the next run sees the file
    changed and replaces that document with the current version."""
    first, second = runs
    from transforms.decode import sha256_hex

    (doc,) = first.documents["changing.txt"]
    assert (
        doc["doc_id"] == sha256_hex(CHANGING_V1.encode()) and "wounding three" in doc["clean_text"]
    )
    assert second.summary.files_changed >= 1
    (doc,) = second.documents["changing.txt"]
    assert doc["doc_id"] == sha256_hex(CHANGING_V2.encode()) and "killing two" in doc["clean_text"]
    assert second.source_files["changing.txt"][1] == [doc["doc_id"]]


# --------------------------------------------------------------------------- decoded


def test_damaged_utf8_is_decoded_as_utf8_not_as_a_code_page(runs):
    """UTF-8 with a stray byte and a cut-off last character is read as UTF-8 (the bad bytes
    become U+FFFD), not as a code page that would garble every dash and accent."""
    first, _ = runs
    text = assert_loaded(first, "damaged_utf8.txt", "café", "Ramadi on Monday — officials")
    assert "We will rebuild," in text and "\ufffd" in text  # the two broken bytes
    assert not any(garble in text for garble in ("Ã", "‚Äî", "тАФ", "├й"))


def test_cp1256_arabic_is_decoded_not_rejected(runs):
    """Arabic in Windows-1256 is detected and stored as Arabic text."""
    first, _ = runs
    assert_loaded(first, "arabic_cp1256.txt", "القوات العراقية", "الفلوجة")


def test_latin1_text_is_decoded_not_rejected(runs):
    """Latin-1 French keeps its accents."""
    first, _ = runs
    assert_loaded(first, "latin1.txt", "réfugiés", "contrôle", "Ramadi")


def test_utf16_with_bom_is_decoded_not_rejected(runs):
    """UTF-16 with a byte-order mark decodes (its NUL bytes do not make it 'binary')."""
    first, _ = runs
    assert_loaded(first, "utf16.txt", "eastern Aleppo", "nine civilians")


def test_html_saved_as_txt_is_read_as_html(runs):
    """An HTML page named .txt is reduced to its article: no tags, no script, no nav."""
    first, _ = runs
    text = assert_loaded(first, "page.txt", "Islamic State hideout", "Anbar province")
    assert not re.search(r"</?[a-zA-Z][^>]*>", text), text
    assert "tracker" not in text and "&copy;" not in text and "Home | World" not in text


def test_zero_width_and_bidi_controls_do_not_break_offsets(runs):
    """Zero-width and right-to-left controls inside an English article: it loads, and its
    events' offsets still cut their evidence out of clean_text."""
    first, _ = runs
    text = assert_loaded(first, "zero_width.txt", "army checkpoint", "Fallujah")
    events = [e for e in first.events if e["file_name"] == "zero_width.txt"]
    assert events, "the article names an attack in Ramadi"
    for event in events:
        assert text[event["char_start"] : event["char_end"]] == event["evidence"]


@pytest.mark.parametrize(
    ("file_name", "word"), [("arabic_news.txt", "الرمادي"), ("russian_news.txt", "Пальмир")]
)
def test_arabic_and_russian_articles_load_as_documents(runs, file_name, word):
    """Non-English articles load as documents without failing the run (events may be none)."""
    first, _ = runs
    assert_loaded(first, file_name, word)


def test_an_odd_file_name_is_loaded_and_stored_exactly(runs):
    """Spaces, quotes, non-ASCII letters and a newline in a file name: stored as is."""
    first, _ = runs
    (doc,) = first.documents[ODD_NAME]
    assert doc["file_name"] == ODD_NAME and doc["source_path"] == ODD_NAME
    assert "eastern Mosul" in doc["clean_text"]
    assert first.source_files[ODD_NAME][0] == "loaded"


def test_the_second_run_only_reads_what_changed(runs):
    """After the fixes, the second run reprocesses the fixed files and nothing else."""
    _, second = runs
    assert second.summary.status == "completed"
    # a rejection that read no bytes (symlink, vanished file) leaves no record: 'new' again
    assert second.summary.files_changed == len(
        {"empty.txt", "photo.txt", "huge.txt", "changing.txt"}
    )
    assert second.summary.files_new == len({"link.txt", "vanishing.txt"})
    assert second.summary.files_seen == len(INPUT_NAMES)
    assert not second.rejected
    assert len(second.documents[GOOD.name]) == 1
