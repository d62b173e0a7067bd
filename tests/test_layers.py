"""The import graph: arrows point down, and no package imports another in a cycle.

Floors, bottom to top (docs/architecture in README "Layout"):
  0  bot.model, bot.dates, bot.decision_text, bot.sentences   shared vocabulary
  1  bot.ingest                                               referat files -> Meeting
  2  bot.facts                                                facts derived from a Meeting's text
  3  bot.knowledge, bot.state                                the knowledge files; the bot's own SQLite state
  4  bot.search, bot.highlights, bot.answer_text, bot.config, answering
     bot.cases
  5  bot.cli, bot.discord                                     the ways in
A module may import its own floor or one below; never one above.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parent.parent / "bot"

FLOORS = {
    "bot.model": 0, "bot.dates": 0, "bot.decision_text": 0, "bot.sentences": 0,
    "bot.ingest": 1,
    "bot.facts": 2,
    "bot.knowledge": 3, "bot.state": 3,
    "bot.search": 4, "bot.highlights": 4, "bot.answer_text": 4, "bot.config": 4, "bot.cases": 4,
    "bot.cli": 5, "bot.discord": 5, "bot.__main__": 5,
}


def _module(path: Path) -> str:
    parts = path.relative_to(BOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _unit(module: str) -> str:
    """The floor entry a module belongs to: its package (bot.search) or itself (bot.model)."""
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 else module


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(imported bot module, whether the import sits inside a function) for every import."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                found.extend((f"{child.module}.{a.name}" if child.module == "bot" else child.module, inside)
                             for a in child.names)
            elif isinstance(child, ast.Import):
                found.extend((a.name, inside) for a in child.names)
            elif isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue  # type-only imports draw no arrow at run time
            visit(child, inside)

    visit(tree, False)
    return [(name, inside) for name, inside in found if name == "bot" or name.startswith("bot.")]


MODULES = {_module(p): p for p in sorted(BOT.rglob("*.py"))}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_module_has_a_floor(module):
    assert _unit(module) in FLOORS or module == "bot", f"{module}: add its package to FLOORS"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_arrows_point_down(module):
    if module == "bot":
        return
    floor = FLOORS[_unit(module)]
    for imported, _ in _imports(MODULES[module]):
        target = _unit(imported)
        assert FLOORS.get(target, -1) <= floor, f"{module} (floor {floor}) imports {imported} (floor {FLOORS.get(target)})"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_bot_import_hidden_in_a_function(module):
    hidden = [name for name, inside in _imports(MODULES[module]) if inside]
    # One exception, for speed not for a cycle: the PDF reader (pdfplumber) is loaded only for a PDF.
    assert hidden in ([], ["bot.ingest.pdf"]), f"{module} imports {hidden} inside a function"


def test_no_cycle_between_modules():
    _assert_acyclic({m: {_resolve(name) for name, _ in _imports(p)} - {None, m} for m, p in MODULES.items()})


def test_no_cycle_between_packages():
    graph: dict[str, set[str | None]] = {}
    for module, path in MODULES.items():
        graph.setdefault(_unit(module), set()).update(_unit(name) for name, _ in _imports(path))
    _assert_acyclic({unit: targets - {unit} for unit, targets in graph.items()})


def _assert_acyclic(graph: dict[str, set[str | None]]) -> None:
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in graph.get(node, ()):
            if nxt is None:
                continue
            if state.get(nxt) == 1:
                raise AssertionError("import cycle: " + " -> ".join([*path[path.index(nxt):], nxt]))
            if not state.get(nxt):
                visit(nxt, [*path, nxt])
        state[node] = 2

    for node in graph:
        if not state.get(node):
            visit(node, [node])


def _resolve(name: str) -> str | None:
    """The module an imported name lives in (`bot.search.Searcher` -> `bot.search`)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None
