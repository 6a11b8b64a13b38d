"""The import contract: dependencies run one way, cli -> {ui, services} -> {history, audio,
config} -> system -> core, and the core stays pure. The UI states what it needs as Protocols
(`ui.services`) and never imports `breathe.services`, the store or the app-state file.
Read from the source (every import statement, those inside functions and TYPE_CHECKING
blocks too), so a lazy import cannot slip past it."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "breathe"

# What each layer may import from breathe itself (besides its own package and the package
# root, which holds only __version__).
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "system": {"core"},
    "history": {"system", "core"},
    "audio": {"system", "core"},
    "config": {"system", "core"},
    "services": {"history", "audio", "config", "system", "core"},
    # history: its plain value types only (see UI_HISTORY_ALLOWED); config: nothing today.
    "ui": {"history", "audio", "system", "core"},
    "cli": {"ui", "services", "history", "audio", "config", "system", "core"},
}

# Third-party and standard modules a pure core must not touch: no UI, no storage, no sound,
# no command line. (Its clock is injected; only defaults read time.monotonic.)
CORE_FORBIDDEN = {
    "textual",
    "rich",
    "sqlite3",
    "tomllib",
    "tomli",
    "tomlkit",
    "miniaudio",
    "simpleaudio",
    "argparse",
    "platformdirs",
    "subprocess",
    "socket",
}
# What the UI may take from history: value types (records, `HistoryUnavailable`, the one
# error that crosses) and pure text helpers (report). Not the store, its access or the
# recorder: those are the services' side of the door.
UI_HISTORY_ALLOWED = {"breathe.history.records"}
# The UI opens no database and writes no state file of its own.
UI_FORBIDDEN = {"sqlite3", "breathe.system.app_state"}


def imports_of(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """(line, module) for every import statement, wherever it stands."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module
            for alias in node.names:  # `from breathe import paths` names a module
                yield node.lineno, f"{node.module}.{alias.name}"


def _ui_forbidden(module: str, rel: str) -> str | None:
    """Why the UI may not import `module` (None: it may)."""
    parts = module.split(".")
    if parts[0] == "sqlite3":
        return "the UI reaches history through ui.services"
    if module == "breathe.system.app_state":
        return "the UI keeps state through ui.services"
    if parts[:2] == ["breathe", "history"] and ".".join(parts[:3]) not in UI_HISTORY_ALLOWED:
        return "the UI reaches history through ui.services (value types only)"
    return None


def reads_environment(tree: ast.AST) -> Iterator[int]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv"):
            yield node.lineno
        if (
            isinstance(node, ast.ImportFrom)
            and node.module == "os"
            and any(a.name in ("environ", "getenv") for a in node.names)
        ):
            yield node.lineno


def violations(package: Path) -> list[str]:
    """One line per offending import statement (or environment read)."""
    found: dict[tuple[str, int], str] = {}
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package).as_posix()
        layer = rel.split("/")[0] if "/" in rel else None
        if layer is None:  # __init__, __main__: the package's face
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, module in imports_of(tree):
            parts = module.split(".")
            where = f"{rel}:{line} imports {module}"
            if parts[0] == "breathe" and len(parts) > 1 and parts[1] in ALLOWED:
                target = parts[1]
                if target != layer and target not in ALLOWED.get(layer, set()):
                    found.setdefault((rel, line), f"{where}: {layer}/ may not import {target}/")
            if layer == "core" and parts[0] in CORE_FORBIDDEN:
                found.setdefault((rel, line), f"{where}: the core imports no I/O, UI or CLI")
            if layer == "ui":
                why = _ui_forbidden(module, rel)
                if why is not None:
                    found.setdefault((rel, line), f"{where}: {why}")
        if layer == "core":
            for line in reads_environment(tree):
                found.setdefault((rel, line), f"{rel}:{line} reads the environment")
    return list(found.values())


def test_every_import_runs_one_way() -> None:
    assert violations(PACKAGE) == []


def test_every_layer_is_a_package_the_contract_knows() -> None:
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders == set(ALLOWED)


