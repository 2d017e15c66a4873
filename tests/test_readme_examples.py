"""The README's query examples, run against the bundled seeds: docs tested against the code.

Every fenced block of README.md that starts with `$ sitrep query "..."` is run with
`sitrep query` on a warehouse built from seeds/articles, and its printed table must be
what the README shows (row order aside). When extraction changes on purpose, rewrite the
examples from the code, then read the diff before committing it:

    SITREP_UPDATE_README=1 .venv/bin/python -m pytest -q tests/test_readme_examples.py
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from flows.cli import main
from tests.conftest import ROOT, SEEDS

README = ROOT / "README.md"
EXAMPLE = re.compile(r'```\n\$ sitrep query "(?P<sql>[^"]*)"\n(?P<output>.*?)```', re.DOTALL)


@dataclass(frozen=True)
class Example:
    sql: str
    output: str
    span: tuple[int, int]  # of the output, in the README's text


def readme_examples(text: str) -> list[Example]:
    return [Example(m["sql"], m["output"], m.span("output")) for m in EXAMPLE.finditer(text)]


def printed_by_sitrep(warehouse: Path, sql: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["query", "--warehouse", str(warehouse), sql])
    assert code == 0, sql
    return "\n".join(line.rstrip() for line in out.getvalue().splitlines()) + "\n"


@pytest.fixture(scope="module")
def seeds_warehouse(tmp_path_factory) -> Path:
    warehouse = tmp_path_factory.mktemp("readme") / "sitrep.duckdb"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "flows.cli",
            "run",
            "--input",
            str(SEEDS),
            "--warehouse",
            str(warehouse),
        ],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    return warehouse


def test_the_readme_has_query_examples():
    assert len(readme_examples(README.read_text(encoding="utf-8"))) >= 4


def test_every_readme_query_prints_what_the_readme_shows(seeds_warehouse):
    text = README.read_text(encoding="utf-8")
    examples = readme_examples(text)
    printed = [printed_by_sitrep(seeds_warehouse, e.sql) for e in examples]
    if os.environ.get("SITREP_UPDATE_README"):
        for example, output in sorted(
            zip(examples, printed, strict=True), key=lambda p: -p[0].span[0]
        ):
            text = text[: example.span[0]] + output + text[example.span[1] :]
        README.write_text(text, encoding="utf-8")
        return
    for example, output in zip(examples, printed, strict=True):
        shown = [line.rstrip() for line in example.output.splitlines()]
        assert sorted(output.splitlines()) == sorted(shown), (
            f"README example drifted: {example.sql}"
        )
