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
META_KEYS = ("title", "outlet", "url", "published", "author")


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
        return damaged, "utf-8"
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise Rejected("undecodable bytes: not UTF-8 and no known encoding fits")
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError) as err:
        raise Rejected(f"undecodable bytes (guessed {best.encoding}): {err}") from err


def damaged_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few broken bytes (a stray byte, a cut-off last character), or None.

    Charset detection would read such a file as some 8-bit code page and garble every
    accented letter and dash in it; instead the few bad bytes become U+FFFD. It counts as
    damaged UTF-8 when it holds at least three valid multi-byte characters per broken one:
    text in a legacy encoding (latin-1, cp1251, cp1256, EUC-KR...) or random bytes read as
    UTF-8 give far more broken sequences than valid ones.
    """
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd") - data.count("\ufffd".encode())
    valid = sum(1 for ch in text if ord(ch) > 127) - text.count("\ufffd")
    return text if broken > 0 and valid >= 3 * broken else None


def sniff_format(text: str, suffix_format: str) -> str:
    """HTML saved under a .txt name is still HTML."""
    if suffix_format == "text":
        head = text.lstrip()[:512].lower()
        if head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head):
            return "html"
    return suffix_format


def parse_sidecar(text: str) -> dict[str, str]:
    """Metadata of a `NAME.meta.json` sidecar: the known keys, as strings."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise Rejected(f"sidecar is not valid JSON: {err.msg} at line {err.lineno}") from err
    if not isinstance(data, dict):
        raise Rejected("sidecar must hold a JSON object")
    return {k: str(data[k]) for k in META_KEYS if data.get(k) not in (None, "")}


def jsonl_documents(
    data: bytes, file_name: str, base_meta: dict[str, str] | None = None
) -> tuple[list[RawDocument], list[RecordProblem]]:
    """One RawDocument per good line of a JSON-lines file; broken lines are reported, not fatal.

    doc_id is the sha256 of the record's own bytes, so an unchanged record keeps its
    id when other lines of the file change.
    """
    docs: list[RawDocument] = []
    problems: list[RecordProblem] = []
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
        meta = dict(base_meta or {})
        meta.update({k: str(record[k]) for k in META_KEYS if record.get(k) not in (None, "")})
        record_id = record.get("id")
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
