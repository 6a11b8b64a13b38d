"""Plain mode shows the safety text before a person's first session, as the app's welcome
screen does: once, on a terminal only (a script reading plain mode's lines gets them as ever)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.helpers.cli import breathe_cmd, run_on_a_terminal

QUICK = ("run", "wall", "--plain", "--no-sound", "--breaths", "1", "--pattern", "0.1-0-0.1-0")
QUICK_ARGS = (*QUICK, "--lead-in", "0")

pytestmark = pytest.mark.device  # a pseudo-terminal and real subprocesses


def _in_a_terminal(env: dict[str, str]) -> str:
    """`breathe QUICK` with its standard output on a pseudo-terminal: what it printed."""
    code, out, err = run_on_a_terminal(QUICK_ARGS, env)
    assert code == 0, err
    return out


def test_the_first_session_on_a_terminal_shows_the_safety_text_once(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BREATHE_")}
    env.update(BREATHE_DATA_DIR=str(tmp_path / "d"), BREATHE_CONFIG_DIR=str(tmp_path / "c"))
    first = _in_a_terminal(env)
    assert first.startswith("Before your first session:\n"), first
    words = " ".join(first.split())
    assert "This is not medical advice." in words and "stop and breathe normally" in words
    assert words.index("not medical advice") < words.index("completed: ")
    second = _in_a_terminal(env)
    assert "Before your first session" not in second and "completed: " in second


def test_without_a_terminal_the_lines_are_unchanged(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BREATHE_")}
    env.update(BREATHE_DATA_DIR=str(tmp_path / "d"), BREATHE_CONFIG_DIR=str(tmp_path / "c"))
    done = subprocess.run(
        breathe_cmd(*QUICK_ARGS), env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "Before your first session" not in done.stdout + done.stderr
    assert done.stdout.startswith("00:00 inhale")
