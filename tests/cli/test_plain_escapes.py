"""Names, cues and routine names from a user's config never drive the terminal in plain mode:
control characters (ESC, OSC, C1) are shown escaped, as `breathe list` shows them, and the
exercise still runs."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.helpers.cli import breathe_cmd

CONFIG = r"""
[exercises.sneaky]
name = "A\u001b[2Jcleared"
cue = "Stand\u001b]0;title\u0007 tall\u009b1m"
pattern = "0.2-0-0.2-0"
breaths = 1

[routines.sneak-routine]
name = "R\u001b[31mred"
steps = [ { exercise = "sneaky", breaths = 1 } ]
transition = 0
"""


def _env(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg" / "config.toml").write_text(CONFIG, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("BREATHE_")}
    env.update(BREATHE_DATA_DIR=str(tmp_path / "data"), BREATHE_CONFIG_DIR=str(tmp_path / "cfg"))
    return env


@pytest.mark.device  # two real plain sessions
def test_plain_mode_shows_control_characters_escaped(tmp_path: Path) -> None:
    env = _env(tmp_path)
    for target in ("sneaky", "sneak-routine"):
        done = subprocess.run(
            breathe_cmd("run", target, "--plain", "--lead-in", "0.2", "--no-sound"),
            env=env,
            capture_output=True,
            timeout=30,
        )
        assert done.returncode == 0, done.stderr
        for raw in (b"\x1b", b"\x07", "\x9b".encode()):
            assert raw not in done.stdout, done.stdout
        text = done.stdout.decode()
        assert "A\\x1b[2Jcleared" in text
        assert "Stand\\x1b]0;title\\x07 tall\\x9b1m" in text
        assert text.splitlines()[-1].startswith("completed: ")
    listed = subprocess.run(breathe_cmd("list"), env=env, capture_output=True, timeout=30)
    assert "A\\x1b[2Jcleared" in listed.stdout.decode()  # the same escaped form as list
