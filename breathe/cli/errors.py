"""The errors `main` turns into a line and an exit status, apart from the commands that raise
them: `breathe run` then loads neither the history commands nor plain mode to catch them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from breathe.core.session import SessionResult


class HistoryCommandError(Exception):
    """Shown as `breathe: <message>`, exit status 1."""


class OutputLost(Exception):
    """Standard output went away mid-session (a closed pipe, a full disk); the session was
    ended and saved as ended early."""

    def __init__(self, error: OSError, result: SessionResult) -> None:
        super().__init__(error.strerror or str(error))
        self.error = error
        self.result = result
