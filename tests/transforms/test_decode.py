"""Decoding bytes to text: encodings are detected, non-text is rejected with a reason."""

from __future__ import annotations

import json

import pytest

from transforms.decode import (
    Rejected,
    decode_bytes,
    jsonl_documents,
    parse_sidecar,
    sha256_hex,
    sniff_format,
)


def test_utf8_text_decodes_as_is():
    assert decode_bytes("Mosul — ISIS".encode()) == ("Mosul — ISIS", "utf-8")


def test_utf16_with_bom_decodes():
    text, enc = decode_bytes("Raqqa fell".encode("utf-16"))
    assert text == "Raqqa fell" and enc == "utf-16"


def test_utf8_bom_is_dropped():
    text, _ = decode_bytes(b"\xef\xbb\xbfPalmyra")
    assert text == "Palmyra"


def test_cp1256_arabic_is_detected_not_rejected():
    arabic = "سيطر تنظيم الدولة على مدينة الرقة في سوريا بعد معارك عنيفة مع القوات الحكومية"
    text, enc = decode_bytes(arabic.encode("cp1256"))
    assert text == arabic, enc


def test_latin1_text_is_detected():
    raw = "Le café de Montréal a été fermé après l'attaque à Alep.".encode("latin-1")
    text, _ = decode_bytes(raw)
    assert "café" in text and "Montréal" in text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\t ", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    ],
)
def test_non_text_is_rejected_with_reason(data, reason):
    with pytest.raises(Rejected, match=reason):
        decode_bytes(data)


def test_html_saved_as_txt_is_read_as_html():
    assert sniff_format("<!DOCTYPE html><html><body><p>x</p></body></html>", "text") == "html"
    assert sniff_format("Plain words about <b>bold</b> claims.", "text") == "text"


def test_jsonl_records_get_their_own_ids_and_broken_lines_are_reported():
    good = {"id": "a1", "text": "ISIS captured Palmyra.", "title": "T", "published": "2015-05-21"}
    lines = [json.dumps(good), "{not json", json.dumps({"id": "a2"}), json.dumps(["list"]), ""]
    docs, problems = jsonl_documents("\n".join(lines).encode(), "feed.jsonl")
    assert [d.source_record for d in docs] == ["a1"]
    assert docs[0].doc_id == sha256_hex(json.dumps(good).encode())
    assert docs[0].meta == {"title": "T", "published": "2015-05-21"}
    assert [p.line for p in problems] == [2, 3, 4]
    assert "not valid JSON" in problems[0].reason and "'text'" in problems[1].reason


def test_sidecar_keeps_known_keys_only():
    assert parse_sidecar('{"title": "X", "outlet": "AFP", "junk": 1}') == {
        "title": "X",
        "outlet": "AFP",
    }
    with pytest.raises(Rejected, match="not valid JSON"):
        parse_sidecar("{oops")
