"""The README against the code: every generated block is what `make docs` prints now.

README.md marks each example output, count and command reference that the code can print
with `<!-- generated: KIND -->` ... `<!-- end generated -->` (flows/readme.py). Here the
generators run on a warehouse built from seeds/articles, once per session, and the test
fails when a block differs from what they print. When extraction or a command changes on
purpose, rewrite the README from the code and read the diff before committing it:

    make docs
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from flows.readme import README, blocks_of, comparable, differences, generated, regenerate
from flows.readme_generators import GENERATORS, Block, build_seeds_warehouse, command_lines


@pytest.fixture(scope="session")
def seeds_warehouse(tmp_path_factory) -> Path:
    """`sitrep run` over the seeds (about a minute), shared by every test that reads it."""
    return build_seeds_warehouse(tmp_path_factory.mktemp("readme") / "sitrep.duckdb")


def readme() -> str:
    return README.read_text(encoding="utf-8")


def test_the_readme_uses_every_generator_and_shows_its_queries():
    blocks = blocks_of(readme())
    assert {b.kind for b in blocks} == set(GENERATORS)
    assert sum(1 for b in blocks if b.kind == "output") >= 6


def test_the_readme_is_what_make_docs_prints(seeds_warehouse):
    found = differences(readme(), seeds_warehouse)
    assert not found, (
        "README.md differs from what the code prints; run `make docs` and read the diff:\n\n"
        + "\n\n".join(found)
    )


def test_one_number_changed_in_a_generated_block_is_a_difference(seeds_warehouse):
    """The comparison is not blind: the events count of the seeds' done line, plus one."""
    text = readme()
    edited, n = re.subn(
        r"(generated: done-line -->`stage=done status=completed documents=\d+ events=)(\d+)",
        lambda m: m[1] + str(int(m[2]) + 1),
        text,
    )
    assert n == 1
    [found] = differences(edited, seeds_warehouse)
    assert found.startswith("README.md line ") and ", done-line" in found.splitlines()[0]
    assert differences(regenerate(edited, seeds_warehouse), seeds_warehouse) == []


def test_a_query_block_keeps_its_command_and_reprints_its_table(seeds_warehouse):
    body = (
        '\n```\n$ sitrep query "select count(*) as n\n                from documents"\nstale\n```\n'
    )
    block = Block("output", "", body, (0, 0))
    fresh = generated(block, seeds_warehouse)
    assert fresh.startswith('\n```\n$ sitrep query "select count(*) as n\n                from')
    assert "stale" not in fresh and "│ 5 │" in fresh


def test_a_multi_line_command_is_read_to_its_closing_quote():
    written, argv = command_lines('```\n$ sitrep query "select 1\n   as x" --format csv\nout\n```')
    assert written == ['$ sitrep query "select 1', '   as x" --format csv']
    assert argv == ["query", "select 1\n   as x", "--format", "csv"]


def test_only_run_ids_and_seconds_are_ignored_when_comparing():
    block = Block("validate-example", "", "", (0, 0))
    line = "validate validate-20261206T085730-c144de27: errors: 71 expectations (7.0 s; ...)"
    same = "validate validate-20270101T000000-00000000: errors: 71 expectations (12.3 s; ...)"
    other = "validate validate-20261206T085730-c144de27: errors: 72 expectations (7.0 s; ...)"
    assert comparable(block, line) == comparable(block, same)
    assert comparable(block, line) != comparable(block, other)


def test_an_unknown_block_kind_is_an_error_not_a_silent_skip(tmp_path):
    with pytest.raises(ValueError, match="unknown generated block"):
        generated(Block("nonsense", "", "\n", (0, 0)), tmp_path / "none.duckdb")
