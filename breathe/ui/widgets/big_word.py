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

from textual.content import Content
from textual.widget import Widget

from breathe.ui.widgets.block_font import (
    SIZE_ROWS,
    big_lines,
    big_rows,
    fit,
    fit_with_count,
    word_width,
)

__all__ = ["SIZE_ROWS", "BigWord", "big_lines", "big_rows", "fit", "fit_with_count", "word_width"]


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
        # What fits is asked every frame (the exhale line, the count): worked out once for
        # each word, count and size, not again per frame.
        self._fit_key: tuple[object, ...] | None = None
        self._fit: tuple[str, int, bool] | None = None

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
    def whole_word_shown(self) -> bool:
        """False when the screen is too narrow for the word and a shorter form is drawn."""
        drawn = self._drawn()
        return drawn is None or drawn[0] == self.word

    @property
    def count_shown(self) -> bool:
        drawn = self._drawn()
        return drawn is not None and drawn[2]

    def _drawn(self) -> tuple[str, int, bool] | None:
        if not self.forms:
            return None
        area = self.size
        key = (self.forms, self.count, self.size_index, area.width, area.height)
        if key != self._fit_key:
            size = min(self.size_index, self._size_for_height())
            self._fit = fit_with_count(self.forms, self.count, area.width, size)
            self._fit_key = key
        return self._fit

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
