"""Words and numbers as the user reads them, shared by plain mode, the screens and history."""

from __future__ import annotations

from collections.abc import Sequence


def plural(n: int, word: str, *, grouped: bool = False) -> str:
    """`1 breath`, `2 breaths`; `grouped` writes `1,024` for the history's big totals."""
    count = f"{n:,}" if grouped else str(n)
    return f"{count} {word}{'' if n == 1 else 's'}"


def format_clock(seconds: float) -> str:
    """`04:59`, or `1:02:03` from an hour up; whole seconds, rounded down."""
    whole = int(seconds)
    h, rem = divmod(whole, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


def status_text(status: str) -> str:
    """`ended_early` as a person writes it."""
    return status.replace("_", " ")


def printable(text: str) -> str:
    """Control characters (an escape sequence in a config name, say) written out as `\\x1b`,
    so text from a file can never drive the terminal."""
    if text.isprintable():
        return text
    return "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii")
        for ch in text
    )


def quoted(text: str, limit: int = 40) -> str:
    """`'wal'` as the user typed it, but never a thousand characters of it."""
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


def nearest(word: str, choices: Sequence[str]) -> str | None:
    """The choice a mistyped `word` most likely meant (case aside), or None when none is close."""
    import difflib

    lowered = {choice.lower(): choice for choice in choices}
    if word.lower() in lowered:
        return lowered[word.lower()]
    # A word cut short means the one choice it begins ("hist": history, not list).
    begun = [choice for choice in lowered if word and choice.startswith(word.lower())]
    if len(begun) == 1:
        return lowered[begun[0]]
    close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[close[0]] if close else None
