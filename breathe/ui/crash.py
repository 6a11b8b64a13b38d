"""One sentence instead of Textual's traceback when the app crashes.

Textual has no public hook for what an unhandled exception prints, so this is the one place
that overrides `App._fatal_error` and reads `_exception`, `_exit_renderables` and
`_close_messages_no_wait`; tests/ui/test_crash.py fails loudly if Textual renames them.
"""

from __future__ import annotations

from typing import TypeVar

from rich.text import Text
from textual.app import App

from breathe.system.crashlog import where_details_are

ReturnType = TypeVar("ReturnType")

# The private names of Textual's App this module relies on (checked by a test).
PRIVATE_NAMES = ("_fatal_error", "_exception", "_exit_renderables", "_close_messages_no_wait")


def crash_sentence(error: BaseException | None) -> str:
    """What the user reads: the error and where its details were written."""
    where = where_details_are(error) if error is not None else ""
    return f"breathe: unexpected error: {error}{where}"


class OneLineCrash(App[ReturnType]):
    """A base for the app: an unhandled exception exits with one line, details in a file."""

    def _fatal_error(self) -> None:
        # Called once per failing handler (twice for one error on Python 3.10): one sentence.
        if not self._exit_renderables:
            self.bell()
            self._exit_renderables.append(Text(crash_sentence(self._exception)))
        self._close_messages_no_wait()
