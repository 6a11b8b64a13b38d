"""`--audio bell` in the app: the terminal bell rings for each cue. Textual owns the terminal,
so a BEL written to standard output never reached it; the app rings it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.cli import Terminal

pytestmark = pytest.mark.device  # a pseudo-terminal and a real-time run of the real program

# Sequences that end in BEL without ringing it (window titles, colour queries).
OSC = re.compile(rb"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")


def rings(output: bytes) -> int:
    return OSC.sub(b"", output).count(b"\x07")


def test_the_bell_rings_for_each_cue_of_a_session(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BREATHE_")}
    env.update(
        BREATHE_DATA_DIR=str(tmp_path / "d"), BREATHE_CONFIG_DIR=str(tmp_path / "c"), TERM="xterm"
    )
    subprocess.run(
        [sys.executable, "-c", "from breathe.system.app_state import mark_safety_seen as m; m()"],
        env=env,
        check=True,
        timeout=30,
    )
    args = ("run", "box", "--breaths", "1", "--pattern", "0.6-0.6-0.6-0.6", "--lead-in", "0")
    term = Terminal((*args, "--audio", "bell"), env)
    try:
        term.wait_for("bell")  # the header says how sound is given
        term.wait_for("completed")  # the summary: the session is over
        assert rings(term.raw()) >= 4, term.raw()[-2000:]  # in, hold, out, rest, done
        term.send(b"q")
        assert term.proc.wait(30) == 0
    finally:
        term.close()
