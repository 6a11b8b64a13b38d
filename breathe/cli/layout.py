"""Command-line tables that fit the terminal: the widest free-text column wraps, the others keep
their width, so `breathe list` and `breathe history` read at 80 columns and in a log alike."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable, Sequence
from typing import TextIO

NOT_A_TERMINAL_WIDTH = 80  # a log or a pipe: the width most readers and mail clients keep
MIN_WIDTH = 24
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


def table(
    rows: Sequence[Sequence[str]], width: int, wrap: int, indent: str = "  ", gap: str = "  "
) -> list[str]:
    """Lines of `rows` (the first is the heading) in at most `width` cells where it can be done:
    column `wrap` gives up what the others need and wraps onto continuation lines."""
    floors: list[int | None] = [None] * len(rows[0])
    floors[wrap] = MIN_WRAP
    return fit_table(rows, width, floors, wrap, indent=indent, gap=gap)


COMFORTABLE = 20  # the free-text column keeps this much before the other columns wrap


def fit_table(
    rows: Sequence[Sequence[str]],
    width: int,
    floors: Sequence[int | None],
    wrap: int,
    *,
    right: Sequence[bool] = (),
    labels: Sequence[str] = (),
    short: Sequence[Callable[[str], str] | None] = (),
    indent: str = "  ",
    gap: str = "  ",
) -> list[str]:
    """`rows` (the first is the heading) in at most `width` cells. When the free text
    (`wrap`) would get less than COMFORTABLE, the cells take their `short` forms; columns
    with a floor may wrap down to it: first the free text to COMFORTABLE, then the others
    (never below their longest word), then the free text to its floor, then the gaps narrow
    to one space; when even that is too wide, each row is stacked, its cells named by
    `labels`."""
    count = len(rows[0])
    natural = [max(cell_len(row[i]) for row in rows) for i in range(count)]
    room = width - cell_len(indent) - cell_len(gap) * (count - 1) - sum(natural)
    whole = rows  # a stacked row has room for every cell's whole form
    if short and room + natural[wrap] < min(natural[wrap], COMFORTABLE):
        rows = [rows[0]] + [
            [f(cell) if f is not None else cell for cell, f in zip(row, short, strict=True)]
            for row in rows[1:]
        ]
    widths = [max(cell_len(row[i]) for row in rows) for i in range(count)]
    lowest = [
        widths[i] if floor is None else min(widths[i], _least(rows, i, floor, i == wrap))
        for i, floor in enumerate(floors)
    ]
    excess = cell_len(indent) + cell_len(gap) * (count - 1) + sum(widths) - width
    order = [(wrap, max(lowest[wrap], COMFORTABLE))]
    order += [(i, lowest[i]) for i in range(count) if i != wrap] + [(wrap, lowest[wrap])]
    for i, least in order:
        give = max(0, min(excess, widths[i] - least))
        widths[i] -= give
        excess -= give
    if excess > 0 and cell_len(gap) > 1:  # one space between columns before rows stack
        return fit_table(
            whole,
            width,
            floors,
            wrap,
            right=right,
            labels=labels,
            short=short,
            indent=indent,
            gap=" ",
        )
    if excess > 0:
        return stacked(whole, width, indent, labels)
    return _rows_in(rows, widths, right, indent, gap)


def _rows_in(
    rows: Sequence[Sequence[str]],
    widths: Sequence[int],
    right: Sequence[bool],
    indent: str,
    gap: str,
) -> list[str]:
    """Each row in its columns' widths, a cell wider than its column wrapped onto more lines."""
    lines: list[str] = []
    for row in rows:
        cells = [
            _wrap(cell, w) if w < cell_len(cell) else [cell]
            for cell, w in zip(row, widths, strict=True)
        ]
        for k in range(max(len(c) for c in cells)):
            parts = [
                _align(c[k] if k < len(c) else "", w, i < len(right) and right[i])
                for i, (c, w) in enumerate(zip(cells, widths, strict=True))
            ]
            lines.append((indent + gap.join(parts)).rstrip())
    return lines


def _least(rows: Sequence[Sequence[str]], column: int, floor: int, may_cut: bool) -> int:
    """How narrow a column may wrap: its floor, and (unless its words may be cut) no word
    cut."""
    if may_cut:
        return floor
    return max([floor] + [cell_len(word) for row in rows for word in row[column].split()])


def _align(text: str, width: int, right: bool) -> str:
    space = " " * max(0, width - cell_len(text))
    return space + text if right else text + space


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


def stacked(
    rows: Sequence[Sequence[str]], width: int, indent: str = "  ", labels: Sequence[str] = ()
) -> list[str]:
    """For a narrow terminal: each row's first two cells on a line, then the rest on wrapped
    lines under them, joined with commas (no heading: the order is the wide table's; a cell
    with a label, such as `breaths 30`, says what it is)."""
    lines: list[str] = []
    hang = indent + "  "
    for row in rows[1:]:
        rest = [
            f"{labels[i]} {cell}" if i < len(labels) and labels[i] else cell
            for i, cell in enumerate(row)
            if i >= 2 and cell
        ]
        lines += wrapped("  ".join(row[:2]), width, indent, hang)
        lines += [hang + line for line in _pack(rest, width - cell_len(hang))]
    return lines


def _pack(cells: Sequence[str], width: int) -> list[str]:
    """Cells joined with commas, a line broken between cells (within one only when it is
    longer than a line), so that `tension 6 -> 4` stays whole."""
    room = max(8, width)
    lines: list[str] = []
    line = ""
    for k, cell in enumerate(cells):
        unit = cell + ("," if k < len(cells) - 1 else "")
        candidate = f"{line} {unit}" if line else unit
        if cell_len(candidate) <= room:
            line = candidate
            continue
        if line:
            lines.append(line)
        parts = _wrap(unit, room)
        lines += parts[:-1]
        line = parts[-1]
    if line:
        lines.append(line)
    return lines
