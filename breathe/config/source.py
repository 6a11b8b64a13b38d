"""The config file as text: read only as a regular file under a size cap, nesting checked
before the TOML parser recurses, and a syntax error turned into a located problem."""

from __future__ import annotations

import re
from pathlib import Path

from breathe.config.model import Problem
from breathe.system.files import read_regular

_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_AT_END = re.compile(r"\s*\(at end of document\)\s*$")


def syntax_problem(file: Path, text: str, exc: Exception) -> Problem:
    message = str(exc)
    line: int | None = getattr(exc, "lineno", None)
    column: int | None = getattr(exc, "colno", None)
    position = _TOML_POSITION.search(message)
    if position:
        line, column = int(position.group(1)), int(position.group(2))
        message = message[: position.start()]
    elif _TOML_AT_END.search(message):
        message = _TOML_AT_END.sub("", message) + " at the end of the file"
        line = max(1, text.count("\n") + (0 if text.endswith("\n") else 1))
        column = None
    message = message.rstrip(". ")
    where = f" (column {column})" if column else ""
    return Problem(
        "error",
        "",
        f"TOML syntax error: {message}{where}; the file is ignored until this is fixed",
        file,
        line or 1,
    )


MAX_CONFIG_BYTES = 1_000_000
MAX_TOML_DEPTH = 16  # `[a.b]` with `x = [[{ }]]` is 5; the parser itself recurses per level


def read_text(file: Path) -> str:
    """The file's text (a regular file, at most 1 MB); OSError and UnicodeDecodeError are the
    caller's to report."""
    return read_regular(file, MAX_CONFIG_BYTES).decode("utf-8-sig")


def too_deep(text: str) -> tuple[int, int] | None:
    """(line, column) where arrays and inline tables nest deeper than MAX_TOML_DEPTH, if they
    do; strings and comments are skipped. tomllib would recurse until Python gives up."""
    depth, line, column = 0, 1, 0
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        column += 1
        if ch == "\n":
            line, column = line + 1, 0
        elif ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif ch in "\"'":
            quote = text[i : i + 3] if text[i : i + 3] in ('"""', "'''") else ch
            j = i + len(quote)
            while j < n and text[j : j + len(quote)] != quote:
                if ch == '"' and text[j] == "\\":
                    j += 1
                elif text[j] == "\n":
                    if len(quote) == 1:
                        break
                    line, column = line + 1, 0
                j += 1
            i = j + len(quote)
            continue
        elif ch in "[{":
            depth += 1
            if depth > MAX_TOML_DEPTH:
                return line, column
        elif ch in "]}":
            depth = max(0, depth - 1)
        i += 1
    return None
