"""Reminders as pure data: parsing, the next and last times, the stale rule, and the exact
files and commands each scheduler is given (all three systems, on any machine)."""

from __future__ import annotations

import plistlib
from datetime import datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breathe.core import reminder_units as units
from breathe.core.engine import ScheduleError
from breathe.core.reminders import (
    EVERY_DAY,
    Reminder,
    ReminderError,
    check_name,
    days_text,
    default_name,
    fire_time_text,
    is_stale,
    last_fire,
    next_fire,
    next_reminder,
    notification_text,
    parse_days,
    parse_duration,
    parse_time,
)

BREATHE = ["/home/ana/.local/bin/breathe"]
WEEKDAYS = Reminder("0730", time(7, 30), (0, 1, 2, 3, 4), "pre-run")
DAILY = Reminder("evening", time(21, 5), EVERY_DAY, "post-run")
# Thursday 4 December 2026
THU = datetime(2026, 12, 3, 12, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("07:30", time(7, 30)), ("7:05", time(7, 5)), ("00:00", time(0)), ("23:59", time(23, 59))],
)
def test_times_parse(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["24:00", "7:60", "730", "7.30", "", "07:30:00", "-1:00", "x"])
def test_bad_times_are_one_line_schedule_errors(text: str) -> None:
    with pytest.raises(ReminderError, match="HH:MM") as caught:
        parse_time(text)
    assert isinstance(caught.value, ScheduleError)  # the command line's exit status 2
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("text", "days", "written"),
    [
        ("daily", EVERY_DAY, "daily"),
        ("mon..fri", (0, 1, 2, 3, 4), "mon..fri"),
        ("sat,sun", (5, 6), "sat,sun"),
        ("Mon,Wed..Fri", (0, 2, 3, 4), "mon,wed..fri"),
        ("monday,tue", (0, 1), "mon,tue"),
        ("mon..sun", EVERY_DAY, "daily"),
        ("fri,mon", (0, 4), "mon,fri"),
    ],
)
def test_days_parse_and_are_written_back_as_systemd_does(
    text: str, days: tuple[int, ...], written: str
) -> None:
    assert parse_days(text) == days
    assert days_text(days) == written


@pytest.mark.parametrize("text", ["fri..mon", "weekdays", "mon..", "", "mon,,fri", "mo"])
def test_bad_days_are_errors(text: str) -> None:
    with pytest.raises(ReminderError):
        parse_days(text)


def test_names_default_to_the_time_and_must_be_short_ids() -> None:
    assert default_name(time(7, 30)) == "0730"
    assert check_name("before-run") == "before-run"
    for bad in ("", "Run", "a b", "-x", "x" * 33, "../etc", "a_b"):
        with pytest.raises(ReminderError):
            check_name(bad)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("20m", 1200), ("1h", 3600), ("90s", 90), ("1h30m", 5400), ("15", 900)],
)
def test_durations(text: str, seconds: int) -> None:
    assert parse_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "0m", "20x", "m", "8d", "200h", "-5m"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(ReminderError):
        parse_duration(text)


def test_next_fire_skips_days_off_and_times_passed() -> None:
    assert next_fire(WEEKDAYS, THU) == datetime(2026, 12, 4, 7, 30)  # Friday
    friday_noon = datetime(2026, 12, 4, 12, 0)
    assert next_fire(WEEKDAYS, friday_noon) == datetime(2026, 12, 7, 7, 30)  # Monday
    assert next_fire(DAILY, THU) == datetime(2026, 12, 3, 21, 5)
    assert next_fire(DAILY, datetime(2026, 12, 3, 21, 5)) == datetime(2026, 12, 4, 21, 5)


def test_next_reminder_is_the_earliest_for_the_home_screen() -> None:
    assert next_reminder([], THU) is None
    assert next_reminder([WEEKDAYS, DAILY], THU) == (DAILY, datetime(2026, 12, 3, 21, 5))
    late = datetime(2026, 12, 3, 22, 0)
    assert next_reminder([WEEKDAYS, DAILY], late) == (WEEKDAYS, datetime(2026, 12, 4, 7, 30))