def package_graph(package: Path) -> dict[str, set[str]]:
    """Which top-level packages of breathe each one imports (itself left out)."""
    graph: dict[str, set[str]] = {name: set() for name in ALLOWED}
    for path in package.rglob("*.py"):
        rel = path.relative_to(package).as_posix()
        if "/" not in rel:
            continue
        layer = rel.split("/")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for _, module in imports_of(tree):
            parts = module.split(".")
            if parts[0] == "breathe" and len(parts) > 1 and parts[1] in (set(ALLOWED) - {layer}):
                graph[layer].add(parts[1])
    return graph


def floors(graph: dict[str, set[str]]) -> dict[str, int]:
    """Each package's floor: 0 for what imports nothing, else one above its highest import;
    a circle raises (a package would stand on itself)."""
    found: dict[str, int] = {}

    def floor(name: str, seen: tuple[str, ...]) -> int:
        if name in seen:
            raise AssertionError(f"import circle: {' -> '.join((*seen, name))}")
        if name not in found:
            below = [floor(dep, (*seen, name)) for dep in graph[name]]
            found[name] = 1 + max(below) if below else 0
        return found[name]

    for name in graph:
        floor(name, ())
    return found


def test_the_import_picture_has_at_most_six_floors_and_no_circle() -> None:
    levels = floors(package_graph(PACKAGE))
    assert max(levels.values()) + 1 <= 6, levels
    assert levels["core"] == 0 and levels["cli"] == max(levels.values())


def test_a_circle_is_caught() -> None:
    with pytest.raises(AssertionError, match="import circle"):
        floors({"a": {"b"}, "b": {"a"}})


@pytest.mark.parametrize(
    ("file", "line", "expected"),
    [
        ("core/engine.py", "import textual", "the core imports no I/O, UI or CLI"),
        ("core/plan.py", "from breathe.system import paths", "core/ may not import system/"),
        ("core/session.py", "import os\nHOME = os.environ.get('HOME')", "reads the environment"),
        ("history/store.py", "from breathe.ui.app import BreatheApp", "may not import ui/"),
        ("audio/mixer.py", "from breathe.cli import main", "audio/ may not import cli/"),
        ("config/reader.py", "from breathe.history import store", "may not import history/"),
        ("system/paths.py", "from breathe.config import model", "system/ may not import"),
        ("ui/app.py", "from breathe.cli.main import main", "ui/ may not import cli/"),
        ("ui/screens/history.py", "import sqlite3", "through ui.services"),
        ("ui/screens/home.py", "def f():\n    from breathe.history.store import X", "ui.services"),
        ("ui/app.py", "from breathe.services.kit import SessionKit", "may not import services/"),
        ("ui/app.py", "import breathe.services", "may not import services/"),
        ("ui/app.py", "from breathe.history import access", "value types only"),
        ("ui/services.py", "from breathe.history.recorder import X", "value types only"),
        ("ui/app.py", "from breathe.system import app_state", "keeps state through ui.services"),
        ("ui/screens/session.py", "import sqlite3.dbapi2", "through ui.services"),
        ("services/kit.py", "from breathe.ui.app import BreatheApp", "may not import ui/"),
        ("services/kit.py", "from breathe.cli import main", "may not import cli/"),
    ],
)
def test_a_planted_forbidden_import_is_caught(
    tmp_path: Path, file: str, line: str, expected: str
) -> None:
    # The planted file alone, at its place in a copy of the tree: the rest is clean (the test
    # above), and reading one file keeps the fast tier fast.
    copy = tmp_path / "breathe"
    target = copy / file
    target.parent.mkdir(parents=True)
    original = (PACKAGE / file).read_text(encoding="utf-8")
    target.write_text(original + f"\n{line}\n", encoding="utf-8")
    found = violations(copy)
    assert len(found) == 1 and file in found[0] and expected in found[0], found


def test_only_the_history_package_imports_sqlite3() -> None:
    """One error type crosses the history package's edge (HistoryUnavailable): nobody else
    opens, reads or catches SQLite."""
    outside = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.startswith("history/"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        outside += [f"{rel}:{line}" for line, module in imports_of(tree) if module == "sqlite3"]
    assert outside == []
