"""A crash in the app ends with one sentence and its traceback in a file, through public
Python only (standard error caught around `App.run`)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from breathe.ui.crash import crash_sentence, error_of

pytestmark = pytest.mark.app

RICH_REPORT = """\
╭──────── Traceback (most recent call last) ────────╮
│ /x/app.py:3 in on_mount                           │
╰───────────────────────────────────────────────────╯
RuntimeError: disk on fire
"""


def test_the_error_is_read_from_a_printed_traceback() -> None:
    assert error_of(RICH_REPORT) == "disk on fire"
    assert error_of(RICH_REPORT.replace("RuntimeError: disk on fire", "KeyError")) == "KeyError"
    wrapped = RICH_REPORT.replace("disk on fire", "a very long\nmessage that wrapped")
    assert error_of(wrapped) == "a very long message that wrapped"
    twice = RICH_REPORT + RICH_REPORT.replace("disk on fire", "second")
    assert error_of(twice) == "disk on fire"
    noted = RICH_REPORT + "\nNOTE: 1 of 2 errors shown. Run with textual run --dev to see all.\n"
    assert error_of(noted) == "disk on fire"
    assert error_of("a warning printed by a library\n") is None


def test_the_sentence_names_the_file_when_there_is_one() -> None:
    assert crash_sentence("x", "/d/last-error.txt") == (
        "breathe: unexpected error: x (details in /d/last-error.txt)"
    )
    assert crash_sentence("x", "") == "breathe: unexpected error: x"


def test_a_crashing_handler_exits_with_one_line_and_no_traceback(tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import sys
        from breathe.ui.app import BreatheApp
        from breathe.ui.crash import run_with_crash_line

        class Crashing(BreatheApp):
            def on_mount(self) -> None:
                raise RuntimeError("disk on fire")

        app = Crashing()
        app.run = lambda **kw: type(app).run(app, headless=True)
        run_with_crash_line(app)
        sys.exit(app.return_code)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        env={
            **os.environ,
            "BREATHE_DATA_DIR": str(tmp_path / "data"),
            "BREATHE_CONFIG_DIR": str(tmp_path / "config"),
            "COLUMNS": "400",  # the sentence, unwrapped
        },
    )
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("breathe: unexpected error: disk on fire (details in ")
    assert "Traceback" not in done.stderr + done.stdout
    assert done.returncode == 1
    log = tmp_path / "data" / "last-error.txt"
    assert "disk on fire" in log.read_text(encoding="utf-8")
    assert "on_mount" in log.read_text(encoding="utf-8")
