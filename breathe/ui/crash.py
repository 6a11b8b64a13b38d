"""One sentence instead of Textual's traceback when the app crashes.

Textual prints an unhandled exception's traceback to standard error as the app closes; `run_app`
runs the app with standard error caught (public Python, no private Textual names), keeps the
traceback in `last-error.txt` and shows the user one line naming the error and that file.
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
from typing import TypeVar

from textual.app import App

from breathe.system.crashlog import save_report

ReturnType = TypeVar("ReturnType")

# The closing line of Rich's traceback box, and an exception's "Name: message" line after it.
BOX_END = "╰"
ERROR_LINE = re.compile(r"^(?:[A-Za-z_][\w.]*)(?::\s?(?P<message>.*))?$")


def crash_sentence(error: str, details: str) -> str:
    """What the user reads: the error and where its details were written."""
    where = f" (details in {details})" if details else ""
    return f"breathe: unexpected error: {error}{where}"


def error_of(report: str) -> str | None:
    """The error's message from a printed traceback, or None when `report` holds none."""
    if "Traceback" not in report:
        return None
    lines = report.splitlines()
    ends = [i for i, line in enumerate(lines) if line.lstrip().startswith(BOX_END)]
    first_error = lines[ends[0] + 1 :] if ends else lines[-1:]
    # The error's own line(s) follow the traceback's box, up to the next box if one follows.
    text: list[str] = []
    for line in first_error:
        if line.lstrip().startswith(("╭", "│", BOX_END)) or (text and not line.strip()):
            break  # the next box, or the blank line before Textual's "NOTE: 1 of 2 errors"
        text.append(line.strip())
    joined = " ".join(part for part in text if part)
    match = ERROR_LINE.match(joined)
    if match is not None and match.group("message") is not None:
        return match.group("message")
    return joined or "the app stopped"


def run_with_crash_line(app: App[ReturnType]) -> ReturnType | None:
    """Run `app`; a crash ends with one line on standard error and a non-zero return code."""
    caught = io.StringIO()
    with contextlib.redirect_stderr(caught):
        result = app.run()
    report = caught.getvalue()
    error = error_of(report) if app.return_code else None
    if error is None:
        sys.stderr.write(report)
        return result
    saved = save_report(report)
    print(crash_sentence(error, str(saved) if saved else ""), file=sys.stderr, flush=True)
    return result
