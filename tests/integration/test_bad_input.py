"""Bad input never stops a run: each bad file is rejected alone with a one-line reason, or
decoded and loaded when it is legitimately text, and a later fixed version loads normally.

Every bad file is generated at test time (nothing binary is committed). A run costs a few
seconds of validation, so all cases share two runs over one input folder, which also
proves they do not disturb one another: `first` is the run over the good seed article plus
every bad file, `second` the run after some of them were fixed. Each test below checks
one case against those runs.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import random
import re
import shutil
import socket
import stat
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from flows import ingest
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
# Names that are not valid UTF-8 (bytes on disk), and how the warehouse stores them.
LATIN1_NAME = os.fsdecode(b"caf\xe9.txt")
LATIN1_NAME_TEXT = "caf\\xe9.txt"
BAD_FOLDER = os.fsdecode(b"dossier\xff")
BAD_FOLDER_TEXT = "dossier\\xff/inner.txt"
BACKSLASH_NAME = "back\\slash.txt"  # one backslash on disk
BACKSLASH_NAME_TEXT = "back\\\\slash.txt"  # doubled, so no other name can look the same
NAMED_TEXT = "Kurdish forces repelled an Islamic State attack near Kirkuk on Sunday.\n"
EMPTY_PAGE = (
    "<!DOCTYPE html><html><head><title>Breaking: Mosul</title>"
    "<script>var x = 1;</script></head><body><nav><a href='/'>Home</a></nav></body></html>"
)
ENGLISH = (
    "Iraqi forces retook Ramadi on Monday, officials said, and the mayor promised to "
    "rebuild the market within a year. "
) * 3
DUPLICATE_IDS = (
    json.dumps({"id": "d1", "text": FIXED_EMPTY})
    + "\n"
    + json.dumps({"id": "d1", "text": FIXED_BINARY})
    + "\n"
)

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
    "pipe.txt",
    "zero.txt",
    "null.txt",
    "socket.txt",
    LATIN1_NAME_TEXT,
    BAD_FOLDER_TEXT,
    BACKSLASH_NAME_TEXT,
    "empty_page.html",
    "stray_byte.txt",
    "cut_off.txt",
    "dupes.jsonl",
    "unreadable.txt",
    "link2.txt",
    "pipe_sidecar.txt",
    "notes.pdf",
    "swapped.txt",
    "bad_sidecar.txt",
    "utf32.txt",
    "nul_bytes.txt",
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
    os.mkfifo(inbox / "pipe.txt")  # no writer: an open() without O_NONBLOCK waits for ever
    make_device(inbox / "zero.txt", 5)  # /dev/zero: never ends
    make_device(inbox / "null.txt", 3)  # /dev/null
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(inbox / "socket.txt"))
    write(inbox / LATIN1_NAME, NAMED_TEXT)
    (inbox / BAD_FOLDER).mkdir()
    write(inbox / BAD_FOLDER / "inner.txt", NAMED_TEXT.replace("Sunday", "Saturday"))
    write(inbox / BACKSLASH_NAME, NAMED_TEXT.replace("Sunday", "Friday"))
    write(inbox / "empty_page.html", EMPTY_PAGE)
    cafe = ("café " + ENGLISH).encode()
    write(inbox / "stray_byte.txt", cafe[:200] + b"\xc3" + cafe[200:])
    write(inbox / "cut_off.txt", ENGLISH.encode() + "—".encode()[:2])
    write(inbox / "dupes.jsonl", DUPLICATE_IDS)
    write(inbox / "unreadable.txt", FIXED_HUGE.replace("Tuesday", "Sunday"))
    (inbox / "link2.txt").symlink_to(outside / "secret.txt")
    write(inbox / "pipe_sidecar.txt", FIXED_LINK.replace("Wednesday", "Monday"))
    os.mkfifo(inbox / "pipe_sidecar.meta.json")
    write(inbox / "notes.pdf", b"%PDF-1.4 not an article")
    write(inbox / "swapped.txt", VANISHING.replace("Thursday", "Friday"))
    write(inbox / "bad_sidecar.txt", FIXED_LINK)
    write(inbox / "bad_sidecar.meta.json", '{"title": "unterminated')
    write(inbox / "utf32.txt", UTF16.replace("Tuesday", "Friday").encode("utf-32"))
    write(inbox / "nul_bytes.txt", b"Mosul\x00\x00\x00 fell on Monday.\x00" * 20)
    return inbox, outside


def make_device(path: Path, minor: int) -> None:
    """A character device like /dev/zero (1, 5) or /dev/null (1, 3), made with mknod; where
    mknod is not allowed (not root, no CAP_MKNOD), a named pipe stands in for it."""
    try:
        os.mknod(path, 0o644 | stat.S_IFCHR, os.makedev(1, minor))
    except PermissionError:
        os.mkfifo(path)


@pytest.fixture(scope="module")
def runs(folders, tmp_path_factory):
    """The first run (with a file vanishing and one changing under it), then the second
    after empty, binary, too-large, symlinked and vanished files were fixed."""
    inbox, _ = folders
    settings = Settings(
        input_dir=inbox, warehouse=tmp_path_factory.mktemp("bad_wh") / "sitrep.duckdb"
    )
    read_regular_file = ingest.read_regular_file

    def racing_read(path: Path, max_bytes: int) -> bytes:
        if path.name == "vanishing.txt":  # deleted between the run's stat and its read
            path.unlink()
        if path.name == "swapped.txt":  # swapped for a named pipe after it was listed
            path.unlink()
            os.mkfifo(path)
        if path.name == "unreadable.txt":  # what chmod 000 does to a user other than root
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        data = read_regular_file(path, max_bytes)
        if path.name == "changing.txt":  # rewritten just after the run read it
            write(path, CHANGING_V2, stamp=2 * 10**18)
        return data

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ingest, "read_regular_file", racing_read)
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
    # a vanished file leaves no record ('new' again); a symlink is remembered as rejected,
    # so the regular file put in its place is a change
    assert second.summary.files_changed == len(
        {"empty.txt", "photo.txt", "huge.txt", "changing.txt", "link.txt"}
    )
    assert second.summary.files_new == len({"vanishing.txt"})
    assert second.summary.files_seen == len(INPUT_NAMES)
    assert not second.rejected
    assert len(second.documents[GOOD.name]) == 1


# --------------------------------------------------------------------------- every bad input

# What the first run does with each bad input of the folder: ('rejected', words of the
# reason) or ('loaded', words of the text), keyed by the path the warehouse stores.
OUTCOMES: dict[str, tuple[str, tuple[str, ...]]] = {
    "empty.txt": ("rejected", ("empty file",)),
    "blank.txt": ("rejected", ("empty file",)),
    "photo.txt": ("rejected", ("binary data",)),
    "noise.txt": ("rejected", ("undecodable",)),
    "nul_bytes.txt": ("rejected", ("binary data",)),
    "huge.txt": ("rejected", ("file too large",)),
    "one_line.txt": ("rejected", ("article too long",)),
    "notes.pdf": ("rejected", ("unsupported file type",)),
    "link.txt": ("rejected", ("symbolic link",)),
    "link2.txt": ("rejected", ("symbolic link",)),
    "vanishing.txt": ("rejected", ("cannot read file",)),
    "unreadable.txt": ("rejected", ("cannot read file", "Permission denied")),
    "pipe.txt": ("rejected", ("not a regular file", "named pipe")),
    "swapped.txt": ("rejected", ("not a regular file", "named pipe")),
    "zero.txt": ("rejected", ("not a regular file",)),  # a character device (or a pipe)
    "null.txt": ("rejected", ("not a regular file",)),
    "socket.txt": ("rejected", ("not a regular file", "socket")),
    "empty_page.html": ("rejected", ("no article text",)),
    "bad_sidecar.txt": ("rejected", ("sidecar is not valid JSON",)),
    "feed.jsonl#2": ("rejected", ("not valid JSON",)),
    "feed.jsonl#3": ("rejected", ("'text'",)),
    "feed.jsonl#4": ("rejected", ("JSON object",)),
    "feed.jsonl#5": ("rejected", ("'text'",)),
    "dupes.jsonl#2": ("rejected", ("duplicate id 'd1'", "first on line 1")),
    "damaged_utf8.txt": ("loaded", ("café", "Ramadi on Monday — officials")),
    "stray_byte.txt": ("loaded", ("café Iraqi forces",)),
    "cut_off.txt": ("loaded", ("rebuild the market",)),
    "arabic_cp1256.txt": ("loaded", ("الفلوجة",)),
    "latin1.txt": ("loaded", ("réfugiés",)),
    "utf16.txt": ("loaded", ("eastern Aleppo",)),
    "utf32.txt": ("loaded", ("eastern Aleppo", "Friday")),
    "page.txt": ("loaded", ("Islamic State hideout",)),
    "zero_width.txt": ("loaded", ("army checkpoint",)),
    "arabic_news.txt": ("loaded", ("الرمادي",)),
    "russian_news.txt": ("loaded", ("Пальмир",)),
    "changing.txt": ("loaded", ("wounding three",)),
    "dupes.jsonl": ("loaded", ("Ramadi",)),
    "pipe_sidecar.txt": ("loaded", ("Afrin on Monday",)),
    ODD_NAME: ("loaded", ("eastern Mosul",)),
    LATIN1_NAME_TEXT: ("loaded", ("Kirkuk on Sunday",)),
    BAD_FOLDER_TEXT: ("loaded", ("Kirkuk on Saturday",)),
    BACKSLASH_NAME_TEXT: ("loaded", ("Kirkuk on Friday",)),
}
# Rejections that read no bytes: remembered, so that the next run does not report them again.
UNREAD = (
    "link2.txt",
    "unreadable.txt",
    "pipe.txt",
    "swapped.txt",
    "zero.txt",
    "null.txt",
    "socket.txt",
    "notes.pdf",
)


def documents_at(run: RunView, source_path: str) -> list[dict]:
    return [d for docs in run.documents.values() for d in docs if d["source_path"] == source_path]


@pytest.mark.parametrize("source_path", sorted(OUTCOMES), ids=ascii)
def test_every_bad_input_has_its_outcome(runs, source_path):
    """Each bad input of the folder is either rejected alone with a one-line reason or
    loaded as one document holding its words; none stops or hangs the run."""
    first, _ = runs
    outcome, words = OUTCOMES[source_path]
    if outcome == "rejected":
        assert_rejected(first, source_path, *words)
        assert not documents_at(first, source_path)
        return
    docs = documents_at(first, source_path)
    assert len(docs) == 1, (source_path, len(docs))
    for word in words:
        assert word in docs[0]["clean_text"], (word, docs[0]["clean_text"][:300])
    assert source_path not in first.rejected


def test_the_table_names_every_bad_input_of_the_folder(runs):
    """The table above is the whole folder: the count in the README is its length."""
    first, _ = runs
    stored = set(first.source_files) | set(first.rejected) | {"vanishing.txt"}
    assert {p for p in stored if p != GOOD.name} == set(OUTCOMES) | {"feed.jsonl"}
    assert len(OUTCOMES) >= 35


@pytest.mark.parametrize("name", ["pipe.txt", "zero.txt", "swapped.txt"])
def test_a_fifo_or_device_is_never_opened_and_the_run_finishes(runs, name):
    """Issue 18 case 2: a named pipe (even one swapped in after the folder was listed) or
    /dev/zero is rejected from its kind on the open descriptor; the run does not block or
    read a byte of it, and completes."""
    first, _ = runs
    assert first.summary.status == "completed"
    assert_rejected(first, name, "not a regular file")
    assert first.source_files[name][0] == "rejected"


@pytest.mark.parametrize(
    ("stored", "on_disk"),
    [
        (LATIN1_NAME_TEXT, LATIN1_NAME),
        (BAD_FOLDER_TEXT, f"{BAD_FOLDER}/inner.txt"),
        (BACKSLASH_NAME_TEXT, BACKSLASH_NAME),
    ],
    ids=["latin1-name", "latin1-folder", "backslash"],
)
def test_a_name_that_is_not_utf8_loads_under_escaped_text(runs, stored, on_disk):
    """Issue 18 case 3: a name with bytes that are not UTF-8 loads; the warehouse stores it
    as text with \\xNN escapes (backslashes doubled, so no two names collide), and the
    second run sees the file unchanged instead of failing the batch again."""
    first, second = runs
    (doc,) = documents_at(first, stored)
    assert doc["file_name"] == stored.rsplit("/", 1)[-1]
    assert first.source_files[stored][0] == "loaded"
    assert stored not in second.rejected and documents_at(second, stored) == [doc]
    assert stored != on_disk


def test_an_html_page_without_body_text_is_rejected_not_loaded_empty(runs):
    """Issue 18 case 8: a page of a title, a script and a menu has no article: rejected."""
    first, _ = runs
    assert_rejected(first, "empty_page.html", "no article text")
    assert first.source_files["empty_page.html"] == ("rejected", [])
    assert not any(d["clean_text"].strip() == "" for docs in first.documents.values() for d in docs)


@pytest.mark.parametrize("name", ["stray_byte.txt", "cut_off.txt", "damaged_utf8.txt"])
def test_damaged_utf8_is_read_as_utf8_and_flagged(runs, name):
    """Issue 18 case 8: UTF-8 with a stray byte or a cut-off last character is not guessed
    as a code page (cp1250, cp932...) and garbled: it is read as UTF-8, the broken bytes
    become U+FFFD, and the run names the file in its notes."""
    first, _ = runs
    (doc,) = documents_at(first, name)
    text = doc["clean_text"]
    assert "\ufffd" in text or name == "cut_off.txt"
    assert not re.search(r"[ĂÃ\u3000-\u9fff\uff61-\uff9f]", text), text[:300]
    notes = dict(first.summary.notes)
    assert "damaged" in notes[name] and "U+FFFD" in notes[name]


def test_a_code_page_guess_is_flagged_too(runs):
    """A file decoded by a guessed code page loads, and the run says which it guessed."""
    first, _ = runs
    notes = dict(first.summary.notes)
    assert "cp1256" in notes["arabic_cp1256.txt"] and "guessed" in notes["arabic_cp1256.txt"]
    assert "utf16.txt" not in notes and GOOD.name not in notes


def test_two_jsonl_records_with_the_same_id_load_once_and_the_second_is_reported(runs):
    """Issue 18 case 8: a repeated record id is one article: the first loads, the second is
    a rejection naming both lines."""
    first, _ = runs
    (doc,) = first.documents["dupes.jsonl"]
    assert doc["source_record"] == "d1" and "Ramadi" in doc["clean_text"]
    assert_rejected(first, "dupes.jsonl#2", "duplicate id", "line 1")


@pytest.mark.parametrize("name", UNREAD)
def test_an_unread_rejection_is_reported_once_not_on_every_run(runs, name):
    """Issue 18 case 8: a symlink, pipe, device, socket or unreadable file is remembered as
    rejected, so the next run does not report it again (and can say 'nothing new')."""
    first, second = runs
    assert name in first.rejected
    assert first.source_files[name] == ("rejected", [])
    assert name not in second.rejected
