"""No import cycle among sitrep's own modules (flows, transforms, expectations, training).

The graph is built statically with `ast` from every .py file of the four packages. Every
import counts, at module level or inside a function (a function-level import still ties
the two modules together; it only hides the cycle until the function runs), except
those under `if TYPE_CHECKING:`, which never run. `from pkg import name` points at the
module pkg.name when there is one, else at pkg. A cycle fails the test with its path.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import ROOT

PACKAGES = ("flows", "transforms", "expectations", "training")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
    }


def is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def import_nodes(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement of the tree, at any depth, outside `if TYPE_CHECKING:`."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and is_type_checking(node):
            for child in node.orelse:
                yield from import_nodes(ast.Module(body=[child], type_ignores=[]))
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        yield from import_nodes(node)


def imported_modules(
    module: str, source: str, known: set[str], is_package: bool = False
) -> set[str]:
    """The project modules that `module` (its source text) imports."""
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in import_nodes(ast.parse(source)):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                for alias in node.names
            ]
        found |= {t for t in targets if t in known and t != module}
    return found


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    known = set(modules)
    return {
        name: imported_modules(
            name, path.read_text(encoding="utf-8"), known, path.name == "__init__.py"
        )
        for name, path in modules.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each as a
    path through the component that returns to its start."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [cycle_path(graph, set(c)) for c in components]


def cycle_path(graph: dict[str, set[str]], component: set[str]) -> list[str]:
    """One cycle through the component, as a -> b -> ... -> a (breadth-first from its first module)."""
    start = min(component)
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        node = frontier.pop(0)
        for nxt in sorted(graph[node] & component):
            if nxt == start:
                path = [node]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return (
                    [start, *reversed(path[:-1]), start] if len(path) > 1 else [start, node, start]
                )
            if nxt not in previous:
                previous[nxt] = node
                frontier.append(nxt)
    return sorted(component)


def test_the_graph_sees_function_level_and_relative_imports():
    """The builder itself: a cycle through a function-level import is found, and one hidden
    under TYPE_CHECKING is not (it never runs)."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c", "a"]]
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from flows import query\n"
        "def f():\n    from flows.settings import Settings\n    from . import warehouse\n"
    )
    known = set(project_modules())
    assert imported_modules("flows.probe", source, known) == {"flows.settings", "flows.warehouse"}


def test_there_is_no_import_cycle():
    found = cycles(import_graph())
    assert not found, "import cycles:\n" + "\n".join(" -> ".join(c) for c in found)
