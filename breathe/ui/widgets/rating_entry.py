"""A 0-10 rating typed digit by digit, as asked before a session and on its summary."""

from __future__ import annotations

from textual.widgets import Static

MAX_RATING = 10


class RatingEntry(Static):
    """`1` then `0` makes 10; a digit that would pass 10 starts again from itself."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("[   ]", id=id, markup=False)
        self.typed = ""

    @property
    def value(self) -> int | None:
        return int(self.typed) if self.typed else None

    def type_digit(self, digit: str) -> None:
        candidate = self.typed + digit
        self.typed = candidate if int(candidate) <= MAX_RATING else digit
        self._show()

    def erase(self) -> None:
        self.typed = self.typed[:-1]
        self._show()

    def _show(self) -> None:
        self.update(f"[ {self.typed or ' '} ]")