def test_a_call_more_than_two_hours_late_is_stale() -> None:
    assert not is_stale(WEEKDAYS, datetime(2026, 12, 3, 7, 30))
    assert not is_stale(WEEKDAYS, datetime(2026, 12, 3, 9, 30))
    assert is_stale(WEEKDAYS, datetime(2026, 12, 3, 9, 31))
    # Monday morning's login, the last due time on Friday: long past.
    assert is_stale(WEEKDAYS, datetime(2026, 12, 7, 6, 0))
    # Just after midnight, for yesterday's late-evening reminder.
    late = Reminder("late", time(23, 30), EVERY_DAY, "post-run")
    assert not is_stale(late, datetime(2026, 12, 4, 0, 30))
    assert is_stale(DAILY, datetime(2026, 12, 4, 0, 30))


def test_fire_time_text() -> None:
    assert fire_time_text(datetime(2026, 12, 3, 21, 5), THU) == "today 21:05"
    assert fire_time_text(datetime(2026, 12, 4, 7, 30), THU) == "tomorrow 07:30"
    assert fire_time_text(datetime(2026, 12, 7, 7, 30), THU) == "Mon 07:30"


def test_notification_text() -> None:
    assert notification_text("Before the run", 4) == "Time for Before the run · 4 min"
    assert notification_text("Between strength sets", None) == "Time for Between strength sets"


def test_reminders_round_trip_through_their_record() -> None:
    assert Reminder.from_dict(WEEKDAYS.as_dict()) == WEEKDAYS
    assert WEEKDAYS.as_dict() == {
        "name": "0730",
        "time": "07:30",
        "days": "mon..fri",
        "run": "pre-run",
    }
    for bad in (None, [], {"name": "x"}, {**WEEKDAYS.as_dict(), "time": "99:00"}):
        with pytest.raises(ReminderError):
            Reminder.from_dict(bad)


def test_calendar_expressions() -> None:
    assert units.on_calendar(WEEKDAYS) == "Mon..Fri *-*-* 07:30:00"
    assert units.on_calendar(DAILY) == "*-*-* 21:05:00"
    weekend = Reminder("w", time(9, 0), (5, 6), "wall")
    assert units.on_calendar(weekend) == "Sat,Sun *-*-* 09:00:00"


