"""A word in three-row letters, legible from a metre away; plain text when it would not fit."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

# Each glyph is three rows of equal width. Drawn with light box-drawing characters only,
# which every terminal font we target has.
_GLYPHS: dict[str, tuple[str, str, str]] = {
    "A": ("╭─╮", "├─┤", "╵ ╵"),
    "B": ("┌─╮", "├─┤", "└─╯"),
    "C": ("╭─╴", "│  ", "╰─╴"),
    "D": ("┌─╮", "│ │", "└─╯"),
    "E": ("┌─╴", "├─ ", "└─╴"),
    "F": ("┌─╴", "├─ ", "╵  "),
    "G": ("╭─╴", "│╶╮", "╰─╯"),
    "H": ("╷ ╷", "├─┤", "╵ ╵"),
    "I": ("╶┬╴", " │ ", "╶┴╴"),
    "J": (" ╶┐", "  │", "╰─╯"),
    "K": ("╷ ╱", "├┤ ", "╵ ╲"),
    "L": ("╷  ", "│  ", "└─╴"),
    "M": ("╭┬╮", "│││", "╵╵╵"),
    "N": ("╭╮╷", "│││", "╵╰╯"),
    "O": ("╭─╮", "│ │", "╰─╯"),
    "P": ("┌─╮", "├─╯", "╵  "),
    "Q": ("╭─╮", "│ │", "╰─╳"),
    "R": ("┌─╮", "├┬╯", "╵╰╴"),
    "S": ("╭─╴", "╰─╮", "╶─╯"),
    "T": ("╶┬╴", " │ ", " ╵ "),
    "U": ("╷ ╷", "│ │", "╰─╯"),
    "V": ("╷ ╷", "╲ ╱", " ╵ "),
    "W": ("╷╷╷", "│││", "╰┴╯"),
    "X": ("╲ ╱", " ╳ ", "╱ ╲"),
    "Y": ("╷ ╷", "╰┬╯", " ╵ "),
    "Z": ("╶─┐", "╭─╯", "└─╴"),
    "0": ("╭─╮", "│ │", "╰─╯"),
    "1": ("╶┐ ", " │ ", "╶┴╴"),
    "2": ("╶─╮", "╭─╯", "╰─╴"),
    "3": ("╶─╮", " ─┤", "╶─╯"),
    "4": ("╷ ╷", "╰─┤", "  ╵"),
    "5": ("╭─╴", "╰─╮", "╶─╯"),
    "6": ("╭─╴", "├─╮", "╰─╯"),
    "7": ("╶─┐", "  │", "  ╵"),
    "8": ("╭─╮", "├─┤", "╰─╯"),
    "9": ("╭─╮", "╰─┤", "╶─╯"),
    " ": ("  ", "  ", "  "),
    "·": (" ", "•", " "),
    ":": (" ", "╵", "╷"),
    "-": ("   ", "╶─╴", "   "),
    "+": ("   ", "╶┼╴", "   "),
    ",": (" ", " ", "╯"),
    ".": (" ", " ", "╷"),
}


def big_lines(word: str) -> tuple[str, str, str] | None:
    """The three rows of `word` in big letters, or None if a character has no glyph."""
    glyphs = []
    for char in word.upper():
        glyph = _GLYPHS.get(char)
        if glyph is None:
            return None
        glyphs.append(glyph)
    rows = tuple(" ".join(g[row] for g in glyphs) for row in range(3))
    return rows[0], rows[1], rows[2]


class BigWord(Widget):
    """Shows `word` big when three rows and enough columns are free, else as plain text."""

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
        self.word = word

    def show(self, word: str) -> None:
        if word != self.word:
            self.word = word
            self.refresh()

    @property
    def is_big(self) -> bool:
        lines = big_lines(self.word)
        return (
            lines is not None
            and self.size.height >= 3
            and len(lines[0]) <= self.size.width
            and bool(self.word)
        )

    def render(self) -> Content:
        lines = big_lines(self.word)
        if lines is not None and self.is_big:
            return Content("\n".join(lines))
        return Content(self.word)
