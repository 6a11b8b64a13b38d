"""The phase word (and the seconds left after it) in heavy block letters, legible from a
metre away, in three sizes.

One 3x5 pixel font drawn with full and half blocks (`█ ▀ ▄`), which every terminal font has:
3 rows at its smallest (two pixel rows per cell), 5 rows with pixels two cells wide, 10 rows
with pixels four cells wide. Every word on the session screen uses it; a word too wide for
the size in use gives way to its shorter form (e.g. "EXHALE · HUM" -> "EXHALE"), never to
small text. Hand-drawn rather than FIGlet: no import, no font file to parse at start-up, and
three-row faces in FIGlet are thin.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widget import Widget

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


class BigWord(Widget):
    """Shows a word in block letters at the size set by `size` (the screen chooses it from
    the space free); falls back to plain text only when no form fits even at size 0."""

    DEFAULT_CSS = """
    BigWord {
        width: 1fr;
        height: 3;
        content-align: center middle;
        text-align: center;
        text-style: bold;
    }
    """

    def __init__(
        self,
        word: str = "",
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.forms: tuple[str, ...] = (word,) if word else ()
        self.count = ""  # seconds left, drawn after the word in the same letters
        self.size_index = 0

    @property
    def word(self) -> str:
        return self.forms[0] if self.forms else ""

    def show(self, *forms: str, count: str = "") -> None:
        """The word, then shorter forms of it to use when it does not fit; a count after it."""
        if forms != self.forms or count != self.count:
            self.forms = forms
            self.count = count
            self.refresh()

    def set_size(self, size: int) -> None:
        """0, 1 or 2: 3, 5 or 10 rows tall."""
        if size != self.size_index:
            self.size_index = size
            self.styles.height = SIZE_ROWS[size]
            self.refresh()

    def fitted(self) -> tuple[str, int] | None:
        """What is drawn: the form and size, or None for plain text."""
        drawn = self._drawn()
        return None if drawn is None else drawn[:2]

    @property
    def count_shown(self) -> bool:
        drawn = self._drawn()
        return drawn is not None and drawn[2]

    def _drawn(self) -> tuple[str, int, bool] | None:
        if not self.forms:
            return None
        size = min(self.size_index, self._size_for_height())
        return fit_with_count(self.forms, self.count, self.size.width, size)

    def _size_for_height(self) -> int:
        height = self.size.height
        return max((i for i, rows in enumerate(SIZE_ROWS) if rows <= height), default=-1)

    @property
    def is_big(self) -> bool:
        return self.fitted() is not None

    def render(self) -> Content:
        drawn = self._drawn()
        if drawn is None:
            return Content(f"{self.word} {self.count}" if self.count else self.word)
        form, size, with_count = drawn
        rows = big_rows(f"{form} {self.count}" if with_count else form, size)
        assert rows is not None
        return Content("\n".join(rows))
