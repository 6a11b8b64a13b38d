"""`nohup breathe run ...`: a SIGHUP inherited as ignored stays ignored, so the session goes on
(as an ignored SIGINT already does); without nohup the same signal ends it early with 129."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.helpers.cli import breathe_cmd

SESSION = ("run", "wall", "--plain", "--breaths", "2", "--pattern", "0.5-0-0.5-0", "--lead-in", "0")


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BREATHE_")}
    env.update(BREATHE_DATA_DIR=str(tmp_path / "data"), BREATHE_CONFIG_DIR=str(tmp_path / "cfg"))
    return env


def _run_with_hangup(tmp_path: Path, ignore: bool) -> tuple[int, str]:
    def child_setup() -> None:
        if ignore:
            signal.signal(signal.SIGHUP, signal.SIG_IGN)

    proc = subprocess.Popen(
        breathe_cmd(*SESSION, "--no-sound"),
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        preexec_fn=child_setup,
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()  # the first phase: the session is running
    assert "inhale" in first, first
    time.sleep(0.2)
    proc.send_signal(signal.SIGHUP)
    rest, _ = proc.communicate(timeout=20)
    return proc.returncode, first + rest


def _statuses(tmp_path: Path) -> list[str]:
    done = subprocess.run(
        breathe_cmd("history", "--json"),
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=20,
        check=True,
    )
    return [row["status"] for row in json.loads(done.stdout)]


@pytest.mark.device
@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="no SIGHUP on this platform")
def test_an_ignored_sighup_is_kept_and_the_session_completes(tmp_path: Path) -> None:
    code, output = _run_with_hangup(tmp_path, ignore=True)
    assert code == 0, output
    assert "completed: Wall breathing, 2 breaths" in output
    assert _statuses(tmp_path) == ["completed"]


@pytest.mark.device
@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="no SIGHUP on this platform")
def test_a_sighup_otherwise_ends_the_session_early_with_129(tmp_path: Path) -> None:
    code, output = _run_with_hangup(tmp_path, ignore=False)
    assert code == 129, output
    assert _statuses(tmp_path) == ["ended_early"]
