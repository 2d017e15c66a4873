"""README.md's generated blocks: what the code prints, printed by the code (`make docs`).

The README's examples drifted within a commit of being pasted. So every example output,
command reference and count that the code can print sits between two markers and is
rewritten from a real run on the bundled seeds:

    <!-- generated: KIND [ARG] -->
    ...what the generator KIND prints...
    <!-- end generated -->

The markers may also sit inside a sentence, around a single number or name. KIND is one
of GENERATORS (flows/readme_generators.py). An `output` block is a fenced block that starts
with a `$ sitrep ...` command: the command stays as written and what it prints on the
seeds' warehouse follows.

`make docs` (`python -m flows.readme`) builds the seeds' warehouse once and rewrites the
blocks; `tests/test_readme_examples.py` fails when the README differs from what this
module prints. Only what differs from run to run (run ids, seconds) and the order of
rows with equal sort keys are ignored by that comparison (`comparable`).
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import tempfile
from pathlib import Path

from flows.readme_generators import GENERATORS, Block, build_seeds_warehouse
from flows.settings import PROJECT_ROOT

README = PROJECT_ROOT / "README.md"
BLOCK = re.compile(
    r"<!-- generated: (?P<kind>[\w-]+)(?: (?P<arg>[^>]*?))? -->(?P<body>.*?)<!-- end generated -->",
    re.DOTALL,
)
# What differs between two runs on the same input: run ids and durations.
RUN_ID = re.compile(r"\d{8}T\d{6}-[0-9a-f]{8}")
SECONDS = re.compile(r"\d+(?:\.\d+)? s\b")


def blocks_of(text: str) -> list[Block]:
    return [
        Block(m["kind"], m["arg"] or "", m["body"], m.span("body"), indent_before(text, m.start()))
        for m in BLOCK.finditer(text)
    ]


def indent_before(text: str, position: int) -> str:
    """The blanks between the start of the line and `position`, if only blanks."""
    line_start = text.rfind("\n", 0, position) + 1
    prefix = text[line_start:position]
    return prefix if not prefix.strip() else ""


# --------------------------------------------------------------------------- the README


def generated(block: Block, warehouse: Path) -> str:
    """The block's body as its generator prints it now (with the block's own newlines)."""
    if block.kind not in GENERATORS:
        raise ValueError(f"unknown generated block {block.kind!r}: use one of {list(GENERATORS)}")
    content = GENERATORS[block.kind](block, warehouse)
    if block.inline:
        return content
    indented = "".join(block.indent + line if line else line for line in content.splitlines(True))
    return f"\n{indented}\n{block.indent}"


def regenerate(text: str, warehouse: Path) -> str:
    """The README's text with every generated block rewritten, except the blocks in which
    only run ids, durations or the order of tied rows changed (so `make docs` on an
    unchanged tree changes nothing)."""
    for block in reversed(blocks_of(text)):
        fresh = generated(block, warehouse)
        if comparable(block, block.body) != comparable(block, fresh):
            start, end = block.span
            text = text[:start] + fresh + text[end:]
    return text


def comparable(block: Block, body: str) -> list[str]:
    """What must not change between a README and a fresh run: the text without run ids
    and durations, and for command output its lines in any order (rows whose sort keys
    tie may come back in either order)."""
    lines = [SECONDS.sub("N s", RUN_ID.sub("RUN_ID", line)) for line in body.splitlines()]
    return sorted(lines) if block.kind == "output" else lines


def differences(text: str, warehouse: Path) -> list[str]:
    """A diff for every generated block whose text differs from what the code prints now."""
    found = []
    for block in blocks_of(text):
        fresh = generated(block, warehouse)
        if comparable(block, block.body) != comparable(block, fresh):
            diff = difflib.unified_diff(
                block.body.splitlines(), fresh.splitlines(), "README.md", "generated", lineterm=""
            )
            line = text.count("\n", 0, block.span[0]) + 1
            found.append(f"README.md line {line}, {block.kind} {block.arg}:\n" + "\n".join(diff))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m flows.readme",
        description="Rewrite README.md's generated blocks from a run on the seeds (make docs).",
    )
    parser.add_argument("--check", action="store_true", help="only say what differs (exit 1)")
    parser.add_argument(
        "--warehouse", type=Path, help="a seeds warehouse to use (default: build one, ~1 min)"
    )
    args = parser.parse_args(argv)
    text = README.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="sitrep-readme-") as folder:
        warehouse = args.warehouse
        if warehouse is None:
            print("docs: running sitrep on seeds/articles", file=sys.stderr)
            warehouse = build_seeds_warehouse(Path(folder) / "sitrep.duckdb")
        if args.check:
            found = differences(text, warehouse)
            print("\n\n".join(found) or "README.md is up to date")
            return 1 if found else 0
        fresh = regenerate(text, warehouse)
    if fresh != text:
        README.write_text(fresh, encoding="utf-8")
    print(
        f"docs: {len(blocks_of(fresh))} generated blocks; README.md "
        f"{'rewritten' if fresh != text else 'unchanged'}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
