"""The project's shape, checked: small modules, a pure transforms room, no clock in it.

- No module in transforms/ over 600 lines, none in flows/ over 500: a newcomer reads one
  concern per module.
- `import transforms.extraction` (and the stages under it) imports neither Prefect nor
  DuckDB: the transforms are pure functions, usable from any runner or notebook.
- No transform reads the run's clock: a date comes from the article, never from when it
  was processed.
"""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from tests.conftest import ROOT

LIMITS = {"transforms": 600, "flows": 500}


@pytest.mark.parametrize("room", sorted(LIMITS))
def test_no_module_is_over_its_rooms_limit(room):
    sizes = {
        str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
        for path in (ROOT / room).rglob("*.py")
    }
    assert sizes
    assert {p: n for p, n in sizes.items() if n > LIMITS[room]} == {}


def test_the_extraction_stages_import_no_prefect_or_duckdb():
    code = (
        "import sys, pkgutil, importlib, transforms.extraction as x\n"
        "for m in pkgutil.iter_modules(x.__path__): importlib.import_module(f'{x.__name__}.{m.name}')\n"
        "print(sorted({n.split('.')[0] for n in sys.modules} & {'prefect', 'duckdb'}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


CLOCK_CALLS = {"today", "now", "utcnow", "time", "monotonic", "perf_counter"}
# The stopwatch times stages; it never dates an event.
CLOCK_ALLOWED = {"transforms/extraction/stopwatch.py"}


def test_no_transform_reads_the_clock_to_date_anything():
    calls = []
    for path in (ROOT / "transforms").rglob("*.py"):
        name = str(path.relative_to(ROOT))
        if name in CLOCK_ALLOWED:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in CLOCK_CALLS
            ):
                calls.append(f"{name}:{node.lineno} {node.func.attr}()")
    assert calls == []
