"""Bytes to text, and JSON-lines records to raw documents: pure, no file access.

A folder anyone drops files into holds every encoding and some things that are not
text at all. Decoding either yields text or raises `Rejected` with a one-line reason
that goes to the `rejected_files` table.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from charset_normalizer import from_bytes

from transforms.models import RawDocument

TEXT_SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
}
# What a sidecar or a JSON-lines record may say of its article (README: "Inputs").
META_KEYS = ("title", "outlet", "url", "published", "author")
# Other names for those keys: "source" is ACLED's word for the outlet that reported an event.
# The key itself wins when both are given.
META_ALIASES = {"source": "outlet"}


class Rejected(ValueError):
    """An input that cannot become an article; the message is the reason shown to users."""


@dataclass(frozen=True)
class RecordProblem:
    """A JSON-lines record that was skipped, with its line number and reason."""

    line: int
    reason: str


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def looks_binary(data: bytes) -> bool:
    """True for images, archives and other non-text: NUL bytes or many control bytes.

    UTF-16 text has NUL bytes too, so a BOM is checked first by the caller.
    """
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(8, len(sample) // 100)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode article bytes to text; return (text, encoding name).

    UTF-8 (with or without BOM) and UTF-16/32 with a BOM are taken as such; anything
    else goes through charset detection (cp1256 Arabic, latin-1, KOI8-R...), so text
    in another encoding is decoded, not rejected.
    """
    if not data.strip():
        raise Rejected("empty file")
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec), codec.replace("-sig", "")
            except UnicodeDecodeError as err:
                raise Rejected(
                    f"invalid {codec} text after its byte-order mark: {err.reason}"
                ) from err
    if looks_binary(data):
        raise Rejected("binary data, not text (an image or archive?)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    damaged = damaged_utf8(data)
    if damaged is not None:
        return damaged, DAMAGED_UTF8
    guessed = guess_encoding(data)
    if guessed is None:
        if mostly_ascii(data):  # English with a few stray bytes: keep it, mark what broke
            return data.decode("utf-8", errors="replace"), DAMAGED_UTF8
        raise Rejected("undecodable bytes: not UTF-8 and no known encoding fits")
    try:
        return data.decode(guessed), f"{guessed} {GUESSED}"
    except (UnicodeDecodeError, LookupError) as err:
        raise Rejected(f"undecodable bytes (guessed {guessed}): {err}") from err


# The encodings news text is written in besides UTF-8, most used first (the order breaks
# ties). charset detection ranks every codec Python has, and on mostly-English text with a
# stray byte it picks exotic ones (ptcp154, mac_iceland, cp1125...) that turn the text to
# garble: only these are believed.
NEWS_ENCODINGS = [
    "cp1252",
    "latin_1",
    "iso8859_15",
    "cp1251",
    "cp1256",
    "cp1250",
    "iso8859_2",
    "koi8_r",
    "koi8_u",
    "iso8859_5",
    "cp1253",
    "iso8859_7",
    "cp1254",
    "iso8859_9",
    "cp1255",
    "iso8859_8",
    "iso8859_6",
    "cp1257",
    "iso8859_13",
    "cp874",
    "tis_620",
    "iso8859_11",
]
# Multi-byte East Asian encodings: believed only when much of the text is not ASCII, as in
# real Chinese, Japanese or Korean text.
CJK_ENCODINGS = [
    "gb18030",
    "gbk",
    "gb2312",
    "big5",
    "big5hkscs",
    "cp950",
    "shift_jis",
    "shift_jis_2004",
    "cp932",
    "euc_jp",
    "euc_jis_2004",
    "euc_kr",
    "cp949",
]
CJK_MIN_NON_ASCII = 0.3
DAMAGED_UTF8 = "utf-8 (damaged: undecodable bytes replaced by U+FFFD)"
GUESSED = "(guessed)"


def guess_encoding(data: bytes) -> str | None:
    """The most likely encoding of `data` among those news text uses, or None: the best
    ranked by charset detection, ties going to the more common encoding."""
    believed = NEWS_ENCODINGS + (
        CJK_ENCODINGS if non_ascii_share(data) >= CJK_MIN_NON_ASCII else []
    )
    fits = [m for m in from_bytes(data[:200_000]) if (m.encoding or "").lower() in believed]
    if not fits:
        return None
    best = min((m.chaos, -m.coherence) for m in fits)
    tied = [m.encoding.lower() for m in fits if (m.chaos, -m.coherence) == best]
    return min(tied, key=believed.index)


def non_ascii_share(data: bytes) -> float:
    sample = data[:200_000]
    return sum(1 for b in sample if b > 127) / max(1, len(sample))


def mostly_ascii(data: bytes) -> bool:
    """At most one byte in fifty is not ASCII: text whose broken bytes are worth keeping."""
    return non_ascii_share(data) <= 0.02


def is_clean_decoding(encoding: str) -> bool:
    """False when the text was guessed or repaired: a run reports such files."""
    return encoding in {"utf-8", "utf-16", "utf-32"}


def damaged_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few broken bytes (a stray byte, a cut-off last character), or None.

    Charset detection would read such a file as some 8-bit code page and garble every
    accented letter and dash in it; instead the few bad bytes become U+FFFD. It counts as
    damaged UTF-8 when only its last character is cut off, or when it holds at least as
    many valid multi-byte characters as broken ones: text in a legacy encoding (latin-1,
    cp1251, cp1256, EUC-KR...) or random bytes read as UTF-8 give far more broken
    sequences than valid ones (a valid one is a rare accident there).
    """
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        if err.reason == "unexpected end of data" and err.start >= len(data) - 3:
            return data.decode("utf-8", errors="replace")  # a cut-off last character
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd") - data.count("\ufffd".encode())
    valid = sum(1 for ch in text if ord(ch) > 127) - text.count("\ufffd")
    return text if broken > 0 and valid >= broken else None


def sniff_format(text: str, suffix_format: str) -> str:
    """HTML saved under a .txt name is still HTML."""
    if suffix_format == "text":
        head = text.lstrip()[:512].lower()
        if head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head):
            return "html"
    return suffix_format


@dataclass(frozen=True)
class Sidecar:
    """A `NAME.meta.json` sidecar: the metadata sitrep reads, and the keys it does not know
    (a run notes those, so a misspelt key is not silently ignored)."""

    meta: dict[str, str]
    unknown_keys: tuple[str, ...] = ()


def read_sidecar(text: str) -> Sidecar:
    """A sidecar's known keys (and aliases) as strings, and the names of the others."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise Rejected(f"sidecar is not valid JSON: {err.msg} at line {err.lineno}") from err
    if not isinstance(data, dict):
        raise Rejected("sidecar must hold a JSON object")
    unknown = tuple(k for k in data if k not in META_KEYS and k not in META_ALIASES)
    return Sidecar(meta_of(data), unknown)


def parse_sidecar(text: str) -> dict[str, str]:
    """Metadata of a `NAME.meta.json` sidecar: the known keys, as strings."""
    return read_sidecar(text).meta


def meta_of(record: dict) -> dict[str, str]:
    """The metadata keys of a sidecar or a record, as strings, aliases under their key's name."""
    meta = {}
    for alias, key in META_ALIASES.items():
        if record.get(alias) not in (None, ""):
            meta[key] = str(record[alias])
    meta.update({k: str(record[k]) for k in META_KEYS if record.get(k) not in (None, "")})
    return meta


def jsonl_documents(
    data: bytes, file_name: str, base_meta: dict[str, str] | None = None
) -> tuple[list[RawDocument], list[RecordProblem]]:
    """One RawDocument per good line of a JSON-lines file; broken lines are reported, not fatal.

    doc_id is the sha256 of the record's own bytes, so an unchanged record keeps its
    id when other lines of the file change. A record whose "id" an earlier line already
    used is reported, not loaded as a second document of the same article.
    """
    docs: list[RawDocument] = []
    problems: list[RecordProblem] = []
    first_line_of: dict[str, int] = {}  # record id -> the line that first used it
    for number, line in enumerate(data.splitlines(), start=1):
        raw = line.strip()
        if not raw:
            continue
        try:
            record = json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            problems.append(RecordProblem(number, f"line {number}: not valid JSON ({err})"))
            continue
        if not isinstance(record, dict):
            problems.append(RecordProblem(number, f"line {number}: a record must be a JSON object"))
            continue
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            problems.append(RecordProblem(number, f"line {number}: missing or empty 'text' field"))
            continue
        record_id = record.get("id")
        if record_id is not None and str(record_id) in first_line_of:
            first = first_line_of[str(record_id)]
            problems.append(
                RecordProblem(
                    number,
                    f"line {number}: duplicate id {str(record_id)[:80]!r} "
                    f"(first on line {first}); only the first is read",
                )
            )
            continue
        if record_id is not None:
            first_line_of[str(record_id)] = number
        meta = dict(base_meta or {})
        meta.update(meta_of(record))
        docs.append(
            RawDocument(
                doc_id=sha256_hex(raw),
                file_name=file_name,
                text=text,
                fmt="jsonl",
                source_record=None if record_id is None else str(record_id),
                meta=meta,
            )
        )
    return docs, problems
