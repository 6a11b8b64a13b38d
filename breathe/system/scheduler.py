"""The system's own scheduler, which calls breathe when a reminder is due: systemd user timers
on Linux, a LaunchAgent on macOS, Task Scheduler on Windows.

breathe's record of its reminders is `reminders.json` beside the config (written whole, never
half): it says what exists on every system alike, and `remove` undoes only what `add` made.
The scheduler's own output is never read back.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from breathe.core import reminder_units as units
from breathe.core.reminders import Reminder, ReminderError
from breathe.system import paths
from breathe.system.atomic import write_atomic
from breathe.system.files import read_regular
from breathe.system.jsontext import loads

COMMAND_TIMEOUT = 30


class SchedulerError(Exception):
    """A scheduler command failed or breathe's reminder file could not be used: one line."""


def reminders_file() -> Path:
    return paths.config_dir() / "reminders.json"


MAX_REMINDERS_BYTES = 1_000_000


def load_reminders() -> tuple[list[Reminder], list[str]]:
    """The reminders, and one line per entry breathe cannot read (kept in the file as is)."""
    try:
        # Bounded and never blocking: a FIFO or /dev/zero in its place is one line.
        raw = loads(read_regular(reminders_file(), MAX_REMINDERS_BYTES).decode("utf-8"))
    except FileNotFoundError:
        return [], []
    except (OSError, ValueError) as exc:
        raise SchedulerError(f"cannot read {reminders_file()} ({exc})") from None
    entries = raw.get("reminders") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        raise SchedulerError(f"{reminders_file()} is not a reminder list breathe wrote")
    found: list[Reminder] = []
    problems: list[str] = []
    for i, entry in enumerate(entries):
        try:
            found.append(Reminder.from_dict(entry))
        except ReminderError as exc:
            problems.append(f"{reminders_file()}: entry {i + 1} skipped ({exc})")
    return found, problems


def save_reminders(reminders: Sequence[Reminder]) -> None:
    data = {"reminders": [r.as_dict() for r in sorted(reminders, key=lambda r: r.name)]}
    write_atomic(reminders_file(), json.dumps(data, indent=2) + "\n", make_dirs=True)


def breathe_command() -> list[str]:
    """This installation's breathe, by absolute path: the script beside the interpreter, or
    the interpreter running the package (a scheduler has no PATH of the user's shell)."""
    bindir = Path(sys.executable).parent
    for name in ("breathe", "breathe.exe"):
        script = bindir / name
        if script.is_file() and os.access(script, os.X_OK):
            return [str(script.absolute())]
    return [str(Path(sys.executable).absolute()), "-m", "breathe"]


