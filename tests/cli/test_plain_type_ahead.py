"""Plain mode between sets, on a terminal: Enter pressed during the breaths (to pause, say)
does not end the wait for the next set before it begins; Enter after the prompt does."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from breathe.cli import plain
from tests.helpers.cli import Terminal

pytestmark = pytest.mark.device  # a pseudo-terminal and a real-time run of the real program

# between-sets runs wall-sit (4-0-7-2): one breath, then the wait for the next set.
ARGS = ("run", "between-sets", "--plain", "--no-sound", "--breaths", "1", "--lead-in", "0")


def test_enter_typed_during_the_breaths_does_not_end_the_wait(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BREATHE_")}
    env.update(BREATHE_DATA_DIR=str(tmp_path / "d"), BREATHE_CONFIG_DIR=str(tmp_path / "c"))
    subprocess.run(
        [sys.executable, "-c", "from breathe.system.app_state import mark_safety_seen as m; m()"],
        env=env,
        check=True,
        timeout=30,
    )
    term = Terminal(ARGS, env)
    try:
        term.wait_for("00:00 inhale")
        os.write(term.master, b"\n")  # during the first inhale
        term.wait_for("Set 1 done")
        time.sleep(1.5)
        assert "rested" not in term.text(), term.text()  # still waiting for this set
        os.write(term.master, b"\n")
        term.wait_for("rested 00:0")
        term.wait_for("inhale", timeout=5)
        os.kill(term.proc.pid, signal.SIGINT)  # Ctrl-C: done for today
        assert term.proc.wait(30) == 0, term.text()
    finally:
        term.close()
    assert "completed" in term.text()


def test_without_a_terminal_nothing_is_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    """A script piping its answers in keeps every line (only a terminal's type-ahead goes)."""
    read, write = os.pipe()
    os.write(write, b"first\nsecond\n")
    os.close(write)
    with os.fdopen(read) as stdin:
        monkeypatch.setattr("sys.stdin", stdin)
        assert plain.read_line_after_prompt() == "first"
        assert plain.read_line_after_prompt() == "second"
        assert plain.read_line_after_prompt() is None
