"""The app's terminal window closes mid-session: the app exits 129, as plain mode does (not
120, Python's status when the last flush of a vanished terminal fails), and the session so far
is saved as ended early."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from breathe.system.app_state import mark_safety_seen
from tests.helpers.cli import breathe_cmd


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BREATHE_", "TEXTUAL"))}
    env.update(
        BREATHE_DATA_DIR=str(tmp_path / "data"),
        BREATHE_CONFIG_DIR=str(tmp_path / "cfg"),
        TERM="xterm-256color",
        COLUMNS="100",
        LINES="30",
    )
    return env


def _read_for(fd: int, seconds: float) -> bytes:
    seen = b""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    return seen


SESSION = ("run", "wall", "--breaths", "20", "--pattern", "1-0-1-0", "--lead-in", "0", "--no-sound")


@pytest.mark.device
@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("args", [SESSION, ()], ids=["session", "home"])
def test_the_app_exits_129_when_its_terminal_goes_away(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    env = _env(tmp_path)
    monkeypatch.setenv("BREATHE_DATA_DIR", env["BREATHE_DATA_DIR"])
    mark_safety_seen()
    argv = breathe_cmd(*args)
    pid, master = pty.fork()
    if pid == 0:  # the child: the pty is its controlling terminal
        os.execve(argv[0], argv, env)
    try:
        screen = _read_for(master, 5.0)  # the session screen is up and breathing
        assert len(screen) > 2000, screen[-500:]
    finally:
        os.close(master)  # the window closes: SIGHUP, and writes fail with EIO
    started = time.monotonic()
    status = None
    while time.monotonic() - started < 15:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.05)
    else:
        os.kill(pid, 9)
        pytest.fail("the app did not exit after its terminal went away")
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 129, status
    rows = json.loads(
        subprocess.run(
            breathe_cmd("history", "--json"),
            env=env,
            capture_output=True,
            text=True,
            timeout=20,
            check=True,
        ).stdout
    )
    if args:
        assert [row["status"] for row in rows] == ["ended_early"]
        assert rows[0]["breaths"] >= 1
    else:
        assert rows == []


@pytest.mark.parametrize("command", ["list", "history --json", "paths"])
def test_a_closed_standard_output_is_one_line_and_1(tmp_path: Path, command: str) -> None:
    done = subprocess.run(
        ["bash", "-c", f'exec "$0" -m breathe {command} >&-', sys.executable],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert done.returncode == 1
    assert done.stderr == "breathe: cannot write output (standard output is closed)\n"
