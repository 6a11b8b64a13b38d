"""`breathe remind ...` and `breathe later`: reminders the system's own scheduler keeps, so
no breathe process waits in the background. Bad input raises ReminderError or ScheduleError
(one line, exit status 2); a scheduler that fails is one line and exit status 1."""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, TextIO

from breathe.cli.remind_parser import FALLBACK_RUN
from breathe.core.catalogue import Catalogue
from breathe.core.reminder_units import cron_line
from breathe.core.reminders import (
    Reminder,
    ReminderError,
    check_name,
    default_name,
    duration_text,
    fire_time_text,
    is_stale,
    next_fire,
    notification_text,
    parse_days,
    parse_duration,
    parse_time,
)
from breathe.core.text import printable
from breathe.system.exits import EXIT_FAILURE, EXIT_OK

if TYPE_CHECKING:
    from breathe.history.records import SessionRecord
    from breathe.history.store import HistoryStore
    from breathe.system.scheduler import Scheduler

_EXAMPLE = "breathe remind add 07:30 --days mon..fri --run pre-run"


def cmd_remind(args: argparse.Namespace, catalogue: Catalogue, out: TextIO, err: TextIO) -> int:
    from breathe.system.scheduler import SchedulerError

    try:
        if args.command == "later":
            return _later(args, catalogue, out, err)
        action: Callable[[argparse.Namespace, Catalogue, TextIO, TextIO], int] = {
            "add": _add,
            "list": _list,
            "remove": _remove,
            "fire": _fire,
        }[args.remind_command]
        return action(args, catalogue, out, err)
    except SchedulerError as exc:  # a file breathe could not write goes to main's handler
        print(f"breathe: {exc}", file=err)
        return EXIT_FAILURE


def _tell(err: TextIO) -> Callable[[str], None]:
    return lambda line: print(f"breathe: {line}", file=err)


def _records(err: TextIO, limit: int) -> list[SessionRecord]:
    from breathe.history.access import read_history
    from breathe.history.records import HistoryUnavailable

    def read(store: HistoryStore) -> list[SessionRecord]:
        return store.sessions(limit)

    nothing: list[SessionRecord] = []
    try:
        records = read_history(_tell(err), read, nothing)
    except HistoryUnavailable as exc:  # a reminder still shows; the history is only a hint
        _tell(err)(str(exc))
        return nothing
    return [r for r in records if r.problem is None]


def _what(record: SessionRecord) -> str:
    return record.routine or record.exercise


def most_used(catalogue: Catalogue, err: TextIO) -> str:
    """The exercise or routine run most often lately (ties: the latest); a built-in when
    there is no history yet."""
    known = set(catalogue.ids())
    counts = Counter(_what(r) for r in _records(err, 500) if _what(r) in known)
    return counts.most_common(1)[0][0] if counts else FALLBACK_RUN


def done_today(run: str, today: date, err: TextIO) -> SessionRecord | None:
    """The latest session of `run` saved today (local date), if any."""
    for record in _records(err, 200):
        started = datetime.fromisoformat(record.started_at).astimezone()
        if started.date() < today:
            return None
        if started.date() == today and _what(record) == run:
            return record
    return None


def _run_id(given: str | None, catalogue: Catalogue, err: TextIO) -> str:
    run = given if given is not None else most_used(catalogue, err)
    catalogue.require(run)  # an unknown id: one line, exit status 2
    return run


def _scheduler_or_say(reminder: Reminder, err: TextIO, out: TextIO) -> Scheduler | None:
    from breathe.system.scheduler import breathe_command, find_scheduler, missing_text

    scheduler = find_scheduler()
    if scheduler is None:
        print(
            f"breathe: no scheduler breathe can use: {missing_text()}; nothing was written. "
            "To use cron instead, add this line with 'crontab -e':",
            file=err,
        )
        print(cron_line(reminder, breathe_command()), file=out)
    return scheduler


def _add(args: argparse.Namespace, catalogue: Catalogue, out: TextIO, err: TextIO) -> int:
    from breathe.core.reminder_units import on_calendar
    from breathe.system.scheduler import (
        Systemd,
        breathe_command,
        calendar_is_valid,
        load_reminders,
        save_reminders,
    )

    at = parse_time(args.time)
    days = parse_days(args.days)
    name = check_name(args.name if args.name is not None else default_name(at))
    reminders, problems = load_reminders()
    if any(r.name == name for r in reminders):
        raise ReminderError(
            f"a reminder named {name!r} exists; remove it first or give another --name"
        )
    reminder = Reminder(name, at, days, _run_id(args.run, catalogue, err))
    scheduler = _scheduler_or_say(reminder, err, out)
    if scheduler is None:
        return EXIT_FAILURE
    if isinstance(scheduler, Systemd) and calendar_is_valid(on_calendar(reminder)) is False:
        raise ReminderError(f"systemd-analyze rejects the calendar {on_calendar(reminder)!r}")
    scheduler.install(reminder, breathe_command())
    try:
        save_reminders([*reminders, reminder])
    except OSError:
        scheduler.uninstall(reminder.name)
        raise
    for line in problems:
        print(f"breathe: {line}", file=err)
    now = datetime.now()
    print(
        f"Reminder {name}: {_title(catalogue, reminder.run)} at {reminder.time_text} "
        f"({reminder.days_text}); next {fire_time_text(next_fire(reminder, now), now)}.",
        file=out,
    )
    return EXIT_OK


