"""A desktop notification: notify-send on Linux, osascript on macOS, a toast on Windows.
Called by the scheduler, so nothing here may wait for a person for long or need a terminal."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

# How long notify-send waits for "Start" before giving up (the scheduler's call ends then).
ACTION_WAIT_SECONDS = 120
_TOAST_APP = r"{1AC14E77-02E7-4E5D-B744-2EB1AE5198B7}\WindowsPowerShell\v1.0\powershell.exe"


def session_env(
    environ: dict[str, str] | None = None, run_user: Path = Path("/run/user")
) -> dict[str, str]:
    """The environment for notify-send: a scheduler's service often has no session bus
    address, so point it at the user's bus where that socket exists."""
    env = dict(os.environ if environ is None else environ)
    if not env.get("DBUS_SESSION_BUS_ADDRESS") and hasattr(os, "getuid"):
        bus = run_user / str(os.getuid()) / "bus"
        if bus.exists():
            env["DBUS_SESSION_BUS_ADDRESS"] = f"unix:path={bus}"
    return env


def terminal_command(breathe: Sequence[str], run: str) -> list[str] | None:
    """A terminal running `breathe run ID`, for the notification's "Start"; None without one."""
    for candidate in (os.environ.get("TERMINAL", ""), "x-terminal-emulator"):
        if candidate and shutil.which(candidate):
            return [candidate, "-e", *breathe, "run", run]
    return None


def _quiet(args: Sequence[str], env: dict[str, str] | None, timeout: float) -> str | None:
    """Run a notifier: its output, or None when it failed or could not run."""
    try:
        done = subprocess.run(
            list(args),
            capture_output=True,
            text=True,
            env=env,
            stdin=subprocess.DEVNULL,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return ""  # shown, and nobody chose an action in time: never show it twice
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


def _linux(title: str, body: str, start: list[str] | None) -> bool:
    if shutil.which("notify-send") is None:
        return False
    env = session_env()
    base = ["notify-send", "--app-name=breathe", title, body]
    if start is not None:
        said = _quiet(
            [*base[:2], "--action=start=Start", "--wait", *base[2:]], env, ACTION_WAIT_SECONDS
        )
        if said is not None:
            if said.strip() == "start":
                with contextlib.suppress(OSError):
                    subprocess.Popen(start, start_new_session=True, env=env)
            return True
        # An older notify-send knows no actions: show it plainly.
    return _quiet(base, env, 30) is not None


def _applescript_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def osascript_args(title: str, body: str) -> list[str]:
    script = (
        f"display notification {_applescript_string(body)} with title {_applescript_string(title)}"
    )
    return ["osascript", "-e", script]


def _ps_quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def toast_args(title: str, body: str) -> list[str]:
    """A Windows toast through PowerShell's WinRT access (no module to install)."""
    script = (
        "$m = [Windows.UI.Notifications.ToastNotificationManager, Windows.UI.Notifications, "
        "ContentType = WindowsRuntime]; "
        "$x = $m::GetTemplateContent([Windows.UI.Notifications.ToastTemplateType]::ToastText02); "
        "$t = $x.GetElementsByTagName('text'); "
        f"$t.Item(0).AppendChild($x.CreateTextNode({_ps_quote(title)})) | Out-Null; "
        f"$t.Item(1).AppendChild($x.CreateTextNode({_ps_quote(body)})) | Out-Null; "
        f"$m::CreateToastNotifier({_ps_quote(_TOAST_APP)}).Show("
        "[Windows.UI.Notifications.ToastNotification]::new($x))"
    )
    return ["powershell", "-NoProfile", "-NonInteractive", "-Command", script]


def notify(title: str, body: str, start: list[str] | None = None) -> bool:
    """Show it; False when this system has no way to (the caller prints the text instead)."""
    if sys.platform == "darwin":
        return shutil.which("osascript") is not None and (
            _quiet(osascript_args(title, body), None, 30) is not None
        )
    if sys.platform == "win32":
        return _quiet(toast_args(title, body), None, 60) is not None
    return _linux(title, body, start)