def _run(
    args: Sequence[str], env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            list(args),
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SchedulerError(f"'{' '.join(args[:3])}' could not run ({exc})") from None


def run_checked(args: Sequence[str]) -> None:
    """Run a scheduler command; SchedulerError with its first error line when it fails."""
    done = _run(args)
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()
        why = f": {said[0][:200]}" if said else ""
        shown = " ".join(args[:4])
        raise SchedulerError(f"'{shown}' failed (exit status {done.returncode}){why}")


def _probe(command: str, *args: str) -> bool:
    if shutil.which(command) is None:
        return False
    try:
        return _run([command, *args]).returncode == 0
    except SchedulerError:
        return False


def calendar_is_valid(expression: str) -> bool | None:
    """`systemd-analyze calendar` by its exit status; None where it is not installed."""
    if shutil.which("systemd-analyze") is None:
        return None
    return _run(["systemd-analyze", "calendar", expression]).returncode == 0


class Scheduler:
    """One system's way to run breathe at a time; `files` are those `add` writes."""

    kind = ""

    def install(self, reminder: Reminder, breathe: Sequence[str]) -> None:
        raise NotImplementedError

    def uninstall(self, name: str) -> None:
        raise NotImplementedError

    def files(self, name: str) -> list[Path]:
        return []

    def later(self, breathe: Sequence[str], run: str, after: timedelta, tag: str) -> None:
        raise SchedulerError(f"'breathe later' is not available with {self.kind}")

    def where(self) -> Path | None:
        """The folder of its files, for `breathe paths`."""
        return None


def _remove_files(files: Sequence[Path]) -> None:
    for path in files:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


class Systemd(Scheduler):
    kind = "systemd"

    def where(self) -> Path:
        base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
        return Path(base) / "systemd" / "user"

    def files(self, name: str) -> list[Path]:
        unit = units.unit_name(name)
        return [self.where() / f"{unit}.timer", self.where() / f"{unit}.service"]

    def install(self, reminder: Reminder, breathe: Sequence[str]) -> None:
        timer, service = self.files(reminder.name)
        try:
            write_atomic(service, units.service_unit(reminder, breathe), make_dirs=True)
            write_atomic(timer, units.timer_unit(reminder), make_dirs=True)
            run_checked(["systemctl", "--user", "daemon-reload"])
            run_checked(["systemctl", "--user", "enable", "--now", timer.name])
        except BaseException:
            _remove_files([timer, service])
            with contextlib.suppress(SchedulerError):
                run_checked(["systemctl", "--user", "daemon-reload"])
            raise

    def uninstall(self, name: str) -> None:
        timer, service = self.files(name)
        if timer.exists():
            run_checked(["systemctl", "--user", "disable", "--now", timer.name])
        _remove_files([timer, service])
        run_checked(["systemctl", "--user", "daemon-reload"])

    def later(self, breathe: Sequence[str], run: str, after: timedelta, tag: str) -> None:
        unit = f"{units.LATER_PREFIX}{tag}"
        run_checked(units.systemd_run_later(breathe, run, after, unit))


def _gui_domain() -> str:
    return f"gui/{os.getuid()}" if hasattr(os, "getuid") else "gui"


class Launchd(Scheduler):
    kind = "launchd"

    def where(self) -> Path:
        return Path.home() / "Library" / "LaunchAgents"

    def files(self, name: str) -> list[Path]:
        return [self.where() / f"{units.launchd_label(name)}.plist"]

    def install(self, reminder: Reminder, breathe: Sequence[str]) -> None:
        (plist,) = self.files(reminder.name)
        write_atomic(plist, units.launchd_plist(reminder, breathe), make_dirs=True)
        try:
            run_checked(["launchctl", "bootstrap", _gui_domain(), str(plist)])
        except BaseException:
            _remove_files([plist])
            raise

    def uninstall(self, name: str) -> None:
        (plist,) = self.files(name)
        if plist.exists():
            with contextlib.suppress(SchedulerError):  # not loaded (after a reboot failed)
                run_checked(["launchctl", "bootout", _gui_domain(), str(plist)])
        _remove_files([plist])


class TaskScheduler(Scheduler):
    kind = "Task Scheduler"

    def install(self, reminder: Reminder, breathe: Sequence[str]) -> None:
        run_checked(units.schtasks_create(reminder, breathe))

    def uninstall(self, name: str) -> None:
        # A task deleted by hand is already gone: its query's exit status says so.
        if _run(["schtasks", "/Query", "/TN", units.task_name(name)]).returncode == 0:
            run_checked(units.schtasks_delete(name))

    def later(self, breathe: Sequence[str], run: str, after: timedelta, tag: str) -> None:
        run_checked(units.powershell_later(breathe, run, after, f"{units.LATER_PREFIX}{tag}"))


def find_scheduler(platform: str | None = None) -> Scheduler | None:
    """The scheduler of this system, when its command is on PATH and answers its probe."""
    platform = platform or sys.platform
    if platform == "darwin":
        return Launchd() if _probe("launchctl", "list") else None
    if platform == "win32":
        return TaskScheduler() if _probe("schtasks", "/Query") else None
    return Systemd() if _probe("systemctl", "--user", "show-environment") else None


def missing_text(platform: str | None = None) -> str:
    """Which scheduler did not answer, for the one line that says so."""
    platform = platform or sys.platform
    if platform == "darwin":
        return "launchctl is not there or does not answer"
    if platform == "win32":
        return "schtasks is not there or does not answer"
    return "no user systemd here ('systemctl --user show-environment' fails)"


def files_folder(platform: str | None = None) -> Path | None:
    """Where `remind add` puts its files on this system, whether or not a scheduler answers."""
    platform = platform or sys.platform
    if platform == "darwin":
        return Launchd().where()
    if platform == "win32":
        return None
    return Systemd().where()


def reminder_paths() -> list[Path]:
    """For `breathe paths`: breathe's list of reminders, and the scheduler files it writes."""
    folder = files_folder()
    if folder is None:
        return [reminders_file()]
    pattern = (
        f"{units.LAUNCHD_PREFIX}*.plist" if sys.platform == "darwin" else f"{units.UNIT_PREFIX}*"
    )
    return [reminders_file(), folder / pattern]
