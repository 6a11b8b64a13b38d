"""The one-line crash relies on private names of Textual's App: these tests fail loudly when
a Textual upgrade renames them, instead of users getting a traceback (or nothing) again."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from textual.app import App

from breathe.ui.app import BreatheApp
from breathe.ui.crash import PRIVATE_NAMES, OneLineCrash


def test_textual_still_has_the_private_names_the_crash_line_uses() -> None:
    app = App[None]()
    missing = [name for name in PRIVATE_NAMES if not hasattr(app, name)]
    assert missing == [], f"Textual changed its App: {missing}; update breathe/ui/crash.py"
    assert callable(App._fatal_error) and callable(App._close_messages_no_wait)
    assert isinstance(app._exit_renderables, list) and app._exception is None


def test_the_app_overrides_textuals_fatal_error() -> None:
    assert issubclass(BreatheApp, OneLineCrash)
    assert BreatheApp._fatal_error is OneLineCrash._fatal_error
    assert OneLineCrash._fatal_error is not App._fatal_error


def test_a_crashing_handler_exits_with_one_line_and_no_traceback(tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        from breathe.ui.app import BreatheApp

        class Crashing(BreatheApp):
            def on_mount(self) -> None:
                raise RuntimeError("disk on fire")

        Crashing().run(headless=True)
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
    assert lines[0].startswith("breathe: unexpected error: disk on fire")
    assert "Traceback" not in done.stderr + done.stdout
    log = tmp_path / "data" / "last-error.txt"
    assert "RuntimeError: disk on fire" in log.read_text(encoding="utf-8")
