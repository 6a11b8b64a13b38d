"""What each scheduler is given for a reminder: systemd units, a launchd plist, schtasks
arguments, a cron line. Pure text from a reminder and the command that runs breathe, so all
three systems are tested on any machine."""

from __future__ import annotations

import plistlib
import shlex
from collections.abc import Sequence
from datetime import timedelta

from breathe.core.reminders import EVERY_DAY, Reminder, days_text, duration_text

UNIT_PREFIX = "breathe-remind-"
LAUNCHD_PREFIX = "org.breathe-coach.remind."
TASK_PREFIX = "breathe-remind-"
LATER_PREFIX = "breathe-later-"
_SYSTEMD_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_CRON_DAYS = ("1", "2", "3", "4", "5", "6", "7")
_SCHTASKS_DAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")


def fire_args(reminder: Reminder) -> list[str]:
    """What the scheduler runs after breathe's own command: `remind fire NAME --scheduled`."""
    return ["remind", "fire", reminder.name, "--scheduled"]


def on_calendar(reminder: Reminder) -> str:
    """systemd's calendar expression: `Mon..Fri *-*-* 07:30:00`, `*-*-* 07:30:00` daily."""
    clock = f"{reminder.time_text}:00"
    if reminder.days == EVERY_DAY:
        return f"*-*-* {clock}"
    return f"{days_text(reminder.days, _SYSTEMD_DAYS)} *-*-* {clock}"


def _systemd_word(word: str) -> str:
    """One ExecStart word: quoted when it must be, `%` and `$` kept literal."""
    text = word.replace("%", "%%").replace("$", "$$")
    if text and not any(c.isspace() or c in "\"'\\;" for c in text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def exec_line(command: Sequence[str]) -> str:
    return " ".join(_systemd_word(w) for w in command)


def unit_name(reminder_name: str) -> str:
    return f"{UNIT_PREFIX}{reminder_name}"


def timer_unit(reminder: Reminder) -> str:
    """`Persistent=true`: a time missed while the machine was off fires at the next login
    (and `fire --scheduled` drops it when that is more than two hours late)."""
    return (
        "# Written by breathe ('breathe remind add'); remove with "
        f"'breathe remind remove {reminder.name}'.\n"
        "[Unit]\n"
        f"Description=breathe reminder {reminder.name}: {reminder.run} at {reminder.time_text} "
        f"({reminder.days_text})\n"
        "\n"
        "[Timer]\n"
        f"OnCalendar={on_calendar(reminder)}\n"
        "Persistent=true\n"
        f"Unit={unit_name(reminder.name)}.service\n"
        "\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )


def service_unit(reminder: Reminder, breathe: Sequence[str]) -> str:
    return (
        "# Written by breathe ('breathe remind add'); remove with "
        f"'breathe remind remove {reminder.name}'.\n"
        "[Unit]\n"
        f"Description=breathe reminder {reminder.name}\n"
        "\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"ExecStart={exec_line([*breathe, *fire_args(reminder)])}\n"
    )


def launchd_label(reminder_name: str) -> str:
    return f"{LAUNCHD_PREFIX}{reminder_name}"


def launchd_plist(reminder: Reminder, breathe: Sequence[str]) -> bytes:
    """A LaunchAgent: one `StartCalendarInterval` dict per weekday (launchd counts Sunday 0)."""
    clock = {"Hour": reminder.at.hour, "Minute": reminder.at.minute}
    intervals: list[dict[str, int]] | dict[str, int]
    if reminder.days == EVERY_DAY:
        intervals = clock
    else:
        intervals = [{"Weekday": (d + 1) % 7, **clock} for d in reminder.days]
    job = {
        "Label": launchd_label(reminder.name),
        "ProgramArguments": [*breathe, *fire_args(reminder)],
        "StartCalendarInterval": intervals,
        "RunAtLoad": False,
    }
    return plistlib.dumps(job, sort_keys=False)


def _windows_word(word: str) -> str:
    if word and not any(c.isspace() or c == '"' for c in word):
        return word
    return '"' + word.replace('"', '\\"') + '"'


def windows_command(command: Sequence[str]) -> str:
    return " ".join(_windows_word(w) for w in command)


def task_name(reminder_name: str) -> str:
    return f"{TASK_PREFIX}{reminder_name}"


def schtasks_create(reminder: Reminder, breathe: Sequence[str]) -> list[str]:
    """`schtasks /Create ...`: daily, or weekly on the given days; /F replaces a task of the
    same name (one breathe made: the name says so)."""
    args = [
        "schtasks",
        "/Create",
        "/TN",
        task_name(reminder.name),
        "/TR",
        windows_command([*breathe, *fire_args(reminder)]),
    ]
    if reminder.days == EVERY_DAY:
        args += ["/SC", "DAILY"]
    else:
        args += ["/SC", "WEEKLY", "/D", ",".join(_SCHTASKS_DAYS[d] for d in reminder.days)]
    return [*args, "/ST", reminder.time_text, "/F"]


def schtasks_delete(reminder_name: str) -> list[str]:
    return ["schtasks", "/Delete", "/TN", task_name(reminder_name), "/F"]


def later_args(breathe: Sequence[str], run: str) -> list[str]:
    """What a one-off reminder runs: `remind fire later --run ID` (no stored reminder)."""
    return [*breathe, "remind", "fire", "later", "--run", run]


def systemd_run_later(breathe: Sequence[str], run: str, after: timedelta, unit: str) -> list[str]:
    """`systemd-run --user --on-active=20min ...`: a transient timer, gone once it has fired."""
    return [
        "systemd-run",
        "--user",
        f"--on-active={duration_text(after).replace(' ', '')}",
        f"--unit={unit}",
        "--description=breathe later",
        "--collect",
        *later_args(breathe, run),
    ]


def _ps_quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def powershell_later(breathe: Sequence[str], run: str, after: timedelta, task: str) -> list[str]:
    """A one-off Task Scheduler entry at now + `after` (schtasks' own dates follow the locale)."""
    program, *rest = later_args(breathe, run)
    script = (
        f"Register-ScheduledTask -TaskName {_ps_quote(task)} -Force "
        f"-Action (New-ScheduledTaskAction -Execute {_ps_quote(program)} "
        f"-Argument {_ps_quote(windows_command(rest))}) "
        "-Trigger (New-ScheduledTaskTrigger -Once "
        f"-At (Get-Date).AddSeconds({int(after.total_seconds())})) | Out-Null"
    )
    return ["powershell", "-NoProfile", "-NonInteractive", "-Command", script]


def cron_line(reminder: Reminder, breathe: Sequence[str]) -> str:
    """For a machine with no scheduler breathe can use: a line for `crontab -e`. It names
    what to run, since no reminder is kept for it."""
    # cron counts Monday 1 to Sunday 7, so systemd's ranges carry over: mon..fri is 1-5.
    weekdays = "*" if reminder.days == EVERY_DAY else days_text(reminder.days, _CRON_DAYS)
    weekdays = weekdays.replace("..", "-")
    command = [*breathe, "remind", "fire", reminder.name, "--run", reminder.run]
    when = f"{reminder.at.minute} {reminder.at.hour} * * {weekdays}"
    return f"{when} {shlex.join(command)}"
