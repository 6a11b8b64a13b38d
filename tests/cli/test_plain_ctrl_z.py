"""Plain mode's pause is the terminal's own Ctrl-Z: typed in an interactive shell, the session
pauses (a line says so) before the shell stops it, and `fg` goes on where it was; the stop's
length shifts the rest of the session and is saved as paused time."""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers.cli import PtyOutput

pytestmark = [
    pytest.mark.device,  # a pseudo-terminal, a real shell and a real-time run of the program
    pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed"),
]

SESSION = "run box --plain --no-sound --breaths 1 --pattern 1-1-1-1 --lead-in 0"


class Shell(PtyOutput):
    """An interactive bash on a pseudo-terminal it controls, so it has job control."""

    def __init__(self, env: dict[str, str]) -> None:
        self.pid, fd = pty.fork()
        if self.pid == 0:  # the child: a session leader on the terminal
            os.execvpe("bash", ["bash", "--norc", "--noprofile", "-i"], env)
        super().__init__(fd)

    def type(self, keys: str) -> None:
        self.send(keys.encode())

    def close(self) -> None:
        self.type("exit\n")
        for _ in range(100):
            if os.waitpid(self.pid, os.WNOHANG)[0]:
                break
            time.sleep(0.05)
        else:
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        os.close(self.master)


def test_ctrl_z_pauses_and_fg_goes_on(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BREATHE_")}
    env.update(
        BREATHE_DATA_DIR=str(tmp_path / "d"),
        BREATHE_CONFIG_DIR=str(tmp_path / "c"),
        PS1="$ ",
        TERM="xterm",
    )
    subprocess.run(
        [sys.executable, "-c", "from breathe.system.app_state import mark_safety_seen as m; m()"],
        env=env,
        check=True,
        timeout=30,
    )
    shell = Shell(env)
    try:
        shell.wait_for("$ ")
        shell.type(f"{sys.executable} -m breathe {SESSION}\n")
        at = shell.wait_for("00:01 hold")
        shell.type("\x1a")  # Ctrl-Z
        at = shell.wait_for("paused (fg goes on)", at)
        at = shell.wait_for("Stopped", at)  # the shell's own word: the program is stopped
        time.sleep(2.0)
        assert "exhale" not in shell.text()[at:]  # nothing goes on while it is stopped
        shell.type("fg\n")
        at = shell.wait_for("go on", at)
        at = shell.wait_for("completed: Box breathing, 1 breath, 00:04 (paused 00:0", at)
        shell.wait_for("$ ", at)
    finally:
        shell.close()
    done = subprocess.run(
        [sys.executable, "-m", "breathe", "history", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    (row,) = json.loads(done.stdout)
    assert row["status"] == "completed" and row["breaths"] == 1
    assert 2.0 <= row["paused_s"] <= 5.0, row
