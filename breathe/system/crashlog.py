"""Where an unexpected error's details go: users see one sentence, the traceback lands in a
file they can attach to a bug report."""

from __future__ import annotations

from pathlib import Path

from breathe.system import paths


def save_traceback(error: BaseException) -> Path | None:
    """Write the error's traceback to `last-error.txt` in the data dir; None if that fails."""
    import traceback  # only when something went wrong

    log = paths.data_dir() / "last-error.txt"
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text("".join(traceback.format_exception(error)), encoding="utf-8")
    except OSError:
        return None
    return log


def save_report(text: str) -> Path | None:
    """Write an error report (a printed traceback) to `last-error.txt`; None if that fails."""
    log = paths.data_dir() / "last-error.txt"
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(text, encoding="utf-8")
    except OSError:
        return None
    return log


def where_details_are(error: BaseException) -> str:
    """` (details in /path/last-error.txt)`, or "" when the file could not be written."""
    log = save_traceback(error)
    return f" (details in {log})" if log is not None else ""
