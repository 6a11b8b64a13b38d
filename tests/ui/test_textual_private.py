"""breathe uses Textual through its public API only: a private module import or one of
Textual's private names anywhere in the package fails here."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from textual.app import App
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

import breathe

SOURCE = Path(breathe.__file__).parent


def private_textual_imports(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        modules = []
        if isinstance(node, ast.ImportFrom) and node.module:
            modules = [node.module]
        elif isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        for module in modules:
            parts = module.split(".")
            if parts[0] == "textual" and any(p.startswith("_") for p in parts):
                found.append(module)
    return found


def test_no_module_imports_a_private_textual_module() -> None:
    found = {
        str(path.relative_to(SOURCE)): hits
        for path in SOURCE.rglob("*.py")
        if (hits := private_textual_imports(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert found == {}


def test_the_check_finds_a_planted_private_import() -> None:
    tree = ast.parse("from textual.widgets._footer import FooterKey\nimport textual._xterm\n")
    assert private_textual_imports(tree) == ["textual.widgets._footer", "textual._xterm"]


def test_no_module_uses_textuals_private_names() -> None:
    # Private names of Textual's own classes, as our widgets would reach (or shadow) them.
    textual_private = {
        name
        for obj in (App[None](), Screen[None](), Widget(), Footer())
        for name in dir(obj)
        if name.startswith("_") and not name.startswith("__")
    }
    assert {"_fatal_error", "_exit_renderables"} <= textual_private  # the check sees them
    used: dict[str, set[str]] = {}
    for path in SOURCE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "textual" not in text:  # only modules that use Textual
            continue
        hits = set(re.findall(r"\.(_[a-z][a-z0-9_]*)", text)) & textual_private
        hits |= {n for n in re.findall(r"def (_[a-z][a-z0-9_]*)", text) if n in textual_private}
        if hits:
            used[str(path.relative_to(SOURCE))] = hits
    assert used == {}
