"""JSON from a user's file, parsed with limits the standard parser lacks.

`json.loads` recurses once per nesting level (`[` x 100,000 ends in RecursionError) and reads
integers of any length; a damaged or hostile file must give one located sentence instead.
"""

from __future__ import annotations

import json
from typing import Any

MAX_JSON_DEPTH = 64
MAX_NUMBER_CHARS = 40  # an id or a timestamp in milliseconds is far shorter


class JsonProblem(ValueError):
    """What is wrong, and where: `line` and `column` count from 1."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(f"{message} at line {line}, column {column}")
        self.message = message
        self.line = line
        self.column = column


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def too_deep(text: str, limit: int = MAX_JSON_DEPTH) -> int | None:
    """The index where arrays and objects nest deeper than `limit`, if they do (strings are
    skipped, escapes included)."""
    depth = 0
    in_string = False
    escaped = False
    for i, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return i
        elif ch in "]}":
            depth -= 1
    return None


def _number(kind: str) -> Any:
    def parse(text: str) -> Any:
        if len(text) > MAX_NUMBER_CHARS:
            raise ValueError(f"a number of {len(text)} characters")
        value = int(text) if kind == "int" else float(text)
        if kind == "float" and value in (float("inf"), float("-inf")):
            raise ValueError(f"a number too large ({text[:20]}...)")
        return value

    return parse


def _constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def loads(text: str, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """The parsed value, or JsonProblem naming the place: nesting past `max_depth`, a number
    of more than 40 characters, NaN or Infinity, or a syntax error."""
    deep = too_deep(text, max_depth)
    if deep is not None:
        line, column = _position(text, deep)
        raise JsonProblem(f"arrays and objects nest deeper than {max_depth}", line, column)
    try:
        return json.loads(
            text,
            parse_int=_number("int"),
            parse_float=_number("float"),
            parse_constant=_constant,
        )
    except json.JSONDecodeError as exc:
        raise JsonProblem(exc.msg, exc.lineno, exc.colno) from None
    except (ValueError, RecursionError) as exc:
        # A number hook refused: the decoder does not say where, so name the first long one.
        message = str(exc) or "a value JSON cannot hold"
        raise JsonProblem(message, *_first_long_number(text)) from None


def _first_long_number(text: str) -> tuple[int, int]:
    run_start = -1
    for i, ch in enumerate(text + " "):
        if ch.isdigit() or (run_start >= 0 and ch in ".eE+-"):
            if run_start < 0:
                run_start = i
            continue
        if run_start >= 0 and i - run_start > MAX_NUMBER_CHARS:
            return _position(text, run_start)
        run_start = -1
    return 1, 1
