"""The block-letter font of the session screen's phase word: 3x5 pixels drawn with full and
half blocks, in three sizes. Pure (no Textual), so the first frame painted before Textual loads
(`breathe.cli.first_frame`) draws the same letters."""

from __future__ import annotations

from collections.abc import Sequence

# Each glyph: five rows of pixels, "#" on. Letters are 3 wide (N 4, M and W 5);
# space and punctuation narrower.
_FONT: dict[str, tuple[str, str, str, str, str]] = {
    "A": (".#.", "#.#", "###", "#.#", "#.#"),
    "B": ("##.", "#.#", "##.", "#.#", "##."),
    "C": (".##", "#..", "#..", "#..", ".##"),
    "D": ("##.", "#.#", "#.#", "#.#", "##."),
    "E": ("###", "#..", "##.", "#..", "###"),
    "F": ("###", "#..", "##.", "#..", "#.."),
    "G": (".##", "#..", "#.#", "#.#", ".##"),
    "H": ("#.#", "#.#", "###", "#.#", "#.#"),
    "I": ("###", ".#.", ".#.", ".#.", "###"),
    "J": ("..#", "..#", "..#", "#.#", ".#."),
    "K": ("#.#", "#.#", "##.", "#.#", "#.#"),
    "L": ("#..", "#..", "#..", "#..", "###"),
    "M": ("#...#", "##.##", "#.#.#", "#...#", "#...#"),
    "N": ("#..#", "##.#", "#.##", "#..#", "#..#"),
    "O": ("###", "#.#", "#.#", "#.#", "###"),
    "P": ("##.", "#.#", "##.", "#..", "#.."),
    "Q": ("###", "#.#", "#.#", "##.", ".##"),
    "R": ("##.", "#.#", "##.", "#.#", "#.#"),
    "S": (".##", "#..", ".#.", "..#", "##."),
    "T": ("###", ".#.", ".#.", ".#.", ".#."),
    "U": ("#.#", "#.#", "#.#", "#.#", "###"),
    "V": ("#.#", "#.#", "#.#", "#.#", ".#."),
    "W": ("#...#", "#...#", "#.#.#", "##.##", "#...#"),
    "X": ("#.#", "#.#", ".#.", "#.#", "#.#"),
    "Y": ("#.#", "#.#", ".#.", ".#.", ".#."),
    "Z": ("###", "..#", ".#.", "#..", "###"),
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("##.", "..#", ".#.", "#..", "###"),
    "3": ("##.", "..#", ".#.", "..#", "##."),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "##.", "..#", "##."),
    "6": (".##", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", ".#.", ".#.", ".#."),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "##."),
    " ": (".", ".", ".", ".", "."),
    "·": (".", ".", "#", ".", "."),
    ":": (".", "#", ".", "#", "."),
    ".": (".", ".", ".", ".", "#"),
    ",": (".", ".", ".", "#", "#"),
    "-": ("...", "...", "###", "...", "..."),
    "+": ("...", ".#.", "###", ".#.", "..."),
    "/": ("..#", "..#", ".#.", "#..", "#.."),
    "'": ("#", "#", ".", ".", "."),
}

# Sizes: (cells per pixel across, half-rows per pixel down). Five pixel rows in half-rows:
# size 0 is 3 rows, size 1 is 5 rows, size 2 is 10 rows.
SIZES: tuple[tuple[int, int], ...] = ((1, 1), (2, 2), (4, 4))
SIZE_ROWS = tuple((5 * down + 1) // 2 for _, down in SIZES)
# The session screen's phase word size from the terminal's size, the same for every phase:
# (least columns, least rows) for each size above the smallest.
WORD_SIZE_FROM = ((120, 36), (180, 54))


def word_size(columns: int, rows: int) -> int:
    """The phase word's size (0, 1, 2: 3, 5, 10 rows) in a terminal of columns x rows."""
    return sum(1 for w, h in WORD_SIZE_FROM if columns >= w and rows >= h)


_HALF = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}


def _pixels(word: str) -> list[str] | None:
    """Five rows of pixels for `word`, one pixel column of gap between glyphs."""
    glyphs = []
    for char in word.upper():
        glyph = _FONT.get(char)
        if glyph is None:
            return None
        glyphs.append(glyph)
    if not glyphs:
        return None
    return [".".join(g[row] for g in glyphs) for row in range(5)]


def word_width(word: str, size: int = 0) -> int | None:
    """Cells across `word` takes at `size`, or None if a character has no glyph."""
    pixels = _pixels(word)
    return None if pixels is None else len(pixels[0]) * SIZES[size][0]


def big_rows(word: str, size: int = 0) -> tuple[str, ...] | None:
    """The rows of `word` in block letters at `size`, or None if a character has no glyph."""
    pixels = _pixels(word)
    if pixels is None:
        return None
    across, down = SIZES[size]
    half_rows = [
        "".join(("#" if p == "#" else ".") * across for p in row)
        for row in pixels
        for _ in range(down)
    ]
    if len(half_rows) % 2:
        half_rows.append("." * len(half_rows[0]))
    return tuple(
        "".join(
            _HALF[top == "#", bottom == "#"]
            for top, bottom in zip(half_rows[i], half_rows[i + 1], strict=True)
        )
        for i in range(0, len(half_rows), 2)
    )


def big_lines(word: str) -> tuple[str, str, str] | None:
    """The three rows of `word` at the smallest size, or None if a character has no glyph."""
    rows = big_rows(word, 0)
    return None if rows is None else (rows[0], rows[1], rows[2])


def fit(forms: Sequence[str], width: int, size: int) -> tuple[str, int] | None:
    """The first form of a word that fits `width` at `size` or smaller, and the size used."""
    for smaller in range(size, -1, -1):
        for form in forms:
            w = word_width(form, smaller)
            if w is not None and w <= width:
                return form, smaller
    return None


def fit_with_count(
    forms: Sequence[str], count: str, width: int, size: int
) -> tuple[str, int, bool] | None:
    """Like `fit`, with `count` after the word: a shorter form or smaller letters are chosen
    before the count is left out (in a hold it is what one reads from a metre away). The
    form, the size and whether the count is drawn."""
    if count:
        fitted = fit([f"{form} {count}" for form in forms], width, size)
        if fitted is not None:
            return fitted[0].removesuffix(f" {count}"), fitted[1], True
    fitted = fit(forms, width, size)
    return None if fitted is None else (*fitted, False)
