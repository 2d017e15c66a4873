"""What README.md's generated blocks print: one generator per kind of block (flows/readme.py).

Each generator takes its block (its argument, and for `output` the command written in it)
and the seeds' warehouse, and returns the block's new text. Commands run in this process
through the CLI's own `main`, so what the README shows is what a user's `sitrep` prints.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from flows.settings import PROJECT_ROOT

SEEDS = PROJECT_ROOT / "seeds" / "articles"
SEVERITIES = PROJECT_ROOT / "expectations" / "severities.toml"
HELP_COLUMNS = "100"  # argparse wraps --help to the terminal: a fixed width, the same everywhere


@dataclass(frozen=True)
class Block:
    """One generated block of the README: its generator, argument, text and place."""

    kind: str
    arg: str
    body: str
    span: tuple[int, int]  # of the body, in the README's text
    indent: str = ""  # of the opening marker's line: a block inside a list item is indented

    @property
    def inline(self) -> bool:
        return not self.body.startswith("\n")


# --------------------------------------------------------------------------- running sitrep


def build_seeds_warehouse(warehouse: Path) -> Path:
    """`sitrep run` over seeds/articles into `warehouse`, in its own process (as a user runs
    it: its own temporary Prefect API, nothing shared with the caller)."""
    done = subprocess.run(
        [sys.executable, "-m", "flows.cli", "run", "--input", str(SEEDS)]
        + ["--warehouse", str(warehouse)],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        env={**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"},
    )
    if done.returncode != 0:
        said = "\n".join((done.stderr or done.stdout).strip().splitlines()[-5:])
        raise RuntimeError(f"sitrep run on the seeds exited {done.returncode}:\n{said}")
    return warehouse


@contextlib.contextmanager
def environment(**values: str) -> Iterator[None]:
    """Environment variables set for the duration, then restored."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def printed_by_sitrep(argv: list[str], warehouse: Path, **env: str) -> tuple[int, str]:
    """(exit code, stdout) of `sitrep ARGV` on `warehouse`, lines right-stripped."""
    from flows.cli import main

    out = io.StringIO()
    with (
        environment(SITREP_WAREHOUSE=str(warehouse), COLUMNS=HELP_COLUMNS, **env),
        contextlib.redirect_stdout(out),
    ):
        try:
            code = main(argv)
        except SystemExit as done:  # --help
            code = done.code or 0
    return code, "".join(line.rstrip() + "\n" for line in out.getvalue().splitlines())


def command_lines(body: str) -> tuple[list[str], list[str]]:
    """The `$ sitrep ...` command at the top of a fenced block (its quoted SQL may span
    lines), as written and as argv."""
    lines = textwrap.dedent(body.strip("\n")).splitlines()
    if len(lines) < 2 or lines[0] != "```" or not lines[1].startswith("$ sitrep"):
        raise ValueError(f"an output block starts with ``` and a $ sitrep command: {lines[:2]}")
    written: list[str] = []
    for line in lines[1:]:
        written.append(line)
        try:
            argv = shlex.split("\n".join(written)[2:])
        except ValueError:  # an unclosed quote: the command goes on
            continue
        return written, argv[1:]
    raise ValueError(f"unterminated command: {written[0]}")


# --------------------------------------------------------------------------- the generators


def output(block: Block, warehouse: Path) -> str:
    """A `$ sitrep ...` command and what it prints on the seeds' warehouse."""
    written, argv = command_lines(block.body)
    code, printed = printed_by_sitrep(argv, warehouse)
    if code != 0:
        raise RuntimeError(f"`sitrep {' '.join(argv)}` exited {code}")
    return "```\n" + "\n".join(written) + "\n" + printed + "```"


