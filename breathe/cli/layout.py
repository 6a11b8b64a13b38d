"""Command-line tables that fit the terminal: the widest free-text column wraps, the others keep
their width, so `breathe list` and `breathe history` read at 80 columns and in a log alike."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Sequence
from typing import TextIO

NOT_A_TERMINAL_WIDTH = 80  # a log or a pipe: the width most readers and mail clients keep
MIN_WIDTH = 40
MIN_WRAP = 14  # narrower than this, a wrapped column reads worse than a stacked row


def output_width(out: TextIO) -> int:
    """`COLUMNS` when set, else the terminal's width, else 80; a pipe never gets more than 80."""
    try:
        is_terminal = out.isatty()
    except (AttributeError, ValueError, OSError):
        is_terminal = False
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        width = int(columns)
    elif is_terminal:
        try:
            width = os.get_terminal_size(out.fileno()).columns
        except (AttributeError, ValueError, OSError):
            width = NOT_A_TERMINAL_WIDTH
    else:
        width = NOT_A_TERMINAL_WIDTH
    if not is_terminal:
        width = min(width, NOT_A_TERMINAL_WIDTH)
    return max(MIN_WIDTH, width)


def cell_len(text: str) -> int:
    """Terminal cells: East Asian wide characters and emoji take two, combining marks none."""
    if text.isascii():
        return len(text)
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cell_len(text))


def table(
    rows: Sequence[Sequence[str]], width: int, wrap: int, indent: str = "  ", gap: str = "  "
) -> list[str]:
    """Lines of `rows` (the first is the heading) in at most `width` cells where it can be done:
    column `wrap` gives up what the others need and wraps onto continuation lines."""
    count = len(rows[0])
    widths = [max(cell_len(row[i]) for row in rows) for i in range(count)]
    fixed = cell_len(indent) + cell_len(gap) * (count - 1) + sum(widths) - widths[wrap]
    if width - fixed < MIN_WRAP:
        return stacked(rows, width, indent)
    widths[wrap] = min(widths[wrap], width - fixed)
    lines: list[str] = []
    for row in rows:
        cells = [[cell] for cell in row]
        cells[wrap] = _wrap(row[wrap], widths[wrap])
        for k in range(max(len(c) for c in cells)):
            parts = [c[k] if k < len(c) else "" for c in cells]
            line = indent + gap.join(_pad(p, w) for p, w in zip(parts, widths, strict=True))
            lines.append(line.rstrip())
    return lines


def _wrap(text: str, width: int) -> list[str]:
    """Words into lines of at most `width` cells; a word longer than a line is cut."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        while cell_len(word) > width:  # cut by cells: a wide character never overflows
            cut = 0
            while cut < len(word) and cell_len(word[: cut + 1]) <= width:
                cut += 1
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:cut])
            word = word[cut:]
        candidate = f"{line} {word}" if line else word
        if cell_len(candidate) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines or [""]


def wrapped(text: str, width: int, indent: str, hang: str) -> list[str]:
    """A paragraph in `width` cells: `indent` before its first line, `hang` before the rest."""
    room = max(8, width - max(cell_len(indent), cell_len(hang)))
    lines = _wrap(text, room)
    return [(indent if i == 0 else hang) + line for i, line in enumerate(lines)]


def stacked(rows: Sequence[Sequence[str]], width: int, indent: str = "  ") -> list[str]:
    """For a narrow terminal: each row's first two cells on a line, then the rest on wrapped
    lines under them, joined with commas (no heading: the order is the wide table's)."""
    lines: list[str] = []
    hang = indent + "  "
    for row in rows[1:]:
        lines += wrapped("  ".join(row[:2]), width, indent, hang)
        lines += wrapped(", ".join(cell for cell in row[2:] if cell), width, hang, hang)
    return lines
