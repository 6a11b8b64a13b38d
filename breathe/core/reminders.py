"""Reminders as plain data: a time of day, the weekdays, what it starts; when it fires next,
and when a late call is too late to be worth a notification. Pure: `now` is always given."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from breathe.core.engine import ScheduleError

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
EVERY_DAY: tuple[int, ...] = tuple(range(7))
# A missed reminder (machine off, late login) fires at login; after this long it is noise.
STALE_AFTER = timedelta(hours=2)
NAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,31}")
MAX_LATER = timedelta(days=7)


class ReminderError(ScheduleError):
    """Bad input for a reminder (time, days, name, duration): one line for the user, exit
    status 2, like every other schedule the user can get wrong."""


def _shown(text: str) -> str:
    return repr(text if len(text) <= 24 else text[:20] + "...")


def parse_time(text: str) -> time:
    """`HH:MM` on a 24-hour clock (`7:30` too)."""
    match = re.fullmatch(r"([0-9]{1,2}):([0-9]{2})", text.strip())
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise ReminderError(f"the time must be HH:MM from 00:00 to 23:59, not {_shown(text)}")
    return time(int(match[1]), int(match[2]))


def _day(token: str, text: str) -> int:
    word = token.strip().lower()
    if word in DAY_NAMES:
        return DAY_NAMES.index(word)
    if word in _FULL_NAMES:
        return _FULL_NAMES.index(word)
    raise ReminderError(
        f"days must be 'daily' or weekdays like mon..fri or sat,sun, not {_shown(text)}"
    )


def parse_days(text: str) -> tuple[int, ...]:
    """`daily`, `mon..fri`, `sat,sun`, `mon,wed..fri`: weekday numbers, Monday 0, sorted."""
    if text.strip().lower() in ("daily", "*", "every day"):
        return EVERY_DAY
    days: set[int] = set()
    for part in text.split(","):
        first, dots, last = part.partition("..")
        if not dots:
            days.add(_day(first, text))
            continue
        start, end = _day(first, text), _day(last, text)
        if end < start:  # systemd reads ranges forward only; say so rather than guess
            raise ReminderError(f"a range of days runs forward (like mon..fri), not {_shown(text)}")
        days.update(range(start, end + 1))
    return tuple(sorted(days))


def _runs(days: tuple[int, ...]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for day in days:
        if runs and runs[-1][1] == day - 1:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def days_text(days: tuple[int, ...], names: tuple[str, ...] = DAY_NAMES) -> str:
    """The way systemd writes them: `mon..fri`, `sat,sun`, `mon,wed..fri`; `daily` for all."""
    if days == EVERY_DAY:
        return "daily"
    parts = []
    for start, end in _runs(days):
        if end - start >= 2:
            parts.append(f"{names[start]}..{names[end]}")
        else:
            parts.extend(names[d] for d in range(start, end + 1))
    return ",".join(parts)


def check_name(text: str) -> str:
    """A short id: lower-case letters, digits and dashes, used in file and task names."""
    if NAME_PATTERN.fullmatch(text) is None:
        raise ReminderError(
            "a reminder's name is 1 to 32 lower-case letters, digits or dashes "
            f"(starting with a letter or digit), not {_shown(text)}"
        )
    return text


def default_name(at: time) -> str:
    """Made from the time: 07:30 is `0730`."""
    return f"{at.hour:02d}{at.minute:02d}"


def parse_duration(text: str) -> timedelta:
    """`20m`, `1h`, `1h30m`, `90s`, or a bare number of minutes; up to a week."""
    stripped = text.strip().lower()
    if re.fullmatch(r"[0-9]{1,5}", stripped):
        stripped += "m"
    match = re.fullmatch(r"(?:([0-9]{1,5})h)?(?:([0-9]{1,5})m)?(?:([0-9]{1,6})s)?", stripped)
    if not stripped or match is None:
        raise ReminderError(f"the duration must be like 20m, 1h or 90s, not {_shown(text)}")
    hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    length = timedelta(hours=hours, minutes=minutes, seconds=seconds)
    if not timedelta(seconds=1) <= length <= MAX_LATER:
        raise ReminderError(f"the duration must be from 1s to 7 days, not {_shown(text)}")
    return length


def duration_text(length: timedelta) -> str:
    """Seconds as systemd and people read them: `20min`, `1h 30min`, `90s`."""
    total = int(length.total_seconds())
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [f"{hours}h" if hours else "", f"{minutes}min" if minutes else ""]
    parts.append(f"{seconds}s" if seconds else "")
    return " ".join(p for p in parts if p)


@dataclass(frozen=True)
class Reminder:
    """One reminder as breathe keeps it (in its own file), whatever scheduler runs it."""

    name: str
    at: time
    days: tuple[int, ...]
    run: str

    @property
    def time_text(self) -> str:
        return f"{self.at.hour:02d}:{self.at.minute:02d}"

    @property
    def days_text(self) -> str:
        return days_text(self.days)

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "time": self.time_text, "days": self.days_text, "run": self.run}

    @classmethod
    def from_dict(cls, data: Any) -> Reminder:
        """ReminderError for anything breathe did not write (a hand edit, another version)."""
        if not isinstance(data, dict) or not all(
            isinstance(data.get(k), str) for k in ("name", "time", "days", "run")
        ):
            raise ReminderError("not a reminder breathe wrote")
        return cls(
            check_name(data["name"]),
            parse_time(data["time"]),
            parse_days(data["days"]),
            data["run"],
        )


def _occurrence(reminder: Reminder, day: date) -> datetime | None:
    return datetime.combine(day, reminder.at) if day.weekday() in reminder.days else None


def next_fire(reminder: Reminder, now: datetime) -> datetime:
    """The first time after `now` (local, naive) the reminder fires."""
    for ahead in range(8):
        moment = _occurrence(reminder, now.date() + timedelta(days=ahead))
        if moment is not None and moment > now:
            return moment
    raise ReminderError(f"reminder {reminder.name!r} has no days")  # days are never empty


def last_fire(reminder: Reminder, now: datetime) -> datetime | None:
    """The latest time at or before `now` the reminder was due (None: not in the last week)."""
    for back in range(8):
        moment = _occurrence(reminder, now.date() - timedelta(days=back))
        if moment is not None and moment <= now:
            return moment
    return None


def is_stale(reminder: Reminder, now: datetime) -> bool:
    """A scheduled call more than two hours after the time it was due: the moment has passed
    (a reminder missed while the machine was off fires at the next login)."""
    due = last_fire(reminder, now)
    return due is None or now - due > STALE_AFTER


def next_reminder(
    reminders: list[Reminder] | tuple[Reminder, ...], now: datetime
) -> tuple[Reminder, datetime] | None:
    """The reminder that fires first after `now`, for the home screen; None when there are none."""
    upcoming = [(r, next_fire(r, now)) for r in reminders]
    return min(upcoming, key=lambda pair: (pair[1], pair[0].name)) if upcoming else None


def home_line(reminders: list[Reminder] | tuple[Reminder, ...], now: datetime) -> str | None:
    """`next reminder: tomorrow 07:30, pre-run` for the home screen's title; None without any."""
    found = next_reminder(reminders, now)
    if found is None:
        return None
    reminder, moment = found
    return f"next reminder: {fire_time_text(moment, now)}, {reminder.run}"


def notification_text(name: str, minutes: int | None) -> str:
    """`Time for Before the run · 4 min` (open-ended routines have no length to give)."""
    return f"Time for {name}" + (f" · {minutes} min" if minutes else "")


def fire_time_text(moment: datetime, now: datetime) -> str:
    """`today 07:30`, `tomorrow 07:30`, `Mon 07:30` (within the week)."""
    clock = moment.strftime("%H:%M")
    days = (moment.date() - now.date()).days
    if days == 0:
        return f"today {clock}"
    if days == 1:
        return f"tomorrow {clock}"
    return f"{DAY_NAMES[moment.weekday()].capitalize()} {clock}"