def test_systemd_units() -> None:
    assert units.timer_unit(WEEKDAYS) == (
        "# Written by breathe ('breathe remind add'); remove with "
        "'breathe remind remove 0730'.\n"
        "[Unit]\n"
        "Description=breathe reminder 0730: pre-run at 07:30 (mon..fri)\n"
        "\n"
        "[Timer]\n"
        "OnCalendar=Mon..Fri *-*-* 07:30:00\n"
        "Persistent=true\n"
        "Unit=breathe-remind-0730.service\n"
        "\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )
    assert units.service_unit(WEEKDAYS, BREATHE) == (
        "# Written by breathe ('breathe remind add'); remove with "
        "'breathe remind remove 0730'.\n"
        "[Unit]\n"
        "Description=breathe reminder 0730\n"
        "\n"
        "[Service]\n"
        "Type=oneshot\n"
        "ExecStart=/home/ana/.local/bin/breathe remind fire 0730 --scheduled\n"
    )


def test_exec_start_quotes_paths_with_spaces_and_specifiers() -> None:
    line = units.exec_line(["/opt/my apps/python", "-m", "breathe", "100%", "$HOME"])
    assert line == '"/opt/my apps/python" -m breathe 100%% $$HOME'


def test_launchd_plist_has_one_interval_per_weekday() -> None:
    job = plistlib.loads(units.launchd_plist(WEEKDAYS, BREATHE))
    assert job["Label"] == "org.breathe-coach.remind.0730"
    assert job["ProgramArguments"] == [*BREATHE, "remind", "fire", "0730", "--scheduled"]
    assert job["StartCalendarInterval"] == [
        {"Weekday": day, "Hour": 7, "Minute": 30} for day in (1, 2, 3, 4, 5)
    ]
    weekend = Reminder("w", time(9, 0), (5, 6), "wall")
    days = [
        i["Weekday"]
        for i in plistlib.loads(units.launchd_plist(weekend, BREATHE))["StartCalendarInterval"]
    ]
    assert days == [6, 0]  # launchd counts Sunday 0
    daily = plistlib.loads(units.launchd_plist(DAILY, BREATHE))
    assert daily["StartCalendarInterval"] == {"Hour": 21, "Minute": 5}


def test_schtasks_commands() -> None:
    exe = [r"C:\Users\Ana Lopez\Scripts\breathe.exe"]
    assert units.schtasks_create(WEEKDAYS, exe) == [
        "schtasks",
        "/Create",
        "/TN",
        "breathe-remind-0730",
        "/TR",
        '"C:\\Users\\Ana Lopez\\Scripts\\breathe.exe" remind fire 0730 --scheduled',
        "/SC",
        "WEEKLY",
        "/D",
        "MON,TUE,WED,THU,FRI",
        "/ST",
        "07:30",
        "/F",
    ]
    assert units.schtasks_create(DAILY, ["breathe.exe"])[-5:] == [
        "/SC",
        "DAILY",
        "/ST",
        "21:05",
        "/F",
    ]
    assert units.schtasks_delete("0730") == [
        "schtasks",
        "/Delete",
        "/TN",
        "breathe-remind-0730",
        "/F",
    ]


def test_later_commands() -> None:
    assert units.systemd_run_later(BREATHE, "wall", timedelta(minutes=20), "breathe-later-x") == [
        "systemd-run",
        "--user",
        "--on-active=20min",
        "--unit=breathe-later-x",
        "--description=breathe later",
        "--collect",
        *BREATHE,
        "remind",
        "fire",
        "later",
        "--run",
        "wall",
    ]
    hour_and_half = units.systemd_run_later(BREATHE, "wall", timedelta(minutes=90), "u")
    assert hour_and_half[2] == "--on-active=1h30min"
    ps = units.powershell_later(["C:\\b.exe"], "wall", timedelta(minutes=20), "breathe-later-x")
    assert ps[:4] == ["powershell", "-NoProfile", "-NonInteractive", "-Command"]
    assert "-Execute 'C:\\b.exe' -Argument 'remind fire later --run wall'" in ps[4]
    assert "(Get-Date).AddSeconds(1200)" in ps[4]


def test_cron_line_for_systems_without_a_scheduler() -> None:
    assert units.cron_line(WEEKDAYS, BREATHE) == (
        "30 7 * * 1-5 /home/ana/.local/bin/breathe remind fire 0730 --run pre-run"
    )
    assert units.cron_line(DAILY, ["/opt/my apps/breathe"]).startswith(
        "5 21 * * * '/opt/my apps/breathe' remind fire evening"
    )
    weekend = Reminder("w", time(9, 0), (5, 6), "wall")
    assert units.cron_line(weekend, BREATHE).startswith("0 9 * * 6,7 ")


@given(
    hour=st.integers(0, 23),
    minute=st.integers(0, 59),
    days=st.sets(st.integers(0, 6), min_size=1),
    now=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)),
)
def test_the_next_and_last_times_bracket_now_with_nothing_between(
    hour: int, minute: int, days: set[int], now: datetime
) -> None:
    reminder = Reminder("r", time(hour, minute), tuple(sorted(days)), "wall")
    after = next_fire(reminder, now)
    before = last_fire(reminder, now)
    assert before is not None and before <= now < after <= now + timedelta(days=7)
    for moment in (before, after):
        assert moment.weekday() in days and moment.time() == time(hour, minute)
    # No day strictly between them is one of the reminder's days at its time.
    day = before.date() + timedelta(days=1)
    while day < after.date():
        assert day.weekday() not in days
        day += timedelta(days=1)
    assert is_stale(reminder, now) == (now - before > timedelta(hours=2))


def test_home_line_names_the_reminder_that_fires_first() -> None:
    from breathe.core.reminders import Reminder, home_line

    now = datetime(2026, 12, 4, 8, 0)  # a Friday
    morning = Reminder("0730", time(7, 30), tuple(range(7)), "pre-run")
    evening = Reminder("1900", time(19, 0), (0, 1, 2, 3, 4), "post-run")
    assert home_line([], now) is None
    assert home_line([morning, evening], now) == "next reminder: today 19:00, post-run"
    assert home_line([morning], now) == "next reminder: tomorrow 07:30, pre-run"
