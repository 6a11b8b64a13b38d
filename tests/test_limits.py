"""Rooms a newcomer reads in five minutes: no module over 450 lines, no function over 60, and
no import of a private Textual module (an upgrade would break it silently). Read from the
source with `ast`, so it is fast and pure; each failure lists every offender at once."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "breathe"
ROOT = PACKAGE.parent

MAX_MODULE_LINES = 450
MAX_FUNCTION_LINES = 60
# An argparse builder is a list of options; splitting it hides the command line, not shortens it.
LONG_FUNCTIONS_ALLOWED = {("breathe/cli/run.py", "add_run_command")}


def modules() -> Iterator[tuple[str, str]]:
    """(path relative to the repository, source) for every module in breathe/."""
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")


Function = ast.FunctionDef | ast.AsyncFunctionDef


def functions(tree: ast.AST) -> Iterator[tuple[str, Function]]:
    """(qualified name, node) for every function and method, nested ones too."""

    def walk(node: ast.AST, prefix: str) -> Iterator[tuple[str, Function]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = f"{prefix}{child.name}"
                yield name, child
                yield from walk(child, f"{name}.")
            elif isinstance(child, ast.ClassDef):
                yield from walk(child, f"{prefix}{child.name}.")
            else:
                yield from walk(child, prefix)

    yield from walk(tree, "")


def function_lines(node: Function) -> int:
    """From the `def` line to the last line of the body (decorators not counted)."""
    assert node.end_lineno is not None
    return node.end_lineno - node.lineno + 1


def private_textual_imports(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """(line, what) for every import that names a module or name starting with `_` in textual."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "textual" and any(part.startswith("_") for part in parts[1:]):
                yield node.lineno, name


def test_no_module_is_over_the_limit() -> None:
    offenders = [
        f"{path}: {lines} lines"
        for path, source in modules()
        if (lines := len(source.splitlines())) > MAX_MODULE_LINES
    ]
    assert not offenders, f"modules over {MAX_MODULE_LINES} lines:\n" + "\n".join(offenders)


def test_no_function_is_over_the_limit() -> None:
    offenders = []
    for path, source in modules():
        for name, node in functions(ast.parse(source, filename=path)):
            lines = function_lines(node)
            if lines > MAX_FUNCTION_LINES and (path, name) not in LONG_FUNCTIONS_ALLOWED:
                offenders.append(f"{path}:{node.lineno} {name}: {lines} lines")
    assert not offenders, f"functions over {MAX_FUNCTION_LINES} lines:\n" + "\n".join(offenders)


def test_no_private_textual_import() -> None:
    offenders = [
        f"{path}:{line} imports {name}"
        for path, source in modules()
        for line, name in private_textual_imports(ast.parse(source, filename=path))
    ]
    assert not offenders, "private Textual imports:\n" + "\n".join(offenders)


def test_the_checks_catch_what_they_look_for() -> None:
    """Planted offenders: a check that finds nothing must be able to find something."""
    body = "\n".join(f"    x = {i}" for i in range(MAX_FUNCTION_LINES))
    tree = ast.parse(
        "from textual.widgets._footer import FooterKey\n"
        "import textual._context\n"
        "from textual.widgets import Footer\n"
        f"class C:\n  def long(self) -> None:\n{body}\n  def short(self) -> None:\n    pass\n"
    )
    found = {name: function_lines(node) for name, node in functions(tree)}
    assert found["C.long"] == MAX_FUNCTION_LINES + 1
    assert found["C.short"] == 2
    assert [name for _, name in private_textual_imports(tree)] == [
        "textual.widgets._footer",
        "textual.widgets._footer.FooterKey",
        "textual._context",
    ]
