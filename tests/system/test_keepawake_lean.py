"""Keep-awake without wakepy where nothing could work: a Linux console or container with no
session bus and no usable systemd-inhibit is told at once, and wakepy (with jeepney and
ctypes, ~1 MiB) is never imported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from breathe.system import keepawake, logind_lock
from breathe.system.keepawake import NOT_KEPT, acquire, nothing_could_work

linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the checks are Linux's (D-Bus, logind)"
)


@pytest.fixture
def bare_linux(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No session bus, no systemd-inhibit on PATH, no system bus socket, no test hooks."""
    for name in ("WAKEPY_FAKE_SUCCESS", "DBUS_SESSION_BUS_ADDRESS", "DBUS_SYSTEM_BUS_ADDRESS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(logind_lock, "_SYSTEM_BUS_SOCKET", tmp_path / "no-such-socket")
    monkeypatch.setattr(keepawake, "USE_ONLY", None)
    monkeypatch.setattr(keepawake, "_told", False)


@linux_only
@pytest.mark.usefixtures("bare_linux")
def test_nothing_could_work_without_a_session_bus_or_systemd_inhibit() -> None:
    assert nothing_could_work()
    told: list[str] = []
    hold = acquire("x", tell=told.append)
    assert not hold.active and hold.method == "none"
    assert told == [NOT_KEPT]


@linux_only
@pytest.mark.usefixtures("bare_linux")
def test_a_session_bus_or_a_test_hook_goes_to_wakepy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
    assert not nothing_could_work()
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS")
    monkeypatch.setenv("WAKEPY_FAKE_SUCCESS", "1")
    assert not nothing_could_work()
    monkeypatch.delenv("WAKEPY_FAKE_SUCCESS")
    monkeypatch.setattr(keepawake, "USE_ONLY", ("systemd-inhibit",))
    assert not nothing_could_work()
    monkeypatch.setattr(keepawake, "USE_ONLY", None)
    inhibit = tmp_path / "systemd-inhibit"
    inhibit.write_text("#!/bin/sh\n")
    inhibit.chmod(0o755)
    monkeypatch.setattr(logind_lock, "_SYSTEM_BUS_SOCKET", tmp_path)  # exists: a bus is there
    assert not nothing_could_work()


@linux_only
def test_a_plain_session_on_a_bare_system_imports_no_wakepy(tmp_path: Path) -> None:
    probe = (
        "import contextlib, io, json, sys\n"
        "from breathe.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    code = main(sys.argv[1:])\n"
        "print(json.dumps([code, sorted(m for m in ('wakepy', 'jeepney', 'ctypes')"
        " if m in sys.modules)]))\n"
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("BREATHE_", "WAKEPY_", "DBUS_SESSION_BUS_ADDRESS"))
    }
    env.update(
        PATH=str(tmp_path),  # no systemd-inhibit
        BREATHE_DATA_DIR=str(tmp_path / "d"),
        BREATHE_CONFIG_DIR=str(tmp_path / "c"),
    )
    argv = ["run", "wall", "--plain", "--breaths", "1", "--pattern", "0.1-0-0.1-0"]
    done = subprocess.run(
        [sys.executable, "-c", probe, *argv, "--lead-in", "0", "--no-sound"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    code, loaded = json.loads(done.stdout.strip().splitlines()[-1])
    # The session was saved.
    assert code == 0 and (tmp_path / "d" / "history.sqlite3").exists()
    assert loaded == []