def subcommands(
    parser: argparse.ArgumentParser,
) -> Iterator[tuple[str, str, argparse.ArgumentParser]]:
    """(name, one-line help, parser) of every subcommand, in the order `sitrep --help` lists
    them, nested ones after their parent."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help or "" for a in action._choices_actions}
            for name, sub in action.choices.items():
                yield sub.prog, helps.get(name, ""), sub
                yield from subcommands(sub)


def sitrep_parser() -> argparse.ArgumentParser:
    from flows.cli import build_parser

    with environment(COLUMNS=HELP_COLUMNS):
        return build_parser()


def commands(block: Block, warehouse: Path) -> str:
    """One line per command: its name and what it does (the parser's own help)."""
    rows = [(prog, helped) for prog, helped, _ in subcommands(sitrep_parser())]
    width = max(len(prog) for prog, _ in rows) + 2
    lines = [f"{prog:<{width}}{helped}".rstrip() for prog, helped in rows]
    return "```\n" + "\n".join(lines) + "\n```"


def reference(block: Block, warehouse: Path) -> str:
    """A section per command: its `--help`, as `sitrep COMMAND --help` prints it."""
    parser = sitrep_parser()
    sections = [("sitrep", parser)] + [(prog, sub) for prog, _, sub in subcommands(parser)]
    out = []
    for prog, sub in sections:
        with environment(COLUMNS=HELP_COLUMNS):
            helped = "".join(line.rstrip() + "\n" for line in sub.format_help().splitlines())
        out.append(f"### `{prog}`\n\n```\n$ {prog} --help\n{helped}```")
    return "\n\n".join(out)


def validate_example(block: Block, warehouse: Path) -> str:
    """`sitrep validate` on a copy of the seeds' warehouse with two rows spoiled (one
    error, one quarantine) and a stricter town-geocoding share (a warning)."""
    with tempfile.TemporaryDirectory(prefix="sitrep-readme-") as folder:
        copy = Path(folder) / "sitrep.duckdb"
        shutil.copy(warehouse, copy)
        spoil_two_rows(copy)
        severities = Path(folder) / "severities.toml"
        severities.write_text(stricter_town_share(SEVERITIES.read_text("utf-8")), "utf-8")
        code, printed = printed_by_sitrep(["validate"], copy, SITREP_SEVERITIES=str(severities))
    return (
        "```\n"
        "$ sitrep validate      # the seeds' warehouse, with two rows spoiled and a stricter\n"
        '                       # share_geocoded_to_town (warn_if = "< 0.95") in SITREP_SEVERITIES\n'
        f"{printed}$ echo $?\n{code}\n```"
    )


def spoil_two_rows(warehouse: Path) -> None:
    """An evidence sentence that is not the text at its offsets, and an unknown actor."""
    import duckdb

    con = duckdb.connect(str(warehouse))
    try:
        con.execute(
            "UPDATE events SET evidence = evidence || ' (edited)' "
            "WHERE event_id = (SELECT min(event_id) FROM events)"
        )
        con.execute(
            "UPDATE events SET actor1 = 'Foo Brigade' "
            "WHERE event_id = (SELECT max(event_id) FROM events)"
        )
    finally:
        con.close()


def stricter_town_share(severities: str) -> str:
    """The shipped severities with share_geocoded_to_town warning below 0.95."""
    stricter, count = re.subn(
        r'(\[events\.share_geocoded_to_town\]\nwarn_if = )"[^"]*"', r'\1"< 0.95"', severities
    )
    if count != 1:
        raise RuntimeError("expectations/severities.toml has no [events.share_geocoded_to_town]")
    return stricter


def count(block: Block, warehouse: Path) -> str:
    """`SELECT count(*) FROM TABLE` on the seeds' warehouse, for counts quoted in prose."""
    if not re.fullmatch(r"\w+", block.arg):
        raise ValueError(f"count takes a table name, not {block.arg!r}")
    code, printed = printed_by_sitrep(
        ["query", f"select count(*) from {block.arg}", "--format", "csv"], warehouse
    )
    if code != 0:
        raise RuntimeError(f"cannot count {block.arg}")
    return printed.splitlines()[1]


def deployment(block: Block, warehouse: Path) -> str:
    """The scheduled deployment's full name, FLOW/DEPLOYMENT, as Prefect lists it."""
    from flows.serve import DEFAULT_DEPLOYMENT, FLOW_NAME

    return f"`{FLOW_NAME}/{DEFAULT_DEPLOYMENT}`"


def done_line(block: Block, warehouse: Path) -> str:
    """The last log line of a run that loaded the seeds (flows/pipeline.py's stage=done,
    written by the same stage_log), without its seconds."""
    from flows.run_records import stage_log

    documents = count(Block("count", "documents", "", (0, 0)), warehouse)
    events = count(Block("count", "events", "", (0, 0)), warehouse)
    lines = LoggedLines()
    stage_log(lines, "done", status="completed", documents=documents, events=events)
    return f"`{lines.messages[0]}`"


class LoggedLines(logging.LoggerAdapter):
    """A logger that keeps the messages it is given instead of writing them."""

    def __init__(self) -> None:
        super().__init__(logging.getLogger("sitrep.readme"), {})
        self.messages: list[str] = []

    def info(self, msg: object, *args: object, **kwargs: object) -> None:
        self.messages.append(str(msg) % args)


def schedule_commands(block: Block, warehouse: Path) -> str:
    """Pausing and resuming the deployment's schedule with Prefect's CLI."""
    from flows.serve import DEFAULT_DEPLOYMENT, FLOW_NAME

    name = f"{FLOW_NAME}/{DEFAULT_DEPLOYMENT}"
    return (
        "```sh\n"
        f".venv/bin/prefect deployment schedule ls {name}              # its SCHEDULE_ID\n"
        f".venv/bin/prefect deployment schedule pause {name} SCHEDULE_ID\n"
        f".venv/bin/prefect deployment schedule resume {name} SCHEDULE_ID\n"
        "```"
    )


def tables(block: Block, warehouse: Path) -> str:
    """The warehouse's tables, as the seeds' run leaves them."""
    code, printed = printed_by_sitrep(
        ["query", "select table_name from duckdb_tables() order by 1", "--format", "csv"],
        warehouse,
    )
    if code != 0:
        raise RuntimeError("cannot list the tables")
    return ", ".join(f"`{name}`" for name in printed.splitlines()[1:])


def views(block: Block, warehouse: Path) -> str:
    """The warehouse's views (warehouse/views/*.sql), as the seeds' run leaves them."""
    code, printed = printed_by_sitrep(
        ["query", "select view_name from duckdb_views() where not internal order by 1"]
        + ["--format", "csv"],
        warehouse,
    )
    if code != 0:
        raise RuntimeError("cannot list the views")
    return ", ".join(f"`{name}`" for name in printed.splitlines()[1:])


def suffixes(block: Block, warehouse: Path) -> str:
    """The file name endings that input discovery reads (transforms/decode.py)."""
    from transforms.decode import TEXT_SUFFIXES

    return ", ".join(f"`{suffix}`" for suffix in TEXT_SUFFIXES)


def sidecar_note(block: Block, warehouse: Path) -> str:
    """The warning a run logs for an unknown sidecar key, here a misspelt title."""
    from flows.ingest import unknown_keys_note

    return f"`input note: a.txt: {unknown_keys_note('a.meta.json', ('titel',))}`"


def test_cases(block: Block, warehouse: Path) -> str:
    """How many cases the reliability tests hold, counted from their tables: `bad-inputs`
    (tests/integration/test_bad_input.py), `kill-points` (flows/checkpoints.py, each killed
    by tests/integration/test_crash.py) or `query-limits` (tests/flows/test_query_limits.py)."""
    if block.arg == "bad-inputs":
        from tests.integration.test_bad_input import OUTCOMES

        kinds = [kind for kind, _ in OUTCOMES.values()]
        loaded, rejected = kinds.count("loaded"), kinds.count("rejected")
        return f"**{len(kinds)}**: {rejected} rejected, {loaded} loaded"
    if block.arg == "kill-points":
        from flows.checkpoints import KILL_POINTS

        return f"**{len(KILL_POINTS)}**"
    if block.arg == "query-limits":
        from tests.flows.test_query_limits import BOMBS, ESCAPE_COUNT

        total = ESCAPE_COUNT + len(BOMBS)
        return f"**{total}**: {ESCAPE_COUNT} escapes (refused, or harmless reads) and {len(BOMBS)} bombs"
    raise ValueError(f"test-cases of what? {block.arg!r}: bad-inputs, kill-points, query-limits")


# What each key of a sidecar or JSON-lines record does; a key sitrep reads must be here.
FIELD_MEANINGS = {
    "title": "the headline (`documents.title`); else the page's own headline",
    "outlet": "who published it (`documents.outlet`, ACLED's `source`); else the page's "
    "masthead, the URL's site or a wire agency named in the text",
    "url": "where it was published (`documents.url`); also gives the outlet and the date "
    "when nothing else does",
    "published": "the publication date, in any common format (`documents.published_date`, "
    'source `metadata`); relative dates in the text ("on Monday") count from it',
    "author": "the byline (`documents.author`)",
}


def input_fields(block: Block, warehouse: Path) -> str:
    """The metadata keys that a sidecar or a JSON-lines record may hold, from
    transforms/decode.py, with what each does."""
    from transforms.decode import META_ALIASES, META_KEYS

    missing = [key for key in META_KEYS if key not in FIELD_MEANINGS]
    if missing:
        raise RuntimeError(f"say in flows/readme.py FIELD_MEANINGS what {missing} do")
    rows = ["| key | what it gives |", "|---|---|"]
    rows += [f"| `{key}` | {FIELD_MEANINGS[key]} |" for key in META_KEYS]
    rows += [
        f"| `{alias}` | the same as `{key}` (which wins when both are given) |"
        for alias, key in META_ALIASES.items()
    ]
    return "\n".join(rows)


GENERATORS: dict[str, Callable[[Block, Path], str]] = {
    "output": output,
    "commands": commands,
    "reference": reference,
    "validate-example": validate_example,
    "count": count,
    "deployment": deployment,
    "done-line": done_line,
    "schedule-commands": schedule_commands,
    "tables": tables,
    "input-fields": input_fields,
    "views": views,
    "suffixes": suffixes,
    "sidecar-note": sidecar_note,
    "test-cases": test_cases,
}