def _list(args: argparse.Namespace, catalogue: Catalogue, out: TextIO, err: TextIO) -> int:
    from breathe.system.scheduler import load_reminders

    reminders, problems = load_reminders()
    for line in problems:
        print(f"breathe: {line}", file=err)
    if not reminders:
        print(f"No reminders. Add one with '{_EXAMPLE}'.", file=out)
        return EXIT_OK
    now = datetime.now()
    rows = [("NAME", "TIME", "DAYS", "STARTS", "NEXT")]
    for r in sorted(reminders, key=lambda r: next_fire(r, now)):
        starts = printable(r.run)
        rows.append(
            (r.name, r.time_text, r.days_text, starts, fire_time_text(next_fire(r, now), now))
        )
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip(), file=out)
    return EXIT_OK


def _remove(args: argparse.Namespace, catalogue: Catalogue, out: TextIO, err: TextIO) -> int:
    from breathe.system.scheduler import (
        SchedulerError,
        find_scheduler,
        load_reminders,
        save_reminders,
    )

    if (args.name is None) == (not args.all):
        both = ", not both" if args.all else ""  # `remove` alone names neither
        raise ReminderError(f"give a reminder's NAME or --all{both}")
    reminders, _ = load_reminders()
    chosen = reminders if args.all else [r for r in reminders if r.name == args.name]
    if not args.all and not chosen:
        raise ReminderError(f"no reminder named {args.name!r} (see 'breathe remind list')")
    if not chosen:
        print("No reminders to remove.", file=out)
        return EXIT_OK
    scheduler = find_scheduler()
    if scheduler is None:
        raise SchedulerError("no scheduler answers here, so nothing could be disabled")
    kept = list(reminders)
    try:
        for reminder in chosen:
            scheduler.uninstall(reminder.name)
            kept.remove(reminder)
            print(f"Removed reminder {reminder.name}.", file=out)
    finally:
        save_reminders(kept)
    return EXIT_OK


def _title(catalogue: Catalogue, run: str) -> str:
    found = catalogue.exercise(run) or catalogue.routine(run)
    return printable(found.name) if found is not None else run


def _minutes(catalogue: Catalogue, run: str) -> int | None:
    from breathe.core.plan import plan_session

    plan = plan_session(catalogue, run)
    if plan.open_ended:
        return None
    return max(1, round(plan.schedule.total / 60))


def _fire(args: argparse.Namespace, catalogue: Catalogue, out: TextIO, err: TextIO) -> int:
    from breathe.system.notify import notify, terminal_command
    from breathe.system.scheduler import breathe_command, load_reminders

    now = datetime.now()
    run = args.run
    if run is None:
        reminders, _ = load_reminders()
        reminder = next((r for r in reminders if r.name == args.name), None)
        if reminder is None:
            raise ReminderError(f"no reminder named {args.name!r} (see 'breathe remind list')")
        if args.scheduled and is_stale(reminder, now):
            return EXIT_OK  # a late login hours after the time: the moment has passed
        run = reminder.run
    catalogue.require(run)
    title = notification_text(_title(catalogue, run), _minutes(catalogue, run))
    if not args.always:
        done = done_today(run, now.date(), err)
        if done is not None:
            started = datetime.fromisoformat(done.started_at).astimezone().strftime("%H:%M")
            print(f"Already done today ({run} at {started}); no reminder shown.", file=out)
            return EXIT_OK
    start = terminal_command(breathe_command(), run)
    print(title, file=out)
    if not notify(title, f"Start it with: breathe run {run}", start):
        print("breathe: this system has no way to show a notification", file=err)
        return EXIT_FAILURE
    return EXIT_OK


def _later(args: argparse.Namespace, catalogue: Catalogue, out: TextIO, err: TextIO) -> int:
    from breathe.system.scheduler import breathe_command, find_scheduler, missing_text

    after = parse_duration(args.duration)
    run = _run_id(args.run, catalogue, err)
    scheduler = find_scheduler()
    if scheduler is None:
        import shlex

        # This installation's breathe by its path, as the crontab line has: a venv's script
        # is often not on the PATH of the shell the line is pasted into.
        me = shlex.join(breathe_command())
        print(
            f"breathe: no scheduler breathe can use: {missing_text()}; instead run: "
            f"sleep {int(after.total_seconds())} && {me} remind fire later --run {run} &",
            file=err,
        )
        return EXIT_FAILURE
    now = datetime.now()
    scheduler.later(breathe_command(), run, after, now.strftime("%Y%m%d-%H%M%S"))
    due = (now + after).strftime("%H:%M")
    print(f"Reminder in {duration_text(after)} (at {due}): {_title(catalogue, run)}.", file=out)
    return EXIT_OK
